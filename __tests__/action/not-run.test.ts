// A scenario that is not run fails the run, and every view says so (README, What a run tells you): JUnit has it as
// an error (a test reporter's check goes red), the action annotates its line, the `not-run` output counts
// it, the CLI's table lists it with the failures (and under --only-failures) and prints its reason whole.
// When the run was cut short, its not-run scenarios are still errors in JUnit and failures in the table,
// but they share the run's one reason: no annotation each.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import { cli } from '../helpers/cli.ts';

const MENU = '11111111-2222-3333-4444-555555555555';
/** In file order: a pass, a flow id with a typo (line 7), a pass. */
const SCENARIOS = `flow: ${MENU}
scenarios:
  - name: Sales
    input: { dtmf: "1" }
    expect: { exit: node_exit }
  - name: Typo in the flow id
    flow: 11111111-2222-3333-4444-55555555555
    input: { dtmf: "1" }
  - name: Support
    input: { dtmf: "2" }
    expect: { exit: node_exit }
`;

function workspace(files: Record<string, string> = { 'cxone-tests/s.yaml': SCENARIOS }): string {
  const dir = makeWorkspace({ flows: 'e2e/flows' });
  writeFiles(dir, files);
  return dir;
}

const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml', 'upload-artifact': 'false', 'junit-path': 'junit.xml' };

/** The <testcase> of a scenario, by name, from the JUnit file. */
function junitCase(xml: string, name: string): string {
  return new RegExp(`<testcase [^>]*name="${name}"[^]*?</testcase>`).exec(xml)?.[0] ?? '';
}

describe('a scenario not run fails the run in every view', { timeout: 120_000 }, () => {
  test('the action: a JUnit error, an error annotation on its line, the not-run output', async () => {
    const run = await runAction({ workspace: workspace(), inputs: EMULATOR });
    assert.equal(run.code, 1, run.stdout);
    assert.deepEqual(
      run.report.scenarios.map((s: any) => s.status),
      ['passed', 'not_run', 'passed'],
    );
    const xml = readFileSync(path.join(run.workspace, 'junit.xml'), 'utf8');
    assert.match(xml, /<testsuite name="cxone-tests\/s\.yaml" tests="3" failures="0" errors="1" skipped="0"/);
    const typo = junitCase(xml, 'Typo in the flow id');
    assert.match(
      typo,
      /<error type="NOT_RUN" message="not run: no flow &apos;11111111-2222-3333-4444-55555555555&apos; in flows; known: .*did you mean/,
    );
    assert.doesNotMatch(typo, /<skipped/);
    const notRun = run.annotations.filter((a) => a.title === 'Not run: Typo in the flow id');
    assert.equal(notRun.length, 1, JSON.stringify(run.annotations));
    assert.deepEqual([notRun[0]!.level, notRun[0]!.file, notRun[0]!.line], ['error', 'cxone-tests/s.yaml', 6]);
    assert.match(notRun[0]!.message, /^no flow '11111111-2222-3333-4444-55555555555' in flows; known: /);
    assert.deepEqual(
      [run.outputs['not-run'], run.outputs['errored'], run.outputs['failed'], run.outputs['passed'], run.outputs['total']],
      ['1', '0', '0', '2', '3'],
    );
    assert.equal(run.outputs['conclusion'], 'failure');
  });

  test('the CLI: listed with the failures first, shown by --only-failures, its reason whole below the table', async () => {
    const dir = workspace();
    const all = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml'], { cwd: dir });
    assert.equal(all.code, 1, all.stderr);
    const rows = all.stdout.split('\n').filter((l) => /^(PASS|FAIL|ERROR|NOT RUN|SKIP)\b/.test(l));
    assert.deepEqual(
      rows.map((r) => r.split(/\s{2,}/)[0]),
      ['NOT RUN', 'PASS', 'PASS'],
      all.stdout,
    );
    const reason: string = readReport(dir).scenarios[1].reason;
    assert.ok(reason.length > 120, 'long enough to be clipped in the table');
    assert.ok(all.stdout.includes(`  cxone-tests/s.yaml:6: error: Typo in the flow id: not run: ${reason}\n`), all.stdout);
    const failures = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml', '--only-failures'], { cwd: dir });
    const shown = failures.stdout.split('\n').filter((l) => /^(PASS|FAIL|ERROR|NOT RUN|SKIP)\b/.test(l));
    assert.deepEqual(
      shown.map((r) => r.split(/\s{2,}/).slice(0, 2)),
      [['NOT RUN', 'Typo in the flow id']],
      failures.stdout,
    );
    assert.match(failures.stdout, /^2 other scenarios not shown \(--only-failures\)\.$/m);
  });

  test("a run cut short (no usable flow): JUnit errors and failing rows, but the run's one reason, not an annotation each", async () => {
    const files = {
      'cxone-tests/s.yaml': SCENARIOS,
      'flows/menu.yaml': 'id: broken\n',
      'flows/buggy.yaml': 'id: broken-2\n',
      'flows/loop.yaml': 'id: broken-3\n',
    };
    const run = await runAction({ workspace: workspace(files), inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.deepEqual(
      run.report.scenarios.map((s: any) => s.status),
      ['not_run', 'not_run', 'not_run'],
    );
    assert.match(run.report.report_metadata.cut_short, /^no usable flow: /);
    const xml = readFileSync(path.join(run.workspace, 'junit.xml'), 'utf8');
    assert.match(xml, /<testsuite name="cxone-tests\/s\.yaml" tests="3" failures="0" errors="3" skipped="0"/, xml);
    assert.equal((xml.match(/<error type="NOT_RUN"/g) ?? []).length, 3);
    assert.deepEqual(
      run.annotations.filter((a) => a.title?.startsWith('Not run:')),
      [],
      'the run failure says it once',
    );
    assert.ok(run.annotations.some((a) => a.level === 'error' && /run cut short: no usable flow/.test(a.message)));
    assert.equal(run.outputs['not-run'], '3');
    assert.equal(run.stdout.split('\n').filter((l) => /^NOT RUN\s/.test(l)).length, 3, 'failing rows in the table');
    assert.doesNotMatch(run.stdout, /error: [^:]+: not run: no usable flow/, "the reason is said once, as the run's");
    assert.match(run.stdout, /^Failing because: .*; run cut short: no usable flow: /m);
  });
});

function readReport(dir: string): any {
  return load(readFileSync(path.join(dir, 'cxone-flow-report.yaml'), 'utf8'));
}
