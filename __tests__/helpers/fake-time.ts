// The one fake clock of the tests: time moves only when a sleep passes or the test advances it, so
// retry, rate-limit, token-expiry and deadline tests run at once and the same way every time. Code
// under test takes `clock` and `sleep` as parameters (pure core, thin shell: docs/architecture.md).

/** Where fake time starts unless a test says otherwise. */
export const FAKE_EPOCH = Date.parse('2026-03-01T00:00:00Z');

export interface FakeTimeOptions {
  /** When false, `sleep` records the wait without moving the clock (the test advances it); default true. */
  sleepsPass?: boolean;
}

export interface FakeTime {
  /** Every wait asked of `sleep` and `passingSleep`, in ms, in order. */
  readonly sleeps: number[];
  readonly clock: () => number;
  advance(ms: number): void;
  /** Records the wait and, unless `sleepsPass: false`, moves the clock by it; refuses an aborted signal as a real sleep would. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Records the wait and always moves the clock by it, for callers that wait one after the other. */
  readonly passingSleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createFakeTime(start = FAKE_EPOCH, options: FakeTimeOptions = {}): FakeTime {
  let now = start;
  const sleeps: number[] = [];
  const wait = (moves: boolean) => async (ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    sleeps.push(ms);
    if (moves) now += ms;
  };
  return {
    sleeps,
    clock: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: wait(options.sleepsPass ?? true),
    passingSleep: wait(true),
  };
}
