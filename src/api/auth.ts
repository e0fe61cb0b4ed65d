// OAuth tokens for the Flow Debug API (README, Authentication): one cached token, refreshed shortly before it expires,
// by one request that every concurrent caller shares (stepci's token-per-step is the counter-example).
import { ACTION_NAMING, type InputNaming } from '../input-naming.ts';
import type { AuthSettings } from '../settings.ts';
import { ApiError, describeUrl } from './errors.ts';
import type { RequestContext } from './errors.ts';
import type { ErrorMaker } from './make-error.ts';
import type { Sleep } from './rate-limit.ts';
import type { RetryOptions } from './retry.ts';
import { withRetries } from './retry-loop.ts';
import type { AttemptResult } from './retry-loop.ts';
import { TransportError } from './transport.ts';
import type { HttpReply, HttpRequest, Send } from './transport.ts';
import { parseJson, parseTokenResponse } from './validate-response.ts';
import type { Token } from './validate-response.ts';

/** Refresh this long before expiry, or 10 % of the lifetime when that is shorter. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * Any other 4xx from the token endpoint refuses the credentials or the URL, in those words. The policy
 * never retries one (retry.ts): a wrong secret or URL does not become right by asking again.
 */
function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export interface TokenProviderOptions {
  tokenUrl: string;
  scope: string;
  auth: AuthSettings;
  send: Send;
  maxRetries: number;
  /** The transport's timeout per attempt, for the message of one that timed out. */
  requestTimeoutMs?: number;
  clock: () => number;
  sleep: Sleep;
  random?: () => number;
  /** Called with each issued token before it is returned to anyone. */
  registerSecret: (value: string) => void;
  /** Makes the errors, scrubbed of every known secret as they are made. */
  errors: ErrorMaker;
  /** How the shell names inputs in hints (errors.ts); default: the action's. */
  naming?: InputNaming;
}

interface CachedToken {
  token: string;
  refreshAt: number;
}

/** The token request exactly as CXone expects it (the tutorial's client credentials, or the back-end app's password grant). */
export function buildTokenRequest(tokenUrl: string, scope: string, auth: AuthSettings): HttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  let form: URLSearchParams;
  if (auth.kind === 'access-key') {
    const basic = Buffer.from(`${auth.clientId}:${auth.clientSecret}`, 'utf8').toString('base64');
    headers.authorization = `Basic ${basic}`;
    form = new URLSearchParams({ grant_type: 'password', username: auth.accessKeyId, password: auth.accessKeySecret });
  } else {
    form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret });
  }
  if (scope !== '') form.set('scope', scope);
  return { method: 'POST', url: tokenUrl, headers, body: form.toString() };
}

function findEmptyCredential(auth: AuthSettings): string | undefined {
  if (auth.clientId === '') return 'client-id';
  if (auth.clientSecret === '') return 'client-secret';
  if (auth.kind === 'access-key') {
    if (auth.accessKeyId === '') return 'access-key-id';
    if (auth.accessKeySecret === '') return 'access-key-secret';
  }
  return undefined;
}

function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** One token request shared by every caller waiting on it; abandoned when the last of them gives up. */
interface SharedFetch {
  promise: Promise<CachedToken>;
  abandon: AbortController;
  waiters: number;
}

export class TokenProvider {
  private readonly options: TokenProviderOptions;
  private readonly closed = new AbortController();
  private cached: CachedToken | undefined;
  private pending: SharedFetch | undefined;
  /**
   * The failure that ends the run's token: refused credentials (a 4xx), or a request that failed past its
   * retries (timeouts, 5xx, network). Every later caller gets it at once, not a new round of requests:
   * asking a silent endpoint again per batch of scenarios would take hours.
   */
  private final: ApiError | undefined;

  constructor(options: TokenProviderOptions) {
    this.options = options;
  }

  /** Set once a token request has failed for good; the client stops the run's calls on it. */
  get failure(): ApiError | undefined {
    return this.final;
  }

  /**
   * A valid token; concurrent callers share one request. The caller's signal abandons its wait, and the
   * request (with its retry sleeps) stops when no caller waits on it any more.
   */
  async getToken(signal?: AbortSignal): Promise<string> {
    if (this.final) throw this.final;
    if (this.cached && this.options.clock() < this.cached.refreshAt) return this.cached.token;
    signal?.throwIfAborted();
    const shared = this.pending ?? this.startFetch();
    shared.waiters++;
    try {
      return (await raceAbort(shared.promise, signal)).token;
    } finally {
      // Still pending (a settled request is no longer `pending`) and nobody waits: stop it, and let the
      // next caller start afresh rather than join a dying request.
      if (--shared.waiters === 0 && this.pending === shared) {
        this.pending = undefined;
        shared.abandon.abort(signal?.reason);
      }
    }
  }

  /** The API refused this token (401): drop it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  close(): void {
    this.closed.abort();
  }

  private startFetch(): SharedFetch {
    const abandon = new AbortController();
    const signal = AbortSignal.any([this.closed.signal, abandon.signal]);
    const promise = this.fetchToken(signal)
      .catch((error: unknown) => {
        // A request stopped by its callers or by close() says nothing about the endpoint.
        if (!signal.aborted && error instanceof ApiError) this.final = error;
        throw error;
      })
      .finally(() => {
        if (this.pending?.promise === promise) this.pending = undefined;
      });
    // Abandoned by every caller, its rejection has no one to reach.
    promise.catch(() => {});
    this.pending = { promise, abandon, waiters: 0 };
    return this.pending;
  }

  private context(attempts: number): RequestContext {
    return {
      method: 'POST',
      url: describeUrl(this.options.tokenUrl),
      attempts,
      ...(this.options.naming && { naming: this.options.naming }),
    };
  }

  private async fetchToken(signal: AbortSignal): Promise<CachedToken> {
    const { auth, scope, tokenUrl } = this.options;
    const empty = findEmptyCredential(auth);
    const naming = this.options.naming ?? ACTION_NAMING;
    if (empty) {
      throw this.options.errors.unsent(
        this.context(0),
        'AUTH_FAILED',
        `${naming.unset([empty])}, so no token can be requested from ${describeUrl(tokenUrl)}${naming.credentialHint([empty])}`,
      );
    }
    const request = buildTokenRequest(tokenUrl, scope, auth);
    const { maxRetries, random, clock, sleep } = this.options;
    const policy: Omit<RetryOptions, 'now'> = { maxRetries, ...(random && { random }) };
    const { value } = await withRetries((n) => this.tryOnce(request, n, signal), { policy, clock, sleep, signal });
    // Registered before anyone can use it, so nothing downstream can print it unmasked.
    this.options.registerSecret(value.accessToken);
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, value.expiresInMs * 0.1);
    this.cached = { token: value.accessToken, refreshAt: value.startedAt + value.expiresInMs - margin };
    return this.cached;
  }

  /** startedAt: when the request left, so the token's lifetime counts from before the wait for its answer. */
  private async tryOnce(request: HttpRequest, n: number, signal: AbortSignal): Promise<AttemptResult<Token & { startedAt: number }>> {
    const { errors, requestTimeoutMs } = this.options;
    const ctx = this.context(n);
    const startedAt = this.options.clock();
    let reply: HttpReply;
    try {
      reply = await this.options.send(request, signal);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      const failure = {
        kind: err.kind,
        reason: err.reason,
        cause: err,
        ...(requestTimeoutMs !== undefined && { timeoutMs: requestTimeoutMs }),
      };
      if (err.kind === 'cancelled') throw errors.failure(ctx, failure);
      return { kind: 'failed', outcome: { kind: err.kind }, error: () => errors.failure(ctx, failure) };
    }
    const { status, body } = reply;
    if (status < 200 || status >= 300) return this.notIssued(ctx, reply);
    const json = parseJson(body);
    const token = json.ok ? parseTokenResponse(json.value) : json;
    if (token.ok) return { kind: 'done', value: { ...token.value, startedAt } };
    const failure = { kind: 'invalid-response' as const, reason: `token response: ${token.reason}`, status };
    return { kind: 'failed', outcome: { kind: 'invalid-response' }, error: () => errors.failure(ctx, failure) };
  }

  /** Not a token: the policy decides from the status whether to ask again (408, 429, 5xx) or not (a refusal). */
  private notIssued(ctx: RequestContext, reply: HttpReply): AttemptResult<never> {
    const { errors, scope } = this.options;
    const { status } = reply;
    const serverMessage = errors.quote(reply.body);
    const details = { status, scope, ...(serverMessage !== undefined && { serverMessage }) };
    const header = reply.headers['retry-after'];
    const outcome = { kind: 'status' as const, status, ...(typeof header === 'string' && { retryAfter: header }) };
    const error = isRefusal(status)
      ? () => errors.refusal(ctx, { ...details, accessKey: this.options.auth.kind === 'access-key' })
      : () => errors.status(ctx, details);
    return { kind: 'failed', outcome, error };
  }
}
