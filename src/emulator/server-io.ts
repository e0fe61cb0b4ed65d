// Request reading and answer writing for the emulator's HTTP server, and the shape checks of a debug request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DebugRequest, MockOutcome } from '../domain/wire.ts';
import { parseClock } from '../domain/clock.ts';
import type { JsonValue } from '../domain/json.ts';
import { DEFAULT_MAX_LOOPS } from './run-options.ts';
import { excerpt, quoteValue } from '../text.ts';
import { didYouMean } from '../validation/suggest.ts';

/** Far above any debug request; bigger bodies answer 413 without being buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Keeps a single debug call from occupying the emulator for long. */
export const MAX_LOOPS_LIMIT = 1_000_000;

export class BodyTooLargeError extends Error {
  readonly code = 'BODY_TOO_LARGE';
}

/** The whole body, or BodyTooLargeError as soon as it passes `cap` (the rest is not read). */
export function readBody(req: IncomingMessage, cap = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) return reject(new BodyTooLargeError(`body of ${declared} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLargeError(`body over ${cap} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Client id and secret from `Authorization: Basic …` (form-encoded before base64, RFC 6749 2.3.1). */
export function parseBasicAuth(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape a 400 about a key names, as the tutorial's client sends it (variables optional). */
export const DEBUG_REQUEST_SHAPE = '{flowId, input: {dtmf, speech}, options: {trace, includeVariables, maxLoops}, variables, mocks, clock}';

const DEBUG_KEYS: Record<string, readonly string[]> = {
  '': ['flowId', 'input', 'options', 'variables', 'mocks', 'clock'],
  input: ['dtmf', 'speech'],
  options: ['trace', 'includeVariables', 'maxLoops'],
};

/**
 * An unknown key is refused rather than ignored: `{"flowId": …, "dtmf": "2"}` would otherwise run with
 * no input at all and answer 200 with a path that looks like a flow bug.
 */
function unknownKey(map: Record<string, unknown>, where: '' | 'input' | 'options'): string | undefined {
  const known = DEBUG_KEYS[where]!;
  const key = Object.keys(map).find((k) => !known.includes(k));
  if (key === undefined) return undefined;
  const at = where === '' ? 'at the top of the request' : `in '${where}'`;
  const inner = where === '' ? Object.entries(DEBUG_KEYS).find(([w, keys]) => w !== '' && keys.includes(key))?.[0] : undefined;
  const hint = inner ? ` (it belongs in '${inner}')` : didYouMean(key, known);
  return `unknown key '${excerpt(key)}' ${at}${hint}; expected ${DEBUG_REQUEST_SHAPE}`;
}

function readInput(input: unknown): DebugRequest['input'] | string {
  if (input === undefined) return { dtmf: '', speech: '' };
  if (!isMap(input)) return `'input' is ${quoteValue(input)}, expected an object { dtmf, speech }`;
  const unknown = unknownKey(input, 'input');
  if (unknown) return unknown;
  const dtmf = input.dtmf ?? '';
  const speech = input.speech ?? '';
  if (typeof dtmf !== 'string' || !/^[0-9*#]*$/.test(dtmf))
    return `'input.dtmf' is ${quoteValue(dtmf)}, expected a string of DTMF digits (0-9, *, #)`;
  if (typeof speech !== 'string') return `'input.speech' is ${quoteValue(speech)}, expected a string`;
  return { dtmf, speech };
}

function readOptions(options: unknown): DebugRequest['options'] | string {
  if (options === undefined) return { trace: true, includeVariables: false, maxLoops: DEFAULT_MAX_LOOPS };
  if (!isMap(options)) return `'options' is ${quoteValue(options)}, expected an object`;
  const unknown = unknownKey(options, 'options');
  if (unknown) return unknown;
  const { trace = true, includeVariables = false, maxLoops = DEFAULT_MAX_LOOPS } = options;
  if (typeof trace !== 'boolean') return `'options.trace' is ${quoteValue(trace)}, expected true or false`;
  if (typeof includeVariables !== 'boolean') return `'options.includeVariables' is ${quoteValue(includeVariables)}, expected true or false`;
  if (!Number.isInteger(maxLoops) || (maxLoops as number) < 1 || (maxLoops as number) > MAX_LOOPS_LIMIT) {
    return `'options.maxLoops' is ${quoteValue(maxLoops)}, expected a whole number from 1 to ${MAX_LOOPS_LIMIT}`;
  }
  return { trace, includeVariables, maxLoops: maxLoops as number };
}

const OUTCOME_KEYS = ['branch', 'variables'];

function readOutcome(value: unknown, at: string): MockOutcome | string {
  if (!isMap(value)) return `'${at}' is ${quoteValue(value)}, expected an outcome { branch, variables }`;
  const key = Object.keys(value).find((k) => !OUTCOME_KEYS.includes(k));
  if (key !== undefined) return `unknown key '${excerpt(key)}' in '${at}'${didYouMean(key, OUTCOME_KEYS)}; expected { branch, variables }`;
  if (value.branch !== undefined && (typeof value.branch !== 'string' || value.branch.trim() === '')) {
    return `'${at}.branch' is ${quoteValue(value.branch)}, expected a connector name`;
  }
  if (value.variables !== undefined && !isMap(value.variables))
    return `'${at}.variables' is ${quoteValue(value.variables)}, expected an object`;
  return value as MockOutcome;
}

/** The emulator's `mocks`: key → an outcome or a non-empty list of outcomes (one per visit). */
function readMocks(mocks: unknown): DebugRequest['mocks'] | string {
  if (!isMap(mocks)) return `'mocks' is ${quoteValue(mocks)}, expected an object: action or node → outcome`;
  const out: NonNullable<DebugRequest['mocks']> = {};
  for (const [key, value] of Object.entries(mocks)) {
    const at = `mocks.${excerpt(key)}`;
    if (Array.isArray(value) && value.length === 0) return `'${at}' is an empty list, expected one outcome per visit`;
    const outcomes = (Array.isArray(value) ? value : [value]).map((v, i) => readOutcome(v, Array.isArray(value) ? `${at}[${i}]` : at));
    const bad = outcomes.find((o) => typeof o === 'string');
    if (typeof bad === 'string') return bad;
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/** A complete DebugRequest (defaults filled in: trace on, variables off, maxLoops 50), or what is wrong with it. */
export function readDebugRequest(body: Buffer): DebugRequest | string {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return `the body is not valid JSON: ${(e as Error).message}`;
  }
  if (!isMap(json)) return `the body is not a JSON object; expected ${DEBUG_REQUEST_SHAPE}`;
  const unknown = unknownKey(json, '');
  if (unknown) return unknown;
  if (typeof json.flowId !== 'string' || json.flowId.trim() === '')
    return `'flowId' is ${json.flowId === undefined ? 'missing' : quoteValue(json.flowId)}, expected a flow id`;
  const input = readInput(json.input);
  if (typeof input === 'string') return input;
  const options = readOptions(json.options);
  if (typeof options === 'string') return options;
  if (json.variables !== undefined && json.variables !== null && !isMap(json.variables)) {
    return `'variables' is ${quoteValue(json.variables)}, expected an object`;
  }
  const request: DebugRequest = { flowId: json.flowId, input, options };
  if (isMap(json.variables)) request.variables = json.variables as Record<string, JsonValue>;
  if (json.mocks !== undefined) {
    const mocks = readMocks(json.mocks);
    if (typeof mocks === 'string') return mocks;
    request.mocks = mocks;
  }
  if (json.clock !== undefined) {
    const clock = typeof json.clock === 'string' ? parseClock(json.clock) : 'expected a string';
    if (typeof clock === 'string') return `'clock' is ${quoteValue(json.clock)}: ${clock}`;
    request.clock = json.clock as string;
  }
  return request;
}
