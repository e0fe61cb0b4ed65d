// With `target: api` and no `flows` input, the node graph comes from GET /api/v2/flows/{id} when
// CXone's answer carries one in the shape of the flow files; it then feeds static checks and coverage.
import type { FlowDefinition } from '../domain/flow.ts';
import { toFlowGraph } from '../flow/from-api.ts';
import type { Scenario } from '../domain/scenario.ts';
import type { Execution } from '../domain/execution.ts';
import { ACTION_NAMING, type InputNaming } from '../input-naming.ts';
import { excerpt } from '../text.ts';

export interface FlowReader {
  getFlow(flowId: string, signal?: AbortSignal): Promise<unknown>;
  /** Set once every later call would fail (the token endpoint): no graph is worth asking for then. */
  fatalError?(): Error | undefined;
}

/**
 * The flows whose graphs are worth a GET: those of scenarios the API answered (completed, or failed with an
 * HTTP status). A flow whose scenarios were skipped, not run or never answered is not read: its coverage
 * would be 0 % for want of a run, and each read is one more call to a server that may be the problem.
 */
export function flowsToRead(scenarios: Scenario[], executions: Execution[]): string[] {
  const answered = scenarios.filter((_, i) => {
    const e = executions[i];
    return e?.kind === 'completed' || (e?.kind === 'failed' && e.status !== undefined);
  });
  return [...new Set(answered.map((s) => s.flow))];
}

export interface GraphHooks {
  /** A graph that could not be had: the run goes on without its checks and coverage. */
  warn(line: string): void;
  naming?: InputNaming;
  signal?: AbortSignal;
}

export async function fetchFlowGraphs(client: FlowReader, flowIds: string[], hooks: GraphHooks): Promise<FlowDefinition[]> {
  const graphs: FlowDefinition[] = [];
  const flows = (hooks.naming ?? ACTION_NAMING).input('flows');
  for (const id of flowIds) {
    if (hooks.signal?.aborted || client.fatalError?.()) break;
    try {
      const graph = toFlowGraph(id, await client.getFlow(id, hooks.signal));
      if (graph) graphs.push(graph);
      else
        hooks.warn(
          `GET /api/v2/flows/${excerpt(encodeURIComponent(id))} carries no node graph: no static checks or coverage for this flow (pass ${flows} to provide one).`,
        );
    } catch (error) {
      // Stopped (cancel, timeout-minutes): the report says so; one line per unread flow would only repeat it.
      if (hooks.signal?.aborted) break;
      // Reading the graph is a bonus (it needs flow:read): the scenarios have run whatever it answers.
      hooks.warn(`could not read the graph of flow '${excerpt(id)}', so it has no static checks or coverage: ${(error as Error).message}`);
    }
  }
  return graphs;
}
