// Pure checks of what the Flow Debug API answered (README, The emulator), so code downstream can trust the shapes.
import type { JsonValue } from '../domain/json.ts';
import type { DebugResponse, TokenResponse, TraceEntry } from '../domain/wire.ts';
import { hasStudioShape } from '../domain/studio.ts';
import { checkJsonDepth } from '../json-depth.ts';
import { excerptLine } from '../text.ts';
import { MAX_SERVER_MESSAGE_CHARS } from './errors.ts';

/** tooDeep: the body is JSON but nests past MAX_JSON_DEPTH: the server's real answer, not a hiccup to retry. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; tooDeep?: true };

/** CXone tokens last 60 minutes (README, Authentication): the fallback when expires_in is missing or unreadable. */
export const DEFAULT_TOKEN_LIFETIME_S = 3600;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every answer of the API is read here: parsed, then refused when it nests too deep for the walks after it. */
export function parseJson(body: string): Parsed<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    return { ok: false, reason: body.trim() === '' ? 'empty body' : 'body is not JSON' };
  }
  const tooDeep = checkJsonDepth(value);
  return tooDeep === undefined ? { ok: true, value } : { ok: false, reason: tooDeep, tooDeep: true };
}

function parseTraceEntry(value: unknown, index: number): Parsed<TraceEntry> {
  if (!isRecord(value)) return { ok: false, reason: `trace[${index}] is not an object` };
  const { nodeId, type, timestamp, variables } = value;
  if (typeof nodeId !== 'string') return { ok: false, reason: `trace[${index}].nodeId is not a string` };
  if (type !== undefined && typeof type !== 'string') return { ok: false, reason: `trace[${index}].type is not a string` };
  if (timestamp !== undefined && typeof timestamp !== 'number') {
    return { ok: false, reason: `trace[${index}].timestamp is not a number` };
  }
  if (variables !== undefined && !isRecord(variables)) {
    return { ok: false, reason: `trace[${index}].variables is not an object` };
  }
  return { ok: true, value: { ...value, nodeId, type: type ?? 'Unknown', timestamp: timestamp ?? 0 } as TraceEntry };
}

export function parseTrace(value: unknown): Parsed<TraceEntry[]> {
  if (!Array.isArray(value)) return { ok: false, reason: 'trace is not an array' };
  const entries: TraceEntry[] = [];
  for (const [index, item] of value.entries()) {
    const entry = parseTraceEntry(item, index);
    if (!entry.ok) return entry;
    entries.push(entry.value);
  }
  return { ok: true, value: entries };
}

export function parseDebugResponse(json: unknown): Parsed<DebugResponse> {
  if (!isRecord(json)) return { ok: false, reason: 'body is not a JSON object' };
  const { path, variables, exitNode, duration } = json;
  if (!Array.isArray(path) || !path.every((node) => typeof node === 'string')) {
    return { ok: false, reason: 'path is not an array of node ids' };
  }
  if (!isRecord(variables)) return { ok: false, reason: 'variables is not an object' };
  if (exitNode !== null && typeof exitNode !== 'string') return { ok: false, reason: 'exitNode is neither a string nor null' };
  if (duration !== undefined && (typeof duration !== 'number' || !Number.isFinite(duration))) {
    return { ok: false, reason: 'duration is not a number' };
  }
  const trace = parseTrace(json.trace);
  if (!trace.ok) return trace;
  return {
    ok: true,
    value: {
      path: path as string[],
      variables: variables as Record<string, JsonValue>,
      exitNode,
      duration: duration ?? 0,
      trace: trace.value,
    },
  };
}

export function parseFlow(json: unknown): Parsed<unknown> {
  return isRecord(json) ? { ok: true, value: json } : { ok: false, reason: 'body is not a JSON object' };
}

/** Base64 text of some length: what `GET /scripts/{id}` answers for a Desktop Studio script (observed; README, Pulling a script). */
const BASE64 = /^[A-Za-z0-9+/\r\n]{16,}={0,2}$/;

/**
 * A script read's answer (client.ts getScript): the body itself, unchanged, once it is a Studio script's JSON
 * as the flow loader recognises one (an object with `header` or `actions`, and no `nodes`: flow/studio/parse.ts).
 * What else CXone may send for a script is named: XML or base64 (Desktop Studio's format), or another object.
 */
export function readStudioScriptBody(body: string): Parsed<string> {
  const text = body.trim();
  if (text.startsWith('<')) return { ok: false, reason: `body is XML, not a Studio script's JSON (${DESKTOP_STUDIO})` };
  if (BASE64.test(text)) return { ok: false, reason: `body is base64 text, not a Studio script's JSON (${DESKTOP_STUDIO})` };
  const json = parseJson(body);
  if (!json.ok) return json;
  const value = json.value;
  if (typeof value === 'string') {
    const what = BASE64.test(value) ? `a base64 string (${DESKTOP_STUDIO})` : 'a string';
    return { ok: false, reason: `body is a JSON ${what}, not a Studio script` };
  }
  if (!isRecord(value))
    return { ok: false, reason: `body is a JSON ${Array.isArray(value) ? 'array' : typeof value}, not a Studio script` };
  if (hasStudioShape((key) => value[key] !== undefined)) return { ok: true, value: body };
  const keys = Object.keys(value);
  // A long key by its length, never a cut of it: this text is scrubbed of secrets only later (json-depth.ts does the same).
  const shown = keys.slice(0, 5).map((k) => (k.length > 40 ? `<key of ${k.length} characters>` : JSON.stringify(k)));
  const listed = keys.length === 0 ? 'no keys' : `keys ${shown.join(', ')}${keys.length > 5 ? ', …' : ''}`;
  return { ok: false, reason: `body is a JSON object with ${listed}, not a Studio script (an object with "header" and "actions")` };
}

const DESKTOP_STUDIO = 'scripts kept in the Desktop Studio format come as XML, which pull does not read';

export interface Token {
  accessToken: string;
  expiresInMs: number;
}

export function parseTokenResponse(json: unknown): Parsed<Token> {
  if (!isRecord(json)) return { ok: false, reason: 'body is not a JSON object' };
  const body = json as Partial<Record<keyof TokenResponse, unknown>>;
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    return { ok: false, reason: 'access_token is missing' };
  }
  const seconds = Number(body.expires_in);
  const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TOKEN_LIFETIME_S;
  return { ok: true, value: { accessToken: body.access_token, expiresInMs: lifetime * 1000 } };
}

const MESSAGE_KEYS = ['message', 'error_description', 'errorMessage', 'detail', 'title', 'error'] as const;

/**
 * The server's own words for an error, short: JSON message fields first, else the text (not HTML).
 * `scrub` sees the whole message before it is cut (the body is already capped by max-response-mb), so
 * no prefix of a secret survives the cut.
 */
export function extractServerMessage(body: string, scrub: (text: string) => string = (text) => text): string | undefined {
  const quoted = findServerMessage(body);
  return quoted === undefined ? undefined : excerptLine(scrub(quoted), MAX_SERVER_MESSAGE_CHARS);
}

function findServerMessage(body: string): string | undefined {
  const json = parseJson(body);
  if (json.ok && isRecord(json.value)) {
    for (const key of MESSAGE_KEYS) {
      const value = json.value[key];
      if (typeof value === 'string' && value.trim() !== '') return value;
      if (isRecord(value) && typeof value.message === 'string') return value.message;
    }
    return undefined;
  }
  if (!json.ok && json.tooDeep) return undefined;
  const text = body.trim();
  if (text === '' || text.startsWith('<')) return undefined;
  return text;
}

/**
 * A 500 that is a flow compilation failure is the flow's fault, not the server's: it carries the trace
 * up to the failing node, or says so in its message (README, Troubleshooting). `unusable`: the
 * body is JSON nested too deep to read a trace from.
 */
export function readCompilationFailure(status: number, body: string): { trace?: TraceEntry[]; unusable?: string } | undefined {
  if (status !== 500) return undefined;
  const json = parseJson(body);
  if (!json.ok && json.tooDeep) return { unusable: json.reason };
  if (json.ok && isRecord(json.value)) {
    const trace = parseTrace(json.value.trace);
    if (trace.ok) return { trace: trace.value };
  }
  return /compil/i.test(extractServerMessage(body) ?? '') ? {} : undefined;
}
