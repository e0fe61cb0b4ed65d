// A real HTTP server on an ephemeral loopback port that answers from a script and counts hits (ky's tests).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after } from 'node:test';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthSettings } from '../../../src/settings.ts';
import { FlowDebugClient, type ClientOptions } from '../../../src/api/client.ts';
import { ApiError } from '../../../src/api/errors.ts';
import type { DebugRequest, DebugResponse } from '../../../src/domain/wire.ts';
import { createFakeTime, type FakeTime } from '../../helpers/fake-time.ts';

export interface Hit {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers one request; `n` is the 1-based count of hits on this path so far. */
export type Handler = (hit: Hit, res: ServerResponse, n: number, req: IncomingMessage) => void | Promise<void>;

export interface ScriptedServer {
  url: string;
  hits: Hit[];
  count(path: string): number;
  close(): Promise<void>;
}

export const TOKEN_PATH = '/oauth2/token';
export const DEBUG_PATH = '/api/v2/flows/debug';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Issues tok-1, tok-2, … so tests can tell which token a call carried. */
export function issueTokens(expiresIn = 3600, delayMs = 0): Handler {
  return async (_hit, res, n) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    sendJson(res, 200, { access_token: `tok-${n}`, expires_in: expiresIn, token_type: 'Bearer' });
  };
}

export const OK_RESPONSE: DebugResponse = {
  path: ['node_start', 'node_menu', 'node_exit'],
  variables: { selected_option: '2' },
  exitNode: 'node_exit',
  duration: 145,
  trace: [
    { nodeId: 'node_start', type: 'Start', timestamp: 0 },
    { nodeId: 'node_menu', type: 'GatherInput', timestamp: 45, input: '2' },
    { nodeId: 'node_exit', type: 'Exit', timestamp: 145, status: 'Completed' },
  ],
};

export const answerOk: Handler = (_hit, res) => sendJson(res, 200, OK_RESPONSE);

export async function startServer(routes: Record<string, Handler>): Promise<ScriptedServer> {
  const hits: Hit[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const hit: Hit = { method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      const handler = routes[path] ?? routes['*'];
      if (!handler) {
        sendJson(res, 404, { message: `no route for ${path}` });
        return;
      }
      void Promise.resolve(handler(hit, res, n, req)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** startServer for a test file: every server it starts is closed after the file. */
export function serveForFile(): (routes: Record<string, Handler>) => Promise<ScriptedServer> {
  const servers: ScriptedServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  return async (routes) => {
    const server = await startServer(routes);
    servers.push(server);
    return server;
  };
}

/** The shared fake clock (helpers/fake-time.ts), kept here for the tests that import it from this file. */
export { createFakeTime };

export const CLIENT_SECRET = 'cs-9f8e7d6c5b4a-secret';
export const ACCESS_KEY_SECRET = 'ak-1a2b3c4d-secret';

export const CLIENT_CREDENTIALS: AuthSettings = { kind: 'client-credentials', clientId: 'client-abc', clientSecret: CLIENT_SECRET };

export function clientOptions(server: ScriptedServer, time: FakeTime, extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    baseUrl: server.url,
    tokenUrl: `${server.url}${TOKEN_PATH}`,
    scope: 'flow:debug flow:read',
    auth: CLIENT_CREDENTIALS,
    maxRetries: 3,
    requestTimeoutMs: 2000,
    allowInsecureHttp: false,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    ...extra,
  };
}

export function debugRequest(overrides: Partial<DebugRequest> = {}): DebugRequest {
  return {
    flowId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
    input: { dtmf: '2', speech: '' },
    options: { trace: true, includeVariables: true, maxLoops: 50 },
    ...overrides,
  };
}

/**
 * The servers and clients of one test file, all closed after it. `open(routes)` starts a scripted
 * server with those routes and a client for it on fake time.
 */
export function clientHarness() {
  const servers: ScriptedServer[] = [];
  const clients: FlowDebugClient[] = [];
  after(async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.close()));
  });
  return async function open(routes: Record<string, Handler>, extra: Partial<ClientOptions> = {}) {
    const server = await startServer(routes);
    servers.push(server);
    const time = createFakeTime();
    const client = new FlowDebugClient(clientOptions(server, time, extra));
    clients.push(client);
    return { server, time, client };
  };
}

/** The ApiError a call fails with (the test fails if it does not). */
export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}
