// The `tags` and `grep` inputs through the built action on the emulator: what runs, what the report, the
// summary and the log say, and how a selection meets sharding and merging.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeWorkspace, runAction } from '../helpers/action.ts';
import { shardOf } from '../../src/simulation/shard.ts';

const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml', scenarios: 'scenarios/*.yaml' };
const workspace = () => makeWorkspace({ flows: 'selection/flows', scenarios: 'selection/scenarios' });
const names = (report: any): string[] => report.scenarios.map((s: { name: string }) => s.name);

describe('selecting scenarios in the action', () => {
  test('file-level tags count: tags menu runs the menu file, !menu everything else; the log has [n/N] lines', async () => {
    const menu = await runAction({ workspace: workspace(), inputs: { ...EMULATOR, tags: 'menu', 'fail-on': 'none' } });
    assert.equal(menu.code, 0, menu.stdout);
    assert.deepEqual(names(menu.report), ['Sales passes', 'Sales fails', 'Counter errors', 'Not yet written']);
    assert.equal(menu.outputs.total, '4', 'deselected scenarios are not counted');
    const progress = menu.stdout.split('\n').filter((l) => /^\[\d\/4\] /.test(l));
    assert.equal(progress.length, 4, menu.stdout);
    assert.deepEqual(progress.map((l) => /^\[\d\/4\] (\S+)/.exec(l)![1]).sort(), ['ERROR', 'FAIL', 'PASS', 'SKIP']);
    assert.match(menu.summary, /^Selected 4 of 5 scenarios by <code>tags menu<\/code>\.$/m);

    const notMenu = await runAction({ workspace: workspace(), inputs: { ...EMULATOR, tags: '!menu' } });
    assert.equal(notMenu.code, 0, notMenu.stdout);
    assert.deepEqual(names(notMenu.report), ['Billing passes']);
    assert.deepEqual(notMenu.report.report_metadata.selection, { tags: ['!menu'], grep: null, selected: 1, total: 5 });
  });

  test('newline-separated tags with an exclusion, and grep on the name', async () => {
    const run = await runAction({ workspace: workspace(), inputs: { ...EMULATOR, tags: 'smoke\nbilling\n!slow', grep: 'passes$' } });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(names(run.report), ['Billing passes', 'Sales passes']);
    assert.equal(run.report.summary.conclusion, 'success', 'the failing scenarios were not selected, so nothing fails');
    assert.match(run.stdout, /^Found 5 scenarios in 2 files; 2 selected by tags smoke, billing, !slow; grep "passes\$"\.$/m);
  });

  test('a selection that matches nothing is a red check with that reason, not a silent green', async () => {
    const run = await runAction({ workspace: workspace(), inputs: { ...EMULATOR, grep: '^Nothing' } });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.outputs.total, '0');
    assert.deepEqual(run.report.summary.failure_reasons, ['the selection (grep "^Nothing") matched none of the 5 scenarios']);
    assert.match(run.summary, /Failing because: the selection \(grep "\^Nothing"\) matched none of the 5 scenarios\./);
    assert.ok(
      run.annotations.some((a) => a.level === 'error' && /matched none of the 5 scenarios/.test(a.message)),
      JSON.stringify(run.annotations),
    );
  });

  test('a bad grep pattern is an input error naming the input and the value', async () => {
    const run = await runAction({ workspace: workspace(), inputs: { ...EMULATOR, grep: '(a)\\1' } });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.report, undefined, 'nothing ran');
    assert.ok(
      run.annotations.some(
        (a) => a.level === 'error' && /Invalid 'grep' "\(a\)\\1": the pattern is not supported: \\1 is a backreference/.test(a.message),
      ),
      JSON.stringify(run.annotations),
    );
  });

  test('selection first, then the shard split: every shard counts the same selection, an empty shard passes, the merge has each selected scenario once', async () => {
    const ws = workspace();
    const inputs = { ...EMULATOR, tags: 'smoke,billing', 'fail-on': 'none', 'job-summary': 'false' };
    const shards = [];
    for (const k of [1, 2, 3, 4])
      shards.push(await runAction({ workspace: ws, inputs: { ...inputs, shard: `${k}/4`, 'report-path': `reports/shard-${k}.yaml` } }));
    const ids = shards.flatMap((r) => r.report.scenarios.map((s: { id: string }) => s.id));
    assert.deepEqual(
      ids.sort(),
      ['scenarios/billing.yaml#0', 'scenarios/menu.yaml#0', 'scenarios/menu.yaml#2'],
      'the three selected scenarios, each in one shard',
    );
    for (const [i, r] of shards.entries()) {
      assert.deepEqual(r.report.report_metadata.selection, { tags: ['smoke', 'billing'], grep: null, selected: 3, total: 5 });
      // Each selected scenario is in the shard its id names, as without a selection.
      for (const s of r.report.scenarios) assert.equal(shardOf(s.id, 4), i + 1);
    }
    const empty = shards.filter((r) => r.report.scenarios.length === 0);
    assert.ok(empty.length >= 1, 'three scenarios in four shards leave one empty');
    for (const r of empty) {
      assert.equal(r.code, 0, r.stdout);
      assert.equal(r.report.summary.conclusion, 'success', 'a shard with none of the selected scenarios has nothing to run');
    }
    const merged = await runAction({ workspace: ws, inputs: { merge: 'reports/*.yaml', 'report-path': 'merged.yaml' } });
    assert.equal(merged.code, 1, 'the error scenario fails the merged conclusion');
    assert.deepEqual(names(merged.report).sort(), ['Billing passes', 'Counter errors', 'Sales passes']);
    assert.deepEqual(merged.report.report_metadata.selection, { tags: ['smoke', 'billing'], grep: null, selected: 3, total: 5 });
    assert.match(merged.summary, /^Selected 3 of 5 scenarios by <code>tags smoke, billing<\/code>\.$/m);
  });
});
