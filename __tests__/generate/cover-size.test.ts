// A scenario that takes the connectors of many menus (or conditions) beats one scenario per connector:
// a run that took something new is followed on toward what is still untaken further along it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FlowDefinition, FlowNode } from '../../src/domain/flow.ts';
import { exploreFlow } from '../../src/generate/explore.ts';

function menus(n: number): FlowDefinition {
  const nodes: Record<string, FlowNode> = { start: { type: 'Start', next: 'm0' } };
  for (let i = 0; i < n; i++) {
    const next = i < n - 1 ? `m${i + 1}` : 'bye';
    nodes[`m${i}`] = { type: 'GatherInput', options: { 1: next, 2: next, 3: next }, noMatch: next, noInput: next };
  }
  nodes.bye = { type: 'Exit' };
  return { id: 'menus', start: 'start', nodes };
}

function conditions(n: number): FlowDefinition {
  const nodes: Record<string, FlowNode> = { start: { type: 'Start', next: 'c0' } };
  for (let i = 0; i < n; i++) {
    const next = i < n - 1 ? `c${i + 1}` : 'bye';
    nodes[`c${i}`] = { type: 'Condition', if: { variable: `x${i}`, op: 'gt', value: i }, then: `p${i}`, else: next };
    nodes[`p${i}`] = { type: 'Play', prompt: 'p', next };
  }
  nodes.bye = { type: 'Exit' };
  return { id: 'conditions', start: 'start', nodes };
}

describe('exploreFlow: the size of the cover', () => {
  test('ten menus in a row, three keys each: a scenario per key, not one per menu and key', () => {
    const x = exploreFlow(menus(10));
    assert.equal(x.covered, x.connectors);
    // Keys 1, 2 and 3 at every menu, an invalid key at every menu, silence at every menu: 5 (here, 6 at most).
    assert.ok(x.scenarios.length <= 6, x.scenarios.map((s) => `${s.input.dtmf}: ${s.name}`).join('\n'));
    assert.ok(
      x.scenarios.some((s) => s.input.dtmf === '1111111111'),
      x.scenarios.map((s) => s.input.dtmf).join(', '),
    );
  });

  test('forty independent conditions: a few scenarios each take the other side of many', () => {
    const x = exploreFlow(conditions(40));
    assert.equal(x.covered, x.connectors);
    assert.ok(x.scenarios.length <= 4, `${x.scenarios.length} scenarios`);
  });
});
