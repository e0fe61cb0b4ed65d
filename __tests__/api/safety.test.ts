// What the client refuses to do: clear-text to the network, unbounded bodies, leaking secrets, ignoring cancel.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowDebugClient } from '../../src/api/client.ts';
import type { ClientOptions } from '../../src/api/client.ts';
import { ApiError } from '../../src/api/errors.ts';
import { checkUrl } from '../../src/api/transport.ts';
import { isLoopbackHost } from '../../src/loopback.ts';
import {
  ACCESS_KEY_SECRET,
  CLIENT_SECRET,
  DEBUG_PATH,
  OK_RESPONSE,
  TOKEN_PATH,
  answerOk,
  clientOptions,
  createFakeTime,
  debugRequest,
  issueTokens,
  sendJson,
  clientHarness,
  rejection,
} from './helpers/scripted-server.ts';
import type { Handler, ScriptedServer } from './helpers/scripted-server.ts';

const open = clientHarness();

const setup = (routes: Record<string, Handler>, extra: Partial<ClientOptions> = {}) =>
  open({ [TOKEN_PATH]: issueTokens(), ...routes }, extra);

function construct(baseUrl: string, tokenUrl: string, allowInsecureHttp = false): unknown {
  const time = createFakeTime();
  try {
    new FlowDebugClient({ ...clientOptions({ url: baseUrl } as ScriptedServer, time), baseUrl, tokenUrl, allowInsecureHttp }).close();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('URL safety', () => {
  test('http:// to a non-loopback host is refused at construction', () => {
    const error = construct('http://api-us-1.cxone.com', 'https://api-us-1.cxone.com/oauth2/token');
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'INSECURE_URL');
    assert.match(error.message, /base-url/);
    const tokenError = construct('https://api-us-1.cxone.com', 'http://auth.example.com/token');
    assert.ok(tokenError instanceof ApiError);
    assert.equal(tokenError.code, 'INSECURE_URL');
    assert.match(tokenError.message, /token-url/);
  });

  test('loopback http, https, and an explicit opt-in are accepted', () => {
    assert.equal(construct('http://127.0.0.1:8080', 'http://localhost:8080/oauth2/token'), undefined);
    assert.equal(construct('http://[::1]:8080', 'http://127.3.2.1/token'), undefined);
    assert.equal(construct('https://api-us-1.cxone.com', 'https://cxone.niceincontact.com/auth/token'), undefined);
    assert.equal(construct('http://test-server.internal', 'http://test-server.internal/token', true), undefined);
  });

  test('other schemes and unparseable URLs are refused', () => {
    assert.equal((construct('ftp://api.example.com', 'https://a.example.com') as ApiError).code, 'INSECURE_URL');
    assert.equal((construct('api-us-1.cxone.com', 'https://a.example.com') as ApiError).code, 'INVALID_URL');
  });

  test('loopback detection', () => {
    const table: Array<[string, boolean]> = [
      ['localhost', true],
      ['127.0.0.1', true],
      ['127.255.0.9', true],
      ['[::1]', true],
      ['app.localhost', true],
      ['127.0.0.1.evil.com', false],
      ['localhost.evil.com', false],
      ['10.0.0.1', false],
      ['api-us-1.cxone.com', false],
    ];
    for (const [host, expected] of table) assert.equal(isLoopbackHost(host), expected, host);
  });

  test('an unparseable URL is quoted without its userinfo', () => {
    const err = construct('https://bob:hunter2-very-secret-pw@api.example.com:99999', 'https://auth.example.com/token');
    assert.ok(err instanceof ApiError && err.code === 'INVALID_URL', String(err));
    assert.ok(!err.message.includes('hunter2'), err.message);
    assert.ok(!String(err.url).includes('hunter2'), String(err.url));
  });

  test('checkUrl keeps credentials in the URL out of its message', () => {
    try {
      checkUrl('http://user:hunter2@api.example.com/x?key=abc', 'base-url', false);
      assert.fail('expected a refusal');
    } catch (err) {
      assert.ok(err instanceof ApiError);
      assert.doesNotMatch(err.message, /hunter2|key=abc/);
    }
  });
});

describe('response size cap', () => {
  const big = JSON.stringify({ ...OK_RESPONSE, variables: { blob: 'x'.repeat(8192) } });

  test('a body over maxResponseBytes (Content-Length) is INVALID_RESPONSE, not retried', async () => {
    const { server, client } = await setup(
      { [DEBUG_PATH]: (_hit, res) => sendJson(res, 200, JSON.parse(big)) },
      { maxResponseBytes: 4096 },
    );
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'INVALID_RESPONSE');
    assert.equal(error.attempts, 1);
    assert.equal(server.count(DEBUG_PATH), 1);
  });

  test('a chunked body that grows past the cap is cut off', async () => {
    const chunked: Handler = (_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 8; i++) res.write(big.slice(i * 1024, (i + 1) * 1024));
      res.end(big.slice(8 * 1024));
    };
    const { client } = await setup({ [DEBUG_PATH]: chunked }, { maxResponseBytes: 4096 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'INVALID_RESPONSE');
    assert.match(error.message, /4096/);
  });

  test('a body under the cap is read whole', async () => {
    const { client } = await setup({ [DEBUG_PATH]: (_hit, res) => sendJson(res, 200, JSON.parse(big)) }, { maxResponseBytes: 64 * 1024 });
    const { response } = await client.debug(debugRequest());
    assert.equal(String(response.variables.blob).length, 8192);
  });
});

describe('no secret, token or request body in any error', () => {
  const BODY_MARKER = 'caller-ssn-555-12-3456';
  const BASIC = Buffer.from(`c:${CLIENT_SECRET}`).toString('base64');

  test('across every failure kind, even when the server echoes them', async () => {
    // The server quotes back what it got, as some gateways do.
    const echo =
      (status: number): Handler =>
      (hit, res) =>
        sendJson(res, status, { message: `rejected ${String(hit.headers.authorization)} for ${hit.body}` });
    const tokenEcho: Handler = (hit, res) =>
      sendJson(res, 401, { error_description: `bad request ${hit.body} with ${String(hit.headers.authorization)}` });
    const slow: Handler = (_hit, res) => {
      const timer = setTimeout(() => res.end(), 1000);
      res.on('close', () => clearTimeout(timer));
    };
    const scenarios: Array<{ routes: Record<string, Handler>; extra?: Partial<ClientOptions> }> = [
      { routes: { [TOKEN_PATH]: tokenEcho } },
      {
        routes: { [TOKEN_PATH]: tokenEcho },
        extra: {
          auth: { kind: 'access-key', clientId: 'c', clientSecret: CLIENT_SECRET, accessKeyId: 'k', accessKeySecret: ACCESS_KEY_SECRET },
        },
      },
      ...[400, 401, 403, 404, 429, 500, 503].map((status) => ({ routes: { [DEBUG_PATH]: echo(status) }, extra: { maxRetries: 1 } })),
      { routes: { [DEBUG_PATH]: (_hit, res) => sendJson(res, 200, { garbage: true }) } },
      { routes: { [DEBUG_PATH]: slow }, extra: { requestTimeoutMs: 50, maxRetries: 0 } },
      { routes: { [DEBUG_PATH]: (_hit, _res, _n, req) => void req.socket.destroy() }, extra: { maxRetries: 0 } },
    ];
    const codes = new Set<string>();
    for (const { routes, extra } of scenarios) {
      const { client } = await setup(routes, extra);
      const error = await rejection(client.debug(debugRequest({ variables: { ssn: BODY_MARKER } })));
      codes.add(error.code);
      const text = `${error.message} ${error.serverMessage ?? ''} ${String(error.stack)}`;
      for (const forbidden of [CLIENT_SECRET, ACCESS_KEY_SECRET, 'tok-1', 'tok-2', BODY_MARKER, BASIC, '"flowId"']) {
        assert.ok(!text.includes(forbidden), `${error.code} message leaks "${forbidden}": ${text}`);
      }
    }
    assert.ok(codes.size >= 8, `covered ${[...codes].join(', ')}`);
  });

  test('an answer nested too deep under a key that is the secret names the key by its length', async () => {
    const secretKey = `${'k'.repeat(30)}${CLIENT_SECRET}`;
    let body = '1';
    for (let i = 0; i < 70; i++) body = `{"${i === 69 ? secretKey : 'a'}":${body}}`;
    const { client } = await setup({ [DEBUG_PATH]: (_hit, res) => sendJson(res, 200, JSON.parse(body)) }, { maxRetries: 0 });
    const error = await rejection(client.debug(debugRequest()));
    assert.equal(error.code, 'INVALID_RESPONSE');
    assert.match(error.message, /<key of \d+ characters>/);
    for (let k = 8; k <= CLIENT_SECRET.length; k++) {
      assert.ok(!error.message.includes(CLIENT_SECRET.slice(0, k)), `a ${k}-character start of the secret: ${error.message}`);
    }
  });
});

describe('cancellation', () => {
  test('aborting while the request is in flight ends it with CANCELLED', async () => {
    const controller = new AbortController();
    let closed!: () => void;
    const closedByClient = new Promise<void>((resolve) => {
      closed = resolve;
    });
    // Aborted once the server holds the request: in flight whatever the machine's load.
    const hang: Handler = (_hit, res) => {
      res.on('close', closed);
      controller.abort();
    };
    const { client } = await setup({ [DEBUG_PATH]: hang }, { requestTimeoutMs: 10_000 });
    const pending = client.debug(debugRequest(), controller.signal);
    // CANCELLED, not TIMEOUT (10 s away): the abort ended it. bench/deadlines.ts times it.
    const error = await rejection(pending);
    assert.equal(error.code, 'CANCELLED');
    assert.equal(error.attempts, 1);
    // The socket was torn down, not left hanging: the test's own timeout is the guard.
    await closedByClient;
  });

  test('aborting while the body is still arriving ends it with CANCELLED', async () => {
    const controller = new AbortController();
    // Aborted once the first bytes of the body are on their way, whatever the machine's load.
    const partial: Handler = (_hit, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"path": [', () => setImmediate(() => controller.abort()));
    };
    const { client } = await setup({ [DEBUG_PATH]: partial }, { requestTimeoutMs: 10_000 });
    const pending = client.debug(debugRequest(), controller.signal);
    const error = await rejection(pending);
    assert.equal(error.code, 'CANCELLED');
  });

  test('aborting during a backoff sleep ends it with CANCELLED and no further attempt', async () => {
    const controller = new AbortController();
    const sleeps: number[] = [];
    const sleep = (ms: number, signal?: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        sleeps.push(ms);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        controller.abort();
      });
    const { server, client } = await setup({ [DEBUG_PATH]: (_hit, res) => sendJson(res, 503, {}) }, { sleep });
    const error = await rejection(client.debug(debugRequest(), controller.signal));
    assert.equal(error.code, 'CANCELLED');
    assert.equal(sleeps.length, 1);
    assert.equal(server.count(DEBUG_PATH), 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const { server, client } = await setup({ [DEBUG_PATH]: answerOk });
    const error = await rejection(client.debug(debugRequest(), AbortSignal.abort()));
    assert.equal(error.code, 'CANCELLED');
    assert.equal(server.hits.length, 0);
  });
});
