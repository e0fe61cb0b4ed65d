// A scripted stand-in for CXone on loopback, on the API tests' scripted server: a token endpoint, the
// debug endpoint and GET /flows/{id}, each answering what the test scripts, every hit recorded.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { DEBUG_PATH, TOKEN_PATH, sendJson, startServer, type Hit, type ScriptedServer } from '../api/helpers/scripted-server.ts';
import type { ActionRun } from './action.ts';

export { sendJson, type Hit };

export interface ScriptedHandlers {
  /** Default: a fresh `tok-<hex>` token lasting an hour. */
  token?: (hit: Hit, res: ServerResponse, api: ScriptedApi) => void;
  /** Default: a one-step answer exiting at `node_exit`. */
  debug?: (request: any, res: ServerResponse, api: ScriptedApi, hit: Hit) => void;
  /** Default: 404. */
  flow?: (flowId: string, res: ServerResponse, api: ScriptedApi) => void;
}

export interface ScriptedApi extends ScriptedServer {
  /** Every token the default token handler (or issueToken) gave out, in order. */
  issued: string[];
}

export function issueToken(api: ScriptedApi, res: ServerResponse): void {
  const token = `tok-${randomBytes(16).toString('hex')}`;
  api.issued.push(token);
  sendJson(res, 200, { access_token: token, expires_in: 3600, token_type: 'Bearer' });
}

export async function startScriptedApi(handlers: ScriptedHandlers = {}): Promise<ScriptedApi> {
  const issued: string[] = [];
  const server = await startServer({
    [TOKEN_PATH]: (hit, res) => (handlers.token ? handlers.token(hit, res, api) : issueToken(api, res)),
    [DEBUG_PATH]: (hit, res) => {
      if (handlers.debug) return handlers.debug(JSON.parse(hit.body), res, api, hit);
      sendJson(res, 200, {
        path: ['node_exit'],
        variables: {},
        exitNode: 'node_exit',
        duration: 1,
        trace: [{ nodeId: 'node_exit', type: 'Exit', timestamp: 0 }],
      });
    },
    '*': (hit, res) => {
      const prefix = '/api/v2/flows/';
      if (hit.method !== 'GET' || !hit.path.startsWith(prefix)) return sendJson(res, 404, { error: 'no such endpoint' });
      const id = decodeURIComponent(hit.path.slice(prefix.length));
      return handlers.flow ? handlers.flow(id, res, api) : sendJson(res, 404, { error: 'not found' });
    },
  });
  const api: ScriptedApi = { ...server, issued };
  return api;
}

/** Every channel a run writes to people or machines, by name (the runner's own ::add-mask:: lines left out). */
export function outputChannels(run: ActionRun, extra: Record<string, string> = {}): Record<string, string> {
  return {
    log: run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
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
    for (const needle of needles)
      if (needle !== '' && text.includes(needle)) leaks.push(`${channel} holds ${JSON.stringify(needle.slice(0, 12))}…`);
  }
  return leaks;
}
