// A scripted stand-in for CXone on loopback: a token endpoint, the debug endpoint and GET /flows/{id},
// each answering what the test scripts, with every hit recorded on the server side.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionRun } from './action.ts';

export interface Hit {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedHandlers {
  /** Default: a fresh `tok-<hex>` token lasting an hour. */
  token?: (hit: Hit, res: ServerResponse, api: ScriptedApi) => void;
  /** Default: a one-step answer exiting at `node_exit`. */
  debug?: (request: any, res: ServerResponse, api: ScriptedApi, hit: Hit) => void;
  /** Default: 404. */
  flow?: (flowId: string, res: ServerResponse, api: ScriptedApi) => void;
}

export interface ScriptedApi {
  url: string;
  hits: Hit[];
  issued: string[];
  count(path: string): number;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function issueToken(api: ScriptedApi, res: ServerResponse): void {
  const token = `tok-${randomBytes(16).toString('hex')}`;
  api.issued.push(token);
  sendJson(res, 200, { access_token: token, expires_in: 3600, token_type: 'Bearer' });
}

export async function startScriptedApi(handlers: ScriptedHandlers = {}): Promise<ScriptedApi> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const hit: Hit = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      api.hits.push(hit);
      if (hit.path.endsWith('/oauth2/token')) return handlers.token ? handlers.token(hit, res, api) : issueToken(api, res);
      if (hit.method === 'POST' && hit.path === '/api/v2/flows/debug') {
        const request = JSON.parse(body);
        if (handlers.debug) return handlers.debug(request, res, api, hit);
        return sendJson(res, 200, { path: ['node_exit'], variables: {}, exitNode: 'node_exit', duration: 1, trace: [{ nodeId: 'node_exit', type: 'Exit', timestamp: 0 }] });
      }
      if (hit.method === 'GET' && hit.path.startsWith('/api/v2/flows/')) {
        const id = decodeURIComponent(hit.path.slice('/api/v2/flows/'.length));
        return handlers.flow ? handlers.flow(id, res, api) : sendJson(res, 404, { error: 'not found' });
      }
      sendJson(res, 404, { error: 'no such endpoint' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api: ScriptedApi = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: [],
    issued: [],
    count: (path) => api.hits.filter((h) => h.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

/** Every channel a run writes to people or machines, by name (the runner's own ::add-mask:: lines left out). */
export function outputChannels(run: ActionRun, extra: Record<string, string> = {}): Record<string, string> {
  return {
    log: run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'),
    stderr: run.stderr,
    outputs: JSON.stringify(run.outputs),
    summary: run.summary,
    annotations: JSON.stringify(run.annotations),
    report: run.reportText,
    ...extra,
  };
}

/** The channel and the needle, for every needle found in a channel (empty when nothing leaked). */
export function findLeaks(channels: Record<string, string>, needles: string[]): string[] {
  const leaks: string[] = [];
  for (const [channel, text] of Object.entries(channels)) {
    for (const needle of needles) if (needle !== '' && text.includes(needle)) leaks.push(`${channel} holds ${JSON.stringify(needle.slice(0, 12))}…`);
  }
  return leaks;
}
