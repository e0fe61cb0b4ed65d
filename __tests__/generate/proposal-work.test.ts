// The explorer's work per run is bounded by the run's size: finding where a condition's variable came from
// reads the trace's snapshots once for the whole run, not once per condition (a flow of hundreds of
// conditions would cost their square on every run). The work is counted, not timed: every read of a snapshot.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FlowDefinition, FlowNode } from '../../src/domain/flow.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';
import { executeFlow } from '../../src/emulator/engine.ts';
import { toRequest } from '../../src/generate/input.ts';
import { proposeChildren } from '../../src/generate/proposals.ts';
import { describeFlow } from '../../src/generate/studio-info.ts';

function chain(n: number): FlowDefinition {
  const nodes: Record<string, FlowNode> = { start: { type: 'Start', next: 'c0' } };
  for (let i = 0; i < n; i++) {
    const next = i < n - 1 ? `c${i + 1}` : 'bye';
    nodes[`c${i}`] = { type: 'Condition', if: { variable: `x${i}`, op: 'gt', value: i }, then: `p${i}`, else: next };
    nodes[`p${i}`] = { type: 'Play', prompt: 'p', next };
  }
  nodes.bye = { type: 'Exit' };
  return { id: 'chain', start: 'start', nodes };
}

/** The trace with each snapshot behind a proxy that counts every read of it. */
function counted(trace: TraceEntry[]): { trace: TraceEntry[]; reads: () => number } {
  let reads = 0;
  const read = <T>(value: T): T => {
    reads++;
    return value;
  };
  const handler: ProxyHandler<Record<string, unknown>> = {
    get: (t, k) => read(Reflect.get(t, k)),
    has: (t, k) => read(Reflect.has(t, k)),
    ownKeys: (t) => read(Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, k) => read(Reflect.getOwnPropertyDescriptor(t, k)),
  };
  const wrapped = trace.map((e) => (e.variables ? { ...e, variables: new Proxy(e.variables, handler) as TraceEntry['variables'] } : e));
  return { trace: wrapped, reads: () => reads };
}

describe('proposeChildren: work', () => {
  test('a run through 400 conditions reads its snapshots a bounded number of times per step', () => {
    const flow = chain(400);
    const info = describeFlow(flow, () => undefined);
    const input = { dtmf: '', speech: '', variables: { x0: 1, x1: 'a' }, mocks: {} };
    const result = executeFlow(flow, toRequest(flow.id, input));
    assert.equal(result.status, 200);
    const { trace, reads } = counted(result.body.trace);
    const children = proposeChildren(info, input, trace);
    // Each condition still gets a child for its other side, the variable set from the scenario's variables.
    const other = children.filter((c) => c.label === 'then');
    assert.ok(other.length >= 399, `${other.length} children`);
    assert.ok(other.every((c) => Object.keys(c.input.variables).length >= 1));
    assert.ok(reads() <= 40 * trace.length, `${reads()} reads of the snapshots for ${trace.length} steps`);
  });
});
