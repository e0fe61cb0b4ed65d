import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DebugResponse } from '../../src/domain/wire.ts';
import { createReportCollector } from '../../src/report/collect.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import type { Execution } from '../../src/domain/execution.ts';

const { scenarios } = parseScenarioFile(
  `flow: f
scenarios:
  - name: ran
    expect: { path: [a, b, c], exit: c }
  - name: failed
  - name: never reached
`,
  'cxone-tests/collect.yaml',
);

const STEPS = 100_000;
const response: DebugResponse = {
  path: ['a', 'b', ...Array.from({ length: STEPS - 3 }, () => 'b'), 'c'],
  variables: { secret_pin: 'pin-9q8w', counter: 1 },
  exitNode: 'c',
  duration: 10,
  trace: Array.from({ length: STEPS }, (_, i) => ({
    nodeId: i === 0 ? 'a' : i === STEPS - 1 ? 'c' : 'b',
    type: 'Play',
    timestamp: i,
    variables: { secret_pin: 'pin-9q8w' },
  })),
};

describe('createReportCollector', () => {
  test('each execution is analysed as it arrives; the runner keeps a digest without the answer; the reports come in scenario order', () => {
    const collector = createReportCollector({ loopThreshold: 3, redactVariables: ['secret_*'] }, scenarios);
    const failed: Execution = {
      kind: 'failed',
      code: 'SERVER_ERROR',
      status: 500,
      message: 'POST /debug answered 500',
      attempts: 2,
      elapsedMs: 5,
      trace: response.trace,
    };
    const digestOfFailed = collector.add(1, failed);
    const digest = collector.add(0, { kind: 'completed', response, attempts: 1, elapsedMs: 7 });
    assert.deepEqual(digest, {
      kind: 'completed',
      attempts: 1,
      elapsedMs: 7,
      response: { path: [], variables: {}, exitNode: 'c', duration: 10, trace: [] },
    });
    assert.equal('trace' in digestOfFailed, false);
    const { scenarios: reports, visits } = collector.finish([digest, digestOfFailed, undefined]);
    assert.deepEqual(
      reports.map((r) => [r.name, r.status]),
      [
        ['ran', 'failed'],
        ['failed', 'error'],
        ['never reached', 'not_run'],
      ],
    );
    assert.equal(reports[2]!.reason, 'the run stopped before this scenario started');
    const ran = reports[0]!;
    assert.equal(ran.execution_summary!.total_nodes, STEPS, 'analysed from the full answer');
    assert.equal(ran.state_machine_analysis!.has_loops, true);
    assert.equal(ran.truncated!.raw_trace!.total, STEPS, 'cut to the budget');
    assert.equal(ran.variable_states!.final_state['secret_pin'], '***', 'redact-variables applies');
    assert.ok(!JSON.stringify(reports).includes('pin-9q8w'));
    assert.deepEqual([...visits.flows.get('f')!.names].sort(), ['a', 'b', 'c'], 'coverage visits of completed runs only');
  });

  test('a scenario the runner settled is not analysed again at finish', () => {
    const collector = createReportCollector({ loopThreshold: 3, redactVariables: [] }, scenarios.slice(2));
    collector.add(0, { kind: 'skipped', reason: 'skip: true' });
    const { scenarios: reports } = collector.finish([{ kind: 'not_run', reason: 'would be wrong' }]);
    assert.equal(reports[0]!.status, 'skipped');
  });
});
