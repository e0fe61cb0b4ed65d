import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeScenario } from '../../src/analysis/analyze.ts';
import { describeFinding } from '../../src/report/wording.ts';
import { kindOf } from '../../src/domain/findings.ts';
import type { DebugResponse, TraceEntry } from '../../src/domain/wire.ts';
import type { Expectations, Scenario } from '../../src/domain/scenario.ts';
import type { Execution } from '../../src/domain/execution.ts';
import { routingValid } from '../../src/domain/findings.ts';

/** Each key on a line of its own, so a finding's line says which key it is about. */
const KEYS = [
  'expect',
  'expect.path',
  'expect.exit',
  'expect.loops',
  'expect.maxDurationMs',
  'expect.variables.selected_option',
  'expect.variablesAt.node_menu.selected_option',
];
const LINES = Object.fromEntries(KEYS.map((key, i) => [key, 10 + i]));
const keyAt = (line: number) => KEYS[line - 10] ?? '';

const scenario = (expect: Expectations, extra: Partial<Scenario> = {}): Scenario => ({
  id: 'cxone-tests/menu.yaml#0',
  name: 'Option 2 routes to support',
  file: 'cxone-tests/menu.yaml',
  index: 0,
  line: 3,
  flow: 'flow-1',
  input: { dtmf: '2', speech: '' },
  variables: {},
  expect,
  tags: [],
  skip: false,
  lines: LINES,
  ...extra,
});

const entry = (nodeId: string, i: number, more: Partial<TraceEntry> = {}): TraceEntry => ({
  nodeId,
  type: 'Node',
  timestamp: i * 10,
  ...more,
});

const completed = (path: string[], more: Partial<DebugResponse> = {}): Execution => ({
  kind: 'completed',
  attempts: 1,
  elapsedMs: 20,
  response: {
    path,
    variables: { selected_option: '2' },
    exitNode: path.at(-1) ?? null,
    duration: 145,
    trace: path.map((n, i) => entry(n, i)),
    ...more,
  },
});

const happy = ['node_start', 'node_menu', 'node_route_support', 'node_exit'];
const opts = { loopThreshold: 3 };
const codes = (a: ReturnType<typeof analyzeScenario>) => a.findings.map((f) => [f.code, kindOf(f.code), keyAt(f.line)]);

describe('analyzeScenario: not executed', () => {
  for (const kind of ['skipped', 'not_run'] as const) {
    test(kind, () => {
      assert.deepEqual(analyzeScenario(scenario({ exit: 'x' }), { kind, reason: 'r' }, opts), {
        status: kind,
        findings: [],
        traceErrors: [],
      });
    });
  }
});

describe('analyzeScenario: API failures', () => {
  test('API_ERROR names status, code and attempts', () => {
    const a = analyzeScenario(
      scenario({}),
      { kind: 'failed', code: 'RATE_LIMITED', status: 429, message: 'too many requests', attempts: 4, elapsedMs: 900 },
      opts,
    );
    assert.equal(a.status, 'error');
    assert.deepEqual(
      a.findings.map((f) => [f.code, describeFinding(f)]),
      [['API_ERROR', 'Flow Debug API call failed: too many requests (HTTP 429, RATE_LIMITED, 4 attempts)']],
    );
  });
  test('a compilation failure also reports the failing node of its partial trace', () => {
    const trace = [entry('node_start', 0), entry('node_broken', 1, { type: 'Script', status: 'Error', error: 'unknown node node_gone' })];
    const a = analyzeScenario(
      scenario({}),
      {
        kind: 'failed',
        code: 'FLOW_COMPILATION_FAILED',
        status: 500,
        message: 'flow compilation failed',
        attempts: 1,
        elapsedMs: 5,
        trace,
      },
      opts,
    );
    assert.deepEqual(codes(a), [
      ['API_ERROR', 'error', ''],
      ['TRACE_ERROR', 'error', ''],
    ]);
    assert.equal(describeFinding(a.findings[1]!), 'node_broken (Script) failed at 10 ms: unknown node node_gone');
    assert.equal(a.traceErrors.length, 1);
  });
  test('without a status the message says what it knows', () => {
    const a = analyzeScenario(
      scenario({}),
      { kind: 'failed', code: 'NETWORK', message: 'socket hang up', attempts: 1, elapsedMs: 5 },
      opts,
    );
    assert.equal(describeFinding(a.findings[0]!), 'Flow Debug API call failed: socket hang up (NETWORK, 1 attempt)');
  });
});

describe('analyzeScenario: completed runs', () => {
  test('everything as expected: passed, with all parts of the analysis', () => {
    const a = analyzeScenario(
      scenario({ path: happy, exit: 'node_exit', variables: { selected_option: '2' }, maxDurationMs: 1000 }),
      completed(happy),
      opts,
    );
    assert.equal(a.status, 'passed');
    assert.deepEqual(a.findings, []);
    assert.equal(a.routing && routingValid(a.routing), true);
    assert.equal(a.variables?.valid, true);
    assert.equal(a.loops?.has_loops, false);
    assert.deepEqual(a.variableStates?.final_state, { selected_option: '2' });
  });
  test('each mismatch is a finding with its key; status failed', () => {
    const actual = ['node_start', 'node_menu', 'node_route_sales', 'node_exit_sales'];
    const a = analyzeScenario(
      scenario({
        path: happy,
        exit: 'node_exit',
        variables: { selected_option: 2 },
        variablesAt: { node_menu: { selected_option: '2' } },
        maxDurationMs: 100,
      }),
      completed(actual),
      opts,
    );
    assert.equal(a.status, 'failed');
    assert.deepEqual(codes(a), [
      ['PATH_MISMATCH', 'mismatch', 'expect.path'],
      ['EXIT_MISMATCH', 'mismatch', 'expect.exit'],
      ['VARIABLE_MISMATCH', 'mismatch', 'expect.variables.selected_option'],
      ['VARIABLE_MISMATCH', 'mismatch', 'expect.variablesAt.node_menu.selected_option'],
      ['DURATION_EXCEEDED', 'mismatch', 'expect.maxDurationMs'],
    ]);
    assert.equal(
      describeFinding(a.findings[0]!),
      'path differs at step 2: expected node_route_support, got node_route_sales (+3 more edits)',
    );
    assert.equal(describeFinding(a.findings[1]!), 'expected exit node_exit, got node_exit_sales');
    assert.equal(describeFinding(a.findings[2]!), 'selected_option: type mismatch: expected 2 (number), got "2" (string)');
    assert.equal(describeFinding(a.findings[4]!), 'the flow took 145 ms, over expect.maxDurationMs 100 ms');
  });
  test('a loop is a finding of kind loop; status failed', () => {
    const path = ['S', 'M', 'R', 'M', 'R', 'M', 'R', 'M', 'X'];
    const a = analyzeScenario(scenario({}), completed(path), opts);
    assert.equal(a.status, 'failed');
    assert.deepEqual(codes(a), [['LOOP_DETECTED', 'loop', 'expect']]);
    assert.match(describeFinding(a.findings[0]!), /^retry loop at M: cycle \[M, R\], 3 iterations/);
  });
  test("the scenario's loopThreshold wins over the action's", () => {
    const path = ['S', 'M', 'R', 'M', 'R', 'M', 'R', 'M', 'X'];
    assert.equal(analyzeScenario(scenario({}, { loopThreshold: 4 }), completed(path), opts).status, 'passed');
  });
  test('a run that hit maxLoops: infinite loop and exit mismatch', () => {
    const path = ['S', 'M', 'R', 'M', 'R', 'M', 'R', 'M', 'R'];
    const trace = path.map((n, i) => entry(n, i, i === path.length - 1 ? { status: 'MaxLoopsExceeded' } : {}));
    const a = analyzeScenario(scenario({ exit: 'node_exit' }), completed(path, { exitNode: null, trace }), opts);
    assert.deepEqual(codes(a), [
      ['EXIT_MISMATCH', 'mismatch', 'expect.exit'],
      ['LOOP_DETECTED', 'loop', 'expect'],
    ]);
    assert.match(describeFinding(a.findings[1]!), /^infinite loop at M/);
    assert.equal(a.traceErrors.length, 0, 'MaxLoopsExceeded is not a trace error');
  });
  test('expect.loops: true turns a loop into the expectation', () => {
    const path = ['S', 'M', 'R', 'M', 'R', 'M', 'R', 'M', 'X'];
    const a = analyzeScenario(scenario({ loops: true }), completed(path), opts);
    assert.deepEqual([a.status, a.findings], ['passed', []]);
  });
  test('expect.loops: true without a loop is LOOP_EXPECTED', () => {
    const a = analyzeScenario(scenario({ loops: true }), completed(happy), opts);
    assert.equal(a.status, 'failed');
    assert.deepEqual(
      a.findings.map((f) => ({ kind: kindOf(f.code), code: f.code, key: keyAt(f.line), message: describeFinding(f) })),
      [
        {
          kind: 'mismatch',
          code: 'LOOP_EXPECTED',
          key: 'expect.loops',
          message: 'expected a loop (expect.loops: true), but no node ran more than 3 times',
        },
      ],
    );
  });
  test('a trace error makes the status error, even beside mismatches', () => {
    const trace = happy.map((n, i) => entry(n, i, n === 'node_route_support' ? { exception: 'queue closed' } : {}));
    const a = analyzeScenario(scenario({ exit: 'node_other' }), completed(happy, { trace }), opts);
    assert.equal(a.status, 'error');
    assert.deepEqual(codes(a), [
      ['EXIT_MISMATCH', 'mismatch', 'expect.exit'],
      ['TRACE_ERROR', 'error', ''],
    ]);
  });
  test('a response with empty fields left out does not throw', () => {
    const response = {
      path: undefined,
      variables: undefined,
      exitNode: undefined,
      duration: undefined,
      trace: undefined,
    } as unknown as DebugResponse;
    const a = analyzeScenario(scenario({ path: [] }), { kind: 'completed', response, attempts: 1, elapsedMs: 1 }, opts);
    assert.equal(a.status, 'passed');
  });
});
