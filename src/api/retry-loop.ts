// The one retry loop of the API client: the token call and every debug or flow call run their attempts
// through it, so the budget, the waits and how a call ends are decided in one place. The policy is
// retry.ts; what differs between the calls comes in as data on an attempt's result and as two hooks.
import type { ApiError } from './errors.ts';
import type { Sleep } from './rate-limit.ts';
import { decideRetry } from './retry.ts';
import type { AttemptOutcome, RetryDecision, RetryOptions } from './retry.ts';

/** What went wrong on one attempt. The loop counts the unusable bodies of a call itself. */
export type FailedOutcome = Exclude<AttemptOutcome, { kind: 'invalid-response' }> | { kind: 'invalid-response' };

export type AttemptResult<T> =
  | { kind: 'done'; value: T }
  | {
      kind: 'failed';
      outcome: FailedOutcome;
      /** The error the call ends with when this was its last attempt; made only then. */
      error: (decision: RetryDecision) => ApiError;
      /**
       * What makes one more attempt worth sending at once (after a 401: drop the refused token, so the
       * next attempt gets a fresh one). Applied once per call, outside the budget and without a wait; a
       * second such failure is up to the policy like any other.
       */
      remedy?: () => void;
    };

export interface RetryLoopOptions {
  /** Budget, backoff and the maximum wait; `now` comes from `clock` at each decision. */
  policy: Omit<RetryOptions, 'now'>;
  clock: () => number;
  sleep: Sleep;
  /** Ends the call: no attempt starts once it is aborted, and it ends a wait (the sleep rejects with its reason). */
  signal?: AbortSignal;
  /** Every failure the policy decided on, before the wait or the error (the client pauses its rate gate on a 429). */
  onFailure?: (outcome: AttemptOutcome, decision: RetryDecision) => void;
  /** The error a call gives up with, before it is thrown (the client keeps the ones final for the run). */
  onGiveUp?: (error: ApiError, decision: RetryDecision) => void;
}

/**
 * Runs `attempt` (given its 1-based number, the remedied ones included) until it is done or the policy
 * says stop; then throws the last attempt's error. An attempt that throws ends the call with that
 * throw: it is how a cancel or a failure no retry can cure (a token refused for good) gets out.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<AttemptResult<T>>,
  options: RetryLoopOptions,
): Promise<{ value: T; attempts: number }> {
  const { policy, clock, sleep, signal } = options;
  let counted = 0;
  let unusable = 0;
  let remedied = false;
  for (let n = 1; ; n++) {
    signal?.throwIfAborted();
    const result = await attempt(n);
    if (result.kind === 'done') return { value: result.value, attempts: n };
    if (result.remedy && !remedied) {
      remedied = true;
      result.remedy();
      continue;
    }
    const outcome: AttemptOutcome =
      result.outcome.kind === 'invalid-response' ? { kind: 'invalid-response', occurrence: ++unusable } : result.outcome;
    const decision = decideRetry(++counted, outcome, { ...policy, now: clock() });
    options.onFailure?.(outcome, decision);
    if (!decision.retry) {
      const error = result.error(decision);
      options.onGiveUp?.(error, decision);
      throw error;
    }
    await sleep(decision.delayMs, signal);
  }
}
