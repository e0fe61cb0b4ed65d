import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RETRY_DEFAULTS, computeBackoff, decideRetry, isRetryableStatus, parseRetryAfter } from '../../src/api/retry.ts';
import type { AttemptOutcome, RetryDecision } from '../../src/api/retry.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const opts = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5, now: NOW };
const status = (code: number, extra: Partial<Extract<AttemptOutcome, { kind: 'status' }>> = {}): AttemptOutcome => ({
  kind: 'status',
  status: code,
  ...extra,
});

describe('decideRetry', () => {
  const table: Array<{ name: string; attempt: number; outcome: AttemptOutcome; expected: RetryDecision }> = [
    { name: '429 without Retry-After backs off', attempt: 1, outcome: status(429), expected: { retry: true, delayMs: 50 } },
    {
      name: '429 Retry-After seconds wins',
      attempt: 1,
      outcome: status(429, { retryAfter: '7' }),
      expected: { retry: true, delayMs: 7000, retryAfterMs: 7000 },
    },
    {
      name: '503 Retry-After HTTP date wins',
      attempt: 2,
      outcome: status(503, { retryAfter: new Date(NOW + 4000).toUTCString() }),
      expected: { retry: true, delayMs: 4000, retryAfterMs: 4000 },
    },
    {
      name: 'Retry-After longer than the limit gives up',
      attempt: 1,
      outcome: status(429, { retryAfter: '3600' }),
      expected: { retry: false, delayMs: 0, reason: 'retry-after-too-long', retryAfterMs: 3_600_000 },
    },
    {
      name: 'unreadable Retry-After falls back to backoff',
      attempt: 1,
      outcome: status(429, { retryAfter: 'soon' }),
      expected: { retry: true, delayMs: 50 },
    },
    { name: '408 retries', attempt: 1, outcome: status(408), expected: { retry: true, delayMs: 50 } },
    { name: '500 retries', attempt: 1, outcome: status(500), expected: { retry: true, delayMs: 50 } },
    { name: '502 backs off exponentially', attempt: 3, outcome: status(502), expected: { retry: true, delayMs: 200 } },
    {
      name: '500 compilation failure never retries',
      attempt: 1,
      outcome: status(500, { compilationFailure: true }),
      expected: { retry: false, delayMs: 0, reason: 'not-retryable' },
    },
    { name: '501 is permanent', attempt: 1, outcome: status(501), expected: { retry: false, delayMs: 0, reason: 'not-retryable' } },
    { name: '400 never', attempt: 1, outcome: status(400), expected: { retry: false, delayMs: 0, reason: 'not-retryable' } },
    {
      name: "401 never (the refresh is the client's)",
      attempt: 1,
      outcome: status(401),
      expected: { retry: false, delayMs: 0, reason: 'not-retryable' },
    },
    { name: '403 never', attempt: 1, outcome: status(403), expected: { retry: false, delayMs: 0, reason: 'not-retryable' } },
    { name: '404 never', attempt: 1, outcome: status(404), expected: { retry: false, delayMs: 0, reason: 'not-retryable' } },
    { name: 'timeout retries', attempt: 2, outcome: { kind: 'timeout' }, expected: { retry: true, delayMs: 100 } },
    { name: 'reset retries', attempt: 1, outcome: { kind: 'network' }, expected: { retry: true, delayMs: 50 } },
    {
      name: 'first unusable body retries',
      attempt: 1,
      outcome: { kind: 'invalid-response', occurrence: 1 },
      expected: { retry: true, delayMs: 50 },
    },
    {
      name: 'second unusable body does not',
      attempt: 2,
      outcome: { kind: 'invalid-response', occurrence: 2 },
      expected: { retry: false, delayMs: 0, reason: 'not-retryable' },
    },
    {
      name: 'oversize body does not',
      attempt: 1,
      outcome: { kind: 'too-large' },
      expected: { retry: false, delayMs: 0, reason: 'not-retryable' },
    },
    { name: 'last retry allowed', attempt: 3, outcome: { kind: 'network' }, expected: { retry: true, delayMs: 200 } },
    { name: 'budget spent', attempt: 4, outcome: { kind: 'network' }, expected: { retry: false, delayMs: 0, reason: 'exhausted' } },
    {
      name: 'budget spent on 429 keeps the wait for the message',
      attempt: 4,
      outcome: status(429, { retryAfter: '1' }),
      expected: { retry: false, delayMs: 0, reason: 'exhausted', retryAfterMs: 1000 },
    },
  ];
  for (const row of table) {
    test(row.name, () => assert.deepEqual(decideRetry(row.attempt, row.outcome, opts), row.expected));
  }

  test('maxRetries 0 never retries', () => {
    assert.equal(decideRetry(1, status(503), { ...opts, maxRetries: 0 }).retry, false);
  });

  test('no delay exceeds the maximum wait, whatever the backoff settings', () => {
    const wide = { maxRetries: 30, baseDelayMs: 60_000, maxDelayMs: 10 * RETRY_DEFAULTS.maxRetryAfterMs, random: () => 0.999999, now: NOW };
    for (let attempt = 1; attempt <= 30; attempt++) {
      const { delayMs } = decideRetry(attempt, status(503), wide);
      assert.ok(delayMs <= RETRY_DEFAULTS.maxRetryAfterMs, `attempt ${attempt}: ${delayMs} ms`);
    }
    assert.equal(decideRetry(5, { kind: 'timeout' }, { ...wide, maxRetryAfterMs: 1000 }).delayMs, 1000);
  });
});

describe('computeBackoff', () => {
  test('doubles per attempt up to the cap, scaled by full jitter', () => {
    const top = { baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 10, random: () => 0.999999 };
    const ceilings = [1, 2, 3, 4, 5, 6].map((attempt) => computeBackoff(attempt, top));
    assert.deepEqual(ceilings, [99, 199, 399, 799, 999, 999]);
    assert.equal(computeBackoff(5, { ...top, random: () => 0 }), 0);
  });
});

describe('parseRetryAfter', () => {
  const table: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['0', 0],
    ['2', 2000],
    ['1.5', 1500],
    [' 3 ', 3000],
    [new Date(NOW + 10_000).toUTCString(), 10_000],
    [new Date(NOW - 10_000).toUTCString(), 0],
    ['-1', undefined],
    ['later', undefined],
  ];
  for (const [value, expected] of table) {
    test(`${JSON.stringify(value)} → ${String(expected)}`, () => assert.equal(parseRetryAfter(value, NOW), expected));
  }
});

describe('isRetryableStatus', () => {
  test('408, 429 and 5xx but 501/505', () => {
    const retryable = [200, 400, 401, 403, 404, 408, 409, 429, 500, 501, 502, 503, 504, 505, 599].filter(isRetryableStatus);
    assert.deepEqual(retryable, [408, 429, 500, 502, 503, 504, 599]);
  });
});
