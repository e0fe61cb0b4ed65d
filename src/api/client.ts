// The Flow Debug API client: every call goes through the rate gate, a bearer token from the
// shared cache and the one retry loop (retry-loop.ts), and leaves as data or one ApiError with a code.
import type { InputNaming } from '../input-naming.ts';
import { excerpt } from '../text.ts';
import { basicAuthForm, SecretSet } from '../secrets.ts';
import type { AuthSettings } from '../settings.ts';
import { TokenProvider } from './auth.ts';
import { ApiError, collectRequestValues, describeUrl } from './errors.ts';
import type { RequestContext } from './errors.ts';
import { ErrorMaker } from './make-error.ts';
import { createRateGate, sleepFor } from './rate-limit.ts';
import type { RateGate, Sleep } from './rate-limit.ts';
import { withRetries } from './retry-loop.ts';
import type { AttemptResult, RetryLoopOptions } from './retry-loop.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, Transport, TransportError, checkUrl } from './transport.ts';
import type { HttpReply } from './transport.ts';
import { STUDIO_SCRIPTS_PATH, type DebugRequest, type DebugResponse } from '../domain/wire.ts';
import { parseDebugResponse, parseFlow, parseJson, readCompilationFailure, readStudioScriptBody } from './validate-response.ts';
import type { Parsed } from './validate-response.ts';

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
  /** Set for a script read: its 401/403/404 words are about scripts (errors.ts). */
  scriptPath?: string;
  /** A 2xx body to the value, or why it is unusable; `json(parse)` for an answer read as JSON. */
  read: (body: string) => Parsed<T>;
  /** What this request sent, blanked out of the server's quoted message. */
  sent: string[];
}

interface CallState {
  /** HTTP attempts sent, the 401 retry included: what a call's messages and result count. */
  sent: number;
}

export class FlowDebugClient {
  private readonly options: ClientOptions;
  private readonly baseUrl: string;
  private readonly transport: Transport;
  private readonly tokens: TokenProvider;
  private readonly gate: RateGate;
  /** Everything that must never appear in a message: scrubbed from every error as it is made. */
  private readonly secrets: SecretSet;
  private readonly errors: ErrorMaker;
  /** The retry loop's settings for every debug and flow call; each call adds its signal. */
  private readonly retries: RetryLoopOptions;
  /** A Retry-After longer than the maximum wait: final for the run (fatalError). */
  private throttled: ApiError | undefined;

  constructor(options: ClientOptions) {
    this.options = options;
    this.baseUrl = checkUrl(options.baseUrl, 'base-url', options.allowInsecureHttp).href.replace(/\/+$/, '');
    checkUrl(options.tokenUrl, 'token-url', options.allowInsecureHttp);
    const clock = options.clock ?? Date.now;
    const sleep = options.sleep ?? sleepFor;
    this.secrets = options.secrets ?? new SecretSet();
    this.errors = new ErrorMaker((text) => this.secrets.scrub(text));
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
    this.gate = options.rateGate ?? createRateGate({ clock, sleep });
    this.retries = {
      policy: { maxRetries: options.maxRetries, ...(options.random && { random: options.random }) },
      clock,
      sleep,
      // Every worker pauses on a 429, whether this call waits it out or gives up on it.
      onFailure: (outcome, decision) => {
        if (outcome.kind === 'status' && outcome.status === 429) this.gate.onThrottled(decision.retryAfterMs);
      },
      // A Retry-After past the maximum wait would throttle every later call the same way: final for the run.
      onGiveUp: (error, decision) => {
        if (decision.reason === 'retry-after-too-long') this.throttled ??= error;
      },
    };
    this.tokens = new TokenProvider({
      tokenUrl: options.tokenUrl,
      scope: options.scope,
      auth: options.auth,
      send: this.transport.send,
      maxRetries: options.maxRetries,
      requestTimeoutMs: options.requestTimeoutMs,
      clock,
      sleep,
      ...(options.random && { random: options.random }),
      registerSecret: (value) => this.secrets.add(value),
      errors: this.errors,
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
        read: json(parseDebugResponse),
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
      throw this.errors.unsent(
        { method: 'GET', url: resolved, attempts: 0 },
        'BAD_REQUEST',
        `Refusing to GET flow id "${excerpt(flowId)}": the URL would resolve to ${resolved}, another endpoint. Check the scenario's flow.`,
      );
    }
    const { value } = await this.call({ method: 'GET', url, flowId, read: json(parseFlow), sent: [] }, signal);
    return value;
  }

  /**
   * GET {base}STUDIO_SCRIPTS_PATH?scriptPath=… (observed, not documented: domain/wire.ts): the Studio script
   * at that folder path, as the exact text CXone sent, once it is known to be a Studio script's JSON.
   * Throws ApiError (SCRIPT_NOT_FOUND for a 404).
   */
  async getScript(scriptPath: string, signal?: AbortSignal): Promise<{ text: string; attempts: number }> {
    const url = `${this.baseUrl}${STUDIO_SCRIPTS_PATH}?scriptPath=${encodeURIComponent(scriptPath)}`;
    const spec = { method: 'GET' as const, url, flowId: '', scriptPath, read: readStudioScriptBody, sent: [] };
    const { value, attempts } = await this.call(spec, signal);
    return { text: value, attempts };
  }

  /**
   * The error every later call of this client would fail with, once there is one: the token endpoint
   * refused the credentials or failed past its retries, or CXone asked to wait longer than the client
   * ever waits (a Retry-After of days: every later call would be throttled the same way, and waiting
   * out the capped pause once per batch would take hours). The runner stops the run on it.
   */
  fatalError(): ApiError | undefined {
    return this.tokens.failure ?? this.throttled;
  }

  close(): void {
    this.tokens.close();
    this.transport.close();
  }

  private async call<T>(spec: CallSpec<T>, signal?: AbortSignal): Promise<{ value: T; attempts: number }> {
    const state: CallState = { sent: 0 };
    try {
      const { value } = await withRetries(() => this.attempt(spec, state, signal), { ...this.retries, ...(signal && { signal }) });
      return { value, attempts: state.sent };
    } catch (err) {
      throw this.asApiError(err, this.context(spec, state.sent), signal);
    }
  }

  private context(spec: CallSpec<unknown>, attempts: number): RequestContext {
    return { method: spec.method, url: describeUrl(spec.url), attempts, ...(this.options.naming && { naming: this.options.naming }) };
  }

  private async attempt<T>(spec: CallSpec<T>, state: CallState, signal?: AbortSignal): Promise<AttemptResult<T>> {
    await this.gate.acquire(signal);
    const token = await this.tokens.getToken(signal);
    const ctx = this.context(spec, ++state.sent);
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
      const failure = { kind: err.kind, reason: err.reason, timeoutMs: this.options.requestTimeoutMs, cause: err };
      return { kind: 'failed', outcome: { kind: err.kind }, error: () => this.errors.failure(ctx, failure) };
    }
    const result = this.readReply(spec, ctx, reply);
    // A 401 gets exactly one fresh token and one more try, outside the retry budget.
    return reply.status === 401 && result.kind === 'failed' ? { ...result, remedy: () => this.tokens.invalidate(token) } : result;
  }

  private readReply<T>(spec: CallSpec<T>, ctx: RequestContext, reply: HttpReply): AttemptResult<T> {
    const { status, body } = reply;
    if (status >= 200 && status < 300) {
      const parsed = spec.read(body);
      if (parsed.ok) {
        this.gate.onSuccess();
        return { kind: 'done', value: parsed.value };
      }
      return this.unusableBody(ctx, parsed.reason, status, parsed.tooDeep === true);
    }
    // A script read compiles nothing: its 500 is the server's, retried as any.
    const compilation = spec.scriptPath === undefined ? readCompilationFailure(status, body) : undefined;
    if (compilation?.unusable !== undefined) return this.unusableBody(ctx, compilation.unusable, status, true);
    const header = reply.headers['retry-after'];
    const serverMessage = this.errors.quote(body, spec.sent);
    const details = {
      status,
      scope: this.options.scope,
      flowId: spec.flowId,
      ...(spec.scriptPath !== undefined && { scriptPath: spec.scriptPath }),
      ...(serverMessage !== undefined && { serverMessage }),
      ...(compilation && { compilationFailure: true }),
      ...(compilation?.trace && { trace: compilation.trace }),
    };
    return {
      kind: 'failed',
      outcome: {
        kind: 'status',
        status,
        ...(typeof header === 'string' && { retryAfter: header }),
        ...(compilation && { compilationFailure: true }),
      },
      error: (decision) =>
        this.errors.status(ctx, {
          ...details,
          ...(decision.reason === 'retry-after-too-long' && decision.retryAfterMs !== undefined && { retryAfterMs: decision.retryAfterMs }),
        }),
    };
  }

  /** A body that cannot be used. One garbled body may be a proxy's hiccup; a too-deep one is the server's real answer (as too large). */
  private unusableBody<T>(ctx: RequestContext, reason: string, status: number, final: boolean): AttemptResult<T> {
    const kind = final ? ('too-large' as const) : ('invalid-response' as const);
    return { kind: 'failed', outcome: { kind }, error: () => this.errors.failure(ctx, { kind, reason, status }) };
  }

  /** What ended a call without an answer (a cancel, the run's stop, a wait cut short) leaves as an ApiError too. */
  private asApiError(err: unknown, ctx: RequestContext, signal?: AbortSignal): unknown {
    if (err instanceof ApiError) return err;
    if ((err instanceof TransportError && err.kind === 'cancelled') || signal?.aborted) {
      return this.errors.failure(ctx, { kind: 'cancelled', reason: 'cancelled', cause: signal?.reason });
    }
    if (err instanceof TransportError) return this.errors.failure(ctx, { kind: err.kind, reason: err.reason, cause: err });
    return err;
  }
}

/** A reader of an answer that must be JSON: parsed and depth-checked (parseJson), then shaped by `parse`. */
function json<T>(parse: (value: unknown) => Parsed<T>): (body: string) => Parsed<T> {
  return (body) => {
    const parsed = parseJson(body);
    return parsed.ok ? parse(parsed.value) : parsed;
  };
}
