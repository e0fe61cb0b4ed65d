import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { renderConsole } from '../../src/report/console.ts';
import { renderJsonReport, renderYamlReport } from '../../src/report/formats.ts';
import { mergeReports } from '../../src/report/merge.ts';
import { summarize } from '../../src/report/model.ts';
import { createRedactor, REDACTED } from '../../src/report/redact.ts';
import { mismatch, report, scenario } from '../helpers/report.ts';

describe('summarize: the conclusion by fail-on', () => {
  const loop = scenario({ name: 'loop', status: 'failed', findings: [{ kind: 'loop', code: 'LOOP_DETECTED', message: 'loop', file: 'f', line: 1 }] });
  const cases: [string, Parameters<typeof summarize>, 'success' | 'failure'][] = [
    ['all passed', [[scenario({ name: 'a' })], [], ['mismatch', 'loop', 'error'], null], 'success'],
    ['a mismatch', [[mismatch('a')], [], ['mismatch', 'loop', 'error'], null], 'failure'],
    ['a mismatch, fail-on loop', [[mismatch('a')], [], ['loop'], null], 'success'],
    ['a loop, fail-on loop', [[loop], [], ['loop'], null], 'failure'],
    ['fail-on none', [[mismatch('a'), loop], [], [], null], 'success'],
    ['a malformed file, fail-on none', [[scenario({ name: 'a' })], [{ code: 'SCENARIO_SCHEMA', file: 'f', line: 1, key: 'k', message: 'm' }], [], null], 'failure'],
    ['cut short', [[scenario({ name: 'a' })], [], ['error'], 'cancelled'], 'failure'],
    ['nothing at all', [[], [], ['error'], null], 'failure'],
  ];
  for (const [name, args, expected] of cases) {
    test(name, () => assert.equal(summarize(...args).conclusion, expected));
  }
});

describe('report files', () => {
  test('YAML and JSON hold the same content and parse back', () => {
    const r = report([scenario({ name: 'a' }), mismatch('b')]);
    assert.deepEqual(load(renderYamlReport(r)), JSON.parse(renderJsonReport(r)));
    assert.deepEqual((load(renderYamlReport(r)) as typeof r).summary, r.summary);
  });

  test('the YAML report has the keys of SPEC 6', () => {
    const text = renderYamlReport(report([mismatch('b')]));
    for (const key of ['report_metadata:', 'summary:', 'execution_summary:', 'routing_valid:', 'routing_mismatches:']) assert.ok(text.includes(key), key);
  });

  test('merge joins shards into one conclusion', () => {
    const merged = mergeReports([report([scenario({ name: 'a' })]), report([mismatch('b')])]);
    assert.equal(merged.summary.total, 2);
    assert.equal(merged.summary.conclusion, 'failure');
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
    assert.deepEqual(redact({ SSN: '123', credit_card_no: '4111', cardinal: 1, ssn_last4: '12', name: 'x' }), { SSN: REDACTED, credit_card_no: REDACTED, cardinal: REDACTED, ssn_last4: '12', name: 'x' });
  });
});
