import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RATE_DEFAULTS, createRateGate, sleepFor } from '../../src/api/rate-limit.ts';
import { RETRY_DEFAULTS } from '../../src/api/retry.ts';
import { createFakeTime } from '../helpers/fake-time.ts';

/** Sleeps are recorded, not waited; the clock moves only when the test says so (or a passingSleep passes). */
const fakeTime = () => createFakeTime(1_000_000, { sleepsPass: false });

describe('fixed rate gate (max-requests-per-second)', () => {
  test('spaces concurrent callers one interval apart', async () => {
    const time = fakeTime();
    const gate = createRateGate({ requestsPerSecond: 10, clock: time.clock, sleep: time.sleep });
    await Promise.all(Array.from({ length: 5 }, () => gate.acquire()));
    assert.deepEqual(time.sleeps, [100, 200, 300, 400]);
  });

  test('a burst of 2 lets two go at once, then the rate applies', async () => {
    const time = fakeTime();
    const gate = createRateGate({ requestsPerSecond: 4, burst: 2, clock: time.clock, sleep: time.sleep });
    await Promise.all(Array.from({ length: 5 }, () => gate.acquire()));
    assert.deepEqual(time.sleeps, [250, 500, 750]);
  });

  test('idle time refills the bucket only up to the burst', async () => {
    const time = fakeTime();
    const gate = createRateGate({ requestsPerSecond: 2, burst: 2, clock: time.clock, sleep: time.sleep });
    await Promise.all([gate.acquire(), gate.acquire()]);
    time.advance(60_000);
    await Promise.all(Array.from({ length: 3 }, () => gate.acquire()));
    assert.deepEqual(time.sleeps, [500]);
  });

  test('successes do not change a fixed rate; a Retry-After still pauses everyone', async () => {
    const time = fakeTime();
    const gate = createRateGate({ requestsPerSecond: 5, clock: time.clock, sleep: time.passingSleep });
    for (let i = 0; i < 10; i++) gate.onSuccess();
    assert.equal(gate.currentRate(), 5);
    await gate.acquire();
    gate.onThrottled(2000);
    await gate.acquire();
    assert.deepEqual(time.sleeps, [2000]);
  });

  test('rejects a rate that is not positive', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => createRateGate({ requestsPerSecond: bad }), RangeError);
    }
  });
});

describe('adaptive gate (no max-requests-per-second)', () => {
  test('starts unthrottled', async () => {
    const time = fakeTime();
    const gate = createRateGate({ clock: time.clock, sleep: time.sleep });
    await Promise.all(Array.from({ length: 20 }, () => gate.acquire()));
    assert.deepEqual(time.sleeps, []);
    assert.equal(gate.currentRate(), Number.POSITIVE_INFINITY);
  });

  test('a first 429 holds every worker to the rate that just succeeded', async () => {
    const time = fakeTime();
    const gate = createRateGate({ clock: time.clock, sleep: time.sleep });
    await Promise.all(Array.from({ length: 30 }, () => gate.acquire()));
    for (let i = 0; i < 20; i++) gate.onSuccess();
    time.advance(500);
    gate.onThrottled();
    assert.equal(gate.currentRate(), 20);
    await Promise.all(Array.from({ length: 4 }, () => gate.acquire()));
    assert.deepEqual(time.sleeps, [50, 100, 150]);
  });

  test('a burst of 429s from workers in flight together counts as one signal', () => {
    const time = fakeTime();
    const gate = createRateGate({ clock: time.clock, sleep: time.sleep });
    for (let i = 0; i < 8; i++) gate.onThrottled();
    assert.equal(gate.currentRate(), 1, 'no success seen yet: the 1 req/s floor of the estimate');
    for (let i = 0; i < 8; i++) gate.onThrottled();
    assert.equal(gate.currentRate(), 1, 'the same burst does not decrease again');
    time.advance(RATE_DEFAULTS.windowMs);
    gate.onThrottled();
    assert.equal(gate.currentRate(), 0.5, 'a later 429 halves');
  });

  test('never drops below the minimum rate', () => {
    const time = fakeTime();
    const gate = createRateGate({ clock: time.clock, sleep: time.sleep, minRequestsPerSecond: 0.2 });
    for (let i = 0; i < 20; i++) {
      gate.onThrottled();
      time.advance(RATE_DEFAULTS.windowMs);
    }
    assert.equal(gate.currentRate(), 0.2);
  });

  test('Retry-After pauses every worker until it has passed', async () => {
    const time = fakeTime();
    const gate = createRateGate({ clock: time.clock, sleep: time.passingSleep });
    gate.onThrottled(3000);
    await gate.acquire();
    assert.equal(time.sleeps[0], 3000);
    const started = time.clock();
    await gate.acquire();
    assert.ok(time.clock() - started <= 1000 / gate.currentRate(), 'after the pause only the rate applies');
  });

  test('a Retry-After past the maximum wait pauses every worker for the maximum wait, no longer', async () => {
    for (const mode of [{}, { requestsPerSecond: 1000 }]) {
      const time = fakeTime();
      const gate = createRateGate({ ...mode, clock: time.clock, sleep: time.passingSleep });
      gate.onThrottled(999_999_000);
      await gate.acquire();
      assert.deepEqual(time.sleeps, [RETRY_DEFAULTS.maxRetryAfterMs], JSON.stringify(mode));
    }
    const time = fakeTime();
    const small = createRateGate({ clock: time.clock, sleep: time.passingSleep, maxPauseMs: 5000 });
    small.onThrottled(60_000);
    await small.acquire();
    assert.deepEqual(time.sleeps, [5000]);
  });

  test('an abort ends a Retry-After pause at once', async () => {
    const gate = createRateGate();
    gate.onThrottled(RETRY_DEFAULTS.maxRetryAfterMs);
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    setTimeout(() => controller.abort(new Error('deadline')), 10);
    await assert.rejects(waiting, /deadline/);
  });

  test('successes grow the rate back additively, then open the gate', () => {
    const time = fakeTime();
    const gate = createRateGate({ clock: time.clock, sleep: time.sleep, increasePerSuccess: 1, unthrottleAbove: 5 });
    gate.onThrottled();
    assert.equal(gate.currentRate(), 1);
    gate.onSuccess();
    gate.onSuccess();
    assert.equal(gate.currentRate(), 3);
    gate.onSuccess();
    gate.onSuccess();
    gate.onSuccess();
    assert.equal(gate.currentRate(), Number.POSITIVE_INFINITY);
  });

  test("an abort while waiting rejects with the signal's reason", async () => {
    const gate = createRateGate({ requestsPerSecond: 1 });
    await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
  });
});

describe('sleepFor', () => {
  test('resolves after the delay and rejects at once on abort', async () => {
    const started = Date.now();
    await sleepFor(20);
    assert.ok(Date.now() - started >= 15);
    const controller = new AbortController();
    const pending = sleepFor(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await assert.rejects(pending, /cancelled/);
  });
});
