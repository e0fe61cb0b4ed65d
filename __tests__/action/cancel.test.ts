// Cancellation and timeout-minutes: the report is still written, with what ran and the rest not_run,
// and the summary says the run was cut short.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFlowFile } from '../../src/flow/load.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { FIXTURES, makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';

const credentials = { clientId: 'cancel-test', clientSecret: 'cancel-test-secret-value' };
let emulator: RunningEmulator;

before(async () => {
  const flow = parseFlowFile(readFileSync(path.join(FIXTURES, 'e2e/flows/menu.yaml'), 'utf8'), 'menu.yaml').flow!;
  emulator = await startEmulator({ flows: [flow], credentials, latencyMs: 250 });
});
after(() => emulator.close());

/** 12 scenarios (or `count`), one at a time, 250 ms each: about 3 s of work. */
function slowWorkspace(count = 12): string {
  const ws = makeWorkspace();
  const scenarios = Array.from(
    { length: count },
    (_, i) => `  - name: Scenario ${i + 1}\n    input: { dtmf: "2" }\n    expect: { exit: node_exit }\n`,
  ).join('');
  writeFiles(ws, { 'cxone-tests/slow.yaml': `flow: 11111111-2222-3333-4444-555555555555\nscenarios:\n${scenarios}` });
  return ws;
}

const inputs = () => ({
  'base-url': emulator.url,
  'client-id': credentials.clientId,
  'client-secret': credentials.clientSecret,
  concurrency: '1',
});

describe('a run cut short', () => {
  test('SIGINT then SIGTERM mid-run: the report is written with what ran, the rest not_run', async () => {
    // SIGINT once the second scenario has run (whatever the machine's load), SIGTERM 100 ms later.
    const run = await runAction({
      workspace: slowWorkspace(),
      inputs: inputs(),
      killWhen: /^\[ *2\/\d+\] .* Scenario 2( \(|$)/m,
      kill: { afterMs: 0, signal: 'SIGINT' },
      killAgain: { afterMs: 100, signal: 'SIGTERM' },
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const statuses = run.report.scenarios.map((s: { status: string }) => s.status);
    assert.equal(statuses.length, 12);
    const passed = statuses.filter((s: string) => s === 'passed').length;
    const notRun = statuses.filter((s: string) => s === 'not_run').length;
    assert.ok(passed >= 2 && passed < 12, `some ran: ${statuses}`);
    assert.equal(passed + notRun, 12, `the rest are not_run: ${statuses}`);
    assert.match(run.report.report_metadata.cut_short, /cancelled \(SIGINT\)/);
    assert.equal(run.report.summary.conclusion, 'failure');
    assert.equal(run.outputs.conclusion, 'failure');
    assert.match(run.summary, /The run was cut short/);
    assert.ok(!run.workspaceFiles().some((f) => f.endsWith('.tmp')), 'no temporary file left behind');
  });

  test('signals after the report is written never kill the process: it exits with its own code', async () => {
    // The runner's SIGTERM can land while Node tears down, once the handlers are closed: it used to kill the
    // process about one run in three (exit code null). Ten runs, the second signal 0 to 45 ms after the first.
    const codes: (number | null)[] = [];
    for (let i = 0; i < 10; i++) {
      const run = await runAction({
        workspace: slowWorkspace(1),
        inputs: inputs(),
        killWhen: /Report written/,
        kill: { afterMs: 0, signal: 'SIGTERM' },
        killAgain: { afterMs: i * 5, signal: 'SIGTERM' },
      });
      codes.push(run.code);
      assert.ok(run.report, 'the report was written');
    }
    assert.deepEqual(codes, Array(10).fill(0), 'a passing run exits 0 whatever comes after it');
  });

  test('timeout-minutes: past it no new scenario starts, the report says so', async () => {
    const run = await runAction({ workspace: slowWorkspace(), inputs: { ...inputs(), 'timeout-minutes': '0.02' } });
    assert.equal(run.code, 1);
    const notRun = run.report.scenarios.filter((s: { status: string }) => s.status === 'not_run');
    assert.ok(notRun.length >= 1 && notRun.length < 12, `${notRun.length} not run`);
    assert.match(notRun[0].reason, /timeout-minutes/);
    assert.match(run.report.report_metadata.cut_short, /timeout-minutes/);
  });
});
