// Runs scenarios through the API with a pool of workers. Every scenario ends as data (an Execution):
// a failed call never loses its neighbours (STYLE: stepci's step results).
import type { DebugRequest, DebugResponse } from '../api/types.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Execution } from './types.ts';

export interface DebugCaller {
  debug(request: DebugRequest, signal?: AbortSignal): Promise<{ response: DebugResponse; attempts: number }>;
}

export interface RunnerOptions {
  concurrency: number;
  maxLoops: number;
  /** Aborted on cancellation: calls in flight are abandoned, the rest are not_run. */
  signal?: AbortSignal;
  /** Epoch ms past which no new scenario starts (timeout-minutes). */
  deadline?: number;
  clock?: () => number;
  /**
   * Called as each scenario ends. What it returns is what the results keep instead (run.ts builds the
   * scenario's report at once and returns a digest, so the answers are never all in memory together).
   */
  onResult?: (scenario: Scenario, execution: Execution, index: number) => Execution | void;
}

export function buildDebugRequest(scenario: Scenario, maxLoops: number): DebugRequest {
  const request: DebugRequest = {
    flowId: scenario.flow,
    input: { dtmf: scenario.input.dtmf, speech: scenario.input.speech },
    options: { trace: true, includeVariables: true, maxLoops: scenario.maxLoops ?? maxLoops },
  };
  if (Object.keys(scenario.variables).length > 0) request.variables = scenario.variables;
  return request;
}

/** Results come back in the order of `scenarios`. */
export async function runScenarios(scenarios: Scenario[], caller: DebugCaller, options: RunnerOptions): Promise<Execution[]> {
  const clock = options.clock ?? Date.now;
  const results: Execution[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const i = next++;
      const scenario = scenarios[i]!;
      const execution = await runOne(scenario, caller, options, clock);
      results[i] = options.onResult?.(scenario, execution, i) ?? execution;
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, scenarios.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

async function runOne(scenario: Scenario, caller: DebugCaller, options: RunnerOptions, clock: () => number): Promise<Execution> {
  if (scenario.skip) return { kind: 'skipped', reason: 'skip: true' };
  if (options.signal?.aborted) return { kind: 'not_run', reason: 'the run was cancelled before this scenario started' };
  if (options.deadline !== undefined && clock() >= options.deadline) {
    return { kind: 'not_run', reason: 'timeout-minutes was reached before this scenario started' };
  }
  const started = clock();
  try {
    const { response, attempts } = await caller.debug(buildDebugRequest(scenario, options.maxLoops), options.signal);
    return { kind: 'completed', response, attempts, elapsedMs: clock() - started };
  } catch (error) {
    if (options.signal?.aborted) return { kind: 'not_run', reason: 'the run was cancelled while this scenario was in flight' };
    return toFailedExecution(error, clock() - started);
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
