// OAuth tokens for the Flow Debug API (SPEC 4): one cached token, refreshed shortly before it expires,
// by one request that every concurrent caller shares (stepci's token-per-step is the counter-example).
import type { AuthSettings } from '../settings.ts';
import { ApiError, createAuthError, createFailureError, createStatusError, describeUrl } from './errors.ts';
import type { RequestContext } from './errors.ts';
import { decideRetry } from './retry.ts';
import type { AttemptOutcome, RetryOptions } from './retry.ts';
import type { Sleep } from './rate-limit.ts';
import { TransportError } from './transport.ts';
import type { HttpRequest, Send } from './transport.ts';
import { extractServerMessage, parseJson, parseTokenResponse } from './validate-response.ts';

/** Refresh this long before expiry, or 10 % of the lifetime when that is shorter. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** Any other 4xx from the token endpoint is final: a wrong secret or URL does not become right by asking again. */
function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export interface TokenProviderOptions {
  tokenUrl: string;
  scope: string;
  auth: AuthSettings;
  send: Send;
  maxRetries: number;
  clock: () => number;
  sleep: Sleep;
  random?: () => number;
  /** Called with each issued token before it is returned to anyone. */
  registerSecret: (value: string) => void;
  /** Removes every known secret from a server's message before it is cut short. */
  scrub?: (text: string) => string;
}

interface CachedToken {
  token: string;
  refreshAt: number;
}

/** The token request exactly as CXone expects it (the seed's client, or the back-end app's password grant). */
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

export class TokenProvider {
  private readonly options: TokenProviderOptions;
  private readonly closed = new AbortController();
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  /** Credentials the endpoint refused: every later caller gets the same error, not a new request. */
  private refused: ApiError | undefined;

  constructor(options: TokenProviderOptions) {
    this.options = options;
  }

  /** A valid token; concurrent callers share one request. The caller's signal abandons the wait only. */
  async getToken(signal?: AbortSignal): Promise<string> {
    if (this.refused) throw this.refused;
    if (this.cached && this.options.clock() < this.cached.refreshAt) return this.cached.token;
    if (!this.pending) {
      this.pending = this.fetchToken().finally(() => {
        this.pending = undefined;
      });
    }
    const cached = await raceAbort(this.pending, signal);
    return cached.token;
  }

  /** The API refused this token (401): drop it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  close(): void {
    this.closed.abort();
  }

  private context(attempts: number): RequestContext {
    return { method: 'POST', url: describeUrl(this.options.tokenUrl), attempts };
  }

  private async fetchToken(): Promise<CachedToken> {
    const { auth, scope, tokenUrl } = this.options;
    const empty = findEmptyCredential(auth);
    if (empty) {
      throw new ApiError({
        code: 'AUTH_FAILED',
        message:
          `'${empty}' is empty, so no token can be requested from ${describeUrl(tokenUrl)}. Pass it from a secret; ` +
          'note that workflows triggered by pull requests from forks, and Dependabot runs, receive no repository secrets.',
        ...this.context(0),
      });
    }
    const request = buildTokenRequest(tokenUrl, scope, auth);
    const retry: RetryOptions = { maxRetries: this.options.maxRetries, ...(this.options.random && { random: this.options.random }) };
    let invalid = 0;
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.options.clock();
      const result = await this.tryOnce(request, attempt, invalid + 1);
      if ('token' in result) {
        // Registered before anyone can use it, so nothing downstream can print it unmasked.
        this.options.registerSecret(result.token.accessToken);
        const { expiresInMs } = result.token;
        const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, expiresInMs * 0.1);
        this.cached = { token: result.token.accessToken, refreshAt: startedAt + expiresInMs - margin };
        return this.cached;
      }
      if (result.outcome.kind === 'invalid-response') invalid++;
      const decision = decideRetry(attempt, result.outcome, { ...retry, now: this.options.clock() });
      if (!decision.retry) throw result.toError();
      await this.options.sleep(decision.delayMs, this.closed.signal);
    }
  }

  private async tryOnce(
    request: HttpRequest,
    attempt: number,
    invalidSoFar: number,
  ): Promise<{ token: { accessToken: string; expiresInMs: number } } | { outcome: AttemptOutcome; toError: () => ApiError }> {
    const ctx = this.context(attempt);
    let reply;
    try {
      reply = await this.options.send(request, this.closed.signal);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      const failure = { kind: err.kind, reason: err.reason, cause: err };
      if (err.kind === 'cancelled') throw createFailureError(ctx, failure);
      const outcome: AttemptOutcome =
        err.kind === 'invalid-response' ? { kind: err.kind, occurrence: invalidSoFar } : { kind: err.kind };
      return { outcome, toError: () => createFailureError(ctx, failure) };
    }
    const { status, body } = reply;
    const serverMessage = extractServerMessage(body, this.options.scrub);
    const details = { status, scope: this.options.scope, ...(serverMessage !== undefined && { serverMessage }) };
    if (isRefusal(status)) {
      this.refused = createAuthError(ctx, { ...details, accessKey: this.options.auth.kind === 'access-key' });
      throw this.refused;
    }
    if (status < 200 || status >= 300) {
      const retryAfter = reply.headers['retry-after'];
      const outcome: AttemptOutcome = { kind: 'status', status, ...(typeof retryAfter === 'string' && { retryAfter }) };
      return { outcome, toError: () => createStatusError(ctx, details) };
    }
    const json = parseJson(body);
    const token = json.ok ? parseTokenResponse(json.value) : json;
    if (token.ok) return { token: token.value };
    const failure = { kind: 'invalid-response' as const, reason: `token response: ${token.reason}`, status };
    return { outcome: { kind: 'invalid-response', occurrence: invalidSoFar }, toError: () => createFailureError(ctx, failure) };
  }
}
