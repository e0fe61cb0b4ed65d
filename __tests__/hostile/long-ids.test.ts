// A flow id of 200,000 characters with target api: CXone answers 404 for it and 500 for its graph. Every
// message quotes the id as any quote of a file is (80 characters and its length): the log, the finding,
// the annotation and the graph warning stay short, and the warning says it is one.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import { cli } from '../helpers/cli.ts';
import { sendJson, startScriptedApi, type ScriptedApi } from '../helpers/scripted-api.ts';

const ID = 'x'.repeat(200_000);
/** Room for the words around a few 80-character quotes, far below the id. */
const MAX_LINE = 1_000;

let api: ScriptedApi | undefined;
after(() => api?.close());

test('a 200,000-character flow id is quoted in 80 characters in every message', { timeout: 120_000 }, async () => {
  api = await startScriptedApi({
    debug: (_r, res) => sendJson(res, 404, { error: 'no such flow' }),
    flow: (_id, res) => sendJson(res, 500, { error: 'boom' }),
  });
  const workspace = makeWorkspace();
  writeFiles(workspace, { 'cxone-tests/a.yaml': `flow: ${ID}\nscenarios:\n  - name: huge\n    expect: { exit: node_exit }\n` });
  const run = await runAction({
    workspace,
    inputs: {
      'base-url': api.url,
      'client-id': 'a-client-id',
      'client-secret': 'a-client-secret',
      'max-retries': '0',
      'upload-artifact': 'false',
    },
  });
  assert.equal(run.code, 1, run.stderr);
  const long = run.stdout.split('\n').filter((l) => l.length > MAX_LINE);
  assert.deepEqual(
    long.map((l) => `${l.length}: ${l.slice(0, 80)}`),
    [],
    'no log line floods',
  );
  const warning = run.stdout.split('\n').find((l) => l.includes('graph of flow'));
  assert.match(
    warning ?? '',
    /^Warning: could not read the graph of flow 'x{80}… \(200000 characters\)', so it has no static checks or coverage: GET /,
  );
  const scenario = run.report.scenarios[0];
  for (const text of [
    ...scenario.findings.map((f: any) => f.message),
    ...scenario.errors.map((e: any) => e.message),
    ...run.annotations.map((a) => a.message),
  ]) {
    assert.ok(text.length < MAX_LINE, `${text.length}: ${text.slice(0, 120)}`);
  }
  assert.match(scenario.findings[0].message, /Unknown flow "x{80}… \(200000 characters\)"/);
  const terminal = await cli(['run', '--base-url', api.url, '--max-retries', '0', '--report-path', 'r.yaml'], {
    cwd: workspace,
    env: { CXONE_CLIENT_ID: 'a-client-id', CXONE_CLIENT_SECRET: 'a-client-secret' },
  });
  assert.match(terminal.stderr, /^warning: could not read the graph of flow 'x{80}… \(200000 characters\)'/m);
  assert.deepEqual(
    (terminal.stdout + terminal.stderr)
      .split('\n')
      .filter((l) => l.length > MAX_LINE)
      .map((l) => l.length),
    [],
  );
});
