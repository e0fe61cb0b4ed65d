// Flow problems are caught before any call (README, Flow definitions): a `flows` glob that matches nothing, or flow files
// that are all unusable, end the run at once with the reason, on the emulator and on CXone (no request
// reaches the scripted CXone); an unknown flow id on the emulator is `not_run` with the known ids and a
// typo hint; the `emulator` command refuses to start without a usable flow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { ROOT, makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import { startScriptedApi, type ScriptedApi } from '../helpers/scripted-api.ts';

const MENU = '11111111-2222-3333-4444-555555555555';
const SCENARIOS = `flow: ${MENU}
scenarios:
  - name: Option 1 routes to sales
    input: { dtmf: "1" }
    expect: { exit: node_exit }
  - name: Option 2 routes to support
    input: { dtmf: "2" }
    expect: { exit: node_exit }
  - name: Skipped one
    skip: true
`;
const BAD_FLOWS = {
  'flows/typo.yaml': 'id: bad-1\nstart: a\nnodes:\n  a: { type: Stat }\n',
  'flows/shape.yaml': 'id: bad-2\nnodes: 3\n',
};

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // A started emulator would serve until signalled: the test's timeout is the guard, and this ends it.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function cliReport(cwd: string): any {
  return load(readFileSync(path.join(cwd, 'cxone-flow-report.yaml'), 'utf8'));
}

/** The scenarios that a refused run reports: not_run with the reason, the skipped one still skipped. */
function assertRefused(report: any, reason: RegExp): void {
  assert.deepEqual(
    report.scenarios.map((s: any) => s.status),
    ['not_run', 'not_run', 'skipped'],
  );
  for (const s of report.scenarios.slice(0, 2)) assert.match(s.reason, reason);
  assert.match(report.report_metadata.cut_short, reason);
  assert.equal(report.summary.conclusion, 'failure');
  assert.ok(
    report.summary.failure_reasons.some((r: string) => /^run cut short: no usable flow/.test(r)),
    report.summary.failure_reasons.join('; '),
  );
}

let scripted: ScriptedApi | undefined;
after(() => scripted?.close());

describe('flows: caught before any call', { timeout: 120_000 }, () => {
  test('emulator, a glob that matches nothing: no emulator, no call, the glob named in every not_run and in cut_short', async () => {
    const workspace = makeWorkspace();
    writeFiles(workspace, { 'cxone-tests/s.yaml': SCENARIOS });
    const run = await cli(['run', '--target', 'emulator', '--flows', 'cxone-flow/*.yaml'], workspace);
    assert.equal(run.code, 1, run.stderr);
    assertRefused(cliReport(workspace), /^no usable flow: no flow file matches --flows 'cxone-flow\/\*\.yaml' in /);
    assert.match(run.stderr, /No scenario runs and no call is made: no usable flow/);
    assert.doesNotMatch(run.stderr, /Started the built-in Flow Debug API emulator/);
    assert.doesNotMatch(run.stdout + run.stderr, /\b404\b|FLOW_NOT_FOUND/);
  });

  test('emulator, every flow file unusable: the first problem in full, the next ones with their words', async () => {
    const workspace = makeWorkspace();
    writeFiles(workspace, { 'cxone-tests/s.yaml': SCENARIOS, ...BAD_FLOWS });
    const run = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml'], workspace);
    assert.equal(run.code, 1, run.stderr);
    const report = cliReport(workspace);
    assertRefused(
      report,
      /^no usable flow: none of the 2 files that --flows matched can be used: flows\/shape\.yaml:1: a flow definition needs 'start'; also flows\/shape\.yaml:2: 'nodes' must be a map, got 3; flows\/typo\.yaml:4: node 'a': 'type' must be one of Start, .*, got "Stat" \(did you mean 'Start'\?\)$/,
    );
    assert.deepEqual(
      report.problems.map((p: any) => `${p.file}:${p.line}`),
      ['flows/shape.yaml:1', 'flows/shape.yaml:2', 'flows/typo.yaml:4'],
      'every problem is in the report',
    );
  });

  test("one unusable file: it 'cannot be used', and a second problem on the same line is said by its words, not by a bare 'also file:line'", async () => {
    const workspace = makeWorkspace();
    writeFiles(workspace, { 'cxone-tests/s.yaml': SCENARIOS, 'bad.yaml': 'id: x\n' });
    const run = await cli(['run', '--target', 'emulator', '--flows', 'bad.yaml'], workspace);
    assert.equal(run.code, 1, run.stderr);
    const reason = cliReport(workspace).report_metadata.cut_short;
    assert.equal(
      reason,
      "no usable flow: the one file that --flows matched cannot be used: bad.yaml:1: a flow definition needs 'start'; also a flow definition needs 'nodes'",
    );
    assert.doesNotMatch(reason, /can be used|also bad\.yaml:1(?!:)/);
    const action = await runAction({ workspace, inputs: { target: 'emulator', flows: 'bad.yaml', 'upload-artifact': 'false' } });
    assert.match(
      action.report.report_metadata.cut_short,
      /^no usable flow: the one file that 'flows' matched cannot be used: bad\.yaml:1: /,
    );
  });

  test('target api with flows that match nothing, or are all unusable: not one request reaches CXone', async () => {
    scripted = await startScriptedApi();
    for (const files of [{}, BAD_FLOWS]) {
      const workspace = makeWorkspace();
      writeFiles(workspace, { 'cxone-tests/s.yaml': SCENARIOS, ...files });
      const run = await runAction({
        workspace,
        inputs: { 'base-url': scripted.url, 'client-id': 'id', 'client-secret': 'secret', flows: 'flows/*.yaml' },
      });
      assert.equal(run.code, 1, run.stdout);
      assertRefused(run.report, /^no usable flow: /);
      assert.equal(run.outputs.conclusion, 'failure');
    }
    assert.deepEqual(
      scripted.hits.map((h) => h.path),
      [],
      'no token request, no debug call, no graph read',
    );
  });

  test('target api, a scenario flow that no file defines: it still runs on CXone, with a warning', async () => {
    scripted ??= await startScriptedApi();
    const before = scripted.hits.length;
    const workspace = makeWorkspace({ flows: 'e2e/flows' });
    writeFiles(workspace, { 'cxone-tests/s.yaml': SCENARIOS.replace(MENU, 'cxone-only-flow') });
    const run = await runAction({
      workspace,
      inputs: { 'base-url': scripted.url, 'client-id': 'id', 'client-secret': 'secret', flows: 'flows/*.yaml' },
    });
    assert.deepEqual(
      run.report.scenarios.map((s: any) => s.status),
      ['passed', 'passed', 'skipped'],
      run.stdout,
    );
    assert.equal(scripted.hits.slice(before).filter((h) => h.path === '/api/v2/flows/debug').length, 2);
    assert.match(
      run.stdout,
      /Warning: no flow 'cxone-only-flow' in flows; known: .*\. Its 2 scenarios run on CXone, without static checks or coverage of that flow\./,
    );
  });

  test('emulator, an unknown flow id: not_run with the known flows and the nearest id; the rest run', async () => {
    const workspace = makeWorkspace({ flows: 'e2e/flows' });
    const extra = Array.from({ length: 4 }, (_, i) => [`flows/extra-${i}.yaml`, `id: extra-${i}\nstart: s\nnodes:\n  s: { type: Exit }\n`]);
    writeFiles(workspace, {
      ...Object.fromEntries(extra),
      'cxone-tests/s.yaml': `${SCENARIOS}  - name: A typo in the id
    flow: 11111111-2222-3333-4444-55555555555
    input: { dtmf: "1" }
  - name: The flow's name for its id
    flow: E2E menu
    input: { dtmf: "1" }
`,
    });
    const run = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml'], workspace);
    assert.equal(run.code, 1);
    const report = cliReport(workspace);
    assert.deepEqual(
      report.scenarios.map((s: any) => s.status),
      ['passed', 'passed', 'skipped', 'not_run', 'not_run'],
      run.stderr,
    );
    const [typo, byName] = report.scenarios.slice(3);
    // In file order (buggy, extra-0..3, loop, menu), five are listed, the others counted; the hint names the one meant.
    const known = 'known: 22222222-2222-3333-4444-555555555555 (E2E buggy menu), extra-0, extra-1, extra-2, extra-3, and 2 more';
    assert.equal(typo.reason, `no flow '11111111-2222-3333-4444-55555555555' in flows; ${known} (did you mean '${MENU}'?)`);
    assert.equal(
      byName.reason,
      `no flow 'E2E menu' in flows; ${known} (that is the name of flow '${MENU}': scenarios name a flow by its id)`,
    );
    assert.equal(typo.execution_summary, undefined, 'no call was made for it');
    assert.equal(report.report_metadata.cut_short, null, 'the run was not cut short');
    assert.ok(report.summary.failure_reasons.includes('2 scenarios not run'), report.summary.failure_reasons.join('; '));
    assert.doesNotMatch(run.stdout + run.stderr, /\b404\b|FLOW_NOT_FOUND/);
  });

  test('the emulator command with no usable flow does not start: exit 2, naming the glob or the problems', async () => {
    const workspace = makeWorkspace();
    const none = await cli(['emulator', '--flows', 'cxone-flow/*.yaml', '--port', '0'], workspace);
    assert.equal(none.code, 2);
    assert.equal(none.stderr.match(/no flow file matches/g)?.length, 1, `said once: ${none.stderr}`);
    assert.match(
      none.stderr,
      /^error: the emulator does not start: no usable flow: no flow file matches --flows 'cxone-flow\/\*\.yaml' in /m,
    );
    assert.doesNotMatch(none.stdout, /listening/);
    writeFiles(workspace, BAD_FLOWS);
    const bad = await cli(['emulator', '--flows', 'flows/*.yaml', '--port', '0'], workspace);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^flows\/typo\.yaml:4: error: node 'a': 'type' must be one of Start, .*, got "Stat" \(did you mean 'Start'\?\)$/m,
      'each problem with file:line',
    );
    assert.match(
      bad.stderr,
      /the emulator does not start: no usable flow: none of the 2 files that --flows matched can be used: flows\/shape\.yaml:1: /,
    );
    assert.doesNotMatch(bad.stdout, /listening/);
  });
});

describe('a retry loop the flow bounds', { timeout: 120_000 }, () => {
  // Four tries with a counter: node_menu runs four times, one over the default loop-threshold of 3.
  const FLOW = `id: four-tries
start: node_start
nodes:
  node_start: { type: Start, next: node_menu }
  node_menu: { type: GatherInput, options: { "1": node_exit }, noMatch: node_retry, noInput: node_retry }
  node_retry: { type: SetVariable, increment: attempt_count, next: node_check }
  node_check:
    type: Condition
    if: { variable: attempt_count, op: gte, value: 4 }
    then: node_exit
    else: node_menu
  node_exit: { type: Exit }
`;
  const scenario = (extra: string, expect = '{ exit: node_exit }') => `flow: four-tries
scenarios:
  - name: Four silent tries
    input: { dtmf: "" }
${extra}    expect: ${expect}
`;

  const run = async (extra: string, expect?: string) => {
    const workspace = makeWorkspace();
    writeFiles(workspace, { 'flows/four.yaml': FLOW, 'cxone-tests/s.yaml': scenario(extra, expect) });
    const result = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml'], workspace);
    return { result, scenario: cliReport(workspace).scenarios[0] };
  };
  const loopMessage = (s: any): string => s.findings.find((f: any) => f.code === 'LOOP_DETECTED')?.message ?? '';

  test('the finding says which key accepts it, and each key it names does', async () => {
    const plain = await run('');
    assert.equal(plain.result.code, 1);
    assert.equal(plain.scenario.status, 'failed');
    assert.match(
      loopMessage(plain.scenario),
      /^retry loop at node_menu: .*4 visits.*; if the flow bounds this retry on purpose, set loopThreshold: 4 on the scenario, or set expect\.loops: true to test the retry guard itself$/,
    );

    const threshold = await run('    loopThreshold: 4\n');
    assert.equal(threshold.scenario.status, 'passed', JSON.stringify(threshold.scenario.findings));
    assert.equal(threshold.result.code, 0);
    const guard = await run('', '{ exit: node_exit, loops: true }');
    assert.equal(guard.scenario.status, 'passed', JSON.stringify(guard.scenario.findings));
    assert.equal(guard.result.code, 0);
  });

  test('expect.loops: false keeps only the threshold hint; an infinite loop gets none', async () => {
    const noLoops = await run('', '{ exit: node_exit, loops: false }');
    assert.match(loopMessage(noLoops.scenario), /; if the flow bounds this retry on purpose, set loopThreshold: 4 on the scenario$/);
    const workspace = makeWorkspace({ flows: 'e2e/flows' });
    writeFiles(workspace, {
      'cxone-tests/s.yaml': 'flow: 33333333-2222-3333-4444-555555555555\nscenarios:\n  - name: Forever\n    input: { dtmf: "" }\n',
    });
    await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml'], workspace);
    const forever = loopMessage(cliReport(workspace).scenarios[0]);
    assert.match(forever, /^infinite loop at node_menu/);
    assert.doesNotMatch(forever, /loopThreshold|expect\.loops/);
  });
});
