// The retry policy, pure: what happened on an attempt in, whether and how long to wait out (README, Troubleshooting: Retries).

export type AttemptOutcome =
  | {
      kind: 'status';
      status: number;
      /** The raw Retry-After header, seconds or an HTTP date. */
      retryAfter?: string;
      /** A 500 that is a flow compilation failure: deterministic, never retried (README, Troubleshooting). */
      compilationFailure?: boolean;
    }
  | { kind: 'timeout' }
  | { kind: 'network' }
  /** occurrence: how many unusable bodies this call has seen so far, this one included. */
  | { kind: 'invalid-response'; occurrence: number }
  | { kind: 'too-large' };

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * The longest the client waits before a retry: a Retry-After longer than this is not waited out (the call
   * fails with the wait in its message), and no backoff exceeds it.
   */
  maxRetryAfterMs?: number;
  /** In [0, 1): full jitter. */
  random?: () => number;
  /** Epoch ms, to turn a Retry-After HTTP date into a delay. */
  now?: number;
}

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  /** Why not: the outcome is not transient, the budget is spent, or the server asked for too long a wait. */
  reason?: 'not-retryable' | 'exhausted' | 'retry-after-too-long';
  /** The parsed Retry-After, when the answer carried one. */
  retryAfterMs?: number;
}

export const RETRY_DEFAULTS = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  /**
   * The client's maximum wait, anywhere: a retry's delay (backoff or Retry-After), the token endpoint's
   * retries, and the pause a 429 puts on every worker (rate-limit.ts). No server can make one wait longer.
   */
  maxRetryAfterMs: 120_000,
} as const;

/** 501 and 505 say the server will never do this; every other 5xx may pass. */
const PERMANENT_5XX = new Set([501, 505]);

export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status <= 599 && !PERMANENT_5XX.has(status);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // HTTP dates (IMF-fixdate, RFC 850, asctime) all start with a day name; Date.parse alone accepts "-1".
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter, capped (AWS "Exponential Backoff And Jitter"). */
export function computeBackoff(attempt: number, opts: RetryOptions): number {
  const base = opts.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const cap = opts.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const random = opts.random ?? Math.random;
  return Math.floor(random() * ceiling);
}

function isTransient(outcome: AttemptOutcome): boolean {
  switch (outcome.kind) {
    case 'status':
      return !outcome.compilationFailure && isRetryableStatus(outcome.status);
    case 'timeout':
    case 'network':
      return true;
    // A garbled body may be a proxy hiccup once; twice is the server's real answer.
    case 'invalid-response':
      return outcome.occurrence <= 1;
    case 'too-large':
      return false;
  }
}

/**
 * attempt: 1-based number of the attempt that just failed (only attempts that count against maxRetries).
 * The 401 refresh is not decided here: the loop applies it once, outside this budget (retry-loop.ts, remedy).
 */
export function decideRetry(attempt: number, outcome: AttemptOutcome, opts: RetryOptions): RetryDecision {
  if (!isTransient(outcome)) return { retry: false, delayMs: 0, reason: 'not-retryable' };
  const retryAfterMs = outcome.kind === 'status' ? parseRetryAfter(outcome.retryAfter, opts.now ?? Date.now()) : undefined;
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (attempt > opts.maxRetries) return { retry: false, delayMs: 0, reason: 'exhausted', ...withRetryAfter };
  const limit = opts.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > limit) return { retry: false, delayMs: 0, reason: 'retry-after-too-long', retryAfterMs };
    return { retry: true, delayMs: retryAfterMs, retryAfterMs };
  }
  // A maxDelayMs set above the limit must not make a backoff the one wait that exceeds it.
  return { retry: true, delayMs: Math.min(computeBackoff(attempt, opts), limit) };
}
