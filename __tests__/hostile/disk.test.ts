// A broken disk and broken configuration (README, Guarantees): the report cannot be written, a symlink sits at
// report-path, an input is bad or a secret is missing. Whatever failed, the spawned action still sets
// the outputs a workflow branches on (conclusion: failure), writes a summary line that says what and
// where, keeps its annotations, fails the step, and leaves no temporary file behind. Tests run as
// root, where a read-only directory does not stop a write: a directory at report-path (EISDIR) and a
// path under a regular file fail for root too.
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { makeWorkspace, runAction, type ActionRun } from '../helpers/action.ts';

const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml' };

function workspace(scenario = 'pass.yaml'): string {
  return makeWorkspace({ flows: 'e2e/flows', [`cxone-tests/${scenario}`]: `e2e/scenarios/${scenario}` });
}

function assertNoTemporaryFile(run: ActionRun): void {
  const left = run.workspaceFiles().filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(left, [], 'no temporary file left behind');
}

describe('a report that cannot be written', { timeout: 120_000 }, () => {
  test('a directory at report-path: outputs with the counts, a summary line naming the path, annotations', async () => {
    const ws = workspace('mismatch.yaml');
    mkdirSync(path.join(ws, 'cxone-flow-report.yaml'));
    const run = await runAction({ workspace: ws, inputs: EMULATOR });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual(
      {
        conclusion: run.outputs.conclusion,
        total: run.outputs.total,
        passed: run.outputs.passed,
        failed: run.outputs.failed,
        reportPath: run.outputs['report-path'],
      },
      { conclusion: 'failure', total: '2', passed: '1', failed: '1', reportPath: '' },
    );
    assert.match(run.summary, /could not write the report to cxone-flow-report\.yaml: EISDIR/);
    assert.ok(
      run.annotations.some((a) => a.file === 'cxone-tests/mismatch.yaml' && a.level === 'error'),
      'the finding is still annotated',
    );
    assert.ok(
      run.annotations.some((a) => !a.file && /could not write the report to cxone-flow-report\.yaml: EISDIR/.test(a.message)),
      'setFailed names the path',
    );
    assertNoTemporaryFile(run);
  });

  test('a passing run whose report path is under a regular file fails; the other formats are still written', async () => {
    const ws = workspace('pass.yaml');
    writeFileSync(path.join(ws, 'somefile'), 'a regular file\n');
    const run = await runAction({
      workspace: ws,
      inputs: { ...EMULATOR, 'report-path': 'somefile/report.yaml', 'junit-path': 'junit.xml' },
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.outputs.passed, '3', "the counts are the run's");
    // mkdir says EEXIST for `somefile` itself, ENOTDIR for a path deeper under it.
    assert.match(run.summary, /could not write the report to somefile\/report\.yaml: (EEXIST|ENOTDIR) \(/);
    assert.match(readFileSync(path.join(ws, 'junit.xml'), 'utf8'), /<testsuites/);
    assert.ok(
      run.annotations.some((a) => a.level === 'warning' && a.file?.startsWith('flows/')),
      'flow findings are still annotated',
    );
    assertNoTemporaryFile(run);
  });

  test('a symlink at report-path is replaced by the report, never written through', async () => {
    const ws = workspace('pass.yaml');
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'cxft-victim-'));
    const victim = path.join(elsewhere, 'victim.txt');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, path.join(ws, 'cxone-flow-report.yaml'));
    const run = await runAction({ workspace: ws, inputs: EMULATOR });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'untouched\n');
    assert.ok(!lstatSync(path.join(ws, 'cxone-flow-report.yaml')).isSymbolicLink());
    assert.equal(run.report.summary.conclusion, 'success');
    assert.deepEqual(readdirSync(elsewhere), ['victim.txt'], 'nothing was created beside the link target');
    assertNoTemporaryFile(run);
  });

  test('a report path whose directory is a symlink out of the workspace is refused', async () => {
    const ws = workspace('pass.yaml');
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'cxft-elsewhere-'));
    symlinkSync(elsewhere, path.join(ws, 'reports'));
    const run = await runAction({ workspace: ws, inputs: { ...EMULATOR, 'report-path': 'reports/sub/report.yaml' } });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.match(run.summary, /could not write the report to reports\/sub\/report\.yaml: its directory resolves outside the workspace/);
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing was written through the link');
  });
});

describe('a configuration error', { timeout: 120_000 }, () => {
  for (const [name, inputs, input] of [
    ['a bad input (concurrency: abc)', { ...EMULATOR, concurrency: 'abc' }, /Invalid 'concurrency' "abc"/],
    ['a missing client-secret with target: api', { target: 'api', 'client-id': 'some-id' }, /Input 'client-secret' is empty/],
  ] as const) {
    test(`${name}: outputs conclusion=failure with zero counts, a summary line, exit code 1`, async () => {
      const ws = workspace('pass.yaml');
      const run = await runAction({ workspace: ws, inputs });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.deepEqual(run.outputs, {
        total: '0',
        passed: '0',
        failed: '0',
        errored: '0',
        'not-run': '0',
        loops: '0',
        'expected-loops': '0',
        conclusion: 'failure',
        'report-path': '',
        'artifact-id': '',
        changed: '',
        unchanged: '',
      });
      assert.match(run.summary, /cxone-flow-test could not start: /);
      assert.match(run.summary, input);
      assert.ok(
        run.annotations.some((a) => a.level === 'error' && input.test(a.message)),
        'setFailed',
      );
      assert.equal(run.reportText, '', 'no report without settings');
    });
  }
});
