// The behavioural diff, table-driven: which kind of change each pair of outcomes is, the groups, the path diff.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changedVariables, diffInputs, groupChanges, type CompareInput, type InputOutcome } from '../../src/analysis/behaviour-diff.ts';
import { parseFlowFile } from '../../src/flow/load.ts';
import type { LoadedFlow } from '../../src/domain/flow.ts';

const FLOW = parseFlowFile(
  `id: f
start: s
nodes:
  s: { type: Start, next: m }
  m: { type: GatherInput, options: { "1": a, "2": b }, noMatch: x, noInput: x }
  a: { type: Route, target: qa, next: x }
  b: { type: Route, target: qb, next: x }
  x: { type: Exit }
`,
  'f.yaml',
).flow as LoadedFlow;

const input = (dtmf: string, name = `press ${dtmf}`): CompareInput => ({
  name,
  flowId: 'f',
  dtmf,
  speech: '',
  variables: {},
  origin: 'scenario',
});
const ran = (path: string[], variables = {}): InputOutcome => ({ kind: 'ran', path, steps: path.length, exit: 'x', variables });
const flows = { before: [FLOW], after: [FLOW] };

describe('behaviour diff', () => {
  const cases: [string, InputOutcome, InputOutcome, string | null][] = [
    ['the same path, exit and variables', ran(['s', 'm', 'a', 'x']), ran(['s', 'm', 'a', 'x']), null],
    ['another Route node', ran(['s', 'm', 'a', 'x']), ran(['s', 'm', 'b', 'x']), 'REROUTED'],
    ['another path to the same Route', ran(['s', 'm', 'a', 'x']), ran(['s', 'm', 'm', 'a', 'x']), 'PATH_CHANGED'],
    ['other variables only', ran(['s', 'm', 'a', 'x'], { v: 1 }), ran(['s', 'm', 'a', 'x'], { v: 2 }), 'VARIABLES_CHANGED'],
    ['an error now', ran(['s', 'm', 'a', 'x']), { kind: 'failed', message: 'boom', signature: 'FLOW_ERROR 500' }, 'OUTCOME_CHANGED'],
    [
      'the same error, other words',
      { kind: 'failed', message: 'at http://127.0.0.1:1', signature: 'E 500' },
      { kind: 'failed', message: 'at http://127.0.0.1:2', signature: 'E 500' },
      null,
    ],
    ['a flow only the head has', { kind: 'absent' }, ran(['s', 'm', 'a', 'x']), 'ADDED'],
    ['a flow the head no longer has', ran(['s', 'm', 'a', 'x']), { kind: 'absent' }, 'REMOVED'],
  ];
  for (const [what, before, after, code] of cases) {
    test(what, () => {
      const diff = diffInputs([input('1')], [before], [after], flows);
      assert.equal(diff.changed[0]?.code ?? null, code);
      assert.equal(diff.changed.length + diff.unchanged, 1);
    });
  }

  test('nothing to compare on one side is counted apart, never as a change', () => {
    const diff = diffInputs([input('1'), input('2')], [{ kind: 'unknown' }, { kind: 'absent' }], [ran(['s']), { kind: 'absent' }], flows);
    assert.deepEqual([diff.compared, diff.changed.length, diff.unchanged, diff.not_compared], [0, 0, 0, 2]);
  });

  test('a re-routed input carries its path diff and both destinations', () => {
    const [c] = diffInputs([input('2')], [ran(['s', 'm', 'a', 'x'])], [ran(['s', 'm', 'b', 'x'])], flows).changed;
    assert.deepEqual(c!.before.destination, { node: 'a', target: 'qa' });
    assert.deepEqual(c!.after.destination, { node: 'b', target: 'qb' });
    assert.deepEqual(
      c!.path_edits.map((e) => [e.op, e.node, e.index]),
      [
        ['missing', 'a', 2],
        ['unexpected', 'b', 2],
      ],
    );
  });

  test('without a Route on the path, the destination is the exit node', () => {
    const before: InputOutcome = { kind: 'ran', path: ['s', 'm', 'x'], steps: 3, exit: 'x', variables: {} };
    const after: InputOutcome = { kind: 'ran', path: ['s', 'm'], steps: 2, exit: null, variables: {} };
    const [c] = diffInputs([input('9')], [before], [after], flows).changed;
    assert.equal(c!.code, 'REROUTED');
    assert.deepEqual([c!.before.destination, c!.after.destination], [{ node: 'x' }, { node: null }]);
  });

  test('a loop after the Route (the run hit maxLoops, no exit): the call never ends, re-routed, not "another path to the same place"', () => {
    const before = ran(['s', 'm', 'a', 'x']);
    const loops = ['s', 'm', 'a', ...Array.from({ length: 50 }, () => 'a')];
    const after: InputOutcome = { kind: 'ran', path: loops, steps: loops.length, exit: null, variables: {} };
    const [c] = diffInputs([input('1')], [before], [after], flows).changed;
    assert.equal(c!.code, 'REROUTED');
    assert.deepEqual([c!.before.destination, c!.after.destination], [{ node: 'a', target: 'qa' }, { node: null }]);
  });

  test('groups: one per destination pair, inputs listed once each', () => {
    const inputs = [input('2', 'a'), input('2', 'b'), input('3', 'c'), input('1', 'd')];
    const before = [ran(['s', 'm', 'a', 'x']), ran(['s', 'm', 'a', 'x']), ran(['s', 'm', 'a', 'x']), ran(['s', 'm', 'b', 'x'])];
    const after = [ran(['s', 'm', 'b', 'x']), ran(['s', 'm', 'b', 'x']), ran(['s', 'm', 'b', 'x']), ran(['s', 'm', 'a', 'x'])];
    const groups = groupChanges(diffInputs(inputs, before, after, flows).changed);
    assert.deepEqual(
      groups.map((g) => [g.count, g.inputs.map((i) => i.dtmf), g.before?.node, g.after?.node]),
      [
        [3, ['2', '3'], 'a', 'b'],
        [1, ['1'], 'b', 'a'],
      ],
    );
  });

  test('changed variables: added, removed and changed, by name; equal values are left out', () => {
    assert.deepEqual(changedVariables({ a: 1, b: { x: [1] }, c: 'same' }, { b: { x: [2] }, c: 'same', d: true }), [
      { name: 'a', before: 1 },
      { name: 'b', before: { x: [1] }, after: { x: [2] } },
      { name: 'd', after: true },
    ]);
  });
});
