// Node ids and variable names that are Object.prototype's own: `__proto__` set on a plain object changes
// its prototype instead of adding a key, and `constructor` or `hasOwnProperty` read through `obj[id]`
// find a function. Each must be an ordinary name everywhere: trace, path, history, coverage, report.
// The built action, spawned as the runner does, on the built-in emulator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';

const FLOW_ID = '77777777-0000-4000-8000-000000000002';

const FLOW = `id: ${FLOW_ID}
start: node_start
nodes:
  node_start: { type: Start, next: node_set }
  node_set: { type: SetVariable, set: { step: one, __proto__: polluted }, next: __proto__ }
  __proto__:
    type: Condition
    if: { variable: step, op: eq, value: one }
    then: constructor
    else: toString
  constructor: { type: Play, prompt: hi, next: hasOwnProperty }
  toString: { type: Play, prompt: never reached, next: hasOwnProperty }
  hasOwnProperty: { type: Exit }
`;
const PATH = ['node_start', 'node_set', '__proto__', 'constructor', 'hasOwnProperty'];

const SCENARIOS = `flow: ${FLOW_ID}
scenarios:
  - name: through the prototype's names
    expect:
      path: [${PATH.join(', ')}]
      exit: hasOwnProperty
      variables:
        step: one
        __proto__: polluted
      variablesAt:
        __proto__: { step: one }
        constructor: { step: { equals: one } }
`;

describe('node ids named like Object.prototype members', () => {
  test('__proto__, constructor and hasOwnProperty keep their path, history and coverage', { timeout: 120_000 }, async () => {
    const ws = makeWorkspace();
    writeFiles(ws, { 'flows/proto.yaml': FLOW, 'cxone-tests/proto.yaml': SCENARIOS });
    // A redact-variables glob, so the redactor's copy of every variables map is on the way too.
    const run = await runAction({ workspace: ws, inputs: { target: 'emulator', flows: 'flows/*.yaml', 'redact-variables': 'card_*' } });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.deepEqual(run.report.problems, []);
    const [scenario] = run.report.scenarios;
    assert.equal(scenario.status, 'passed', JSON.stringify(scenario.findings));
    assert.deepEqual(scenario.execution_summary.path, PATH);
    assert.deepEqual(
      scenario.raw_trace.map((e: { nodeId: string }) => e.nodeId),
      PATH,
    );

    // The expectations keyed by these names were read and checked, not dropped by the loader.
    const checks = scenario.variable_validation.checks.map((c: { name: string; at?: string; ok: boolean }) => [c.at ?? '', c.name, c.ok]);
    assert.deepEqual(checks, [
      ['', 'step', true],
      ['', '__proto__', true],
      ['__proto__', 'step', true],
      ['constructor', 'step', true],
    ]);

    const history = scenario.variable_states.node_history;
    for (const id of ['__proto__', 'constructor', 'hasOwnProperty']) {
      assert.ok(Object.hasOwn(history, id), `node_history has its own '${id}' entry: ${Object.keys(history)}`);
      assert.equal(history[id].step, 'one');
    }
    assert.equal(Object.getPrototypeOf(history), Object.prototype, 'the report map was not re-prototyped');
    const final = scenario.variable_states.final_state;
    assert.ok(
      Object.hasOwn(final, '__proto__') && final.__proto__ === 'polluted',
      `a variable named __proto__ is kept: ${JSON.stringify(final)}`,
    );

    const [coverage] = run.report.coverage;
    assert.equal(coverage.flow_id, FLOW_ID);
    assert.deepEqual(coverage.nodes, { visited: 5, total: 6, percent: 83.3 });
    assert.deepEqual(coverage.unvisited_nodes, ['toString']);
    // The lines come from the flow file's node lines, __proto__'s included (line 6, its key).
    assert.deepEqual(
      coverage.unvisited_branches.map((b: { from: string; to: string; line?: number }) => [b.from, b.to, b.line]),
      [
        ['__proto__', 'toString', 6],
        ['toString', 'hasOwnProperty', 12],
      ],
    );
  });
});
