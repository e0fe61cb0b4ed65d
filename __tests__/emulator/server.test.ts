import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startEmulator } from '../../src/emulator/server.ts';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/server.ts';
import type { FlowDefinition } from '../../src/domain/flow.ts';
import { createFakeTime } from '../helpers/fake-time.ts';

const SEED_FLOW_ID = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';

// The tutorial's example flow (README, Where it comes from): its expected response has node_menu_1 consuming "123" and routing to sales.
const seedFlow: FlowDefinition = {
  id: SEED_FLOW_ID,
  name: 'Seed menu',
  start: 'node_start',
  nodes: {
    node_start: { type: 'Start', next: 'node_menu_1' },
    node_menu_1: {
      type: 'GatherInput',
      digits: 3,
      variable: 'selected_option',
      options: { '123': 'node_route_sales' },
      noMatch: 'node_exit',
      noInput: 'node_exit',
    },
    node_route_sales: { type: 'Route', target: 'queue_sales', next: 'node_exit' },
    node_exit: { type: 'Exit' },
  },
};
const brokenFlow: FlowDefinition = {
  id: 'broken',
  start: 's',
  nodes: { s: { type: 'Start', next: 'p' }, p: { type: 'Play', prompt: 'hi', next: 'ghost' } },
};
const secretFlow: FlowDefinition = { id: 'secret', start: 'x', nodes: { x: { type: 'Exit' } } };

const CLIENT = { clientId: 'client-1', clientSecret: 's3cr3t' };
const DEBUG_BODY = {
  flowId: SEED_FLOW_ID,
  input: { dtmf: '123', speech: '' },
  options: { trace: true, includeVariables: true, maxLoops: 50 },
};

async function withEmulator<T>(options: Partial<EmulatorOptions>, run: (emu: RunningEmulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator({ flows: [seedFlow, brokenFlow, secretFlow], credentials: CLIENT, ...options });
  try {
    return await run(emu);
  } finally {
    await emu.close();
  }
}

function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), headers });
}

async function getToken(emu: RunningEmulator, scope = 'flow:debug flow:read'): Promise<string> {
  const res = await postForm(`${emu.url}/oauth2/token`, {
    grant_type: 'client_credentials',
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    scope,
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function debug(emu: RunningEmulator, token: string | undefined, body: unknown = DEBUG_BODY): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return fetch(`${emu.url}/api/v2/flows/debug`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Sends `bytes` as they are and reads one response (Content-Length framed). */
function rawRequest(port: number, bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let data = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const split = data.indexOf('\r\n\r\n');
      if (split < 0) return;
      const head = data.subarray(0, split).toString();
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (data.length - split - 4 < length) return;
      socket.destroy();
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: data.subarray(split + 4, split + 4 + length).toString() });
    });
    socket.on('error', reject);
  });
}

describe('token endpoints', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({
      flows: [seedFlow],
      credentials: CLIENT,
      accessKeys: [{ accessKeyId: 'AK1', accessKeySecret: 'AKS' }],
      tokenLifetimeSeconds: 120,
    });
  });
  after(() => emu.close());
  const basic = (id: string, secret: string): Record<string, string> => ({
    Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
  });

  const cases: {
    name: string;
    path: string;
    form: Record<string, string>;
    headers?: Record<string, string>;
    status: number;
    error?: string;
  }[] = [
    {
      name: 'client credentials in the body',
      path: '/oauth2/token',
      form: { grant_type: 'client_credentials', client_id: 'client-1', client_secret: 's3cr3t' },
      status: 200,
    },
    {
      name: 'client credentials as Basic',
      path: '/oauth2/token',
      form: { grant_type: 'client_credentials' },
      headers: basic('client-1', 's3cr3t'),
      status: 200,
    },
    {
      name: 'wrong secret',
      path: '/oauth2/token',
      form: { grant_type: 'client_credentials', client_id: 'client-1', client_secret: 'nope' },
      status: 401,
      error: 'invalid_client',
    },
    { name: 'no credentials', path: '/oauth2/token', form: { grant_type: 'client_credentials' }, status: 401, error: 'invalid_client' },
    {
      name: 'access key (password grant) on /auth/token',
      path: '/auth/token',
      form: { grant_type: 'password', username: 'AK1', password: 'AKS' },
      headers: basic('client-1', 's3cr3t'),
      status: 200,
    },
    {
      name: 'wrong access key secret',
      path: '/auth/token',
      form: { grant_type: 'password', username: 'AK1', password: 'bad' },
      headers: basic('client-1', 's3cr3t'),
      status: 400,
      error: 'invalid_grant',
    },
    {
      name: 'password grant without Basic client',
      path: '/auth/token',
      form: { grant_type: 'password', username: 'AK1', password: 'AKS' },
      status: 401,
      error: 'invalid_client',
    },
    { name: 'unknown grant type', path: '/oauth2/token', form: { grant_type: 'implicit' }, status: 400, error: 'unsupported_grant_type' },
    { name: 'no grant type', path: '/oauth2/token', form: {}, status: 400, error: 'invalid_request' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const res = await postForm(`${emu.url}${c.path}`, c.form, c.headers);
      assert.equal(res.status, c.status);
      const body = (await res.json()) as Record<string, unknown>;
      if (c.error) {
        assert.equal(body.error, c.error);
        assert.ok(!JSON.stringify(body).includes('s3cr3t'), 'no secret in the answer');
        return;
      }
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 120);
      assert.equal(typeof body.access_token, 'string');
      assert.ok((body.access_token as string).length >= 32);
    });
  }

  test('tokens are random and the grant is counted', async () => {
    const before = emu.stats.tokenRequests;
    const [a, b] = await Promise.all([getToken(emu), getToken(emu)]);
    assert.notEqual(a, b);
    assert.equal(emu.stats.tokenRequests, before + 2);
  });
});

describe('debug endpoint', () => {
  test("the tutorial's token request and debug request, byte for byte", async () => {
    await withEmulator({}, async (emu) => {
      const form = 'grant_type=client_credentials&client_id=client-1&client_secret=s3cr3t&scope=flow%3Adebug+flow%3Aread';
      const tokenReq = `POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:${emu.port}\r\nUser-Agent: python-requests/2.31.0\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\nContent-Length: ${form.length}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n${form}`;
      const tokenRes = await rawRequest(emu.port, tokenReq);
      assert.equal(tokenRes.status, 200);
      const token = JSON.parse(tokenRes.body) as { access_token: string; expires_in: number; token_type: string; scope: string };
      assert.deepEqual([token.token_type, token.expires_in, token.scope], ['Bearer', 3600, 'flow:debug flow:read']);

      const json =
        '{"flowId": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "input": {"dtmf": "123", "speech": ""}, "options": {"trace": true, "includeVariables": true, "maxLoops": 50}}';
      const debugReq = `POST /api/v2/flows/debug HTTP/1.1\r\nHost: 127.0.0.1:${emu.port}\r\nUser-Agent: python-requests/2.31.0\r\nAccept-Encoding: gzip, deflate\r\nAccept: application/json\r\nConnection: keep-alive\r\nAuthorization: Bearer ${token.access_token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
      const res = await rawRequest(emu.port, debugReq);
      assert.equal(res.status, 200);
      assert.match(res.headers, /content-type: application\/json/i);
      const body = JSON.parse(res.body);
      // The tutorial's "Expected Response", less its unrelated variables.
      assert.deepEqual(body.path, ['node_start', 'node_menu_1', 'node_route_sales', 'node_exit']);
      assert.equal(body.exitNode, 'node_exit');
      assert.equal(body.duration, 145);
      assert.deepEqual(
        body.trace.map((t: Record<string, unknown>) => [t.nodeId, t.type, t.timestamp, t.input, t.target, t.status]),
        [
          ['node_start', 'Start', 0, undefined, undefined, undefined],
          ['node_menu_1', 'GatherInput', 45, '123', undefined, undefined],
          ['node_route_sales', 'Route', 90, undefined, 'queue_sales', undefined],
          ['node_exit', 'Exit', 145, undefined, undefined, 'Completed'],
        ],
      );
      assert.equal(body.variables.selected_option, '123');
      assert.equal(emu.stats.debugCalls, 1);
    });
  });

  test('400 on invalid JSON, a missing flowId or bad options', async () => {
    await withEmulator({}, async (emu) => {
      const token = await getToken(emu);
      for (const body of [
        '{not json',
        JSON.stringify({ input: { dtmf: '1' } }),
        JSON.stringify({ ...DEBUG_BODY, options: { maxLoops: 0 } }),
        JSON.stringify({ ...DEBUG_BODY, input: { dtmf: 12 } }),
      ]) {
        const res = await debug(emu, token, body);
        assert.equal(res.status, 400, body);
        assert.equal(((await res.json()) as { error: string }).error, 'BadRequest');
      }
    });
  });

  test('400 for an unknown key, naming it and the expected shape, instead of running without it', async () => {
    await withEmulator({}, async (emu) => {
      const token = await getToken(emu);
      const cases: [unknown, RegExp][] = [
        [
          { flowId: SEED_FLOW_ID, dtmf: '2' },
          /^unknown key 'dtmf' at the top of the request \(it belongs in 'input'\); expected \{flowId, input: \{dtmf, speech\}, options: \{trace, includeVariables, maxLoops\}, variables, mocks, clock\}$/,
        ],
        [{ ...DEBUG_BODY, maxLoops: 5 }, /^unknown key 'maxLoops' at the top of the request \(it belongs in 'options'\)/],
        [{ ...DEBUG_BODY, input: { digits: '123' } }, /^unknown key 'digits' in 'input'; expected \{flowId, input: \{dtmf, speech\}/],
        [{ ...DEBUG_BODY, options: { trace: true, maxloops: 3 } }, /^unknown key 'maxloops' in 'options' \(did you mean 'maxLoops'\?\)/],
        [{ ...DEBUG_BODY, vars: { a: 1 } }, /^unknown key 'vars' at the top of the request; expected/],
        // A misspelt key gets the key meant, as the loaders' typos do.
        [{ flowid: SEED_FLOW_ID }, /^unknown key 'flowid' at the top of the request \(did you mean 'flowId'\?\); expected /],
        [{ ...DEBUG_BODY, input: { speach: 'hi' } }, /^unknown key 'speach' in 'input' \(did you mean 'speech'\?\); expected /],
        [{ ...DEBUG_BODY, ['k'.repeat(5000)]: 1 }, /^unknown key 'k{80}… \(5000 characters\)'/],
        // The emulator's extensions are checked as strictly.
        [
          { ...DEBUG_BODY, mocks: { x: { brnch: 'a' } } },
          /^unknown key 'brnch' in 'mocks.x' \(did you mean 'branch'\?\); expected \{ branch, variables \}$/,
        ],
        [{ ...DEBUG_BODY, mocks: { x: [{}, { variables: 3 }] } }, /^'mocks.x\[1\].variables' is 3, expected an object$/],
        [{ ...DEBUG_BODY, mocks: { x: [] } }, /^'mocks.x' is an empty list, expected one outcome per visit$/],
        [{ ...DEBUG_BODY, mocks: [] }, /^'mocks' is .*, expected an object/],
        [{ ...DEBUG_BODY, clock: 'tomorrow' }, /^'clock' is "tomorrow": expected an ISO 8601 date-time with a zone/],
        [{ ...DEBUG_BODY, clock: '2026-02-30T10:00:00Z' }, /^'clock' is "2026-02-30T10:00:00Z": is not a real date and time/],
      ];
      for (const [body, message] of cases) {
        const res = await debug(emu, token, body);
        assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
        const answer = (await res.json()) as { error: string; message: string };
        assert.equal(answer.error, 'BadRequest');
        assert.match(answer.message, message);
      }
      // The requests our own client sends, and one with variables, still run.
      assert.equal((await debug(emu, token, { ...DEBUG_BODY, variables: { test_mode: true } })).status, 200);
    });
  });

  test('401 without a token, with an unknown one, an expired one, or one without flow:debug', async () => {
    const time = createFakeTime(1_000_000);
    await withEmulator({ clock: time.clock, tokenLifetimeSeconds: 60 }, async (emu) => {
      const readOnly = await getToken(emu, 'flow:read');
      const token = await getToken(emu);
      assert.equal((await debug(emu, token)).status, 200);
      for (const [t, error] of [
        [undefined, 'invalid_token'],
        ['made-up', 'invalid_token'],
        [readOnly, 'insufficient_scope'],
      ] as const) {
        const res = await debug(emu, t);
        assert.equal(res.status, 401);
        assert.equal(((await res.json()) as { error: string }).error, error);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer error=/);
      }
      time.advance(59_000);
      assert.equal((await debug(emu, token)).status, 200, 'still valid just before expiry');
      time.advance(1_000);
      const expired = await debug(emu, token);
      assert.equal(expired.status, 401);
      assert.match(((await expired.json()) as { error_description: string }).error_description, /expired/);
    });
  });

  test('404 for an unknown flow, 403 for a forbidden one, 500 with the trace for a broken one', async () => {
    await withEmulator({ forbiddenFlowIds: ['secret'] }, async (emu) => {
      const token = await getToken(emu);
      assert.equal((await debug(emu, token, { ...DEBUG_BODY, flowId: 'nope' })).status, 404);
      assert.equal((await debug(emu, token, { ...DEBUG_BODY, flowId: 'secret' })).status, 403);
      const res = await debug(emu, token, { ...DEBUG_BODY, flowId: 'broken' });
      assert.equal(res.status, 500);
      const body = (await res.json()) as { error: string; trace: { nodeId: string; status: string }[] };
      assert.equal(body.error, 'FlowCompilationFailure');
      assert.deepEqual(
        body.trace.map((t) => [t.nodeId, t.status]),
        [
          ['s', undefined],
          ['p', 'Error'],
        ],
      );
    });
  });

  test('a request without options gets the defaults (trace on, maxLoops 50)', async () => {
    await withEmulator({}, async (emu) => {
      const res = await debug(emu, await getToken(emu), { flowId: SEED_FLOW_ID, input: { dtmf: '123' } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { trace: unknown[]; exitNode: string };
      assert.equal(body.trace.length, 4);
      assert.equal(body.exitNode, 'node_exit');
    });
  });

  test('413 for a body over the cap', async () => {
    await withEmulator({}, async (emu) => {
      const res = await debug(emu, await getToken(emu), JSON.stringify({ ...DEBUG_BODY, pad: 'x'.repeat(1024 * 1024 + 1) }));
      assert.equal(res.status, 413);
    });
  });
});

describe('flow read', () => {
  test('GET /api/v2/flows/{id} returns the node graph with flow:read', async () => {
    await withEmulator({}, async (emu) => {
      const get = (token: string, id = SEED_FLOW_ID): Promise<Response> =>
        fetch(`${emu.url}/api/v2/flows/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      const res = await get(await getToken(emu));
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { id: SEED_FLOW_ID, name: 'Seed menu', start: 'node_start', nodes: seedFlow.nodes });
      assert.equal((await get(await getToken(emu, 'flow:debug'))).status, 401);
      assert.equal((await get(await getToken(emu), 'missing')).status, 404);
      assert.equal(emu.stats.flowReads, 3);
    });
  });
});

describe('latency, rate limit and faults', () => {
  test('latencyMs delays every call', async () => {
    await withEmulator({ latencyMs: 120 }, async (emu) => {
      const token = await getToken(emu);
      const started = performance.now();
      assert.equal((await debug(emu, token)).status, 200);
      assert.ok(performance.now() - started >= 115, 'took at least the latency');
    });
  });

  test('over the rate limit: 429 with Retry-After, then fine once the clock moves on', async () => {
    const time = createFakeTime(0);
    await withEmulator({ rateLimit: { requestsPerSecond: 2 }, clock: time.clock }, async (emu) => {
      const token = await getToken(emu);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await debug(emu, token)).status);
      assert.deepEqual(statuses, [200, 200, 429]);
      const limited = await debug(emu, token);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.equal(emu.stats.throttled, 2);
      time.advance(1000);
      assert.equal((await debug(emu, token)).status, 200);
    });
  });

  const faults: { kind: '429' | '503' | '500'; status: number; retryAfter: string | null }[] = [
    { kind: '429', status: 429, retryAfter: '7' },
    { kind: '503', status: 503, retryAfter: '7' },
    { kind: '500', status: 500, retryAfter: null },
  ];
  for (const f of faults) {
    test(`fault ${f.kind}: the next calls answer ${f.status}, then normally`, async () => {
      await withEmulator({ faults: [{ kind: f.kind, count: 2, retryAfterSeconds: f.kind === '500' ? undefined : 7 }] }, async (emu) => {
        const token = await getToken(emu);
        for (let i = 0; i < 2; i++) {
          const res = await debug(emu, token);
          assert.equal(res.status, f.status);
          assert.equal(res.headers.get('retry-after'), f.retryAfter);
          await res.body?.cancel();
        }
        assert.equal((await debug(emu, token)).status, 200);
        assert.equal(emu.stats.debugCalls, 3);
      });
    });
  }

  test('fault reset: the connection drops', async () => {
    await withEmulator({}, async (emu) => {
      const token = await getToken(emu);
      emu.addFaults([{ kind: 'reset', count: 1 }]);
      await assert.rejects(debug(emu, token));
      assert.equal((await debug(emu, token)).status, 200);
    });
  });

  test('fault invalid-json: 200 with a body that does not parse', async () => {
    await withEmulator({ faults: [{ kind: 'invalid-json', count: 1 }] }, async (emu) => {
      const res = await debug(emu, await getToken(emu));
      assert.equal(res.status, 200);
      await assert.rejects(res.json(), SyntaxError);
    });
  });

  test('fault slow: the answer comes late but right; close() does not wait for it', { timeout: 60_000 }, async () => {
    await withEmulator({ faults: [{ kind: 'slow', count: 1, delayMs: 150 }] }, async (emu) => {
      const token = await getToken(emu);
      const started = performance.now();
      const res = await debug(emu, token);
      assert.equal(res.status, 200);
      assert.ok(performance.now() - started >= 145);
    });
    // An answer an hour away: had close() waited for it, the test's timeout would end the test (bench/deadlines.ts times it).
    const emu = await startEmulator({ flows: [seedFlow], faults: [{ kind: 'slow', count: 1, delayMs: 3_600_000 }] });
    const token = await getToken(emu);
    const pending = debug(emu, token).catch((e: unknown) => e);
    while (emu.stats.debugCalls === 0) await new Promise((r) => setTimeout(r, 10));
    await emu.close();
    assert.ok((await pending) instanceof Error, 'the slow call is cut off');
  });
});

describe('close()', () => {
  // That close() does not wait out Node's 5 s keep-alive timeout is timed by bench/deadlines.ts.
  test('closes with an idle keep-alive connection open, and closes that connection', async () => {
    const emu = await startEmulator({ flows: [seedFlow] });
    const socket = connect(emu.port, '127.0.0.1');
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write(`GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    });
    await emu.close();
    await closed;
    assert.ok(socket.destroyed, 'the idle connection was closed by the server');
  });
});
