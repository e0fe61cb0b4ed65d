// The Flow Debug API client (SPEC 4): every call goes through the rate gate, a bearer token from the
// shared cache, the retry policy, and leaves as data or one ApiError with a code.
import type { InputNaming } from '../input-naming.ts';
import { excerpt } from '../text.ts';
import { basicAuthForm, SecretSet } from '../secrets.ts';
import type { AuthSettings } from '../settings.ts';
import { TokenProvider } from './auth.ts';
import { ApiError, collectRequestValues, createFailureError, createStatusError, describeUrl, redactSecrets } from './errors.ts';
import type { RequestContext } from './errors.ts';
import { createRateGate, sleepFor } from './rate-limit.ts';
import type { RateGate, Sleep } from './rate-limit.ts';
import { decideRetry, parseRetryAfter } from './retry.ts';
import type { AttemptOutcome, RetryDecision } from './retry.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, Transport, TransportError, checkUrl } from './transport.ts';
import type { HttpReply } from './transport.ts';
import type { DebugRequest, DebugResponse } from '../domain/wire.ts';
import { extractServerMessage, parseDebugResponse, parseFlow, parseJson, readCompilationFailure } from './validate-response.ts';
import type { Parsed } from './validate-response.ts';

export { DEFAULT_MAX_RESPONSE_BYTES } from './transport.ts';
export const DEFAULT_USER_AGENT = 'cxone-flow-test';

export interface ClientOptions {
  baseUrl: string;
  tokenUrl: string;
  scope: string;
  auth: AuthSettings;
  /** Retries after the first attempt. */
  maxRetries: number;
  requestTimeoutMs: number;
  allowInsecureHttp: boolean;
  /**
   * The run's secrets: the client adds its credentials and every issued token before first use, and
   * scrubs them out of every error it makes. Shared with the rest of the run, which scrubs its outputs.
   */
  secrets?: SecretSet;
  /** Called with every form of every secret (the action passes core.setSecret). */
  registerSecret?: (value: string) => void;
  rateGate?: RateGate;
  clock?: () => number;
  sleep?: Sleep;
  random?: () => number;
  maxResponseBytes?: number;
  userAgent?: string;
  /** How the shell names inputs in the hints of errors (errors.ts); default: the action's. */
  naming?: InputNaming;
}

interface CallSpec<T> {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  flowId: string;
  parse: (json: unknown) => Parsed<T>;
  /** What this request sent, blanked out of the server's quoted message. */
  sent: string[];
}

interface CallState {
  /** HTTP attempts sent, the 401 retry included. */
  attempts: number;
  /** Attempts that count against maxRetries. */
  counted: number;
  invalidBodies: number;
  refreshed: boolean;
}

type AttemptResult<T> =
  | { kind: 'done'; value: T }
  | { kind: 'refreshed' }
  | { kind: 'failed'; outcome: AttemptOutcome; toError: (decision: RetryDecision) => ApiError };

export class FlowDebugClient {
  private readonly options: ClientOptions;
  private readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly tokens: TokenProvider;
  private readonly gate: RateGate;
  private readonly clock: () => number;
  private readonly sleep: Sleep;
  /** Everything that must never appear in a message: scrubbed from every error we make. */
  private readonly secrets: SecretSet;
  /** A Retry-After longer than the maximum wait: final for the run (fatalError). */
  private throttled: ApiError | undefined;

  constructor(options: ClientOptions) {
    this.options = options;
    this.baseUrl = checkUrl(options.baseUrl, 'base-url', options.allowInsecureHttp).href.replace(/\/+$/, '');
    checkUrl(options.tokenUrl, 'token-url', options.allowInsecureHttp);
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
    this.secrets = options.secrets ?? new SecretSet();
    if (options.registerSecret) this.secrets.onAdd(options.registerSecret);
    this.secrets.add(options.auth.clientSecret);
    this.secrets.addUrlUserinfo(options.baseUrl);
    this.secrets.addUrlUserinfo(options.tokenUrl);
    if (options.auth.kind === 'access-key') {
      this.secrets.add(options.auth.accessKeySecret);
      this.secrets.addExact(basicAuthForm(options.auth.clientId, options.auth.clientSecret));
    }
    this.transport = new Transport({
      timeoutMs: options.requestTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    });
    this.gate = options.rateGate ?? createRateGate({ clock: this.clock, sleep: this.sleep });
    this.tokens = new TokenProvider({
      tokenUrl: options.tokenUrl,
      scope: options.scope,
      auth: options.auth,
      send: this.transport.send,
      maxRetries: options.maxRetries,
      requestTimeoutMs: options.requestTimeoutMs,
      clock: this.clock,
      sleep: this.sleep,
      ...(options.random && { random: options.random }),
      registerSecret: (value) => this.secrets.add(value),
      scrub: (text) => this.secrets.scrub(text),
      ...(options.naming && { naming: options.naming }),
    });
  }

  /** POST {base}/api/v2/flows/debug. Throws ApiError. */
  async debug(request: DebugRequest, signal?: AbortSignal): Promise<{ response: DebugResponse; attempts: number }> {
    const body = JSON.stringify(request);
    const { value, attempts } = await this.call(
      {
        method: 'POST',
        url: `${this.baseUrl}/api/v2/flows/debug`,
        body,
        flowId: request.flowId,
        parse: parseDebugResponse,
        sent: [body, ...collectRequestValues([request.variables, request.input])],
      },
      signal,
    );
    return { response: value, attempts };
  }

  /** GET {base}/api/v2/flows/{flowId} (flow:read): the flow's metadata, maybe its node graph. Throws ApiError. */
  async getFlow(flowId: string, signal?: AbortSignal): Promise<unknown> {
    const url = `${this.baseUrl}/api/v2/flows/${encodeURIComponent(flowId)}`;
    // encodeURIComponent escapes '/', '?', '#' and '%', so an id stays one path segment, except '.' and
    // '..' (kept as they are), which the URL parser resolves: /api/v2/flows/.. is /api/v2/. Encoding the
    // dots would not help, as it also resolves %2e and %2E; '' would be the flow list. So those are refused.
    if (flowId === '' || flowId === '.' || flowId === '..') {
      const resolved = describeUrl(url);
      throw new ApiError({
        code: 'BAD_REQUEST',
        message: `Refusing to GET flow id "${excerpt(flowId)}": the URL would resolve to ${resolved}, another endpoint. Check the scenario's flow.`,
        method: 'GET',
        url: resolved,
        attempts: 0,
      });
    }
    const { value } = await this.call({ method: 'GET', url, flowId, parse: parseFlow, sent: [] }, signal);
    return value;
  }

  /**
   * The error every later call of this client would fail with, once there is one: the token endpoint
   * refused the credentials or failed past its retries, or CXone asked to wait longer than the client
   * ever waits (a Retry-After of days: every later call would be throttled the same way, and waiting
   * out the capped pause once per batch would take hours). The runner stops the run on it.
   */
  fatalError(): ApiError | undefined {
    const failure = this.tokens.failure ?? this.throttled;
    if (!failure) return undefined;
    return this.finalizeError(failure, { method: failure.method, url: failure.url, attempts: failure.attempts }) as ApiError;
  }

  close(): void {
    this.tokens.close();
    this.transport.close();
  }

  private async call<T>(spec: CallSpec<T>, signal?: AbortSignal): Promise<{ value: T; attempts: number }> {
    const state: CallState = { attempts: 0, counted: 0, invalidBodies: 0, refreshed: false };
    try {
      for (;;) {
        const result = await this.attempt(spec, state, signal);
        if (result.kind === 'done') return { value: result.value, attempts: state.attempts };
        if (result.kind === 'refreshed') continue;
        const decision = decideRetry(state.counted, result.outcome, {
          maxRetries: this.options.maxRetries,
          now: this.clock(),
          ...(this.options.random && { random: this.options.random }),
        });
        if (!decision.retry) {
          const error = result.toError(decision);
          if (decision.reason === 'retry-after-too-long') this.throttled ??= error;
          throw error;
        }
        await this.sleep(decision.delayMs, signal);
      }
    } catch (err) {
      throw this.finalizeError(err, this.context(spec, state.attempts), signal);
    }
  }

  private context(spec: CallSpec<unknown>, attempts: number): RequestContext {
    return { method: spec.method, url: describeUrl(spec.url), attempts, ...(this.options.naming && { naming: this.options.naming }) };
  }

  private async attempt<T>(spec: CallSpec<T>, state: CallState, signal?: AbortSignal): Promise<AttemptResult<T>> {
    await this.gate.acquire(signal);
    const token = await this.tokens.getToken(signal);
    state.attempts++;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    let reply: HttpReply;
    try {
      reply = await this.transport.send(
        { method: spec.method, url: spec.url, headers, ...(spec.body !== undefined && { body: spec.body }) },
        signal,
      );
    } catch (err) {
      if (!(err instanceof TransportError) || err.kind === 'cancelled') throw err;
      state.counted++;
      const failure = { kind: err.kind, reason: err.reason, timeoutMs: this.options.requestTimeoutMs, cause: err };
      const outcome: AttemptOutcome =
        err.kind === 'invalid-response' ? { kind: err.kind, occurrence: ++state.invalidBodies } : { kind: err.kind };
      return { kind: 'failed', outcome, toError: () => createFailureError(this.context(spec, state.attempts), failure) };
    }
    // SPEC 4: a 401 gets exactly one fresh token and one more try, outside the retry budget.
    if (reply.status === 401 && !state.refreshed) {
      state.refreshed = true;
      this.tokens.invalidate(token);
      return { kind: 'refreshed' };
    }
    state.counted++;
    return this.readReply(spec, state, reply);
  }

  private readReply<T>(spec: CallSpec<T>, state: CallState, reply: HttpReply): AttemptResult<T> {
    const ctx = (): RequestContext => this.context(spec, state.attempts);
    const { status, body } = reply;
    if (status >= 200 && status < 300) {
      const json = parseJson(body);
      const parsed = json.ok ? spec.parse(json.value) : json;
      if (parsed.ok) {
        this.gate.onSuccess();
        return { kind: 'done', value: parsed.value };
      }
      return this.unusableBody(ctx, state, parsed.reason, status, parsed.tooDeep === true);
    }
    const header = reply.headers['retry-after'];
    const retryAfter = typeof header === 'string' ? header : undefined;
    if (status === 429) this.gate.onThrottled(parseRetryAfter(retryAfter, this.clock()));
    const compilation = readCompilationFailure(status, body);
    if (compilation?.unusable !== undefined) return this.unusableBody(ctx, state, compilation.unusable, status, true);
    // Scrubbed whole, then cut: a cut first could leave a prefix of a secret that no mask matches.
    const serverMessage = extractServerMessage(body, (text) => this.secrets.scrub(redactSecrets(text, spec.sent)));
    const outcome: AttemptOutcome = {
      kind: 'status',
      status,
      ...(retryAfter !== undefined && { retryAfter }),
      ...(compilation && { compilationFailure: true }),
    };
    const toError = (decision: RetryDecision): ApiError =>
      createStatusError(ctx(), {
        status,
        scope: this.options.scope,
        flowId: spec.flowId,
        ...(serverMessage !== undefined && { serverMessage }),
        ...(compilation && { compilationFailure: true }),
        ...(compilation?.trace && { trace: compilation.trace }),
        ...(decision.reason === 'retry-after-too-long' && decision.retryAfterMs !== undefined && { retryAfterMs: decision.retryAfterMs }),
      });
    return { kind: 'failed', outcome, toError };
  }

  /** A body that cannot be used. One garbled body may be a proxy's hiccup; a too-deep one is the server's real answer (as too large). */
  private unusableBody<T>(ctx: () => RequestContext, state: CallState, reason: string, status: number, final: boolean): AttemptResult<T> {
    const failure = { kind: final ? ('too-large' as const) : ('invalid-response' as const), reason, status };
    const outcome: AttemptOutcome = final ? { kind: 'too-large' } : { kind: 'invalid-response', occurrence: ++state.invalidBodies };
    return { kind: 'failed', outcome, toError: () => createFailureError(ctx(), failure) };
  }

  /** Every error leaves as an ApiError whose text holds no secret or token. */
  private finalizeError(err: unknown, ctx: RequestContext, signal?: AbortSignal): unknown {
    let error: unknown = err;
    const cancelled = (err instanceof TransportError && err.kind === 'cancelled') || (!(err instanceof ApiError) && signal?.aborted);
    if (cancelled) error = createFailureError(ctx, { kind: 'cancelled', reason: 'cancelled', cause: signal?.reason });
    else if (err instanceof TransportError) error = createFailureError(ctx, { kind: err.kind, reason: err.reason, cause: err });
    if (error instanceof ApiError) {
      const scrub = (text: string) => this.secrets.scrub(text);
      error.message = scrub(error.message);
      if (error.serverMessage !== undefined) error.serverMessage = scrub(error.serverMessage);
      if (error.stack !== undefined) error.stack = scrub(error.stack);
    }
    return error;
  }
}
