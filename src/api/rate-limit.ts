// One gate shared by every worker in front of every debug attempt: a fixed rate when the user sets one
// (max-requests-per-second), otherwise adaptive (AIMD) so a storm of 429s does not become a storm of retries.
import { RETRY_DEFAULTS } from './retry.ts';

export interface RateGate {
  /** Resolves when the caller may send; rejects with the signal's reason when aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** A 429 was seen; retryAfterMs pauses every worker, for at most the gate's maxPauseMs. */
  onThrottled(retryAfterMs?: number): void;
  onSuccess(): void;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RateGateOptions {
  requestsPerSecond?: number;
  /** Fixed mode: requests that may go at once before the rate applies. */
  burst?: number;
  clock?: () => number;
  sleep?: Sleep;
  /** Adaptive mode: the slowest it will go. */
  minRequestsPerSecond?: number;
  /** Adaptive mode: rate added per success. */
  increasePerSuccess?: number;
  /** Adaptive mode: above this the gate opens fully again. */
  unthrottleAbove?: number;
  /** The longest a Retry-After pauses every worker: the client's maximum wait unless told otherwise. */
  maxPauseMs?: number;
}

export const RATE_DEFAULTS = {
  burst: 1,
  // The tutorial suggests 2 s between simulations when throttled; allow a little slower than that.
  minRequestsPerSecond: 0.2,
  increasePerSuccess: 0.1,
  unthrottleAbove: 50,
  decreaseFactor: 0.5,
  windowMs: 1000,
} as const;

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * GCRA scheduling: each caller reserves the next slot synchronously, so concurrent callers never
 * share a slot, then sleeps until it. `burst` slots may be taken ahead of the theoretical time.
 */
class SlotScheduler {
  private theoreticalAt = Number.NEGATIVE_INFINITY;

  reserve(now: number, intervalMs: number, burst: number): number {
    this.theoreticalAt = Math.max(this.theoreticalAt, now);
    const wait = Math.max(0, this.theoreticalAt - now - (burst - 1) * intervalMs);
    this.theoreticalAt += intervalMs;
    return wait;
  }
}

abstract class BaseGate implements RateGate {
  protected readonly clock: () => number;
  protected readonly sleep: Sleep;
  protected readonly slots = new SlotScheduler();
  private pausedUntil = 0;
  private readonly maxPauseMs: number;

  constructor(opts: RateGateOptions) {
    this.clock = opts.clock ?? Date.now;
    this.sleep = opts.sleep ?? sleepFor;
    this.maxPauseMs = opts.maxPauseMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  }

  /** The current interval between requests, or 0 when unthrottled. */
  protected abstract intervalMs(): number;
  protected abstract burst(): number;
  abstract onSuccess(): void;

  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    await this.waitForPause(signal);
    const interval = this.intervalMs();
    if (interval > 0) {
      const wait = this.slots.reserve(this.clock(), interval, this.burst());
      if (wait > 0) await this.sleep(wait, signal);
      // A 429 may have paused everyone while this caller waited for its slot.
      await this.waitForPause(signal);
    }
  }

  onThrottled(retryAfterMs?: number): void {
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      // Capped: one 429 with Retry-After: 999999 would otherwise hold every worker for eleven days. The call
      // that got it gives up (retry.ts); the others wait no longer than the client ever waits.
      const pause = Math.min(retryAfterMs, this.maxPauseMs);
      this.pausedUntil = Math.max(this.pausedUntil, this.clock() + pause);
    }
  }

  private async waitForPause(signal?: AbortSignal): Promise<void> {
    for (let now = this.clock(); this.pausedUntil > now; now = this.clock()) {
      await this.sleep(this.pausedUntil - now, signal);
    }
  }
}

class FixedRateGate extends BaseGate {
  private readonly interval: number;
  private readonly burstSize: number;

  constructor(requestsPerSecond: number, opts: RateGateOptions) {
    super(opts);
    this.interval = 1000 / requestsPerSecond;
    this.burstSize = Math.max(1, Math.floor(opts.burst ?? RATE_DEFAULTS.burst));
  }

  currentRate(): number {
    return 1000 / this.interval;
  }

  protected intervalMs(): number {
    return this.interval;
  }

  protected burst(): number {
    return this.burstSize;
  }

  onSuccess(): void {}
}

/** Additive increase, multiplicative decrease, starting wide open. */
class AdaptiveGate extends BaseGate {
  private rate = Number.POSITIVE_INFINITY;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** Success times of the last window while unthrottled, to size the first decrease. */
  private recent: number[] = [];
  private readonly minRate: number;
  private readonly increase: number;
  private readonly ceiling: number;

  constructor(opts: RateGateOptions) {
    super(opts);
    this.minRate = opts.minRequestsPerSecond ?? RATE_DEFAULTS.minRequestsPerSecond;
    this.increase = opts.increasePerSuccess ?? RATE_DEFAULTS.increasePerSuccess;
    this.ceiling = opts.unthrottleAbove ?? RATE_DEFAULTS.unthrottleAbove;
  }

  /** Requests per second the gate currently allows (Infinity when unthrottled). */
  currentRate(): number {
    return this.rate;
  }

  protected intervalMs(): number {
    return Number.isFinite(this.rate) ? 1000 / this.rate : 0;
  }

  protected burst(): number {
    return 1;
  }

  override onThrottled(retryAfterMs?: number): void {
    super.onThrottled(retryAfterMs);
    const now = this.clock();
    // Workers in flight together all see the same 429 burst: that is one signal, not N.
    if (now - this.lastDecreaseAt < RATE_DEFAULTS.windowMs) return;
    this.lastDecreaseAt = now;
    this.pruneRecent(now);
    // Unthrottled, the successes of the last second are what the server just allowed: start there.
    // Throttled already, the rate was too high: halve it.
    const next = Number.isFinite(this.rate) ? this.rate * RATE_DEFAULTS.decreaseFactor : Math.max(1, this.recent.length);
    this.rate = Math.max(this.minRate, next);
  }

  onSuccess(): void {
    if (!Number.isFinite(this.rate)) {
      const now = this.clock();
      this.recent.push(now);
      this.pruneRecent(now);
      return;
    }
    this.rate += this.increase;
    if (this.rate > this.ceiling) this.rate = Number.POSITIVE_INFINITY;
  }

  private pruneRecent(now: number): void {
    const from = now - RATE_DEFAULTS.windowMs;
    let drop = 0;
    while (drop < this.recent.length && (this.recent[drop] ?? now) <= from) drop++;
    if (drop > 0) this.recent = this.recent.slice(drop);
  }
}

export type ObservableRateGate = RateGate & {
  /** Requests per second currently allowed (Infinity when unthrottled): for tests and progress logs. */
  currentRate(): number;
};

export function createRateGate(opts: RateGateOptions = {}): ObservableRateGate {
  const rps = opts.requestsPerSecond;
  if (rps !== undefined) {
    if (!(rps > 0) || !Number.isFinite(rps)) {
      throw new RangeError(`Invalid requestsPerSecond ${String(rps)}: expected a positive number`);
    }
    return new FixedRateGate(rps, opts);
  }
  return new AdaptiveGate(opts);
}
