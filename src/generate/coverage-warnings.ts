// A run's coverage section, with the unvisited connectors that no input can take marked with why
// (static-reasons.ts): the same defects `generate` lists, as warnings wherever a flow graph is known. Only
// the flow's shape is read, never a search: "not reached by a search" is no defect of the flow. Pure.
import { flowEdges, type LoadedFlow } from '../domain/flow.ts';
import type { UnreachableReason } from '../domain/unreachable.ts';
import type { FlowCoverage } from '../analysis/coverage.ts';
import { staticReasons } from './static-reasons.ts';

export function withUnreachable(coverage: FlowCoverage[], flows: readonly LoadedFlow[]): FlowCoverage[] {
  const byId = new Map(flows.map((f) => [f.id, f]));
  return coverage.map((c) => {
    const flow = byId.get(c.flow_id);
    if (!flow || c.unvisited_branches.length === 0) return c;
    const reasons = staticReasons(flow);
    if (reasons.size === 0) return c;
    const index = new Map<string, number>();
    flowEdges(flow).forEach((e, i) => {
      const key = `${e.from}\u0000${e.label}\u0000${e.to}`;
      if (!index.has(key)) index.set(key, i);
    });
    const unreachable = c.unvisited_branches.flatMap((b) => {
      const reason = reasons.get(index.get(`${b.from}\u0000${b.label}\u0000${b.to}`) ?? -1);
      return reason ? [{ ...b, reason: forReport(reason) }] : [];
    });
    return unreachable.length > 0 ? { ...c, unreachable } : c;
  });
}

/** A constant's value stays out of the report: the variable may be one redact-variables masks. */
function forReport(reason: UnreachableReason): UnreachableReason {
  if (reason.code !== 'contradicted') return reason;
  return { code: reason.code, params: { node: reason.params.node, variable: reason.params.variable } };
}
