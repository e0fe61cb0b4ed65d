// One HTTP exchange, bounded: a deadline, a cancel signal and a cap on the bytes read into memory.
// @actions/http-client supplies the agent (proxy from HTTPS_PROXY / NO_PROXY, TLS always verified);
// its own retries and redirects are not used: retries are retry-loop.ts's, and redirects are refused.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage, IncomingHttpHeaders } from 'node:http';
import { HttpClient } from '@actions/http-client';
import { ApiError } from './errors.ts';
import type { FailureKind } from './errors.ts';
import { isLoopbackHost } from '../loopback.ts';

const MIB = 1024 * 1024;

/** max-response-mb's default (SPEC 2): a 1,000,000-step path is about 12 MB, so this leaves room for long traces. */
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

export { isLoopbackHost };

/**
 * Refuses anything but https, except plain http to loopback (the emulator) or when the user opted in
 * with allow-insecure-http: a bearer token must not cross a network in clear text.
 */
export function checkUrl(url: string, input: string, allowInsecureHttp: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ApiError({
      code: 'INVALID_URL',
      message: `Invalid '${input}' "${url}": expected an absolute https:// URL such as https://api-us-1.cxone.com.`,
      method: '-',
      url,
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

export class Transport {
  private readonly client: HttpClient;
  private readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
    // The library's own socket timeout stays above ours so the deadline below is the one that fires.
    this.client = new HttpClient(options.userAgent, [], {
      keepAlive: true,
      allowRetries: false,
      allowRedirects: false,
      socketTimeout: options.timeoutMs + 1000,
    });
  }

  readonly send: Send = async (request, signal) => {
    signal?.throwIfAborted();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    try {
      const url = new URL(request.url);
      const info = {
        parsedUrl: url,
        httpModule: url.protocol === 'https:' ? https : http,
        options: {
          method: request.method,
          host: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
          path: url.pathname + url.search,
          headers: { 'user-agent': this.options.userAgent, ...request.headers },
          agent: this.client.getAgent(request.url),
          signal: combined,
        },
      };
      const response = await this.client.requestRaw(info, request.body ?? null);
      const body = await readCapped(response.message, this.options.maxResponseBytes);
      return { status: response.message.statusCode ?? 0, headers: response.message.headers, body };
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
    this.client.dispose();
  }
}
