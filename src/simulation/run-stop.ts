// One signal that ends every wait of a run: cancellation (SIGINT/SIGTERM), the timeout-minutes deadline, or
// a failure that every later call would hit (the token endpoint). The runner and the graph reads pass it
// down to the client, whose gate, retry sleeps, token sleeps and requests all listen to it.

export type StopReason = { kind: 'cancelled'; signal: string } | { kind: 'deadline' } | { kind: 'failed'; message: string };

export interface RunStopOptions {
  /** Aborted on cancellation. */
  cancel?: AbortSignal;
  /** Epoch ms (on `clock`) at which every wait ends (timeout-minutes). */
  deadline?: number;
  clock?: () => number;
}

/** setTimeout's longest delay; timeout-minutes' maximum (24 h) is far below it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class RunStop {
  private readonly controller = new AbortController();
  private readonly clock: () => number;
  private readonly deadline: number | undefined;
  private readonly cancel: AbortSignal | undefined;
  private readonly onCancel = (): void => this.stop({ kind: 'cancelled', signal: String(this.cancel?.reason ?? 'signal') });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private why: StopReason | undefined;

  constructor(options: RunStopOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.deadline = options.deadline;
    this.cancel = options.cancel;
    if (this.cancel?.aborted) this.onCancel();
    else this.cancel?.addEventListener('abort', this.onCancel, { once: true });
    if (this.deadline !== undefined && !this.why) {
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, this.deadline - this.clock()));
      this.timer = setTimeout(() => this.stop({ kind: 'deadline' }), delay);
      // A run that forgot dispose() must still be able to exit.
      this.timer.unref?.();
    }
  }

  /** Aborted when the run stops, with an Error naming why. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run stopped, once it has; the deadline also counts once the clock has passed it. */
  get reason(): StopReason | undefined {
    if (!this.why && this.deadline !== undefined && this.clock() >= this.deadline) this.stop({ kind: 'deadline' });
    return this.why;
  }

  /** Ends the run's calls: every wait ends at once, nothing new starts. The first reason wins. */
  fail(message: string): void {
    this.stop({ kind: 'failed', message });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.cancel?.removeEventListener('abort', this.onCancel);
  }

  private stop(reason: StopReason): void {
    if (this.why) return;
    this.why = reason;
    clearTimeout(this.timer);
    this.controller.abort(new Error(describeStop(reason)));
  }
}

/** For messages and the report's cut_short. */
export function describeStop(reason: StopReason, timeoutMinutes?: number): string {
  switch (reason.kind) {
    case 'cancelled':
      return `cancelled (${reason.signal})`;
    case 'deadline':
      return `timeout-minutes${timeoutMinutes === undefined ? '' : ` (${timeoutMinutes})`} reached`;
    case 'failed':
      return `no call can succeed: ${reason.message}`;
  }
}
