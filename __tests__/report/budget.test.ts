import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TraceEntry } from '../../src/domain/wire.ts';
import { MAX_RUN_DETAIL_BYTES, MAX_SCENARIO_DETAIL_BYTES, fitScenarioReport, scenarioBudget } from '../../src/report/budget.ts';
import { summarize, type ReportFinding, type ScenarioReport } from '../../src/report/model.ts';
import { fixtureReport } from './golden.ts';
import { finding as reportFinding } from '../helpers/report.ts';

const BUDGET = 64 * 1024;
const looping = () => structuredClone(fixtureReport('mixed').scenarios.find((s) => s.state_machine_analysis?.has_loops)!);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `node_${i % 1000}`);
const trace = (n: number): TraceEntry[] => ids(n).map((nodeId, i) => ({ nodeId, type: 'Play', timestamp: i, variables: { counter: i } }));
const finding = (kind: ReportFinding['kind'], i: number): ReportFinding =>
  kind === 'error'
    ? reportFinding(
        'TRACE_ERROR',
        { error: { nodeId: `node_${i}`, type: 'Play', timestamp: i, message: `error ${i}` } },
        { file: 'a.yaml', line: 3 },
      )
    : reportFinding('PATH_MISMATCH', { index: i, expected: 'node_a', actual: 'node_b', edits: 1 }, { file: 'a.yaml', line: 3 });

/** A looping scenario whose answer was huge: `steps` steps, each traced, with `traceErrors` error findings. */
function huge(steps: number, traceErrors = 0): ScenarioReport {
  const s = looping();
  s.execution_summary = { ...s.execution_summary!, path: ids(steps), total_nodes: steps };
  s.raw_trace = trace(steps);
  s.findings = [...Array.from({ length: traceErrors }, (_, i) => finding('error', i)), ...s.findings, finding('mismatch', -1)];
  s.errors = [
    { source: 'api', message: 'call failed', code: 'API_ERROR' },
    ...Array.from({ length: traceErrors }, (_, i) => ({ source: 'trace' as const, message: `error ${i}` })),
  ];
  s.variable_states = {
    final_state: Object.fromEntries(ids(5_000).map((id, i) => [`${id}_${i}`, i])),
    node_history: Object.fromEntries(ids(1_000).map((id) => [id, { counter: 1 }])),
  };
  return s;
}

describe('fitScenarioReport', () => {
  test('a report within budget is returned as it is, with no truncated key', () => {
    const s = looping();
    assert.equal(fitScenarioReport(s, BUDGET), s);
    assert.equal('truncated' in s, false);
  });

  test('a 100,000-step answer: every growing list keeps its first items, within the budget, and says how many of how many', () => {
    const fitted = fitScenarioReport(huge(100_000), BUDGET);
    const t = fitted.truncated!;
    assert.deepEqual(Object.keys(t).sort(), ['final_state', 'node_history', 'path', 'raw_trace']);
    assert.deepEqual(t.node_history, { shown: Object.keys(fitted.variable_states!.node_history).length, total: 1_000 });
    assert.deepEqual(t.path, { shown: fitted.execution_summary!.path.length, total: 100_000 });
    assert.deepEqual(t.raw_trace, { shown: fitted.raw_trace!.length, total: 100_000 });
    assert.deepEqual(t.final_state, { shown: Object.keys(fitted.variable_states!.final_state).length, total: 5_000 });
    assert.deepEqual(fitted.execution_summary!.path, ids(t.path!.shown), 'the first steps, in order');
    assert.deepEqual(fitted.raw_trace, trace(t.raw_trace!.shown));
    assert.equal(fitted.execution_summary!.total_nodes, 100_000, 'counts are not cut');
    const detail = JSON.stringify([
      fitted.findings,
      fitted.errors,
      fitted.execution_summary!.path,
      fitted.variable_states,
      fitted.raw_trace,
    ]).length;
    assert.ok(detail <= BUDGET * 1.05, `${detail} bytes of detail for a budget of ${BUDGET}`);
    assert.ok(t.raw_trace!.shown > 100, 'the trace gets what the other lists left');
    assert.deepEqual(Object.keys(fitted).slice(5, 7), ['status', 'truncated'], 'truncated comes right after status');
  });

  test('200,000 trace errors: one finding of every kind and the API error are kept, so fail-on still sees them', () => {
    const input = huge(10, 200_000);
    const fitted = fitScenarioReport(input, BUDGET);
    const kinds = new Set(fitted.findings.map((f) => f.kind));
    assert.deepEqual([...kinds].sort(), ['error', 'loop', 'mismatch']);
    assert.equal(fitted.truncated!.findings!.total, input.findings.length);
    assert.equal(fitted.truncated!.findings!.shown, fitted.findings.length);
    assert.equal(fitted.errors[0]?.source, 'api');
    assert.equal(fitted.truncated!.errors!.total, 200_001);
    const summary = summarize({ scenarios: [fitted], problems: [], flowFindings: [], failOn: ['mismatch'], cutShort: null });
    assert.deepEqual(summary.failure_reasons, ['1 scenario with mismatches']);
  });

  test('a cut list of loops still counts every loop in the summary', () => {
    const s = looping();
    const loop = s.state_machine_analysis!.loop_details[0]!;
    s.state_machine_analysis = {
      ...s.state_machine_analysis!,
      loop_details: Array.from({ length: 5_000 }, (_, i) => ({ ...loop, nodeId: `n${i}` })),
    };
    const fitted = fitScenarioReport(s, BUDGET);
    assert.ok(fitted.state_machine_analysis!.loop_details.length < 5_000);
    assert.equal(fitted.truncated!.loop_details!.total, 5_000);
    assert.equal(summarize({ scenarios: [fitted], problems: [], flowFindings: [], failOn: [], cutShort: null }).loops, 5_000);
  });
});

describe('scenarioBudget', () => {
  test('equal shares of the run budget, never more than a scenario may keep', () => {
    assert.equal(scenarioBudget(0), MAX_SCENARIO_DETAIL_BYTES);
    assert.equal(scenarioBudget(1), MAX_SCENARIO_DETAIL_BYTES);
    assert.equal(scenarioBudget(10_000), Math.floor(MAX_RUN_DETAIL_BYTES / 10_000));
    assert.ok(scenarioBudget(10_000) * 10_000 <= MAX_RUN_DETAIL_BYTES);
  });
});
