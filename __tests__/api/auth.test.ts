import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTokenRequest, TOKEN_REFRESH_MARGIN_MS } from '../../src/api/auth.ts';
import type { ClientOptions } from '../../src/api/client.ts';
import type { Sleep } from '../../src/api/rate-limit.ts';
import type { AuthSettings } from '../../src/settings.ts';
import {
  ACCESS_KEY_SECRET,
  CLIENT_SECRET,
  DEBUG_PATH,
  OK_RESPONSE,
  TOKEN_PATH,
  answerOk,
  debugRequest,
  issueTokens,
  sendJson,
  clientHarness,
  rejection,
} from './helpers/scripted-server.ts';
import type { Handler } from './helpers/scripted-server.ts';

const open = clientHarness();

const setup = (token: Handler, debug: Handler, extra: Partial<ClientOptions> = {}) =>
  open({ [TOKEN_PATH]: token, [DEBUG_PATH]: debug }, extra);

const ACCESS_KEY: AuthSettings = {
  kind: 'access-key',
  clientId: 'app-id',
  clientSecret: CLIENT_SECRET,
  accessKeyId: 'AKID123',
  accessKeySecret: ACCESS_KEY_SECRET,
};

/** Answers 401 unless the call carries `Bearer <valid>`. */
const requireToken =
  (valid: string): Handler =>
  (hit, res) =>
    hit.headers.authorization === `Bearer ${valid}` ? sendJson(res, 200, OK_RESPONSE) : sendJson(res, 401, { message: 'token expired' });

describe('token requests', () => {
  test("client credentials: the form the tutorial's client sends", async () => {
    const { server, client } = await setup(issueTokens(), answerOk, { scope: 'flow:debug flow:read' });
    await client.debug(debugRequest());
    const hit = server.hits.find((h) => h.path === TOKEN_PATH);
    assert.equal(hit?.method, 'POST');
    assert.match(String(hit?.headers['content-type']), /^application\/x-www-form-urlencoded/);
    assert.equal(hit?.headers.authorization, undefined);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(hit?.body)), {
      grant_type: 'client_credentials',
      client_id: 'client-abc',
      client_secret: CLIENT_SECRET,
      scope: 'flow:debug flow:read',
    });
  });

  test('access key: password grant with the client as HTTP Basic', async () => {
    const { server, client } = await setup(issueTokens(), answerOk, { auth: ACCESS_KEY });
    await client.debug(debugRequest());
    const hit = server.hits.find((h) => h.path === TOKEN_PATH);
    const expectedBasic = Buffer.from(`app-id:${CLIENT_SECRET}`).toString('base64');
    assert.equal(hit?.headers.authorization, `Basic ${expectedBasic}`);
    assert.match(String(hit?.headers['content-type']), /^application\/x-www-form-urlencoded/);
    const form: Record<string, string> = Object.fromEntries(new URLSearchParams(hit?.body));
    assert.deepEqual(form, { grant_type: 'password', username: 'AKID123', password: ACCESS_KEY_SECRET, scope: 'flow:debug flow:read' });
    assert.ok(!hit?.body.includes(encodeURIComponent(CLIENT_SECRET)), 'the client secret travels only in the Basic header');
  });

  test('buildTokenRequest leaves scope out when none is configured', () => {
    const request = buildTokenRequest('https://example.test/token', '', ACCESS_KEY);
    assert.equal(new URLSearchParams(request.body).has('scope'), false);
  });
});

describe('token cache', () => {
  test('one token serves many calls until shortly before it expires, then one new token is fetched', async () => {
    const tokensSeen: string[] = [];
    const { server, client, time } = await setup(issueTokens(3600), (hit, res) => {
      tokensSeen.push(String(hit.headers.authorization));
      sendJson(res, 200, OK_RESPONSE);
    });
    await client.debug(debugRequest());
    time.advance(3600_000 - TOKEN_REFRESH_MARGIN_MS - 1000);
    await client.debug(debugRequest());
    assert.equal(server.count(TOKEN_PATH), 1, 'still inside the lifetime minus the margin');
    time.advance(2000);
    await client.debug(debugRequest());
    assert.equal(server.count(TOKEN_PATH), 2, 'refreshed before expiry');
    assert.deepEqual(tokensSeen, ['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  test('a short-lived token refreshes at 90 % of its lifetime', async () => {
    const { server, client, time } = await setup(issueTokens(100), answerOk);
    await client.debug(debugRequest());
    time.advance(89_000);
    await client.debug(debugRequest());
    assert.equal(server.count(TOKEN_PATH), 1);
    time.advance(2000);
    await client.debug(debugRequest());
    assert.equal(server.count(TOKEN_PATH), 2);
  });

  test('many concurrent calls racing a refresh send exactly one token request', async () => {
    const { server, client, time } = await setup(issueTokens(3600, 30), answerOk);
    await Promise.all(Array.from({ length: 25 }, () => client.debug(debugRequest())));
    assert.equal(server.count(TOKEN_PATH), 1);
    assert.equal(server.count(DEBUG_PATH), 25);
    time.advance(3600_000);
    await Promise.all(Array.from({ length: 25 }, () => client.debug(debugRequest())));
    assert.equal(server.count(TOKEN_PATH), 2, 'the expiry refresh is shared too');
  });

  test('a 401 on the debug call: one forced refresh and one retry', async () => {
    const { server, client } = await setup(issueTokens(), requireToken('tok-2'));
    const { attempts, response } = await client.debug(debugRequest());
    assert.deepEqual(response, OK_RESPONSE);
    assert.equal(attempts, 2);
    assert.equal(server.count(TOKEN_PATH), 2);
    assert.equal(server.count(DEBUG_PATH), 2);
  });

  test('a 401 storm from concurrent workers still refreshes once', async () => {
    const { server, client } = await setup(issueTokens(3600, 20), requireToken('tok-2'));
    const results = await Promise.all(Array.from({ length: 10 }, () => client.debug(debugRequest())));
    assert.ok(results.every((r) => r.attempts === 2));
    assert.equal(server.count(TOKEN_PATH), 2);
  });

  test('a second 401 fails with AUTH_FAILED, no loop', async () => {
    const { server, client, time } = await setup(issueTokens(), requireToken('never'), { maxRetries: 5 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'AUTH_FAILED');
    assert.equal(error.status, 401);
    assert.equal(error.attempts, 2);
    assert.equal(server.count(TOKEN_PATH), 2);
    assert.equal(server.count(DEBUG_PATH), 2);
    assert.deepEqual(time.sleeps, []);
  });

  test('bad credentials on the token endpoint: AUTH_FAILED, never retried, remembered', async () => {
    for (const status of [401, 400]) {
      const refuse: Handler = (_hit, res) =>
        sendJson(res, status, { error: 'invalid_client', error_description: 'Bad client credentials' });
      const { server, client } = await setup(refuse, answerOk, { maxRetries: 3 });
      const error = await rejection(client.debug(debugRequest()));
      assert.equal(error.code, 'AUTH_FAILED');
      assert.equal(error.status, status);
      assert.equal(error.attempts, 1);
      assert.equal(error.url, `${server.url}${TOKEN_PATH}`);
      assert.equal(error.serverMessage, 'Bad client credentials');
      const again = await rejection(client.debug(debugRequest()));
      assert.equal(again.code, 'AUTH_FAILED');
      assert.equal(server.count(TOKEN_PATH), 1, 'refused credentials are not asked for again');
      assert.equal(server.count(DEBUG_PATH), 0);
    }
  });

  test('a token endpoint 503 is retried like any transient failure', async () => {
    const flaky: Handler = (hit, res, n, req) => (n === 1 ? sendJson(res, 503, { message: 'down' }) : issueTokens()(hit, res, n, req));
    const { server, client } = await setup(flaky, answerOk);
    await client.debug(debugRequest());
    assert.equal(server.count(TOKEN_PATH), 2);
  });

  test('a token request that fails past its retries is final: later calls fail at once, no new request', async () => {
    const silent: Handler = () => {};
    const down: Handler = (_hit, res) => sendJson(res, 503, { message: 'down' });
    for (const [handler, code] of [
      [down, 'SERVER_ERROR'],
      [silent, 'TIMEOUT'],
    ] as const) {
      const { server, client } = await setup(handler, answerOk, { maxRetries: 2, requestTimeoutMs: 200 });
      const first = await rejection(client.debug(debugRequest()));
      assert.equal(first.code, code);
      assert.equal(server.count(TOKEN_PATH), 3, 'the first attempt and two retries');
      const later = await Promise.all(Array.from({ length: 5 }, () => rejection(client.debug(debugRequest()))));
      assert.ok(later.every((e) => e.message === first.message));
      assert.equal(server.count(TOKEN_PATH), 3, 'nothing asked again');
      assert.equal(server.count(DEBUG_PATH), 0);
      assert.equal(client.fatalError()?.message, first.message);
      if (code === 'TIMEOUT') assert.match(first.message, /did not answer within 0\.2 s after 3 attempts/);
    }
  });

  test('a caller that gives up ends the token retry sleep; that is not remembered as a failure', async () => {
    let hang = true;
    let sleepAborted = false;
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const sleep: Sleep = (_ms, signal) => {
      if (!hang) return Promise.resolve();
      sleeping();
      return new Promise((_resolve, reject) =>
        signal?.addEventListener(
          'abort',
          () => {
            sleepAborted = true;
            reject(signal.reason);
          },
          { once: true },
        ),
      );
    };
    const flaky: Handler = (hit, res, n, req) => (n === 1 ? sendJson(res, 503, { message: 'down' }) : issueTokens()(hit, res, n, req));
    const { server, client } = await setup(flaky, answerOk, { sleep });
    const controller = new AbortController();
    const call = rejection(client.debug(debugRequest(), controller.signal));
    await asleep;
    controller.abort(new Error('timeout-minutes reached'));
    assert.equal((await call).code, 'CANCELLED');
    assert.ok(sleepAborted, 'the retry sleep listens to its callers, not only to close()');
    assert.equal(client.fatalError(), undefined);
    hang = false;
    await client.debug(debugRequest());
    assert.equal(server.count(TOKEN_PATH), 2);
  });

  test('one caller giving up does not stop the token request others still wait on', async () => {
    const { server, client } = await setup(issueTokens(3600, 100), answerOk);
    const controller = new AbortController();
    const leaving = rejection(client.debug(debugRequest(), controller.signal));
    const staying = client.debug(debugRequest());
    setTimeout(() => controller.abort(new Error('gone')), 20);
    assert.equal((await leaving).code, 'CANCELLED');
    assert.equal((await staying).attempts, 1);
    assert.equal(server.count(TOKEN_PATH), 1);
  });

  test('a token answer without access_token is INVALID_RESPONSE', async () => {
    const { client } = await setup((_hit, res) => sendJson(res, 200, { token_type: 'Bearer' }), answerOk, { maxRetries: 0 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'INVALID_RESPONSE');
  });

  test('an empty client secret fails before any request, naming fork PRs', async () => {
    const { server, client } = await setup(issueTokens(), answerOk, {
      auth: { kind: 'client-credentials', clientId: 'client-abc', clientSecret: '' },
    });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'AUTH_FAILED');
    assert.match(error.message, /client-secret/);
    assert.match(error.message, /fork/);
    assert.equal(server.hits.length, 0);
  });

  test('an empty client id: the error is made scrubbed, like every other (a secret in the token URL is masked)', async () => {
    const { server, client } = await setup(issueTokens(), answerOk, {
      auth: { kind: 'client-credentials', clientId: '', clientSecret: CLIENT_SECRET },
      tokenUrl: `http://127.0.0.1:9/oauth/${CLIENT_SECRET}/token`,
    });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'AUTH_FAILED');
    assert.match(error.message, /client-id/);
    assert.match(error.message, /\/oauth\/\*\*\*\/token/, error.message);
    for (const text of [error.message, String(error.stack)]) assert.ok(!text.includes(CLIENT_SECRET), text);
    assert.equal(server.hits.length, 0);
  });
});

describe('registerSecret', () => {
  test('gets the secrets at construction and each token before the token is used', async () => {
    const registered: string[] = [];
    const usedBeforeRegistered: string[] = [];
    const debug: Handler = (hit, res) => {
      const token = String(hit.headers.authorization).replace(/^Bearer /, '');
      if (!registered.includes(token)) usedBeforeRegistered.push(token);
      requireToken('tok-2')(hit, res, 0, undefined as never);
    };
    const { client } = await setup(issueTokens(), debug, { auth: ACCESS_KEY, registerSecret: (v) => registered.push(v) });
    const basic = Buffer.from(`${ACCESS_KEY.clientId}:${CLIENT_SECRET}`).toString('base64');
    for (const secret of [CLIENT_SECRET, ACCESS_KEY_SECRET, basic]) assert.ok(registered.includes(secret), secret);
    assert.ok(!registered.includes('tok-1'));
    await client.debug(debugRequest());
    for (const token of ['tok-1', 'tok-2']) assert.ok(registered.includes(token), token);
    assert.deepEqual(usedBeforeRegistered, []);
  });
});
