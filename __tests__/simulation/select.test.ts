// Scenario selection (tags, grep) and what the report concludes from it; the progress line's shape.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, readSettings } from '../../src/inputs.ts';
import { summarize } from '../../src/report/model.ts';
import { progressLine } from '../../src/report/progress.ts';
import type { Scenario } from '../../src/domain/scenario.ts';
import { describeFilter, parseTags, selectScenarios, unknownTags } from '../../src/simulation/select.ts';
import { finding, scenario as reported } from '../helpers/report.ts';

function scenario(name: string, tags: string[]): Scenario {
  return {
    id: `s.yaml#${name}`,
    name,
    file: 's.yaml',
    index: 0,
    line: 1,
    flow: 'f',
    input: { dtmf: '', speech: '' },
    variables: {},
    expect: {},
    tags,
    skip: false,
    lines: {},
  };
}

const SUITE = [
  scenario('Sales smoke', ['menu', 'smoke']),
  scenario('Sales slow', ['menu', 'slow']),
  scenario('Both', ['smoke', 'slow']),
  scenario('Billing', []),
];
const names = (tags: string[], grep?: string) => selectScenarios(SUITE, { tags, grep }).scenarios.map((s) => s.name);

describe('selectScenarios', () => {
  test('any listed tag selects; a !tag leaves out whatever else matched', () => {
    assert.deepEqual(names(['smoke']), ['Sales smoke', 'Both']);
    assert.deepEqual(names(['smoke', 'slow']), ['Sales smoke', 'Sales slow', 'Both']);
    assert.deepEqual(names(['smoke', '!slow']), ['Sales smoke']);
    assert.deepEqual(names(['!menu']), ['Both', 'Billing'], 'only exclusions: every scenario without them');
    assert.deepEqual(names(['! slow']), ['Sales smoke', 'Billing'], 'space after ! is allowed');
    assert.deepEqual(names(['Smoke']), [], 'tags compare exactly');
  });

  test('grep matches the name anywhere, as RegExp.test does; it combines with tags', () => {
    assert.deepEqual(names([], '^Sales'), ['Sales smoke', 'Sales slow']);
    assert.deepEqual(names([], 'l{2}'), ['Billing']);
    assert.deepEqual(names(['slow'], 'Sales'), ['Sales slow']);
  });

  test('the facts count the selection in the whole suite; no filter selects everything', () => {
    assert.deepEqual(selectScenarios(SUITE, { tags: ['smoke', '!slow'], grep: 'a' }).facts, {
      tags: ['smoke', '!slow'],
      grep: 'a',
      selected: 1,
      total: 4,
    });
    const all = selectScenarios(SUITE, { tags: [] });
    assert.equal(all.scenarios.length, 4);
    assert.equal(describeFilter(all.facts), null);
    assert.equal(describeFilter({ tags: ['smoke', '!slow'], grep: '^S' }), 'tags smoke, !slow; grep "^S"');
  });

  test('parseTags refuses an item that is no tag', () => {
    assert.deepEqual(parseTags(['a', '!b']).filter, { include: ['a'], exclude: ['b'] });
    for (const bad of ['!', '!!a', '! ']) assert.match(parseTags([bad]).error ?? '', /is not a tag: write a tag to select it, or !tag/);
  });

  test('unknownTags names listed tags that no scenario carries, and the ones there are', () => {
    assert.deepEqual(unknownTags(SUITE, ['smok', '!slow', '!fast']), { unknown: ['smok', 'fast'], known: ['menu', 'slow', 'smoke'] });
  });
});

describe('tags and grep as inputs', () => {
  const read = (inputs: Record<string, string>) =>
    readSettings((n) => ({ target: 'emulator', flows: 'f.yaml', ...inputs })[n] ?? '', '/ws');
  const errorOf = (inputs: Record<string, string>): InputError => {
    try {
      read(inputs);
    } catch (error) {
      assert.ok(error instanceof InputError, String(error));
      return error;
    }
    return assert.fail('expected an InputError');
  };

  test('a comma- or newline-separated list; grep as written', () => {
    assert.deepEqual(read({ tags: 'smoke, !slow\nbilling' }).tags, ['smoke', '!slow', 'billing']);
    assert.equal(read({ grep: '^Sales (smoke|slow)$' }).grep, '^Sales (smoke|slow)$');
    assert.deepEqual(read({}).tags, []);
    assert.equal(read({}).grep, undefined);
  });

  test('a bad grep pattern is an input error naming the input and the value', () => {
    const invalid = errorOf({ grep: '(Sales' });
    assert.equal(invalid.input, 'grep');
    assert.equal(invalid.message, `Invalid 'grep' "(Sales": the pattern is not a valid regular expression: Unterminated group.`);
    const backreference = errorOf({ grep: '(a)\\1' });
    assert.match(backreference.message, /^Invalid 'grep' "\(a\)\\1": the pattern is not supported: \\1 is a backreference/);
  });

  test('a lone ! in tags is an input error', () => {
    const error = errorOf({ tags: 'smoke,!' });
    assert.equal(error.input, 'tags');
    assert.match(error.message, /^Invalid 'tags' "smoke,!": "!" is not a tag/);
  });
});

describe('summarize with a selection', () => {
  const base = { problems: [], flowFindings: [], failOn: ['mismatch' as const], cutShort: null };
  const selection = (selected: number, total = 5) => ({ tags: ['nope'], grep: null, selected, total });

  test('a selection that matches nothing fails, saying so', () => {
    const s = summarize({ ...base, scenarios: [], selection: selection(0) });
    assert.equal(s.conclusion, 'failure');
    assert.deepEqual(s.failure_reasons, ['the selection (tags nope) matched none of the 5 scenarios']);
  });

  test('a shard with none of the selected scenarios has nothing to run, and passes; unsharded, an empty run still fails', () => {
    assert.equal(summarize({ ...base, scenarios: [], selection: selection(2), sharded: true }).conclusion, 'success');
    assert.deepEqual(summarize({ ...base, scenarios: [], selection: selection(2) }).failure_reasons, ['no scenarios to run']);
    assert.deepEqual(
      summarize({ ...base, scenarios: [], selection: { tags: [], grep: null, selected: 0, total: 0 }, sharded: true }).failure_reasons,
      ['no scenarios to run'],
    );
  });
});

describe('progressLine', () => {
  test('[n/N], the word of the status, file:line, the name, and why it did not pass', () => {
    assert.equal(
      progressLine(3, 12, reported({ name: 'a', file: 'cxone-tests/m.yaml', line: 14 })),
      '[ 3/12] PASS    cxone-tests/m.yaml:14 a',
    );
    const at = (line: number) => ({ file: 'm.yaml', line });
    const failed = reported({
      name: 'b\nc',
      status: 'failed',
      file: 'm.yaml',
      line: 2,
      findings: [finding('PATH_MISMATCH', { index: 2, expected: 'node\nx', actual: 'node_y', edits: 1 }, at(3))],
    });
    assert.equal(progressLine(12, 12, failed), '[12/12] FAIL    m.yaml:2 b c (path differs at step 2: expected node x, got node_y)');
    assert.equal(
      progressLine(1, 1, reported({ name: 'n', status: 'not_run', reason: 'cancelled', file: 'm.yaml', line: 1 })),
      '[1/1] NOT RUN m.yaml:1 n (cancelled)',
    );
    const loop = {
      nodeId: 'node_menu',
      occurrences: 4,
      cycle: ['node_menu'],
      cycleLength: 1,
      iterations: 3,
      startIndex: 1,
      endIndex: 8,
      verdict: 'infinite' as const,
      cause: { kind: 'max_loops' as const },
    };
    const looped = reported({
      name: 'l',
      status: 'failed',
      file: 'm.yaml',
      line: 1,
      findings: [finding('LOOP_DETECTED', { loop }, at(1)), finding('EXIT_MISMATCH', { expected: 'a', actual: 'b' }, at(2))],
    });
    assert.equal(progressLine(1, 1, looped), '[1/1] FAIL    m.yaml:1 l (infinite loop at node_menu, 3 iterations; +1 more)');
    const api = reported({
      name: 'e',
      status: 'error',
      file: 'm.yaml',
      line: 1,
      execution_summary: undefined,
      findings: [finding('API_ERROR', { message: 'x'.repeat(500), code: 'TIMEOUT', attempts: 3 }, at(1))],
      errors: [{ source: 'api', message: 'x'.repeat(500), code: 'TIMEOUT', attempts: 3 }],
    });
    assert.equal(progressLine(1, 1, api), '[1/1] ERROR   m.yaml:1 e (Flow Debug API call failed: TIMEOUT, 3 attempts)');
    const long = progressLine(
      1,
      1,
      reported({
        name: 'p',
        status: 'failed',
        file: 'm.yaml',
        line: 1,
        findings: [finding('PATH_MISMATCH', { index: 1, expected: 'x'.repeat(500), actual: null, edits: 1 }, at(1))],
      }),
    );
    assert.match(long, /^\[1\/1\] FAIL {4}m\.yaml:1 p \(path differs at step 1: expected x{126}…\)$/);
  });

  test('a line quotes no variable value and no trace message: a later scenario may reveal it as redacted', () => {
    const check = {
      name: 'note',
      expected: 'x',
      actual: 'ssn=123-45-6789',
      ok: false,
      mismatch: 'value' as const,
      source: { kind: 'final' as const },
      failures: [{ rule: 'equals' as const, expected: 'x', actual: 'ssn=123-45-6789' }],
    };
    const variable = reported({
      name: 'v',
      status: 'failed',
      file: 'm.yaml',
      line: 1,
      findings: [finding('VARIABLE_MISMATCH', { check }, { file: 'm.yaml', line: 6 })],
    });
    assert.equal(progressLine(1, 1, variable), '[1/1] FAIL    m.yaml:1 v (variable note does not match, line 6)');
    const error = { nodeId: 'node_count', type: 'SetVariable', timestamp: 0, message: '"123-45-6789" is not a number' };
    const trace = reported({
      name: 't',
      status: 'error',
      file: 'm.yaml',
      line: 1,
      findings: [finding('TRACE_ERROR', { error }, { file: 'm.yaml', line: 1 })],
    });
    assert.equal(progressLine(1, 1, trace), '[1/1] ERROR   m.yaml:1 t (node_count (SetVariable) failed in the trace)');
    const failedCall = reported({
      name: 'a',
      status: 'error',
      file: 'm.yaml',
      line: 1,
      findings: [finding('API_ERROR', { message: 'm', code: 'SERVER_ERROR', status: 500, attempts: 1 }), finding('TRACE_ERROR', { error })],
    });
    assert.equal(
      progressLine(1, 1, failedCall),
      '[1/1] ERROR   m.yaml:1 a (Flow Debug API call failed: HTTP 500, SERVER_ERROR, 1 attempt, at node_count; +1 more)',
    );
  });
});
