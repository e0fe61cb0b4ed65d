// The Flow Debug API emulator over HTTP (README, The emulator): token endpoints, debug runs and flow reads, on loopback.
// It never logs: request bodies and headers carry secrets.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executeFlow } from './engine.ts';
import { checkTokenEncoding, createTokenStore } from './server-auth.ts';
import type { TokenStore } from './server-auth.ts';
import { BodyTooLargeError, readBody, readDebugRequest, sendJson } from './server-io.ts';
import { DEFAULT_SLOW_FAULT_MS, createFaultQueue, createRateLimiter } from './server-limits.ts';
import type { Fault, FaultQueue } from './server-limits.ts';
import { createFlowLookup, isStudioScript, type LoadedFlow } from '../domain/flow.ts';
import type { StudioScript } from '../domain/studio.ts';
import { STUDIO_SCRIPTS_PATH } from '../domain/wire.ts';
import { createScriptPathLookup } from './script-paths.ts';
import { excerpt } from '../text.ts';

export type { Fault } from './server-limits.ts';

export interface EmulatorOptions {
  /** YAML flow definitions and Studio scripts; a scenario names either by id, a script also by alias. */
  flows: LoadedFlow[];
  /** Accepted client credentials; unset = any non-empty pair. */
  credentials?: { clientId: string; clientSecret: string };
  /** Accepted access keys for the password grant; unset = any non-empty pair. */
  accessKeys?: { accessKeyId: string; accessKeySecret: string }[];
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Scopes on offer, default 'flow:debug flow:read'. */
  scopes?: string;
  /** Added to every request. */
  latencyMs?: number;
  /** Over it, debug calls and flow reads answer 429 with Retry-After (seconds). */
  rateLimit?: { requestsPerSecond: number };
  /** Scripted answers of the next debug calls. */
  faults?: Fault[];
  /** Flows that exist but that the client may not use: 403, as CXone answers them. */
  forbiddenFlowIds?: string[];
  /** Milliseconds, for token expiry and the rate limit. */
  clock?: () => number;
}

export interface EmulatorStats {
  tokenRequests: number;
  debugCalls: number;
  flowReads: number;
  /** GET STUDIO_SCRIPTS_PATH?scriptPath=… (README, Pulling a script). */
  scriptReads: number;
  throttled: number;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:39143 — base URL and token URL host alike. */
  url: string;
  port: number;
  stats: EmulatorStats;
  addFaults(faults: Fault[]): void;
  close(): Promise<void>;
}

interface Ctx {
  options: EmulatorOptions;
  flows: (name: string) => LoadedFlow | undefined;
  scripts: (scriptPath: string) => StudioScript | undefined;
  tokens: TokenStore;
  faults: FaultQueue;
  limit: (() => number | undefined) | undefined;
  stats: EmulatorStats;
  wait: (ms: number) => Promise<void>;
}

const FLOW_PATH = /^\/api\/v2\/flows\/([^/]+)$/;
const TOKEN_PATHS = new Set(['/oauth2/token', '/auth/token']);
const DEBUG_PATH = '/api/v2/flows/debug';

function apiError(res: ServerResponse, status: number, error: string, message: string, headers?: Record<string, string>): void {
  sendJson(res, status, { error, message }, headers);
}

/** True when the call may go on; otherwise it has been answered with 429. */
function admit(ctx: Ctx, res: ServerResponse): boolean {
  const retryAfter = ctx.limit?.();
  if (retryAfter === undefined) return true;
  ctx.stats.throttled += 1;
  apiError(res, 429, 'TooManyRequests', `rate limit of ${ctx.options.rateLimit?.requestsPerSecond} requests per second exceeded`, {
    'Retry-After': String(retryAfter),
  });
  return false;
}

/** Plays a scripted fault; true when it answered the call (the rest of the handler is skipped). */
async function playFault(ctx: Ctx, fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  switch (fault.kind) {
    case '429':
      ctx.stats.throttled += 1;
      apiError(res, 429, 'TooManyRequests', 'scripted rate limit', { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
      return true;
    case '503': {
      const headers = fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) };
      apiError(res, 503, 'ServiceUnavailable', 'scripted outage', headers);
      return true;
    }
    case '500':
      apiError(res, 500, 'InternalServerError', 'scripted server error');
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'invalid-json':
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end('{"path": ["node_start", ');
      return true;
    case 'slow':
      await ctx.wait(fault.delayMs ?? DEFAULT_SLOW_FAULT_MS);
      return false;
  }
}

async function handleToken(ctx: Ctx, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  ctx.stats.tokenRequests += 1;
  const refused = checkTokenEncoding(req.headers['content-type'], body);
  if (refused) return sendJson(res, refused.status, refused.body, refused.headers);
  const answer = ctx.tokens.issue(new URLSearchParams(body.toString('utf8')), req.headers.authorization);
  sendJson(res, answer.status, answer.body, answer.headers);
}

function findFlow(ctx: Ctx, res: ServerResponse, flowId: string): LoadedFlow | undefined {
  const flow = ctx.flows(flowId);
  if (!flow) apiError(res, 404, 'NotFound', `flow '${excerpt(flowId)}' does not exist`);
  else if (ctx.options.forbiddenFlowIds?.includes(flowId) || ctx.options.forbiddenFlowIds?.includes(flow.id))
    apiError(res, 403, 'Forbidden', `no permission for flow '${excerpt(flowId)}'`);
  else return flow;
  return undefined;
}

async function handleDebug(ctx: Ctx, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  ctx.stats.debugCalls += 1;
  if (!admit(ctx, res)) return;
  const fault = ctx.faults.take();
  if (fault && (await playFault(ctx, fault, req, res))) return;
  const denied = ctx.tokens.check(req.headers.authorization, 'flow:debug');
  if (denied) return sendJson(res, denied.status, denied.body, denied.headers);
  const request = readDebugRequest(body);
  if (typeof request === 'string') return apiError(res, 400, 'BadRequest', request);
  const flow = findFlow(ctx, res, request.flowId);
  if (!flow) return;
  // RUNSUB and RUNSCRIPT name scripts as scenarios do: by id or alias.
  const result = executeFlow(flow, request, (name) => {
    const found = ctx.flows(name);
    return found && isStudioScript(found) ? found : undefined;
  });
  sendJson(res, result.status, result.body);
}

function handleFlowRead(ctx: Ctx, req: IncomingMessage, res: ServerResponse, flowId: string): void {
  ctx.stats.flowReads += 1;
  if (!admit(ctx, res)) return;
  const denied = ctx.tokens.check(req.headers.authorization, 'flow:read');
  if (denied) return sendJson(res, denied.status, denied.body, denied.headers);
  const flow = findFlow(ctx, res, flowId);
  if (!flow) return;
  sendJson(res, 200, { id: flow.id, name: flow.name ?? flow.id, start: flow.start, nodes: flow.nodes });
}

/**
 * A Studio script by folder path, as CXone's Admin API answers it (observed): the file's own text, byte for
 * byte, so that `pull` writes what the emulator loaded. The same bearer check as a flow read.
 */
function handleScriptRead(ctx: Ctx, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  ctx.stats.scriptReads += 1;
  if (!admit(ctx, res)) return;
  const denied = ctx.tokens.check(req.headers.authorization, 'flow:read');
  if (denied) return sendJson(res, denied.status, denied.body, denied.headers);
  const scriptPath = query.get('scriptPath');
  if (!scriptPath) return apiError(res, 400, 'BadRequest', "the query parameter 'scriptPath' is required");
  const text = ctx.scripts(scriptPath)?.source.text;
  if (text === undefined) return apiError(res, 404, 'NotFound', `script '${excerpt(scriptPath)}' was not found`);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function route(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname, searchParams } = new URL(req.url ?? '/', 'http://emulator.invalid');
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  if (ctx.options.latencyMs) await ctx.wait(ctx.options.latencyMs);
  if (TOKEN_PATHS.has(pathname) || pathname === DEBUG_PATH) {
    if (method !== 'POST') return apiError(res, 405, 'MethodNotAllowed', `${method} ${pathname}: expected POST`, { Allow: 'POST' });
    return TOKEN_PATHS.has(pathname) ? handleToken(ctx, req, res, body) : handleDebug(ctx, req, res, body);
  }
  // Either case: public integrations spell the Admin API's path both `inContactAPI` and `incontactapi`.
  if (pathname.toLowerCase() === STUDIO_SCRIPTS_PATH.toLowerCase()) {
    // Reads only: CXone's POST to this path saves a new version of the script, which no test tool may do.
    if (method !== 'GET') return apiError(res, 405, 'MethodNotAllowed', `${method} ${pathname}: expected GET`, { Allow: 'GET' });
    return handleScriptRead(ctx, req, res, searchParams);
  }
  const flowMatch = FLOW_PATH.exec(pathname);
  if (flowMatch?.[1]) {
    if (method !== 'GET') return apiError(res, 405, 'MethodNotAllowed', `${method} ${pathname}: expected GET`, { Allow: 'GET' });
    return handleFlowRead(ctx, req, res, decodeSegment(flowMatch[1]));
  }
  apiError(res, 404, 'NotFound', `${method} ${excerpt(pathname)} is not an endpoint of the Flow Debug API`);
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await route(ctx, req, res);
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      return apiError(res, 413, 'PayloadTooLarge', `request ${e.message} is too large`, { Connection: 'close' });
    }
    apiError(res, 500, 'InternalServerError', 'the emulator failed to answer');
  }
}

/** Starts the emulator on loopback (127.0.0.1, an ephemeral port unless told otherwise). */
export async function startEmulator(options: EmulatorOptions, listen: { host?: string; port?: number } = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? Date.now;
  const pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          pending.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      pending.add(entry);
    });
  const stats: EmulatorStats = { tokenRequests: 0, debugCalls: 0, flowReads: 0, scriptReads: 0, throttled: 0 };
  const ctx: Ctx = {
    options,
    flows: createFlowLookup(options.flows),
    scripts: createScriptPathLookup(options.flows),
    tokens: createTokenStore({ ...options, clock }),
    faults: createFaultQueue(options.faults),
    limit: options.rateLimit ? createRateLimiter(options.rateLimit.requestsPerSecond, clock) : undefined,
    stats,
    wait,
  };
  const server = createServer((req, res) => void handle(ctx, req, res));
  const host = listen.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats,
    addFaults: (faults) => ctx.faults.add(faults),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Pending delays end now; their sockets are destroyed below, so the answers go nowhere.
        for (const entry of pending) {
          clearTimeout(entry.timer);
          entry.resolve();
        }
        pending.clear();
        server.closeAllConnections();
      }),
  };
}
