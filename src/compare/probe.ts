// One version of the flows, and the inputs to compare run through it on a built-in emulator of its own
// (README, Behaviour changes): what each input did (path, exit, final variables) and the visits coverage
// counts. Each answer is reduced as it arrives, so answers are never all in memory together.
import { createCoverageVisits, recordRun, type CoverageVisits } from '../analysis/coverage.ts';
import { MAX_COMPARED_STEPS, type CompareInput, type InputOutcome } from '../analysis/behaviour-diff.ts';
import { createFlowLookup, type LoadedFlow } from '../domain/flow.ts';
import type { DebugRequest } from '../domain/wire.ts';
import { openConnection } from '../connection.ts';
import type { RunHooks } from '../run.ts';
import type { Settings } from '../settings.ts';

export interface ProbeResult {
  outcomes: InputOutcome[];
  visits: CoverageVisits;
}

export async function probeFlows(
  settings: Settings,
  flows: LoadedFlow[],
  inputs: readonly CompareInput[],
  hooks: Pick<RunHooks, 'secrets' | 'naming' | 'signal'>,
): Promise<ProbeResult> {
  const outcomes: InputOutcome[] = inputs.map(() => ({ kind: 'unknown' }));
  const visits = createCoverageVisits();
  const known = createFlowLookup(flows);
  // The comparison runs on the emulator whatever `target` is: only the emulator can run two versions.
  const connection = await openConnection({ ...settings, target: 'emulator' }, flows, { ...hooks, info: () => {} });
  try {
    let next = 0;
    const worker = async () => {
      while (next < inputs.length && !hooks.signal?.aborted) {
        const i = next++;
        const input = inputs[i]!;
        if (!known(input.flowId)) {
          outcomes[i] = { kind: 'absent' };
          continue;
        }
        try {
          const { response } = await connection.client.debug(requestOf(input, settings.maxLoops), hooks.signal);
          recordRun(visits, { flowId: input.flowId, path: response.path, trace: response.trace });
          outcomes[i] = {
            kind: 'ran',
            path: response.path.slice(0, MAX_COMPARED_STEPS),
            steps: response.path.length,
            exit: response.exitNode,
            variables: response.variables,
          };
        } catch (error) {
          // A call the run's stop abandoned tells nothing of the flow.
          if (hooks.signal?.aborted) continue;
          // Each version has its own emulator: its address is no part of what the flow did.
          const e = error as Error & { code?: string; status?: number };
          const message = e.message.replaceAll(connection.baseUrl, 'the emulator');
          outcomes[i] = { kind: 'failed', message, signature: `${e.code ?? 'ERROR'} ${e.status ?? ''}`.trim() };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, Math.max(1, inputs.length)) }, worker));
  } finally {
    await connection.close();
  }
  return { outcomes, visits };
}

function requestOf(input: CompareInput, maxLoops: number): DebugRequest {
  const request: DebugRequest = {
    flowId: input.flowId,
    input: { dtmf: input.dtmf, speech: input.speech },
    options: { trace: true, includeVariables: true, maxLoops: input.maxLoops ?? maxLoops },
  };
  if (Object.keys(input.variables).length > 0) request.variables = input.variables;
  if (input.mocks !== undefined) request.mocks = input.mocks;
  if (input.clock !== undefined) request.clock = input.clock;
  return request;
}
