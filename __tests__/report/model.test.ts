import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { renderConsole } from '../../src/report/console.ts';
import { renderJsonReport, renderYamlReport } from '../../src/report/formats.ts';
import { mergeReports } from '../../src/report/merge.ts';
import { summarize } from '../../src/report/model.ts';
import { describeCheck, describeFinding, describeLoopCause } from '../../src/report/wording.ts';
import { createRedactor, REDACTED } from '../../src/report/redact.ts';
import { finding, flowFinding, mismatch, report, scenario } from '../helpers/report.ts';

describe('summarize: the conclusion by fail-on', () => {
  const loop = scenario({ name: 'loop', status: 'failed', findings: [finding('LOOP_DETECTED', {}, { file: 'f', line: 1 })] });
  const problem = { code: 'SCENARIO_SCHEMA', file: 'f', line: 1, key: 'k', message: 'm' };
  const dangling = flowFinding('FLOW_REFERENCE', { to: 'x', from: 'a', label: 'next' }, { file: 'flows/a.yaml', line: 4 });
  const ok = [scenario({ name: 'a' })];
  const all = ['mismatch', 'loop', 'error'] as const;
  const cases: [string, Parameters<typeof summarize>[0], 'success' | 'failure'][] = [
    ['all passed', { scenarios: ok, problems: [], flowFindings: [], failOn: [...all], cutShort: null }, 'success'],
    ['a mismatch', { scenarios: [mismatch('a')], problems: [], flowFindings: [], failOn: [...all], cutShort: null }, 'failure'],
    [
      'a mismatch, fail-on loop',
      { scenarios: [mismatch('a')], problems: [], flowFindings: [], failOn: ['loop'], cutShort: null },
      'success',
    ],
    ['a loop, fail-on loop', { scenarios: [loop], problems: [], flowFindings: [], failOn: ['loop'], cutShort: null }, 'failure'],
    ['fail-on none', { scenarios: [mismatch('a'), loop], problems: [], flowFindings: [dangling], failOn: [], cutShort: null }, 'success'],
    [
      'a dangling flow reference, fail-on error',
      { scenarios: ok, problems: [], flowFindings: [dangling], failOn: ['error'], cutShort: null },
      'failure',
    ],
    [
      'a dangling flow reference, fail-on mismatch',
      { scenarios: ok, problems: [], flowFindings: [dangling], failOn: ['mismatch'], cutShort: null },
      'success',
    ],
    ['a malformed file, fail-on none', { scenarios: ok, problems: [problem], flowFindings: [], failOn: [], cutShort: null }, 'failure'],
    ['cut short', { scenarios: ok, problems: [], flowFindings: [], failOn: ['error'], cutShort: 'cancelled' }, 'failure'],
    ['nothing at all', { scenarios: [], problems: [], flowFindings: [], failOn: ['error'], cutShort: null }, 'failure'],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(summarize(input).conclusion, expected));
  }
});

describe('report files', () => {
  test('YAML and JSON hold the same content and parse back', () => {
    const r = report([scenario({ name: 'a' }), mismatch('b')]);
    assert.deepEqual(load(renderYamlReport(r)), JSON.parse(renderJsonReport(r)));
    assert.deepEqual((load(renderYamlReport(r)) as typeof r).summary, r.summary);
  });

  test("the YAML report has the keys the README's report section lists", () => {
    const text = renderYamlReport(report([mismatch('b')]));
    for (const key of ['report_metadata:', 'summary:', 'execution_summary:', 'routing_valid:', 'routing_mismatches:'])
      assert.ok(text.includes(key), key);
  });

  test('merge joins shards into one conclusion', () => {
    const shards = [report([scenario({ name: 'a' })], [], { failOn: [] }), report([mismatch('b')], [], { failOn: [] })];
    const merged = mergeReports(shards, { failOn: ['mismatch', 'loop', 'error'], minCoverage: null });
    assert.equal(merged.summary.total, 2);
    assert.equal(merged.summary.conclusion, 'failure', "the merge job's fail-on decides, not the shards'");
    assert.deepEqual(merged.report_metadata.fail_on, ['mismatch', 'loop', 'error']);
    assert.equal(mergeReports(shards, { failOn: ['loop'], minCoverage: null }).summary.conclusion, 'success');
  });

  test('console table: one line per scenario and the totals', () => {
    const text = renderConsole(report([scenario({ name: 'a' }), mismatch('b')]));
    assert.match(text, /^STATUS +SCENARIO/m);
    assert.match(text, /^PASS +a /m);
    assert.match(text, /^FAIL +b .*path differs/m);
    assert.match(text, /^FAILED: 2 scenarios, 1 passed, 1 failed, 0 errored, 0 loops$/m);
  });
});

describe('redact-variables', () => {
  test('globs match whole names, case-insensitively', () => {
    const redact = createRedactor(['ssn', '*card*']);
    assert.deepEqual(redact.variables({ SSN: '123', credit_card_no: '4111', cardinal: 1, ssn_last4: '12', name: 'x' }), {
      SSN: REDACTED,
      credit_card_no: REDACTED,
      cardinal: REDACTED,
      ssn_last4: '12',
      name: 'x',
    });
  });

  test('variable checks and findings about a redacted variable lose their values, and say what kind of mismatch', () => {
    const redact = createRedactor(['ssn']);
    const facts = {
      name: 'ssn',
      expected: '123-45-6789',
      actual: '987-65-4321',
      ok: false,
      mismatch: 'value' as const,
      source: { kind: 'final' as const },
      failures: [{ rule: 'equals' as const, expected: '123-45-6789', actual: '987-65-4321' }],
    };
    const check = redact.check(facts);
    assert.ok(!JSON.stringify(check).includes('6789') && !JSON.stringify(check).includes('4321'));
    assert.equal(describeCheck(check), 'ssn: does not match the expectation (values redacted by redact-variables)');
    const masked = redact.finding({
      code: 'VARIABLE_MISMATCH',
      severity: 'error',
      params: { check: facts },
      file: 'cxone-tests/a.yaml',
      line: 4,
    });
    assert.ok(!describeFinding(masked).includes('6789') && !JSON.stringify(masked).includes('6789'));
    // Once seen under a redacted name, a value is masked wherever else it is echoed.
    assert.equal(redact.scrubValues('the caller said 987-65-4321 twice'), 'the caller said *** twice');
    const other = {
      code: 'VARIABLE_MISMATCH' as const,
      severity: 'error' as const,
      params: { check: { ...facts, name: 'name' } },
      file: 'cxone-tests/a.yaml',
      line: 5,
    };
    assert.equal(redact.finding(other), other);
  });

  test('values remembered for masking by value are capped: a million distinct ones cannot slow every scrub down', () => {
    const redact = createRedactor(['ssn']);
    const trace = Array.from({ length: 20_000 }, (_, i) => ({
      nodeId: 'n',
      type: 'Play',
      timestamp: i,
      variables: { ssn: `ssn-${String(i).padStart(6, '0')}` },
    }));
    const masked = redact.trace(trace);
    assert.ok(
      masked.every((e) => e.variables?.['ssn'] === REDACTED),
      'every value is still masked by name',
    );
    assert.equal(redact.scrubValues('said ssn-000001'), 'said ***', 'the first values are masked by value');
    assert.equal(redact.scrubValues('said ssn-019999'), 'said ssn-019999', 'past the cap, by name only');
  });

  test('a loop whose state change is a redacted variable keeps the change, not the values', () => {
    const redact = createRedactor(['ssn']);
    const loop = {
      nodeId: 'M',
      occurrences: 4,
      cycle: ['M', 'R'],
      cycleLength: 2,
      iterations: 3,
      startIndex: 1,
      endIndex: 7,
      verdict: 'retry' as const,
      cause: { kind: 'variables_changed' as const, variable: 'ssn', before: '123-45-6781', after: '123-45-6782' },
    };
    const masked = redact.loop(loop);
    assert.equal(describeLoopCause(masked), 'variables changed between visits (ssn changed, values redacted); treated as a retry loop');
    assert.ok(!JSON.stringify(masked).includes('6781'));
    assert.equal(redact.scrubValues('prompt: 123-45-6782'), 'prompt: ***');
  });
});
