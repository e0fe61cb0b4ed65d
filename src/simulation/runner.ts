// Runs scenarios through the API with a pool of workers. Every scenario ends as data (an Execution):
// a failed call never loses its neighbours (docs/architecture.md).
import type { DebugRequest, DebugResponse } from '../domain/wire.ts';
import type { Scenario } from '../domain/scenario.ts';
import { RunStop, type StopReason } from './run-stop.ts';
import type { Execution } from '../domain/execution.ts';

export interface DebugCaller {
  debug(request: DebugRequest, signal?: AbortSignal): Promise<{ response: DebugResponse; attempts: number }>;
  /** The error every later call would fail with (the token endpoint refused or stayed silent), if any. */
  fatalError?(): Error | undefined;
}

export interface RunnerOptions {
  concurrency: number;
  maxLoops: number;
  /** The calls go to the emulator: scenarios' mocks and clock are sent. */
  emulator?: boolean;
  /** Aborted on cancellation: calls in flight are abandoned, the rest are not_run. */
  signal?: AbortSignal;
  /** Epoch ms (timeout-minutes) at which calls in flight and waits are abandoned and nothing new starts. */
  deadline?: number;
  /** The run's stop, when the caller shares it with later steps; otherwise made from signal and deadline. */
  stop?: RunStop;
  clock?: () => number;
  /** Why a scenario cannot run, found before any call (an unknown flow on the emulator): it is then not_run. */
  refuse?: (scenario: Scenario) => string | undefined;
  /**
   * Called as each scenario ends. What it returns is what the results keep instead (run.ts builds the
   * scenario's report at once and returns a digest, so the answers are never all in memory together).
   */
  onResult?: (scenario: Scenario, execution: Execution, index: number) => Execution | void;
}

/**
 * The debug call of a scenario. `emulator`: the scenario's mocks and clock go too; CXone's API does not
 * define them, so a run on CXone leaves them out (run.ts warns) and the real actions run.
 */
export function buildDebugRequest(scenario: Scenario, maxLoops: number, emulator = false): DebugRequest {
  const request: DebugRequest = {
    flowId: scenario.flow,
    input: { dtmf: scenario.input.dtmf, speech: scenario.input.speech },
    options: { trace: true, includeVariables: true, maxLoops: scenario.maxLoops ?? maxLoops },
  };
  if (Object.keys(scenario.variables).length > 0) request.variables = scenario.variables;
  if (emulator && scenario.mocks !== undefined) request.mocks = scenario.mocks;
  if (emulator && scenario.clock !== undefined) request.clock = scenario.clock;
  return request;
}

/** Results come back in the order of `scenarios`. */
export async function runScenarios(scenarios: Scenario[], caller: DebugCaller, options: RunnerOptions): Promise<Execution[]> {
  const clock = options.clock ?? Date.now;
  const stop =
    options.stop ??
    new RunStop({
      ...(options.signal ? { cancel: options.signal } : {}),
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      clock,
    });
  const results: Execution[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const i = next++;
      const scenario = scenarios[i]!;
      const refused = scenario.skip ? undefined : options.refuse?.(scenario);
      const execution: Execution =
        refused !== undefined
          ? { kind: 'not_run', reason: refused }
          : await runOne(scenario, caller, { maxLoops: options.maxLoops, emulator: options.emulator === true, stop, clock });
      results[i] = options.onResult?.(scenario, execution, i) ?? execution;
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, scenarios.length));
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    if (!options.stop) stop.dispose();
  }
  return results;
}

async function runOne(
  scenario: Scenario,
  caller: DebugCaller,
  run: { maxLoops: number; emulator: boolean; stop: RunStop; clock: () => number },
): Promise<Execution> {
  const { stop, clock } = run;
  if (scenario.skip) return { kind: 'skipped', reason: 'skip: true' };
  const before = stop.reason;
  if (before) return { kind: 'not_run', reason: notRunReason(before, 'before this scenario started') };
  const started = clock();
  try {
    const { response, attempts } = await caller.debug(buildDebugRequest(scenario, run.maxLoops, run.emulator), stop.signal);
    return { kind: 'completed', response, attempts, elapsedMs: clock() - started };
  } catch (error) {
    const during = stop.reason;
    if (during) return { kind: 'not_run', reason: notRunReason(during, 'while this scenario was waiting or in flight') };
    // The first call to hit a run-ending failure reports it; the stop turns every other call into not_run.
    const fatal = caller.fatalError?.();
    if (fatal) stop.fail(fatal.message);
    return toFailedExecution(error, clock() - started);
  }
}

function notRunReason(reason: StopReason, when: string): string {
  switch (reason.kind) {
    case 'cancelled':
      return `the run was cancelled ${when}`;
    case 'deadline':
      return `timeout-minutes was reached ${when}`;
    case 'failed':
      return `the run stopped ${when}: ${reason.message}`;
  }
}

function toFailedExecution(error: unknown, elapsedMs: number): Execution {
  const e = error as { code?: unknown; status?: unknown; attempts?: unknown; trace?: unknown; message?: unknown };
  const failed: Execution = {
    kind: 'failed',
    code: typeof e.code === 'string' ? e.code : 'INTERNAL',
    message: typeof e.message === 'string' ? e.message : String(error),
    attempts: typeof e.attempts === 'number' ? e.attempts : 1,
    elapsedMs,
  };
  if (typeof e.status === 'number') failed.status = e.status;
  if (Array.isArray(e.trace)) failed.trace = e.trace;
  return failed;
}
