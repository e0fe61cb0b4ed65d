// baseline-report's diff (report/baseline-diff.ts): scenarios of two reports matched by file and name, and
// what a hostile or odd report (names used twice) does to the pairing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffAgainstBaseline } from '../../src/report/baseline-diff.ts';
import type { ScenarioReport } from '../../src/report/model.ts';

function scenario(name: string, dtmf: string, path: string[]): ScenarioReport {
  return {
    id: `${name}-${dtmf}`,
    name,
    file: 'cxone-tests/menu.yaml',
    line: 1,
    flow_id: 'menu',
    status: 'passed',
    tags: [],
    input: { dtmf, speech: '' },
    findings: [],
    execution_summary: {
      exit_node: path.at(-1) ?? null,
      total_nodes: path.length,
      simulation_duration_ms: 1,
      attempts: 1,
      path,
      routing_valid: true,
      routing_mismatches: [],
    },
    errors: [],
  };
}

const diff = (before: ScenarioReport[], after: ScenarioReport[]) =>
  diffAgainstBaseline({
    baseline: { scenarios: before, coverage: [] },
    reportPath: 'baseline.yaml',
    scenarios: after,
    coverage: [],
    redacted: () => false,
  });

test('a name used twice in a file: each is paired with the same occurrence in the baseline, not both with the first', () => {
  const sales = ['s', 'menu', 'sales', 'x'];
  const support = ['s', 'menu', 'support', 'x'];
  const same = [scenario('Menu', '1', sales), scenario('Menu', '2', support)];
  const unchanged = diff(same, same);
  assert.deepEqual([unchanged.changed, unchanged.unchanged], [0, 2], JSON.stringify(unchanged.changes));
  // The second one re-routed: only it is reported, against its own earlier run.
  const moved = diff(same, [same[0]!, scenario('Menu', '2', ['s', 'menu', 'priority', 'x'])]);
  assert.deepEqual([moved.changed, moved.unchanged], [1, 1]);
  assert.deepEqual(moved.changes[0]!.input, { dtmf: '2', speech: '' });
  // A third occurrence only the baseline has is removed.
  const gone = diff([...same, scenario('Menu', '3', sales)], same);
  assert.deepEqual(
    gone.changes.map((c) => [c.code, c.input.dtmf]),
    [['REMOVED', '3']],
  );
});
