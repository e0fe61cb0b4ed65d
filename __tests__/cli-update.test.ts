// `cxone-flow-test run --update` as a user runs it (`node dist/cli.js`): on the emulator and against a scripted
// CXone on loopback (approval testing of a live flow), the file rewritten where its expectations failed, and
// nowhere else; `expect: record`; the values it leaves alone, and why.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { load } from 'js-yaml';
import { makeWorkspace, writeFiles } from './helpers/action.ts';
import { cli } from './helpers/cli.ts';
import { sendJson, startScriptedApi, type ScriptedApi } from './helpers/scripted-api.ts';
import { locateValue } from '../src/yaml/ranges.ts';
import { RECORD_REFUSAL } from '../src/run.ts';

const FLOW_ID = '11111111-2222-3333-4444-555555555555';
const EMULATOR = ['run', '--target', 'emulator', '--flows', 'flows/*.yaml', '--scenarios', 'scenarios/*.yaml'];

const MAIN = `# Main menu: the support and sales lines.
flow: ${FLOW_ID}
variables: &defaults { test_mode: true }   # an anchor, used below
tags: [menu]

scenarios:
  - name: "Press 2: support"      # the support path
    input: { dtmf: "2" }
    expect:
      # the support queue, after the menu
      path: [node_start, node_menu, node_route_sales, node_exit]
      exit: node_exit
      variables:
        selected_option: '1'
        test_mode: true
  - name: Billing by speech
    input: { speech: "billing please" }
    variables: *defaults
    expect:
      path: { contains: [node_route_billing] }   # a pattern that holds
      exit: node_exit
  - name: 'Press 1: sales'
    input: { dtmf: "1" }
    expect: { path: [node_start, node_menu, node_route_billing, node_exit], exit: node_exit }
`;

function workspace(files: Record<string, string>): string {
  const ws = makeWorkspace({ 'flows/menu.yaml': 'e2e/flows/menu.yaml' });
  writeFiles(ws, files);
  return ws;
}

const read = (ws: string, file: string) => readFileSync(path.join(ws, file), 'utf8');

/** The lines of `after` that differ from `before`, by line number (same line count). */
function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(b.length, a.length, 'the same number of lines');
  return a.flatMap((line, i) => (line === b[i] ? [] : [i + 1]));
}

/** 1-based lines the expect value of scenario `index` spans in `text`. */
function expectLines(text: string, index: number): number[] {
  const found = locateValue(text, ['scenarios', index, 'expect']);
  assert.ok(found.ok);
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  const first = line(found.span.start);
  return Array.from({ length: line(found.span.end) - first + 1 }, (_, i) => first + i);
}

let api: ScriptedApi | undefined;
after(() => api?.close());

describe('run --update', () => {
  test('round trip on the emulator: the two failing expectations are rewritten, nothing else, and the file then passes', async () => {
    const ws = workspace({ 'scenarios/main.yaml': MAIN });
    const plain = await cli(EMULATOR, { cwd: ws });
    assert.match(
      plain.stdout,
      /^If the flow is right and the expectations are out of date, run again with --update to rewrite those of the 2 failing scenarios\.$/m,
    );
    assert.equal(read(ws, 'scenarios/main.yaml'), MAIN, 'a run without --update writes nothing');
    const first = await cli([...EMULATOR, '--update'], { cwd: ws });
    assert.equal(first.code, 1, 'the run itself failed against the expectations as they were');
    assert.match(first.stdout, /^FAILED: 3 scenarios, 1 passed, 2 failed/m);
    assert.match(
      first.stdout,
      /^Updated scenarios\/main\.yaml: 2 scenarios \(Press 2: support — path, variables; Press 1: sales — path\)\.$/m,
    );
    const updated = read(ws, 'scenarios/main.yaml');
    const changed = changedLines(MAIN, updated);
    const allowed = new Set([...expectLines(MAIN, 0), ...expectLines(MAIN, 2)]);
    assert.ok(changed.length > 0 && changed.every((l) => allowed.has(l)), `changed lines ${changed} are in the two expect values`);
    assert.deepEqual(changed, [11, 14, 24], 'the path and the variable of the first, the flow map of the third');
    const data = load(updated) as { scenarios: { expect: unknown }[] };
    assert.deepEqual(data.scenarios[0]!.expect, {
      path: ['node_start', 'node_menu', 'node_route_support', 'node_exit'],
      exit: 'node_exit',
      variables: { selected_option: '2', test_mode: true },
    });
    assert.deepEqual(data.scenarios[1]!.expect, (load(MAIN) as typeof data).scenarios[1]!.expect, 'the passing one is as it was');

    const second = await cli([...EMULATOR, '--update'], { cwd: ws });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^PASSED: 3 scenarios, 3 passed/m);
    assert.match(second.stdout, /^No failing scenarios: nothing to update\.$/m);
    assert.equal(read(ws, 'scenarios/main.yaml'), updated, 'a passing run writes nothing');
  });

  test('expect: record is not run without --update, says how to record it, and validate accepts it', async () => {
    const text = `flow: ${FLOW_ID}\nvariables: { test_mode: true }\nscenarios:\n  - name: Support, to record\n    input: { dtmf: "2" }\n    expect: record   # new\n`;
    const ws = workspace({ 'scenarios/new.yaml': text });
    const valid = await cli(['validate', '--scenarios', 'scenarios/*.yaml', '--flows', 'flows/*.yaml'], { cwd: ws });
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    const plain = await cli(EMULATOR, { cwd: ws });
    assert.equal(plain.code, 1);
    const report = load(read(ws, 'cxone-flow-report.yaml')) as { scenarios: { status: string; reason?: string }[] };
    assert.deepEqual(
      report.scenarios.map((s) => [s.status, s.reason]),
      [['not_run', RECORD_REFUSAL]],
    );
    assert.equal(read(ws, 'scenarios/new.yaml'), text);

    const recorded = await cli([...EMULATOR, '--update'], { cwd: ws });
    assert.match(recorded.stdout, /^Updated scenarios\/new\.yaml: 1 scenario \(Support, to record — path, exit, variables\)\.$/m);
    assert.equal(
      read(ws, 'scenarios/new.yaml'),
      `flow: ${FLOW_ID}\nvariables: { test_mode: true }\nscenarios:\n  - name: Support, to record\n    input: { dtmf: "2" }\n    expect:\n` +
        '      path: [node_start, node_menu, node_route_support, node_exit]\n      exit: node_exit\n      variables:\n        selected_option: "2"\n',
      'the variables the flow set, not test_mode that the file passed in',
    );
    const again = await cli(EMULATOR, { cwd: ws });
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  test('an alias or an anchored expect is left alone with the reason; only the scenarios that ran are updated', async () => {
    const text = [
      `flow: ${FLOW_ID}`,
      'scenarios:',
      '  - name: Shared wrong exit',
      '    input: { dtmf: "2" }',
      '    tags: [a]',
      '    expect: &wrong { exit: node_nowhere }',
      '  - name: Uses the shared one',
      '    input: { dtmf: "1" }',
      '    tags: [a]',
      '    expect: *wrong',
      '  - name: Flow in no file',
      '    flow: no-such-flow',
      '    tags: [a]',
      '    expect: { exit: node_exit }',
      '  - name: Not selected',
      '    input: { dtmf: "1" }',
      '    tags: [b]',
      '    expect: { exit: node_nowhere }',
      '',
    ].join('\n');
    const ws = workspace({ 'scenarios/alias.yaml': text });
    const run = await cli([...EMULATOR, '--update', '--tags', 'a'], { cwd: ws });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^ {2}Left alone 'Shared wrong exit': its expect is anchored \(&name\)/m);
    assert.match(run.stdout, /^ {2}Left alone 'Uses the shared one': its expect is an alias \(\*name\)/m);
    assert.match(
      run.stdout,
      /^1 failing scenario has nothing to record \(an error, an infinite loop, a failure on a loop or a duration alone, or not run\): it needs a look\.$/m,
    );
    assert.doesNotMatch(run.stdout, /Not selected/);
    assert.equal(read(ws, 'scenarios/alias.yaml'), text, 'nothing written');
  });

  test('a scenario file that is a link out of the workspace is neither read nor written', async () => {
    const outside = makeWorkspace();
    writeFiles(outside, { 'main.yaml': MAIN });
    const ws = workspace({});
    writeFiles(ws, { 'scenarios/.keep': '' });
    symlinkSync(path.join(outside, 'main.yaml'), path.join(ws, 'scenarios', 'main.yaml'));
    const run = await cli([...EMULATOR, '--update'], { cwd: ws });
    assert.equal(run.code, 1);
    assert.equal(read(outside, 'main.yaml'), MAIN);
  });

  test('an updated file keeps its permissions; a read-only one is not written, and says so', async () => {
    const ws = workspace({ 'scenarios/main.yaml': MAIN, 'scenarios/locked.yaml': MAIN.replaceAll('Press', 'Locked') });
    chmodSync(path.join(ws, 'scenarios/main.yaml'), 0o600);
    chmodSync(path.join(ws, 'scenarios/locked.yaml'), 0o444);
    const run = await cli([...EMULATOR, '--update'], { cwd: ws });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.notEqual(read(ws, 'scenarios/main.yaml'), MAIN, 'the writable file is updated');
    assert.equal(statSync(path.join(ws, 'scenarios/main.yaml')).mode & 0o777, 0o600, 'a private file stays private');
    assert.equal(read(ws, 'scenarios/locked.yaml'), MAIN.replaceAll('Press', 'Locked'), 'the read-only file is as it was');
    assert.equal(statSync(path.join(ws, 'scenarios/locked.yaml')).mode & 0o777, 0o444);
    assert.match(run.stdout, /^Not updated scenarios\/locked\.yaml: it is read-only; the file is as it was\.$/m);
  });

  test('--update with --merge is refused: it rewrites what a run here observed', async () => {
    const ws = workspace({ 'scenarios/main.yaml': MAIN });
    const run = await cli(['run', '--merge', 'reports/*.yaml', '--update'], { cwd: ws });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--update rewrites the expectations a run here observed: it does not take --merge\./);
  });

  test('approval testing against CXone: a scripted API on loopback, its answers become the expectations', async () => {
    // The "live" flow routes every caller to support now; the file still expects sales.
    api = await startScriptedApi({
      debug: (request, res) => {
        const path = ['node_start', 'node_menu', request.input?.dtmf === '2' ? 'node_route_support' : 'node_route_sales', 'node_exit'];
        sendJson(res, 200, {
          path,
          variables: { ...request.variables, selected_option: request.input?.dtmf ?? '', queue: 'support' },
          exitNode: 'node_exit',
          duration: 12,
          trace: path.map((nodeId: string, i: number) => ({ nodeId, type: 'Play', timestamp: i })),
        });
      },
    });
    const text = `flow: ${FLOW_ID}\nscenarios:\n  - name: Live support\n    input: { dtmf: "2" }\n    expect:\n      path: [node_start, node_menu, node_route_sales, node_exit]\n      exit: node_exit\n  - name: Live, to record\n    input: { dtmf: "1" }\n    variables: { caller: vip }\n    expect: record\n`;
    const ws = makeWorkspace();
    writeFiles(ws, { 'scenarios/live.yaml': text });
    const args = ['run', '--scenarios', 'scenarios/*.yaml', '--base-url', api.url, '--allow-insecure-http', 'true', '--update'];
    const env = { CXONE_CLIENT_ID: 'approval-id', CXONE_CLIENT_SECRET: 'approval-secret-value' };
    const run = await cli(args, { cwd: ws, env });
    assert.match(
      run.stdout,
      /^Updated scenarios\/live\.yaml: 2 scenarios \(Live support — path; Live, to record — path, exit, variables\)\.$/m,
    );
    assert.equal(api.hits.filter((h) => h.path.endsWith('/flows/debug')).length, 2, 'both ran on the API, the recording one too');
    const data = load(read(ws, 'scenarios/live.yaml')) as { scenarios: { expect: unknown }[] };
    assert.deepEqual(data.scenarios[0]!.expect, {
      path: ['node_start', 'node_menu', 'node_route_support', 'node_exit'],
      exit: 'node_exit',
    });
    assert.deepEqual(data.scenarios[1]!.expect, {
      path: ['node_start', 'node_menu', 'node_route_sales', 'node_exit'],
      exit: 'node_exit',
      variables: { selected_option: '1', queue: 'support' },
    });
    assert.ok(!read(ws, 'scenarios/live.yaml').includes('approval-secret-value'));
    const again = await cli(args, { cwd: ws, env });
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  test('a recorded value that holds a secret is not written', async () => {
    const secret = 'approval-secret-value';
    const server = await startScriptedApi({
      debug: (_request, res) =>
        sendJson(res, 200, {
          path: ['node_start', 'node_exit'],
          variables: { echoed: `key=${secret}`, plain: 'ok' },
          exitNode: 'node_exit',
          duration: 1,
          trace: [],
        }),
    });
    try {
      const ws = makeWorkspace();
      writeFiles(ws, { 'scenarios/s.yaml': `flow: ${FLOW_ID}\nscenarios:\n  - name: Echo\n    expect: record\n` });
      const run = await cli(
        ['run', '--scenarios', 'scenarios/*.yaml', '--base-url', server.url, '--allow-insecure-http', 'true', '--update'],
        {
          cwd: ws,
          env: { CXONE_CLIENT_ID: 'approval-id', CXONE_CLIENT_SECRET: secret },
        },
      );
      assert.match(run.stdout, /^ {2}Kept as written in 'Echo': variables\.echoed \(redacted or holding a secret\)\.$/m);
      const written = read(ws, 'scenarios/s.yaml');
      assert.ok(!written.includes(secret));
      assert.deepEqual((load(written) as { scenarios: { expect: unknown }[] }).scenarios[0]!.expect, {
        path: ['node_start', 'node_exit'],
        exit: 'node_exit',
        variables: { plain: 'ok' },
      });
    } finally {
      await server.close();
    }
  });

  test('a value masked only once a later scenario shows it is redacted is withheld, never written as ***', async () => {
    const server = await startScriptedApi({
      debug: (request, res) =>
        sendJson(res, 200, {
          path: ['node_start', 'node_exit'],
          variables: { ...request.variables, echo: '98765', plain: 'ok' },
          exitNode: 'node_exit',
          duration: 1,
          trace: [],
        }),
    });
    try {
      const ws = makeWorkspace();
      const text = `flow: ${FLOW_ID}\nscenarios:\n  - name: Echo first\n    expect: record\n  - name: Pin later\n    variables: { pin: "98765" }\n    expect: { exit: node_exit }\n`;
      writeFiles(ws, { 'scenarios/s.yaml': text });
      const args = ['run', '--scenarios', 'scenarios/*.yaml', '--base-url', server.url, '--allow-insecure-http', 'true'];
      const run = await cli([...args, '--update', '--concurrency', '1', '--redact-variables', 'pin'], {
        cwd: ws,
        env: { CXONE_CLIENT_ID: 'approval-id', CXONE_CLIENT_SECRET: 'approval-secret-value' },
      });
      assert.match(run.stdout, /^ {2}Kept as written in 'Echo first': variables\.echo \(redacted or holding a secret\)\.$/m, run.stdout);
      const written = read(ws, 'scenarios/s.yaml');
      // The report shows it masked: the value was seen as redacted only after the first scenario's report was built.
      const report = load(read(ws, 'cxone-flow-report.yaml')) as { scenarios: { observed_expect?: { expect: { variables?: object } } }[] };
      assert.deepEqual(report.scenarios[0]!.observed_expect?.expect.variables, { echo: '***', plain: 'ok' });
      const recorded = written.slice(0, written.indexOf('- name: Pin later'));
      assert.ok(!recorded.includes('98765') && !written.includes('***'), written);
      assert.deepEqual((load(written) as { scenarios: { expect: unknown }[] }).scenarios[0]!.expect, {
        path: ['node_start', 'node_exit'],
        exit: 'node_exit',
        variables: { plain: 'ok' },
      });
    } finally {
      await server.close();
    }
  });
});
