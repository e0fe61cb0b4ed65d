// A hostile API against the built action: a Retry-After of eleven days, a token endpoint that never
// answers, graph reads that hang or would leave /api/v2/flows/. The run still ends (at timeout-minutes, on
// SIGINT, or at once when no call can succeed), the report is written with every scenario's reason, and the
// server's counts bound the work. The tests' own timeouts are the hang guards; no wall-clock bound is asserted.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { DEBUG_PATH, OK_RESPONSE, TOKEN_PATH, issueTokens, sendJson, serveForFile } from '../api/helpers/scripted-server.ts';
import type { ScriptedServer } from '../api/helpers/scripted-server.ts';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import type { ActionRun } from '../helpers/action.ts';
import type { ChildProcess } from 'node:child_process';

const SECRET = `secret-${randomBytes(12).toString('hex')}`;
const serve = serveForFile();

/** `count` scenarios of one flow, or the given YAML. */
function workspace(count: number, body?: string): string {
  const ws = makeWorkspace();
  const items = Array.from({ length: count }, (_, i) => `  - name: S${i + 1}\n    input: { dtmf: "1" }\n`).join('');
  writeFiles(ws, { 'cxone-tests/hostile.yaml': body ?? `flow: flow-a\nscenarios:\n${items}` });
  return ws;
}

function run(
  server: ScriptedServer,
  ws: string,
  inputs: Record<string, string>,
  extra: Partial<Parameters<typeof runAction>[0]> = {},
): Promise<ActionRun> {
  return runAction({
    workspace: ws,
    inputs: {
      target: 'api',
      'base-url': server.url,
      'token-url': `${server.url}${TOKEN_PATH}`,
      'client-id': 'hostile-client',
      'client-secret': SECRET,
      ...inputs,
    },
    ...extra,
  });
}

interface ReportScenario {
  name: string;
  status: string;
  reason?: string;
  errors?: Array<{ message: string; code?: string }>;
}

/** The report is there and parseable, and the secret is in no channel. */
function checkRun(r: ActionRun): ReportScenario[] {
  assert.ok(r.report, `no report written: ${r.stdout}\n${r.stderr}`);
  const channels = {
    stdout: r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    stderr: r.stderr,
    outputs: JSON.stringify(r.outputs),
    summary: r.summary,
    report: r.reportText,
  };
  for (const [name, text] of Object.entries(channels)) assert.ok(!text.includes(SECRET), `the client secret leaked into ${name}`);
  return r.report.scenarios as ReportScenario[];
}

const gets = (server: ScriptedServer) => server.hits.filter((h) => h.method === 'GET').map((h) => h.path);

/** Every debug call is throttled: for `seconds`, and `onThrottle` hears each 429 as it is sent. */
const throttled = (seconds: number, onThrottle: () => void = () => {}): Promise<ScriptedServer> =>
  serve({
    [TOKEN_PATH]: issueTokens(),
    [DEBUG_PATH]: (_hit, res) => {
      sendJson(res, 429, { message: 'slow down' }, { 'retry-after': String(seconds) });
      onThrottle();
    },
    '*': (_hit, res) => sendJson(res, 200, { id: 'flow-a', start: 'n', nodes: { n: { type: 'Exit' } } }),
  });

describe('hostile waits', () => {
  test('Retry-After: 999999 (eleven days) is final for the run: one error naming the wait, the rest not_run at once', {
    timeout: 120_000,
  }, async () => {
    const server = await throttled(999999);
    const r = await run(server, workspace(6), { concurrency: '2' });
    const scenarios = checkRun(r);
    assert.equal(r.code, 1);
    const errors = scenarios.filter((s) => s.status === 'error');
    const notRun = scenarios.filter((s) => s.status === 'not_run');
    assert.equal(errors.length + notRun.length, 6, JSON.stringify(scenarios));
    assert.ok(errors.length >= 1 && errors.length <= 2, 'only the calls that got the 429 failed');
    for (const e of errors) assert.match(e.errors?.[0]?.message ?? '', /wait 999999 s, longer than the client waits/);
    for (const s of notRun)
      assert.match(
        s.reason ?? '',
        /^the run stopped (while this scenario was waiting or in flight|before this scenario started): .*wait 999999 s/,
      );
    // Both workers may have their 429 in hand when the first stops the run: the second is then not_run.
    const calls = server.count(DEBUG_PATH);
    assert.ok(calls >= errors.length && calls <= 2, `${calls} debug calls: none was sent after the 429s`);
    assert.deepEqual(gets(server), [], 'no graph is read once no call can succeed');
    assert.match(r.report.report_metadata.cut_short, /^no call can succeed: POST .*\/api\/v2\/flows\/debug answered 429/);
  });

  test('Retry-After: 100 with timeout-minutes 0.1: the waits end at the deadline, the report says why', { timeout: 120_000 }, async () => {
    const server = await throttled(100);
    // 6 s: room for the first calls on a loaded machine; the retry and the gate would each wait 100 s.
    const r = await run(server, workspace(6), { concurrency: '2', 'timeout-minutes': '0.1' });
    const scenarios = checkRun(r);
    assert.equal(r.code, 1);
    assert.equal(scenarios.length, 6);
    assert.ok(
      scenarios.every((s) => s.status === 'not_run'),
      JSON.stringify(scenarios),
    );
    for (const s of scenarios)
      assert.match(
        s.reason ?? '',
        /^timeout-minutes was reached (while this scenario was waiting or in flight|before this scenario started)$/,
      );
    assert.ok(
      scenarios.some((s) => /while this scenario was waiting/.test(s.reason ?? '')),
      'a scenario waiting out the Retry-After ended at the deadline',
    );
    assert.ok(server.count(DEBUG_PATH) >= 1 && server.count(DEBUG_PATH) <= 2, 'no call was sent after the 429s');
    assert.deepEqual(gets(server), [], 'past the deadline no graph is read');
    assert.equal(r.report.report_metadata.cut_short, 'timeout-minutes (0.1) reached');
  });

  test('Retry-After: 100 and SIGINT while the client waits: the wait ends, the report is written', { timeout: 120_000 }, async () => {
    let child: ChildProcess | undefined;
    // The signal comes while the client waits out the 429 it has just been sent.
    const server = await throttled(100, () => setTimeout(() => child?.kill('SIGINT'), 200));
    const r = await run(server, workspace(4), { concurrency: '1' }, { onSpawn: (c) => (child = c) });
    const scenarios = checkRun(r);
    assert.equal(r.code, 1);
    assert.deepEqual(
      scenarios.map((s) => s.status),
      ['not_run', 'not_run', 'not_run', 'not_run'],
    );
    assert.deepEqual(
      scenarios.map((s) => s.reason),
      [
        'the run was cancelled while this scenario was waiting or in flight',
        'the run was cancelled before this scenario started',
        'the run was cancelled before this scenario started',
        'the run was cancelled before this scenario started',
      ],
    );
    assert.equal(server.count(DEBUG_PATH), 1);
    assert.deepEqual(gets(server), []);
    assert.equal(r.report.report_metadata.cut_short, 'cancelled (SIGINT)');
  });

  test('a token endpoint that never answers: max-retries + 1 token requests for the whole run, every scenario ends with its reason', {
    timeout: 120_000,
  }, async () => {
    // Accepts the request and never answers: each attempt ends at request-timeout.
    const server = await serve({ [TOKEN_PATH]: () => {}, '*': (_hit, res) => sendJson(res, 200, OK_RESPONSE) });
    const maxRetries = 2;
    const r = await run(server, workspace(20), { concurrency: '4', 'request-timeout': '1', 'max-retries': String(maxRetries) });
    const scenarios = checkRun(r);
    assert.equal(r.code, 1);
    const tokens = server.count(TOKEN_PATH);
    // One request shared by the four workers, retried max-retries times, then final for the run.
    assert.ok(tokens >= 1 && tokens <= maxRetries + 1, `${tokens} token requests`);
    const tokenFailure = /^POST http:\/\/127\.0\.0\.1:\d+\/oauth2\/token did not answer within 1 s after 3 attempts/;
    assert.equal(scenarios.length, 20);
    for (const s of scenarios) {
      if (s.status === 'error') assert.match(s.errors?.[0]?.message ?? '', tokenFailure);
      else {
        assert.equal(s.status, 'not_run', JSON.stringify(s));
        const [, message] =
          /^the run stopped (?:before this scenario started|while this scenario was waiting or in flight): (.*)$/.exec(s.reason ?? '') ??
          [];
        assert.match(message ?? '', tokenFailure, s.reason);
      }
    }
    assert.ok(scenarios.filter((s) => s.status === 'error').length === 1, 'the first call to see it reports it; the rest are not_run');
    assert.equal(server.count(DEBUG_PATH), 0);
    assert.deepEqual(gets(server), [], 'after a token failure no graph is read');
    assert.match(
      r.report.report_metadata.cut_short,
      /^no call can succeed: POST http:\/\/127\.0\.0\.1:\d+\/oauth2\/token did not answer within 1 s/,
    );
  });

  test('graph reads: only flows the API answered for; skipped and unanswered flows are not read; ".." never leaves /api/v2/flows/', {
    timeout: 120_000,
  }, async () => {
    const flowOf = (body: string): string => (JSON.parse(body) as { flowId: string }).flowId;
    const graph = { start: 'n', nodes: { n: { type: 'Exit' } } };
    const server = await serve({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (hit, res) => {
        const flow = flowOf(hit.body);
        if (flow === 'flow-silent') return; // no answer: TIMEOUT after request-timeout
        if (flow === 'flow-missing') return sendJson(res, 404, { message: 'unknown flow' });
        sendJson(res, 200, OK_RESPONSE);
      },
      '*': (hit, res) => sendJson(res, 200, { id: decodeURIComponent(hit.path.split('/').pop() ?? ''), ...graph }),
    });
    const body = ['flow-ok', 'flow-missing', 'flow-silent', 'flow-skip', '".."']
      .map(
        (flow, i) => `  - name: S${i + 1}\n    flow: ${flow}\n    input: { dtmf: "1" }\n${flow === 'flow-skip' ? '    skip: true\n' : ''}`,
      )
      .join('');
    const r = await run(server, workspace(0, `scenarios:\n${body}`), { concurrency: '2', 'request-timeout': '1', 'max-retries': '0' });
    const scenarios = checkRun(r);
    assert.deepEqual(
      scenarios.map((s) => s.status),
      ['passed', 'error', 'error', 'skipped', 'passed'],
      JSON.stringify(scenarios),
    );
    assert.deepEqual(gets(server).sort(), ['/api/v2/flows/flow-missing', '/api/v2/flows/flow-ok']);
    assert.ok(
      server.hits.every((h) => h.path === TOKEN_PATH || h.path === DEBUG_PATH || /^\/api\/v2\/flows\/[^/]+$/.test(h.path)),
      gets(server).join(),
    );
    assert.match(
      r.stdout,
      /Refusing to GET flow id "\.\.": the URL would resolve to http:\/\/127\.0\.0\.1:\d+\/api\/v2\/, another endpoint/,
    );
    assert.equal(r.report.report_metadata.cut_short, null);
  });

  test('a graph read that never answers ends at timeout-minutes', { timeout: 120_000 }, async () => {
    const server = await serve({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (_hit, res) => sendJson(res, 200, OK_RESPONSE),
      '*': () => {},
    });
    const r = await run(server, workspace(2), { 'timeout-minutes': '0.1', 'request-timeout': '100', 'max-retries': '0' });
    const scenarios = checkRun(r);
    assert.deepEqual(
      scenarios.map((s) => s.status),
      ['passed', 'passed'],
    );
    assert.equal(server.count(DEBUG_PATH), 2);
    assert.deepEqual(gets(server), ['/api/v2/flows/flow-a'], 'one read, abandoned at the deadline');
    assert.equal(r.report.report_metadata.cut_short, 'timeout-minutes (0.1) reached');
  });
});
