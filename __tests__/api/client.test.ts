import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientOptions } from '../../src/api/client.ts';
import type { RateGate } from '../../src/api/rate-limit.ts';
import { RETRY_DEFAULTS } from '../../src/api/retry.ts';
import {
  DEBUG_PATH,
  OK_RESPONSE,
  TOKEN_PATH,
  answerOk,
  createFakeTime,
  debugRequest,
  issueTokens,
  sendJson,
  clientHarness,
  rejection,
} from './helpers/scripted-server.ts';
import type { Handler } from './helpers/scripted-server.ts';

const open = clientHarness();

function recordingGate() {
  const calls = { acquire: 0, throttled: [] as Array<number | undefined>, success: 0 };
  const gate: RateGate = {
    acquire: async () => {
      calls.acquire++;
    },
    onThrottled: (ms) => calls.throttled.push(ms),
    onSuccess: () => {
      calls.success++;
    },
  };
  return { gate, calls };
}

/** A server whose debug endpoint answers the n-th hit with script[n-1] (the last one repeats). */
async function setup(script: Handler[], extra: Partial<ClientOptions> = {}) {
  const { gate, calls } = recordingGate();
  const opened = await open(
    {
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (hit, res, n, req) => (script[Math.min(n, script.length) - 1] ?? answerOk)(hit, res, n, req),
      '/api/v2/flows/flow%2F1': (_hit, res) => sendJson(res, 200, { id: 'flow/1', name: 'Main menu' }),
    },
    { rateGate: gate, ...extra },
  );
  return { ...opened, gate: calls };
}

const status =
  (code: number, body: unknown = { message: `status ${code}` }, headers: Record<string, string> = {}): Handler =>
  (_hit, res) =>
    sendJson(res, code, body, headers);

describe('FlowDebugClient.debug', () => {
  test('sends the debug request with a bearer token and returns the parsed response', async () => {
    const { server, client, gate } = await setup([answerOk]);
    const request = debugRequest({ variables: { test_mode: true } });
    const { response, attempts } = await client.debug(request);
    assert.deepEqual(response, OK_RESPONSE);
    assert.equal(attempts, 1);
    const hit = server.hits.find((h) => h.path === DEBUG_PATH);
    assert.equal(hit?.method, 'POST');
    assert.equal(hit?.headers.authorization, 'Bearer tok-1');
    assert.match(String(hit?.headers['content-type']), /application\/json/);
    assert.deepEqual(JSON.parse(hit?.body ?? ''), request);
    assert.deepEqual(gate, { acquire: 1, throttled: [], success: 1 });
  });

  test('a missing duration reads as 0 and a maxLoops run keeps exitNode null', async () => {
    const { duration: _dropped, ...rest } = OK_RESPONSE;
    const { client } = await setup([status(200, { ...rest, exitNode: null })]);
    const { response } = await client.debug(debugRequest());
    assert.equal(response.duration, 0);
    assert.equal(response.exitNode, null);
  });

  test('429 with Retry-After in seconds waits that long, then succeeds', async () => {
    const { server, client, time, gate } = await setup([status(429, { message: 'slow down' }, { 'retry-after': '2' }), answerOk]);
    const { attempts } = await client.debug(debugRequest());
    assert.equal(attempts, 2);
    assert.equal(server.count(DEBUG_PATH), 2);
    assert.deepEqual(time.sleeps, [2000]);
    assert.deepEqual(gate.throttled, [2000]);
    assert.equal(gate.acquire, 2, 'the retry goes through the rate gate too');
  });

  test('429 with Retry-After as an HTTP date waits until that date', async () => {
    const time = createFakeTime();
    const at = new Date(time.clock() + 5000).toUTCString();
    const {
      server,
      client,
      time: clientTime,
    } = await setup([status(429, {}, { 'retry-after': at }), answerOk], {
      clock: time.clock,
      sleep: time.sleep,
    });
    const { attempts } = await client.debug(debugRequest());
    assert.equal(attempts, 2);
    assert.equal(server.count(DEBUG_PATH), 2);
    assert.deepEqual(time.sleeps, [5000]);
    assert.deepEqual(clientTime.sleeps, [], 'the injected clock and sleep are the ones used');
  });

  test('429 that never ends fails with RATE_LIMITED after maxRetries + 1 attempts', async () => {
    const { server, client, time } = await setup([status(429, { message: 'quota' })], { maxRetries: 2 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'RATE_LIMITED');
    assert.equal(error.status, 429);
    assert.equal(error.attempts, 3);
    assert.equal(server.count(DEBUG_PATH), 3);
    assert.equal(time.sleeps.length, 2);
    assert.equal(error.serverMessage, 'quota');
  });

  test('503 then success takes two attempts with a jittered backoff', async () => {
    const { server, client, time } = await setup([status(503), answerOk]);
    const { attempts } = await client.debug(debugRequest());
    assert.equal(attempts, 2);
    assert.equal(server.count(DEBUG_PATH), 2);
    assert.equal(time.sleeps.length, 1);
    assert.ok((time.sleeps[0] ?? -1) >= 0 && (time.sleeps[0] ?? Infinity) <= 500);
  });

  test('5xx every time fails with SERVER_ERROR and the status', async () => {
    const { server, client } = await setup([status(502, { message: 'bad gateway' })], { maxRetries: 1 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'SERVER_ERROR');
    assert.equal(error.status, 502);
    assert.equal(error.attempts, 2);
    assert.equal(server.count(DEBUG_PATH), 2);
  });

  test('a reset connection is retried', async () => {
    const reset: Handler = (_hit, _res, _n, req) => void req.socket.destroy();
    const { server, client } = await setup([reset, answerOk]);
    const { attempts } = await client.debug(debugRequest());
    assert.equal(attempts, 2);
    assert.equal(server.count(DEBUG_PATH), 2);
  });

  test('connections reset every time fail with NETWORK', async () => {
    const reset: Handler = (_hit, _res, _n, req) => void req.socket.destroy();
    const { server, client } = await setup([reset], { maxRetries: 1 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'NETWORK');
    assert.equal(error.attempts, 2);
    assert.equal(server.count(DEBUG_PATH), 2);
  });

  test('an answer slower than request-timeout is a timeout, retried', async () => {
    // Never answers: only the client's deadline can end the call (bench/deadlines.ts times it).
    const slow: Handler = () => {};
    const { server, client } = await setup([slow, answerOk], { requestTimeoutMs: 100 });
    const { attempts } = await client.debug(debugRequest());
    assert.equal(attempts, 2);
    assert.equal(server.count(DEBUG_PATH), 2);

    const { client: strict } = await setup([slow], { requestTimeoutMs: 100, maxRetries: 0 });
    const error = await rejection(strict.debug(debugRequest()));
    assert.equal(error.code, 'TIMEOUT', 'gave up at the deadline: the server never answers');
    assert.equal(error.attempts, 1);
  });

  test('the deadline covers a body that trickles in after the headers', async () => {
    // The body never ends: only the deadline can end the call.
    const trickle: Handler = (_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"path": [');
    };
    const { client } = await setup([trickle], { requestTimeoutMs: 100, maxRetries: 0 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'TIMEOUT');
  });

  test('invalid JSON is retried once, then INVALID_RESPONSE', async () => {
    const garbage: Handler = (_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"path": [');
    };
    const once = await setup([garbage, answerOk]);
    assert.equal((await once.client.debug(debugRequest())).attempts, 2);

    const always = await setup([garbage], { maxRetries: 3 });
    const error = await rejection(always.client.debug(debugRequest()));
    assert.equal(error.code, 'INVALID_RESPONSE');
    assert.equal(error.attempts, 2, 'an unusable body is retried once, not maxRetries times');
    assert.equal(always.server.count(DEBUG_PATH), 2);
  });

  test('a 200 whose shape is wrong is INVALID_RESPONSE', async () => {
    const cases: unknown[] = [
      { ...OK_RESPONSE, path: 'node_start' },
      { ...OK_RESPONSE, path: [1, 2] },
      { ...OK_RESPONSE, trace: {} },
      { ...OK_RESPONSE, variables: [] },
      { ...OK_RESPONSE, exitNode: 7 },
      [OK_RESPONSE],
    ];
    for (const body of cases) {
      const { client } = await setup([status(200, body)], { maxRetries: 0 });
      const error = await rejection(client.debug(debugRequest()));
      assert.equal(error.code, 'INVALID_RESPONSE', JSON.stringify(body).slice(0, 60));
      assert.equal(error.status, 200);
    }
  });

  test('403, 404 and 400 fail at once with their codes', async () => {
    const table = [
      { code: 403, expected: 'FORBIDDEN' },
      { code: 404, expected: 'FLOW_NOT_FOUND' },
      { code: 400, expected: 'BAD_REQUEST' },
    ] as const;
    for (const row of table) {
      const { server, client, time } = await setup([status(row.code, { message: `nope ${row.code}` })]);
      const error = await rejection(client.debug(debugRequest()));
      assert.equal(error.code, row.expected);
      assert.equal(error.status, row.code);
      assert.equal(error.attempts, 1);
      assert.equal(server.count(DEBUG_PATH), 1);
      assert.deepEqual(time.sleeps, []);
      assert.equal(error.serverMessage, `nope ${row.code}`);
      assert.ok(error.message.includes(`POST ${server.url}${DEBUG_PATH}`), error.message);
      assert.ok(error.message.includes(String(row.code)));
    }
  });

  test('a 500 flow compilation failure is not retried and carries the partial trace', async () => {
    const trace = [
      { nodeId: 'node_start', type: 'Start', timestamp: 0 },
      { nodeId: 'node_broken', type: 'Condition', timestamp: 10, status: 'Error', error: 'unknown node node_gone' },
    ];
    const { server, client } = await setup([status(500, { message: 'Flow compilation failed', trace })]);
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'FLOW_COMPILATION_FAILED');
    assert.equal(error.status, 500);
    assert.equal(error.attempts, 1);
    assert.equal(server.count(DEBUG_PATH), 1);
    assert.deepEqual(error.trace, trace);
    assert.match(error.message, /node_broken/);
  });

  test('a 500 that only says compilation failed is not retried either', async () => {
    const { server, client } = await setup([status(500, { message: 'Flow compilation error at node X' })]);
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'FLOW_COMPILATION_FAILED');
    assert.equal(server.count(DEBUG_PATH), 1);
  });

  test('the default adaptive gate slows down after a 429 and still honours Retry-After', async () => {
    const { client, time } = await open({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (hit, res, n, req) => (n === 1 ? status(429, {}, { 'retry-after': '3' }) : answerOk)(hit, res, n, req),
    });
    const { attempts } = await client.debug(debugRequest());
    assert.equal(attempts, 2);
    assert.equal(time.sleeps[0], 3000);
    assert.equal(
      time.sleeps.reduce((a, b) => a + b, 0),
      3000,
      'the gate pause and the retry sleep overlap',
    );
  });

  test('Retry-After: 999999 fails that call at once and holds the others no longer than the maximum wait', async () => {
    const { server, client, time } = await open({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (hit, res, n, req) => (n === 1 ? status(429, {}, { 'retry-after': '999999' }) : answerOk)(hit, res, n, req),
    });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'RATE_LIMITED');
    assert.match(error.message, /wait 999999 s, longer than the client waits/);
    assert.deepEqual(time.sleeps, [], 'the call that got it does not wait');
    assert.equal(client.fatalError()?.code, 'RATE_LIMITED', 'a wait that long is final for the run: the runner stops on it');
    await client.debug(debugRequest());
    assert.deepEqual(time.sleeps, [RETRY_DEFAULTS.maxRetryAfterMs], 'the next call waits the capped pause only');
    assert.equal(server.count(DEBUG_PATH), 2);
  });
});

describe('FlowDebugClient.getFlow', () => {
  test('GETs the flow by its encoded id', async () => {
    const { server, client } = await setup([]);
    const flow = await client.getFlow('flow/1');
    assert.deepEqual(flow, { id: 'flow/1', name: 'Main menu' });
    const hit = server.hits.find((h) => h.path.startsWith('/api/v2/flows/flow'));
    assert.equal(hit?.method, 'GET');
    assert.equal(hit?.headers.authorization, 'Bearer tok-1');
  });

  test('ids that are dot segments (or empty) are refused: no GET can reach another endpoint', async () => {
    const { server, client } = await open({ [TOKEN_PATH]: issueTokens(), '*': (_hit, res) => sendJson(res, 200, { id: 'x' }) });
    for (const id of ['..', '.', '']) {
      const error = await rejection(client.getFlow(id));
      assert.equal(error.code, 'BAD_REQUEST');
      assert.equal(error.attempts, 0);
      assert.match(error.message, new RegExp(`flow id "${id.replace(/\./g, '\\.')}"`));
    }
    assert.equal(server.hits.length, 0, 'nothing was sent');
    // Everything else stays one segment under /api/v2/flows/, '/', '%2e%2e' and '..' inside an id included.
    const ids = ['../debug', 'a/../../oauth2/token', '%2e%2e', '.%2E', '...', 'a..b', '?x=1', '#frag'];
    for (const id of ids) await client.getFlow(id);
    const paths = server.hits.filter((h) => h.method === 'GET').map((h) => h.path);
    assert.equal(paths.length, ids.length);
    for (const [i, path] of paths.entries()) {
      const segment = path.slice('/api/v2/flows/'.length);
      assert.ok(path.startsWith('/api/v2/flows/') && segment !== '' && !segment.includes('/'), path);
      assert.equal(decodeURIComponent(segment), ids[i]);
    }
  });

  test('an unknown flow is FLOW_NOT_FOUND', async () => {
    const { client } = await setup([]);
    const error = await rejection(client.getFlow('missing'));
    assert.equal(error.code, 'FLOW_NOT_FOUND');
    assert.equal(error.method, 'GET');
  });
});
