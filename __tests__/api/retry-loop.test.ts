// The one retry loop, on fake time: attempts are scripted results, the clock moves only when the loop sleeps.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors.ts';
import { RETRY_DEFAULTS } from '../../src/api/retry.ts';
import type { AttemptOutcome, RetryDecision } from '../../src/api/retry.ts';
import { withRetries } from '../../src/api/retry-loop.ts';
import type { AttemptResult, FailedOutcome, RetryLoopOptions } from '../../src/api/retry-loop.ts';
import { createFakeTime } from '../helpers/fake-time.ts';

const done = (value: string): AttemptResult<string> => ({ kind: 'done', value });

/** A failure whose error records the decision it was made with. */
function failed(outcome: FailedOutcome, extra: { remedy?: () => void } = {}): AttemptResult<string> {
  return {
    kind: 'failed',
    outcome,
    error: (decision) =>
      new ApiError({
        code: 'SERVER_ERROR',
        message: `gave up: ${decision.reason ?? 'retry'}`,
        method: 'POST',
        url: 'x',
        attempts: 0,
        cause: decision,
      }),
    ...extra,
  };
}

const status = (code: number, retryAfter?: string): FailedOutcome => ({
  kind: 'status',
  status: code,
  ...(retryAfter !== undefined && { retryAfter }),
});

/** Runs the loop over `script` (one result per attempt; the last repeats) and records what it did. */
async function run(script: AttemptResult<string>[], extra: Partial<RetryLoopOptions> = {}) {
  const time = createFakeTime();
  const numbers: number[] = [];
  const options: RetryLoopOptions = {
    policy: { maxRetries: 3, baseDelayMs: 100, random: () => 0.5 },
    clock: time.clock,
    sleep: time.sleep,
    ...extra,
  };
  const attempt = async (n: number) => {
    // A loop that never ends spins on microtasks, where no test timeout can fire: stop it here.
    if (n > 50) throw new Error('runaway loop: more than 50 attempts');
    numbers.push(n);
    return script[Math.min(n, script.length) - 1] ?? done('none');
  };
  try {
    const result = await withRetries(attempt, options);
    return { time, numbers, result, error: undefined };
  } catch (error) {
    return { time, numbers, result: undefined, error };
  }
}

function decisionOf(error: unknown): RetryDecision {
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  return error.cause as RetryDecision;
}

describe('withRetries', () => {
  test('the first answer is returned with the number of attempts, without a wait', async () => {
    const { result, time, numbers } = await run([done('ok')]);
    assert.deepEqual(result, { value: 'ok', attempts: 1 });
    assert.deepEqual(time.sleeps, []);
    assert.deepEqual(numbers, [1]);
  });

  test("transient failures wait the policy's backoff through the injected sleep", async () => {
    const { result, time } = await run([failed({ kind: 'network' }), failed(status(503)), failed({ kind: 'timeout' }), done('ok')]);
    assert.deepEqual(result, { value: 'ok', attempts: 4 });
    // Full jitter at 0.5 of 100, 200, 400 ms.
    assert.deepEqual(time.sleeps, [50, 100, 200]);
  });

  test('Retry-After as an HTTP date is read against the injected clock', async () => {
    const start = createFakeTime().clock();
    const { result, time } = await run([failed(status(429, new Date(start + 7000).toUTCString())), done('ok')]);
    assert.equal(result?.attempts, 2);
    assert.deepEqual(time.sleeps, [7000]);
  });

  test("past the budget the last attempt's error is thrown, made with the decision", async () => {
    const { error, numbers, time } = await run([failed(status(502))], { policy: { maxRetries: 2, random: () => 0 } });
    assert.deepEqual(numbers, [1, 2, 3]);
    assert.equal(time.sleeps.length, 2);
    assert.equal(decisionOf(error).reason, 'exhausted');
  });

  test('a failure the policy never retries ends the call at the first attempt', async () => {
    for (const outcome of [status(400), status(403), status(404), status(500), { kind: 'too-large' }] as FailedOutcome[]) {
      const script =
        outcome.kind === 'status' && outcome.status === 500 ? [failed({ ...outcome, compilationFailure: true })] : [failed(outcome)];
      const { error, numbers, time } = await run(script);
      assert.deepEqual(numbers, [1], JSON.stringify(outcome));
      assert.deepEqual(time.sleeps, []);
      assert.equal(decisionOf(error).reason, 'not-retryable');
    }
  });

  test('the loop counts unusable bodies: the first is retried, the second is final whatever the budget', async () => {
    const { error, numbers } = await run(
      [failed({ kind: 'invalid-response' }), failed(status(503)), failed({ kind: 'invalid-response' })],
      {
        policy: { maxRetries: 10, random: () => 0 },
      },
    );
    assert.deepEqual(numbers, [1, 2, 3]);
    assert.equal(decisionOf(error).reason, 'not-retryable');
  });

  test('a Retry-After past the maximum wait gives up at once, and onGiveUp hears it', async () => {
    const given: Array<{ error: ApiError; decision: RetryDecision }> = [];
    const { error, time, numbers } = await run([failed(status(429, '999999'))], {
      onGiveUp: (e, decision) => given.push({ error: e, decision }),
    });
    assert.deepEqual(numbers, [1]);
    assert.deepEqual(time.sleeps, [], 'no wait is longer than the maximum, so none is started');
    assert.equal(decisionOf(error).reason, 'retry-after-too-long');
    assert.equal(given.length, 1);
    assert.equal(given[0]?.error, error, 'the hook gets the very error thrown');
    assert.equal(given[0]?.decision.retryAfterMs, 999_999_000);
  });

  test('onFailure hears every failure the policy decided on, before the wait or the error', async () => {
    const events: string[] = [];
    const time = createFakeTime();
    const script = [failed(status(429, '2')), failed(status(429, '999999'))];
    const error = await withRetries(async (n) => script[n - 1] ?? done('none'), {
      policy: { maxRetries: 3 },
      clock: time.clock,
      sleep: async (ms, signal) => {
        events.push(`sleep ${ms}`);
        await time.sleep(ms, signal);
      },
      onFailure: (outcome: AttemptOutcome, decision) =>
        events.push(`failure ${outcome.kind} ${decision.retryAfterMs ?? '-'} ${decision.retry}`),
      onGiveUp: () => events.push('give up'),
    }).catch((err: unknown) => err);
    assert.ok(error instanceof ApiError);
    assert.deepEqual(events, ['failure status 2000 true', 'sleep 2000', 'failure status 999999000 false', 'give up']);
  });

  test("a remedy is applied once, at once, outside the budget; a second such failure is the policy's", async () => {
    let remedies = 0;
    const remedy = () => {
      remedies++;
    };
    const cured = await run([failed(status(401), { remedy }), done('ok')], { policy: { maxRetries: 0 } });
    assert.deepEqual(cured.result, { value: 'ok', attempts: 2 }, 'retried although maxRetries is 0');
    assert.deepEqual(cured.time.sleeps, []);
    assert.equal(remedies, 1);

    remedies = 0;
    const twice = await run([failed(status(401), { remedy })], { policy: { maxRetries: 5 } });
    assert.deepEqual(twice.numbers, [1, 2], 'no loop of remedies');
    assert.equal(remedies, 1);
    assert.deepEqual(twice.time.sleeps, []);
    assert.equal(decisionOf(twice.error).reason, 'not-retryable');
  });

  test('a remedied attempt does not count against the budget', async () => {
    let remedies = 0;
    const remedy = () => {
      remedies++;
    };
    const script = [failed(status(503)), failed(status(401), { remedy }), failed(status(503)), done('ok')];
    const { result } = await run(script, { policy: { maxRetries: 2, random: () => 0 } });
    // 503 (retry 1 of 2), 401 remedied (free), 503 (retry 2 of 2), then the answer.
    assert.deepEqual(result, { value: 'ok', attempts: 4 });
    assert.equal(remedies, 1);
    const { numbers, error } = await run(script.slice(0, 3), { policy: { maxRetries: 1, random: () => 0 } });
    assert.deepEqual(numbers, [1, 2, 3], 'one retry spent on the first 503, none left for the second');
    assert.equal(decisionOf(error).reason, 'exhausted');
  });

  test("an abort during the wait ends the call with the signal's reason; no further attempt", async () => {
    const controller = new AbortController();
    const reason = new Error('timeout-minutes reached');
    const script = [failed(status(503)), done('too late')];
    const numbers: number[] = [];
    const time = createFakeTime();
    const outcome = await withRetries(
      async (n) => {
        numbers.push(n);
        return script[n - 1] ?? done('none');
      },
      {
        policy: { maxRetries: 3 },
        clock: time.clock,
        signal: controller.signal,
        sleep: (ms, signal) => {
          controller.abort(reason);
          return time.sleep(ms, signal);
        },
      },
    ).catch((err: unknown) => err);
    assert.equal(outcome, reason);
    assert.deepEqual(numbers, [1]);
  });

  test('an already aborted signal starts no attempt', async () => {
    const reason = new Error('cancelled');
    const { error, numbers } = await run([done('ok')], { signal: AbortSignal.abort(reason) });
    assert.equal(error, reason);
    assert.deepEqual(numbers, []);
  });

  test('an attempt that throws ends the call with that throw, without a retry', async () => {
    const time = createFakeTime();
    let calls = 0;
    const thrown = new ApiError({ code: 'AUTH_FAILED', message: 'refused for good', method: 'POST', url: 'x', attempts: 1 });
    const outcome = await withRetries<string>(
      async () => {
        calls++;
        throw thrown;
      },
      { policy: { maxRetries: 3 }, clock: time.clock, sleep: time.sleep },
    ).catch((err: unknown) => err);
    assert.equal(outcome, thrown);
    assert.equal(calls, 1);
    assert.deepEqual(time.sleeps, []);
  });

  test('no wait is longer than the maximum wait, whatever the backoff settings', async () => {
    const { time } = await run([failed({ kind: 'timeout' })], {
      policy: { maxRetries: 12, baseDelayMs: 60_000, maxDelayMs: 10 * RETRY_DEFAULTS.maxRetryAfterMs, random: () => 0.999999 },
    });
    assert.equal(time.sleeps.length, 12);
    assert.ok(
      time.sleeps.every((ms) => ms <= RETRY_DEFAULTS.maxRetryAfterMs),
      time.sleeps.join(),
    );
  });
});
