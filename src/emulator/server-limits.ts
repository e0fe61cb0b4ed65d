// The emulator's rate limit and scripted faults: how tests drive 429, 5xx, resets and slow answers (README, The emulator).

export type Fault = {
  kind: '429' | '503' | 'reset' | 'invalid-json' | 'slow' | '500';
  /** How many of the next debug calls answer this way. */
  count: number;
  /** For 429 (default 1) and 503 (sent only when given). */
  retryAfterSeconds?: number;
  /** For 'slow': the delay before the normal answer (default 2000). */
  delayMs?: number;
};

export const DEFAULT_SLOW_FAULT_MS = 2000;

/** Token bucket: `requestsPerSecond` calls may arrive at once, then one per 1/rps seconds. */
export function createRateLimiter(requestsPerSecond: number, clock: () => number): () => number | undefined {
  const rate = Math.max(requestsPerSecond, 0.001);
  const capacity = Math.max(1, rate);
  let tokens = capacity;
  let last = clock();
  /** undefined when the call may go on; otherwise the Retry-After in whole seconds (at least 1). */
  return () => {
    const now = clock();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - tokens) / rate));
  };
}

export interface FaultQueue {
  add(faults: readonly Fault[]): void;
  /** The fault the next debug call suffers, if any (consumes one of its count). */
  take(): Fault | undefined;
}

export function createFaultQueue(initial: readonly Fault[] = []): FaultQueue {
  const queue: Fault[] = [];
  const add = (faults: readonly Fault[]): void => {
    for (const f of faults) if (f.count > 0) queue.push({ ...f });
  };
  add(initial);
  return {
    add,
    take() {
      const head = queue[0];
      if (!head) return undefined;
      head.count -= 1;
      if (head.count <= 0) queue.shift();
      return head;
    },
  };
}
