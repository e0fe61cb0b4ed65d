import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVariables, extractVariableStates } from '../../src/analysis/variables.ts';
import { describeCheck } from '../../src/report/wording.ts';
import type { DebugResponse, TraceEntry } from '../../src/domain/wire.ts';
import type { MismatchKind } from '../../src/domain/findings.ts';
import type { VariableExpectation } from '../../src/domain/scenario.ts';
import type { JsonValue } from '../../src/domain/json.ts';

const state: Record<string, JsonValue> = {
  selected_option: '2',
  attempt_count: 1,
  score: '5',
  vip: true,
  tags: ['a', 'b'],
  customer: { id: 'CUST-998', tier: 'gold' },
  nothing: null,
};

const check = (name: string, expected: VariableExpectation) => {
  const r = checkVariables({ variables: { [name]: expected } }, state, []);
  assert.equal(r.checks.length, 1);
  return r.checks[0]!;
};

const cases: {
  name: string;
  variable: string;
  expected: VariableExpectation;
  ok: boolean;
  mismatch: MismatchKind | undefined;
  message: string;
}[] = [
  { name: 'scalar equal', variable: 'selected_option', expected: '2', ok: true, mismatch: undefined, message: 'selected_option is "2"' },
  {
    name: 'scalar of another type',
    variable: 'attempt_count',
    expected: '1',
    ok: false,
    mismatch: 'type',
    message: 'attempt_count: type mismatch: expected "1" (string), got 1 (number)',
  },
  {
    name: 'scalar of the same type',
    variable: 'selected_option',
    expected: '1',
    ok: false,
    mismatch: 'value',
    message: 'selected_option: expected "1", got "2"',
  },
  { name: 'null is a value', variable: 'nothing', expected: null, ok: true, mismatch: undefined, message: 'nothing is null' },
  {
    name: 'scalar not set',
    variable: 'missing_var',
    expected: '2',
    ok: false,
    mismatch: 'missing',
    message: 'missing_var is not set (expected "2")',
  },
  {
    name: 'equals: deep and order-free',
    variable: 'customer',
    expected: { equals: { tier: 'gold', id: 'CUST-998' } },
    ok: true,
    mismatch: undefined,
    message: 'customer is {"id":"CUST-998","tier":"gold"}',
  },
  {
    name: 'equals: type-strict',
    variable: 'attempt_count',
    expected: { equals: '1' },
    ok: false,
    mismatch: 'type',
    message: 'attempt_count: type mismatch: expected "1" (string), got 1 (number)',
  },
  {
    name: 'equals: array differs',
    variable: 'tags',
    expected: { equals: ['a'] },
    ok: false,
    mismatch: 'value',
    message: 'tags: expected ["a"], got ["a","b"]',
  },
  {
    name: 'matches',
    variable: 'selected_option',
    expected: { matches: '^[0-9]$' },
    ok: true,
    mismatch: undefined,
    message: 'selected_option is "2"',
  },
  {
    name: 'matches fails',
    variable: 'selected_option',
    expected: { matches: '^[13]$' },
    ok: false,
    mismatch: 'value',
    message: 'selected_option: "2" does not match /^[13]$/',
  },
  {
    name: 'matches on a number says its type',
    variable: 'attempt_count',
    expected: { matches: '^1$' },
    ok: false,
    mismatch: 'type',
    message: 'attempt_count: type mismatch: matches /^1$/ needs a string, got 1 (number)',
  },
  {
    name: 'oneOf',
    variable: 'selected_option',
    expected: { oneOf: ['1', '2'] },
    ok: true,
    mismatch: undefined,
    message: 'selected_option is "2"',
  },
  {
    name: 'oneOf fails',
    variable: 'selected_option',
    expected: { oneOf: ['1', '3'] },
    ok: false,
    mismatch: 'value',
    message: 'selected_option: "2" is not one of ["1","3"]',
  },
  {
    name: 'oneOf fails on type',
    variable: 'attempt_count',
    expected: { oneOf: ['1', '2'] },
    ok: false,
    mismatch: 'type',
    message: 'attempt_count: type mismatch: 1 (number) is not one of ["1","2"]',
  },
  { name: 'lte holds', variable: 'attempt_count', expected: { lte: 3 }, ok: true, mismatch: undefined, message: 'attempt_count is 1' },
  {
    name: 'gt and lt together, both fail',
    variable: 'attempt_count',
    expected: { gt: 1, lt: 1 },
    ok: false,
    mismatch: 'value',
    message: 'attempt_count: 1 is not > 1; 1 is not < 1',
  },
  {
    name: 'gte fails',
    variable: 'attempt_count',
    expected: { gte: 2 },
    ok: false,
    mismatch: 'value',
    message: 'attempt_count: 1 is not >= 2',
  },
  {
    name: 'a numeric string is not a number',
    variable: 'score',
    expected: { gt: 3 },
    ok: false,
    mismatch: 'type',
    message: 'score: type mismatch: "5" is a string, not a number (gt 3 compares numbers)',
  },
  {
    name: 'a boolean is not a number',
    variable: 'vip',
    expected: { lte: 1 },
    ok: false,
    mismatch: 'type',
    message: 'vip: type mismatch: true (boolean) is not a number (lte 1 compares numbers)',
  },
  { name: 'exists: true', variable: 'vip', expected: { exists: true }, ok: true, mismatch: undefined, message: 'vip is true' },
  {
    name: 'exists: true, not set',
    variable: 'missing_var',
    expected: { exists: true },
    ok: false,
    mismatch: 'missing',
    message: 'missing_var is not set',
  },
  {
    name: 'exists: false, not set',
    variable: 'missing_var',
    expected: { exists: false },
    ok: true,
    mismatch: undefined,
    message: 'missing_var is not set',
  },
  {
    name: 'exists: false, but set',
    variable: 'vip',
    expected: { exists: false },
    ok: false,
    mismatch: 'unexpected',
    message: 'vip: is set to true, expected it not to be set',
  },
  {
    name: 'a matcher on an unset variable',
    variable: 'missing_var',
    expected: { lte: 3 },
    ok: false,
    mismatch: 'missing',
    message: 'missing_var is not set',
  },
  { name: 'type array', variable: 'tags', expected: { type: 'array' }, ok: true, mismatch: undefined, message: 'tags is ["a","b"]' },
  {
    name: 'type object is not array',
    variable: 'tags',
    expected: { type: 'object' },
    ok: false,
    mismatch: 'type',
    message: 'tags: type mismatch: expected type object, got ["a","b"] (array)',
  },
  { name: 'type null', variable: 'nothing', expected: { type: 'null' }, ok: true, mismatch: undefined, message: 'nothing is null' },
  {
    name: 'type number vs numeric string',
    variable: 'score',
    expected: { type: 'number' },
    ok: false,
    mismatch: 'type',
    message: 'score: type mismatch: expected type number, got "5" (string)',
  },
  {
    name: 'every failing key is listed',
    variable: 'score',
    expected: { type: 'number', oneOf: [5] },
    ok: false,
    mismatch: 'type',
    message: 'score: type mismatch: expected type number, got "5" (string); "5" (string) is not one of [5]',
  },
];

describe('checkVariables: expect.variables', () => {
  for (const c of cases) {
    test(c.name, () => {
      const r = check(c.variable, c.expected);
      assert.equal(r.ok, c.ok);
      assert.equal(describeCheck(r), c.message);
      assert.equal(r.mismatch, c.mismatch);
      assert.equal(r.name, c.variable);
      assert.equal(r.at, undefined);
    });
  }
  test('a broken regex is a failing check, not an exception', () => {
    const r = check('selected_option', { matches: '(' });
    assert.equal(r.ok, false);
    assert.match(describeCheck(r), /^selected_option: matches "\(" is not a valid regular expression: /);
  });
  test('valid only when every check passes; one check per variable', () => {
    const r = checkVariables({ variables: { selected_option: '2', attempt_count: { lte: 0 } } }, state, []);
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.checks.map((c) => [c.name, c.ok, c.actual]),
      [
        ['selected_option', true, '2'],
        ['attempt_count', false, 1],
      ],
    );
  });
  test('no expectations: valid, no checks', () => {
    assert.deepEqual(checkVariables({}, state, []), { valid: true, checks: [] });
  });
});

describe('checkVariables: expect.variablesAt', () => {
  const trace: TraceEntry[] = [
    { nodeId: 'node_start', type: 'Start', timestamp: 0, variables: {} },
    { nodeId: 'node_menu', type: 'GatherInput', timestamp: 45, input: '9', variables: { selected_option: '9' } },
    { nodeId: 'node_retry', type: 'SetVariable', timestamp: 60, variables: { selected_option: '9', attempt_count: 1 } },
    { nodeId: 'node_menu', type: 'GatherInput', timestamp: 105, input: '2', variables: { selected_option: '2', attempt_count: 1 } },
    { nodeId: 'node_exit', type: 'Exit', timestamp: 145 },
  ];
  const at = (nodeId: string, name: string, expected: VariableExpectation) =>
    checkVariables({ variablesAt: { [nodeId]: { [name]: expected } } }, {}, trace).checks[0]!;

  test('a repeated node is checked at its last visit, and the message says so', () => {
    const r = at('node_menu', 'selected_option', '9');
    assert.deepEqual([r.ok, r.at, r.actual], [false, 'node_menu', '2']);
    assert.equal(describeCheck(r), 'selected_option at node_menu (last of 2 visits, step 3): expected "9", got "2"');
  });
  test('a single visit names its step', () => {
    const r = at('node_retry', 'attempt_count', { equals: 1 });
    assert.deepEqual([r.ok, describeCheck(r)], [true, 'attempt_count at node_retry (step 2) is 1']);
  });
  test('a variable not set at that node', () => {
    assert.equal(describeCheck(at('node_start', 'attempt_count', 1)), 'attempt_count at node_start (step 0) is not set (expected 1)');
  });
  test('a node that never ran', () => {
    const r = at('node_route_sales', 'selected_option', '1');
    assert.equal(r.ok, false);
    assert.equal(
      describeCheck(r),
      'selected_option at node_route_sales: node_route_sales never ran (it is not in the trace), so there is no snapshot to check',
    );
  });
  test('a trace entry without variables (includeVariables off)', () => {
    const r = at('node_exit', 'selected_option', { exists: false });
    assert.equal(r.ok, false, 'exists: false cannot be confirmed without a snapshot');
    assert.equal(
      describeCheck(r),
      'selected_option at node_exit: the trace entry of node_exit (step 4) has no variables (was includeVariables off?)',
    );
  });
});

describe('extractVariableStates', () => {
  test("keeps the tutorial's shape: final state and each node's last snapshot", () => {
    const response: DebugResponse = {
      path: ['a', 'b', 'a', 'c'],
      variables: { x: 2 },
      exitNode: 'c',
      duration: 10,
      trace: [
        { nodeId: 'a', type: 'Start', timestamp: 0, variables: { x: 0 } },
        { nodeId: 'b', type: 'SetVariable', timestamp: 1, variables: { x: 1 } },
        { nodeId: 'a', type: 'Start', timestamp: 2, variables: { x: 2 } },
        { nodeId: 'c', type: 'Exit', timestamp: 3 },
      ],
    };
    assert.deepEqual(extractVariableStates(response), { final_state: { x: 2 }, node_history: { a: { x: 2 }, b: { x: 1 } } });
  });
  test('a node named __proto__ is an ordinary key', () => {
    const response: DebugResponse = {
      path: ['__proto__'],
      variables: {},
      exitNode: null,
      duration: 0,
      trace: [{ nodeId: '__proto__', type: 'Play', timestamp: 0, variables: { y: 1 } }],
    };
    const states = extractVariableStates(response);
    assert.deepEqual(Object.keys(states.node_history), ['__proto__']);
    assert.deepEqual(Object.getPrototypeOf(states.node_history), Object.prototype);
  });
});
