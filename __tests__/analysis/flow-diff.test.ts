// Flow structure diff: actions and connectors added and removed, coverage before and after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffFlows, flowMoved } from '../../src/analysis/flow-diff.ts';
import { computeCoverage } from '../../src/analysis/coverage.ts';
import { parseFlowFile } from '../../src/flow/load.ts';
import type { LoadedFlow } from '../../src/domain/flow.ts';

const flow = (text: string, file = 'f.yaml') => parseFlowFile(text, file).flow as LoadedFlow;
const V1 = flow(`id: f
start: s
nodes:
  s: { type: Start, next: m }
  m: { type: GatherInput, options: { "1": a }, noMatch: x, noInput: x }
  a: { type: Route, target: qa, next: x }
  x: { type: Exit }
`);
const V2 = flow(`id: f
start: s
nodes:
  s: { type: Start, next: m }
  m: { type: GatherInput, options: { "1": b }, noMatch: x, noInput: x }
  b: { type: Route, target: qb, next: x }
  x: { type: Exit }
`);
const OTHER = flow('id: g\nstart: s\nnodes:\n  s: { type: Start, next: x }\n  x: { type: Exit }\n', 'g.yaml');

test('a changed flow, a new one and a gone one, with coverage before and after', () => {
  const before = computeCoverage([V1], [{ flowId: 'f', path: ['s', 'm', 'a', 'x'], trace: [] }]);
  const after = computeCoverage([V2, OTHER], [{ flowId: 'f', path: ['s', 'm', 'x'], trace: [] }]);
  const changes = diffFlows([V1], [V2, OTHER], { before, after }, new Map([['f', 1]]));
  const f = changes.find((c) => c.flow_id === 'f')!;
  assert.equal(f.status, 'changed');
  assert.deepEqual([f.nodes_added, f.nodes_removed], [['b'], ['a']]);
  assert.deepEqual(
    f.connectors_added.map((e) => `${e.from} -${e.label}-> ${e.to}`),
    ['m -option 1-> b', 'b -next-> x'],
  );
  assert.deepEqual(
    f.connectors_removed.map((e) => `${e.from} -${e.label}-> ${e.to}`),
    ['m -option 1-> a', 'a -next-> x'],
  );
  assert.deepEqual([f.coverage_before!.nodes.visited, f.coverage_after!.nodes.visited], [4, 3]);
  assert.equal(f.changed_inputs, 1);
  assert.equal(changes.find((c) => c.flow_id === 'g')!.status, 'added');
  assert.equal(diffFlows([V1, OTHER], [V1], {}, new Map()).find((c) => c.flow_id === 'g')!.status, 'removed');
});

test('the same flow, the same coverage, no changed input: unchanged, and not listed', () => {
  const cov = computeCoverage([V1], [{ flowId: 'f', path: ['s', 'm', 'a', 'x'], trace: [] }]);
  const [f] = diffFlows([V1], [V1], { before: cov, after: cov }, new Map());
  assert.equal(f!.status, 'unchanged');
  assert.equal(flowMoved(f!), false);
});
