// One HTTP exchange, bounded: a deadline, a cancel signal and a cap on the bytes read into memory.
// agents.ts supplies the agent (proxy from HTTPS_PROXY / NO_PROXY, TLS always verified); nothing here
// retries or follows a redirect: the policy is retry.ts and the loop retry-loop.ts, and redirects are refused.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage, IncomingHttpHeaders } from 'node:http';
import { Agents } from './agents.ts';
import { ApiError } from './errors.ts';
import type { FailureKind } from './errors.ts';
import { isLoopbackHost } from '../loopback.ts';
import { stripUserinfo } from '../secrets.ts';
import { excerpt } from '../text.ts';

const MIB = 1024 * 1024;

/** max-response-mb's default: a 1,000,000-step path is about 12 MB, so this leaves room for long traces. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * MIB;

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Send = (request: HttpRequest, signal?: AbortSignal) => Promise<HttpReply>;

/** An attempt that produced no usable answer; the caller turns it into an ApiError with its context. */
export class TransportError extends Error {
  kind: FailureKind;
  reason: string;

  constructor(kind: FailureKind, reason: string, cause?: unknown) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.kind = kind;
    this.reason = reason;
  }
}

export interface TransportOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  userAgent: string;
}

/**
 * Refuses anything but https, except plain http to loopback (the emulator) or when the user opted in
 * with allow-insecure-http: a bearer token must not cross a network in clear text.
 */
export function checkUrl(url: string, input: string, allowInsecureHttp: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    // Not parsed, so no password in it was registered as a secret: it leaves here without its userinfo.
    const shown = excerpt(stripUserinfo(url));
    throw new ApiError({
      code: 'INVALID_URL',
      message: `Invalid '${input}' "${shown}": expected an absolute https:// URL such as https://api-us-1.cxone.com.`,
      method: '-',
      url: shown,
      attempts: 0,
      cause,
    });
  }
  const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && (isLoopbackHost(parsed.hostname) || allowInsecureHttp)) return parsed;
  const reason =
    parsed.protocol === 'http:'
      ? 'plain http would send credentials and tokens in clear text; use https://, or set allow-insecure-http: true for a trusted non-loopback test server'
      : 'expected https://';
  throw new ApiError({
    code: 'INSECURE_URL',
    message: `Refusing '${input}' "${shown}": ${reason}.`,
    method: '-',
    url: shown,
    attempts: 0,
  });
}

/** The limit in words; the error's hint names the input that raises it, as the shell names it (errors.ts). */
function describeLimit(maxBytes: number): string {
  const mb = maxBytes / MIB;
  return `the ${maxBytes}-byte limit (${Number.isInteger(mb) ? mb : mb.toFixed(2)} MB)`;
}

async function readCapped(message: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(message.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    message.destroy();
    throw new TransportError('too-large', `body of ${declared} bytes exceeds ${describeLimit(maxBytes)}`);
  }
  // With a declared length the body is copied once, into its final buffer, rather than kept as chunks
  // and concatenated: half the peak for a 12 MB answer.
  const whole = Number.isInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  let filled = 0;
  for await (const chunk of message as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      message.destroy();
      throw new TransportError('too-large', `body exceeds ${describeLimit(maxBytes)}`);
    }
    if (whole && chunks.length === 0 && filled + chunk.length <= whole.length) filled += chunk.copy(whole, filled);
    else chunks.push(chunk);
  }
  const head = whole ? [whole.subarray(0, filled)] : [];
  return chunks.length === 0 ? (head[0]?.toString('utf8') ?? '') : Buffer.concat([...head, ...chunks]).toString('utf8');
}

function describeCause(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const text = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !text.includes(code) ? `${code} ${text}` : text;
}

/**
 * Sends one request and resolves with the response's head. An idle socket times out a second after the
 * caller's deadline, so the deadline is the one that fires and a socket left silent is still closed.
 */
function exchange(url: URL, options: http.RequestOptions, body: string | null, socketTimeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = body === null ? options.headers : { ...options.headers, 'Content-Length': Buffer.byteLength(body, 'utf8') };
    const req = (url.protocol === 'https:' ? https : http).request({ ...options, headers }, resolve);
    req.setTimeout(socketTimeoutMs, () => {
      req.socket?.end();
      reject(new Error(`Request timeout: ${options.path}`));
    });
    req.on('error', reject);
    if (body !== null) req.write(body, 'utf8');
    req.end();
  });
}

export class Transport {
  private readonly agents = new Agents();
  private readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
  }

  readonly send: Send = async (request, signal) => {
    signal?.throwIfAborted();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    try {
      const url = new URL(request.url);
      const options = {
        method: request.method,
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
        path: url.pathname + url.search,
        headers: { 'user-agent': this.options.userAgent, ...request.headers },
        agent: await this.agents.agentFor(url),
        signal: combined,
      };
      const message = await exchange(url, options, request.body ?? null, this.options.timeoutMs + 1000);
      const body = await readCapped(message, this.options.maxResponseBytes);
      return { status: message.statusCode ?? 0, headers: message.headers, body };
    } catch (err) {
      if (err instanceof TransportError) throw err;
      if (signal?.aborted) throw new TransportError('cancelled', 'cancelled', err);
      if (deadline.signal.aborted || (err instanceof Error && err.message.startsWith('Request timeout'))) {
        throw new TransportError('timeout', `no answer within ${this.options.timeoutMs} ms`, err);
      }
      throw new TransportError('network', describeCause(err), err);
    } finally {
      clearTimeout(timer);
    }
  };

  close(): void {
    this.agents.destroy();
  }
}
