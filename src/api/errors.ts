// Errors of the Flow Debug API client: one code each, one message that says what failed and what to check.
// The words are made here; the errors that quote the wire are made by make-error.ts, scrubbed as they are.
import { STATUS_CODES } from 'node:http';
import type { TraceEntry } from '../domain/wire.ts';
import { ACTION_NAMING, listWords, type InputNaming } from '../input-naming.ts';
import { excerpt } from '../text.ts';

export type ApiErrorCode =
  | 'AUTH_FAILED'
  | 'FORBIDDEN'
  | 'FLOW_NOT_FOUND'
  | 'SCRIPT_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'FLOW_COMPILATION_FAILED'
  | 'BAD_REQUEST'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'INVALID_RESPONSE'
  | 'INSECURE_URL'
  | 'INVALID_URL'
  | 'CANCELLED';

/** Server messages are quoted, never dumped: they may echo what we sent. */
export const MAX_SERVER_MESSAGE_CHARS = 300;

export interface ApiErrorInit {
  code: ApiErrorCode;
  message: string;
  method: string;
  url: string;
  attempts: number;
  status?: number;
  serverMessage?: string;
  trace?: TraceEntry[];
  cause?: unknown;
}

export class ApiError extends Error {
  code: ApiErrorCode;
  status?: number;
  attempts: number;
  url: string;
  method: string;
  serverMessage?: string;
  /** The partial trace of a 500 flow compilation failure, up to the failing node. */
  trace?: TraceEntry[];

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiError';
    this.code = init.code;
    this.attempts = init.attempts;
    this.url = init.url;
    this.method = init.method;
    if (init.status !== undefined) this.status = init.status;
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage;
    if (init.trace !== undefined) this.trace = init.trace;
  }
}

/** What a request was, for messages: the URL without credentials or query string. */
export interface RequestContext {
  method: string;
  url: string;
  attempts: number;
  /** How the shell names the inputs a hint points at (`base-url`, `--base-url`); default: the action's. */
  naming?: InputNaming;
}

export interface StatusDetails {
  status: number;
  /** The server's own words, from ErrorMaker.quote: already scrubbed whole, then cut. */
  serverMessage?: string;
  /** The OAuth scope configured, quoted in 401 hints. */
  scope: string;
  flowId?: string;
  /** A script read's folder path (client.ts getScript): its refusals are about scripts, not flows. */
  scriptPath?: string;
  compilationFailure?: boolean;
  trace?: TraceEntry[];
  /** Set when the policy gave up because Retry-After asked for longer than we wait. */
  retryAfterMs?: number;
}

/**
 * Strips user:password@ and the query string, so a URL is safe to print; a path that carries a flow id is
 * cut as any quoted id is (excerpt), so a 200,000-character id does not flood a message.
 */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${excerpt(parsed.pathname)}`;
  } catch {
    return '<invalid URL>';
  }
}

/**
 * The values a request carried (variable values, speech, digits), for scrubbing the server's quote of
 * an error: some gateways echo the body back, and variables may hold caller data. Short values are
 * skipped so that "1" or "yes" does not blank out unrelated words.
 */
export function collectRequestValues(value: unknown, minLength = 4, out: string[] = []): string[] {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (text.length >= minLength) out.push(text);
  } else if (Array.isArray(value)) {
    for (const item of value) collectRequestValues(item, minLength, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectRequestValues(item, minLength, out);
  }
  return out;
}

/** Replaces every known secret (client secret, issued tokens…) with *** wherever it appears. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

function describeStatus(ctx: RequestContext, details: StatusDetails): string {
  const text = STATUS_CODES[details.status] ?? 'Unknown Status';
  const server = details.serverMessage ? `: "${details.serverMessage}"` : '';
  const tries = ctx.attempts > 1 ? ` (after ${ctx.attempts} attempts)` : '';
  return `${ctx.method} ${ctx.url} answered ${details.status} ${text}${server}${tries}.`;
}

/**
 * A script read's own words for what concerns the script (`pull`); the rest (429, 5xx, redirects) reads as
 * any call's. Studio's folder paths use backslashes and start at the business unit's root folder
 * (observed in public integrations; README, Pulling a script).
 */
function hintForScript(status: number, scriptPath: string, ctx: RequestContext): { code: ApiErrorCode; hint: string } | undefined {
  const n = ctx.naming ?? ACTION_NAMING;
  const path = `'${excerpt(scriptPath)}'`;
  if (status === 401) {
    return {
      code: 'AUTH_FAILED',
      hint: `The bearer token was rejected even after a fresh one was issued: check that ${n.input('client-id')} and ${n.input('client-secret')} belong to the business unit at ${n.input('base-url')}.`,
    };
  }
  if (status === 403)
    return {
      code: 'FORBIDDEN',
      hint: `The API client may not read the script at ${path}: check its role's Studio permissions in CXone admin.`,
    };
  if (status === 404) {
    return {
      code: 'SCRIPT_NOT_FOUND',
      hint:
        `No script at path ${path}: script paths separate folders with backslashes (${n.setting('script-path', 'Sales\\Main IVR')}) and ` +
        `are relative to the business unit's root folder; check them, and ${n.input('base-url')}.`,
    };
  }
  if (status === 400) return { code: 'BAD_REQUEST', hint: `The request was refused as malformed: check ${n.input('script-path')}.` };
  return undefined;
}

function hintForStatus(details: StatusDetails, ctx: RequestContext): { code: ApiErrorCode; hint: string } {
  const { status } = details;
  const n = ctx.naming ?? ACTION_NAMING;
  const script = details.scriptPath === undefined ? undefined : hintForScript(status, details.scriptPath, ctx);
  if (script) return script;
  const flow = details.flowId ? `flow "${excerpt(details.flowId)}"` : 'this flow';
  if (status === 401) {
    return {
      code: 'AUTH_FAILED',
      hint:
        `The bearer token was rejected even after a fresh one was issued: check that the scope "${details.scope}" ` +
        `includes flow:debug (and flow:read to read flows) and that ${n.input('client-id')} and ${n.input('client-secret')} belong to this CXone environment.`,
    };
  }
  if (status === 403) {
    return {
      code: 'FORBIDDEN',
      hint:
        `The OAuth client lacks flow:debug permission for ${flow}, or the flow belongs to another organization or ` +
        `environment: check the API client's role in CXone admin and that ${n.input('base-url')} is the flow's region.`,
    };
  }
  if (status === 404) {
    return {
      code: 'FLOW_NOT_FOUND',
      hint: `Unknown ${flow}: check that the flowId is published in this environment and region, and ${n.input('base-url')}.`,
    };
  }
  if (status === 429) {
    const wait =
      details.retryAfterMs !== undefined
        ? ` The server asked to wait ${Math.ceil(details.retryAfterMs / 1000)} s, longer than the client waits.`
        : '';
    return {
      code: 'RATE_LIMITED',
      hint: `CXone kept throttling the calls.${wait} Set ${n.input('max-requests-per-second')}, or lower ${n.input('concurrency')}.`,
    };
  }
  if (status === 500 && details.compilationFailure) {
    const last = details.trace?.at(-1);
    const where = last ? ` The trace stops at node "${last.nodeId}".` : '';
    return {
      code: 'FLOW_COMPILATION_FAILED',
      hint: `The flow could not run.${where} The server's words say why; on CXone, review the flow in Studio: disconnected actions, missing connectors, broken snippets.`,
    };
  }
  if (status >= 500) {
    return {
      code: 'SERVER_ERROR',
      hint: `CXone kept failing: try again later, or raise ${n.input('max-retries')}.`,
    };
  }
  if (status >= 300 && status < 400) {
    return { code: 'INVALID_RESPONSE', hint: `Redirects are not followed: check ${n.input('base-url')} and ${n.input('token-url')}.` };
  }
  return { code: 'BAD_REQUEST', hint: "The request was refused as malformed: check the scenario's flowId, inputs and variables." };
}

/** The words of a final non-2xx answer of the debug or flow endpoint (make-error.ts makes the error). */
export function describeStatusError(ctx: RequestContext, details: StatusDetails): { code: ApiErrorCode; message: string } {
  const { code, hint } = hintForStatus(details, ctx);
  return { code, message: `${describeStatus(ctx, details)} ${hint}` };
}

/** The words of a refusal of the token endpoint (any 4xx but 408/429): never retried. */
export function describeAuthError(
  ctx: RequestContext,
  details: StatusDetails & { accessKey: boolean },
): { code: ApiErrorCode; message: string } {
  const n = ctx.naming ?? ACTION_NAMING;
  const names = details.accessKey ? ['client-id', 'client-secret', 'access-key-id', 'access-key-secret'] : ['client-id', 'client-secret'];
  const creds = listWords(names.map((name) => n.input(name)));
  const hint =
    details.status === 404 || details.status === 405
      ? `This URL does not issue OAuth tokens: check ${n.input('token-url')} (CXone back-end apps use https://cxone.niceincontact.com/auth/token).`
      : `The token endpoint refused the credentials: check ${creds}, ${n.input('token-url')}, ` +
        `and that the scope "${details.scope}" is granted to this OAuth client.`;
  return { code: 'AUTH_FAILED', message: `${describeStatus(ctx, details)} ${hint}` };
}

export type FailureKind = 'timeout' | 'network' | 'invalid-response' | 'too-large' | 'cancelled';

const FAILURE_CODES: Record<FailureKind, ApiErrorCode> = {
  timeout: 'TIMEOUT',
  network: 'NETWORK',
  'invalid-response': 'INVALID_RESPONSE',
  'too-large': 'INVALID_RESPONSE',
  cancelled: 'CANCELLED',
};

export interface FailureDetails {
  kind: FailureKind;
  /** What went wrong, without any request data: "ECONNRESET", "body is not JSON"… */
  reason: string;
  timeoutMs?: number;
  status?: number;
  cause?: unknown;
}

function hintForFailure(details: FailureDetails, ctx: RequestContext): string {
  const n = ctx.naming ?? ACTION_NAMING;
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  switch (details.kind) {
    case 'timeout':
      return `did not answer within ${(details.timeoutMs ?? 0) / 1000} s${tries}: raise ${n.input('request-timeout')}, or check the network and ${n.input('base-url')}.`;
    case 'network':
      return `failed${tries}: ${details.reason}. Check ${n.input('base-url')} and ${n.input('token-url')}, proxy settings (HTTPS_PROXY, NO_PROXY) and the network.`;
    case 'too-large':
      return `answered${details.status ? ` ${details.status}` : ''} with an unusable body${tries}: ${details.reason}. Raise ${n.input('max-response-mb')} if such an answer is expected.`;
    case 'invalid-response':
      return `answered${details.status ? ` ${details.status}` : ''} with an unusable body${tries}: ${details.reason}. Check that ${n.input('base-url')} points at a CXone API gateway.`;
    case 'cancelled':
      return `was cancelled${tries}.`;
  }
}

/** The words of an attempt that produced no usable HTTP answer (make-error.ts makes the error). */
export function describeFailure(ctx: RequestContext, details: FailureDetails): { code: ApiErrorCode; message: string } {
  return { code: FAILURE_CODES[details.kind], message: `${ctx.method} ${ctx.url} ${hintForFailure(details, ctx)}` };
}
