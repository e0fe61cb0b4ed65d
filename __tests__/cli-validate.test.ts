// `cxone-flow-test validate`: the run's loaders and checks, no call. A scripted CXone on loopback with
// credentials in the environment proves no request is made.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { load } from 'js-yaml';
import { makeWorkspace, ROOT, writeFiles } from './helpers/action.ts';
import { CLI, cli } from './helpers/cli.ts';
import { startScriptedApi, type ScriptedApi } from './helpers/scripted-api.ts';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

const GOOD_FLOW =
  'id: menu\nname: Menu\nstart: node_start\nnodes:\n  node_start: { type: Start, next: node_exit }\n  node_exit: { type: Exit }\n';
const GOOD_SCENARIOS = 'flow: menu\nscenarios:\n  - name: straight out\n    expect: { path: [node_start, node_exit], exit: node_exit }\n';
const BROKEN_SCENARIOS = 'flow: menu\nscenarios:\n  - name: typo\n    input: { dtmf: "1" }\n    expected: { exit: node_exit }\n';
const BROKEN_FLOW =
  'id: broken\nname: Broken\nstart: node_start\nnodes:\n  node_start: { type: Start, next: node_exit }\n  node_exit: { type: Exit, colour: red }\n';

let api: ScriptedApi;
after(() => api?.close());

/** validate as a CI step runs it: credentials set, aimed at the scripted CXone, so any call would show. */
async function validate(ws: string, args: string[]) {
  api ??= await startScriptedApi();
  return cli(['validate', '--base-url', api.url, '--allow-insecure-http', 'true', ...args], {
    cwd: ws,
    env: { CXONE_CLIENT_ID: 'id', CXONE_CLIENT_SECRET: 'validate-secret' },
  });
}

describe('cxone-flow-test validate', () => {
  test('a valid set passes and makes no call', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, { 'cxone-flows/menu.yaml': GOOD_FLOW, 'cxone-tests/menu.yaml': GOOD_SCENARIOS });
    const run = await validate(ws, ['--flows', 'cxone-flows/**/*.yaml']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.stdout, 'Valid: 1 scenario in 1 file, 1 flow in 1 file.\n');
    assert.equal(api.hits.length, 0, 'no HTTP request reached the server');
  });

  test('a broken scenario file and a broken flow file fail with file:line: error: key, and no call', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, {
      'cxone-flows/menu.yaml': GOOD_FLOW,
      'cxone-flows/broken.yaml': BROKEN_FLOW,
      'cxone-tests/menu.yaml': GOOD_SCENARIOS,
      'cxone-tests/typo.yaml': BROKEN_SCENARIOS,
    });
    const run = await validate(ws, ['--flows', 'cxone-flows/**/*.yaml']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^cxone-tests\/typo\.yaml:5: error: scenarios\[0\]\.expected: unknown key 'expected' \(did you mean 'expect'\?\)$/m,
    );
    assert.match(run.stdout, /^cxone-flows\/broken\.yaml:6: error: nodes\.node_exit\.colour: /m);
    assert.doesNotMatch(run.stdout, /menu\.yaml/, 'the valid files have nothing to say');
    assert.match(run.stdout, /^Invalid: 2 problems in scenario or flow files \(1 scenario in 2 files, 1 flow in 2 files\)\.$/m);
    assert.equal(api.hits.length, 0, 'no HTTP request reached the server');
  });

  test('a scenario naming a flow no file defines: an error on the emulator, a warning for CXone; no usable flow is an error', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, { 'cxone-flows/menu.yaml': GOOD_FLOW, 'cxone-tests/menu.yaml': GOOD_SCENARIOS.replace('flow: menu', 'flow: mneu') });
    const emulator = await validate(ws, ['--target', 'emulator', '--flows', 'cxone-flows/**/*.yaml']);
    assert.equal(emulator.code, 1, emulator.stdout + emulator.stderr);
    assert.match(
      emulator.stdout,
      /^cxone-tests\/menu\.yaml:1: error: flow: no flow 'mneu' in flows; known: menu \(Menu\).*did you mean 'menu'/m,
    );
    const cxone = await validate(ws, ['--flows', 'cxone-flows/**/*.yaml']);
    assert.equal(cxone.code, 0, cxone.stdout + cxone.stderr);
    assert.match(cxone.stdout, /^cxone-tests\/menu\.yaml:1: warning: flow: no flow 'mneu'/m);
    // validate runs nothing: one line, its own judgement, not also the run's "its scenarios run on CXone".
    assert.equal((cxone.stdout + cxone.stderr).match(/no flow 'mneu'/g)?.length, 1, cxone.stdout + cxone.stderr);
    assert.doesNotMatch(cxone.stderr, /run on CXone|^Warning/m);
    const none = await validate(ws, ['--target', 'emulator', '--flows', 'nothing/**/*.yaml']);
    assert.equal(none.code, 1, none.stdout + none.stderr);
    assert.match(none.stdout, /^error: no flow file matches --flows 'nothing\/\*\*\/\*\.yaml' in /m);
    assert.equal(none.stdout.match(/no flow file matches/g)?.length, 1, `said once: ${none.stdout}`);
    assert.match(none.stdout, /^Invalid: 1 problem in scenario or flow files, no usable flow /m);
    assert.equal(api.hits.length, 0, 'no HTTP request reached the server');
  });

  test("a pattern RE2 cannot run: the user's pattern is cut, the explanation is whole (scenarios and flows)", async () => {
    const ws = makeWorkspace();
    // A JSON string is a YAML double-quoted scalar: the files hold these patterns exactly.
    const short = JSON.stringify(String.raw`(a)\1`);
    const long = JSON.stringify(String.raw`(a)\1` + 'b'.repeat(200));
    writeFiles(ws, {
      'cxone-flows/menu.yaml': GOOD_FLOW.replace(
        'node_start: { type: Start, next: node_exit }',
        `node_start: { type: Start, next: node_if }\n  node_if: { type: Condition, if: { variable: v, op: matches, value: ${short} }, then: node_exit, else: node_exit }`,
      ),
      'cxone-tests/menu.yaml': `flow: menu\nscenarios:\n  - name: short\n    expect: { variables: { v: { matches: ${short} } } }\n  - name: long\n    expect: { variables: { v: { matches: ${long} } } }\n`,
    });
    const run = await validate(ws, ['--target', 'emulator', '--flows', 'cxone-flows/**/*.yaml']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const why = String.raw`is not supported: \1 is a backreference (or an octal escape): patterns run on a linear-time engine (RE2), which has no backreferences, lookahead or lookbehind`;
    const lines = run.stdout.split('\n');
    assert.ok(
      lines.includes(
        `cxone-tests/menu.yaml:4: error: scenarios[0].expect.variables.v.matches: 'expect.variables.v.matches' ${short} ${why}`,
      ),
      run.stdout,
    );
    const cut = lines.find((l) => l.startsWith('cxone-tests/menu.yaml:6: error: '));
    assert.ok(cut?.endsWith(`… (${long.length} characters) ${why}`), cut);
    const flow = lines.find((l) => l.startsWith('cxone-flows/menu.yaml:') && l.includes('backreference'));
    assert.ok(flow?.endsWith(`'if.value' ${short} ${why}`), flow);
    assert.doesNotMatch(run.stdout, /lookbehind… \(\d+ characters\)/);
  });

  test("a target that names no node: once, on its key's line, with the loader's hint", async () => {
    const ws = makeWorkspace();
    const menu =
      'id: menu\nname: Menu\nstart: node_start\nnodes:\n  node_start: { type: Start, next: node_menu }\n  node_menu:\n' +
      '    type: GatherInput\n    options:\n      "1": node_exti\n    noInput: node_exit\n  node_exit: { type: Exit }\n';
    writeFiles(ws, { 'cxone-flows/menu.yaml': menu, 'cxone-tests/menu.yaml': GOOD_SCENARIOS });
    const run = await validate(ws, ['--target', 'emulator', '--flows', 'cxone-flows/**/*.yaml']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^cxone-flows\/menu\.yaml:9: error: flow defect: node_menu: 'option 1' goes to 'node_exti', which is not a node of this flow \(did you mean 'node_exit'\?\)$/m,
    );
    assert.equal((run.stdout + run.stderr).match(/node_exti/g)?.length, 1, `said once: ${run.stdout}${run.stderr}`);
  });

  test('the same problems as a run of the same files', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, {
      'cxone-flows/menu.yaml': GOOD_FLOW,
      'cxone-flows/broken.yaml': BROKEN_FLOW,
      'cxone-flows/dangling.yaml': GOOD_FLOW.replace('id: menu', 'id: dangling').replace('next: node_exit', 'next: node_gone'),
      'cxone-tests/menu.yaml': GOOD_SCENARIOS,
      'cxone-tests/typo.yaml': BROKEN_SCENARIOS,
    });
    const checked = await validate(ws, ['--target', 'emulator', '--flows', 'cxone-flows/**/*.yaml']);
    const run = await cli(['run', '--target', 'emulator', '--flows', 'cxone-flows/**/*.yaml', '--report-path', 'r.yaml'], { cwd: ws });
    assert.equal(checked.code, 1);
    assert.equal(run.code, 1);
    const report = load(readFileSync(path.join(ws, 'r.yaml'), 'utf8')) as {
      problems: { file: string; line: number; key: string }[];
      flow_findings: { file: string; line: number }[];
    };
    assert.ok(report.problems.length >= 2 && report.flow_findings.length >= 1);
    const located = (l: string) => /^\S+:\d+: (error|warning): /.test(l);
    const validateLines = checked.stdout.split('\n').filter(located).sort();
    const runLines = run.stdout.split('\n').filter(located).sort();
    assert.deepEqual(validateLines, runLines, 'validate prints what the run prints about the files');
    for (const p of [...report.problems, ...report.flow_findings])
      assert.ok(
        validateLines.some((l) => l.startsWith(`${p.file}:${p.line}: `)),
        `${p.file}:${p.line}`,
      );
  });

  test("the README's fork step runs validate on the workspace", async () => {
    const step = /^ *- run: node \.cxone-flow-test\/dist\/cli\.js (validate .*)$/m.exec(readme);
    assert.ok(step, "the README shows a step that runs the action checkout's dist/cli.js validate");
    const ws = makeWorkspace();
    writeFiles(ws, { 'cxone-flows/menu.yaml': GOOD_FLOW, 'cxone-tests/menu.yaml': GOOD_SCENARIOS });
    // As the runner does: the step's line through a shell, with the action's repository checked out beside it.
    const command = `"${process.execPath}" "${CLI}" ${step[1]}`;
    const good = await cli(['-c', command], { command: ['sh'], cwd: ws, exactEnv: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(good.code, 0, good.stdout + good.stderr);
    writeFiles(ws, { 'cxone-tests/typo.yaml': BROKEN_SCENARIOS });
    const bad = await cli(['-c', command], { command: ['sh'], cwd: ws, exactEnv: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(bad.code, 1, 'a broken file fails the step');
    assert.match(bad.stdout, /^cxone-tests\/typo\.yaml:5: error: /m);
  });
});
