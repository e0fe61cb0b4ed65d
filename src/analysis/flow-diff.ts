// What changed in the flows themselves between two versions (compare-to; README, Behaviour changes): flows,
// actions (nodes) and connectors (edges, flowEdges) added and removed, and each flow's coverage by the
// compared inputs before and after. Pure.
import { flowEdges, type FlowEdge, type LoadedFlow } from '../domain/flow.ts';
import type { CoverageCount, FlowCoverage } from './coverage.ts';

/** Items named per list; the counts say how many there are in all. */
export const MAX_LISTED_FLOW_CHANGES = 50;

export interface FlowCoverageFacts {
  nodes: CoverageCount;
  edges: CoverageCount;
}

export interface FlowChange {
  flow_id: string;
  name?: string;
  /** The file at the head (the earlier version's when the flow was removed). */
  file?: string;
  /** The line of the flow's id in `file`, for its annotation. */
  line?: number;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** 'unknown' when compared from reports (baseline-report), which hold coverage but no flow graph. */
  structure?: 'unknown';
  counts: { nodes_added: number; nodes_removed: number; connectors_added: number; connectors_removed: number };
  nodes_added: string[];
  nodes_removed: string[];
  connectors_added: FlowEdge[];
  connectors_removed: FlowEdge[];
  coverage_before?: FlowCoverageFacts;
  coverage_after?: FlowCoverageFacts;
  /** Compared inputs of this flow whose behaviour changed. */
  changed_inputs: number;
}

/**
 * Every flow of either version, in the head's order then the removed ones; `changedInputs` counts the
 * changed inputs by flow id. Flows with no change of structure, coverage or behaviour come back 'unchanged'.
 */
export function diffFlows(
  before: readonly LoadedFlow[],
  after: readonly LoadedFlow[],
  coverage: { before?: readonly FlowCoverage[]; after?: readonly FlowCoverage[] },
  changedInputs: ReadonlyMap<string, number>,
): FlowChange[] {
  const byIdBefore = new Map(before.map((f) => [f.id, f]));
  const byIdAfter = new Map(after.map((f) => [f.id, f]));
  const covBefore = new Map((coverage.before ?? []).map((c) => [c.flow_id, c]));
  const covAfter = new Map((coverage.after ?? []).map((c) => [c.flow_id, c]));
  const ids = [...after.map((f) => f.id), ...before.map((f) => f.id).filter((id) => !byIdAfter.has(id))];
  return ids.map((id) => {
    const b = byIdBefore.get(id);
    const a = byIdAfter.get(id);
    const shown = (a ?? b)!;
    const nodesB = new Set(b ? Object.keys(b.nodes) : []);
    const nodesA = new Set(a ? Object.keys(a.nodes) : []);
    const nodesAdded = [...nodesA].filter((n) => !nodesB.has(n));
    const nodesRemoved = [...nodesB].filter((n) => !nodesA.has(n));
    const key = (e: FlowEdge) => `${e.from}\u0000${e.label}\u0000${e.to}`;
    const edgesB = b ? flowEdges(b) : [];
    const edgesA = a ? flowEdges(a) : [];
    const keysB = new Set(edgesB.map(key));
    const keysA = new Set(edgesA.map(key));
    const added = edgesA.filter((e) => !keysB.has(key(e)));
    const removed = edgesB.filter((e) => !keysA.has(key(e)));
    const cb = covBefore.get(id);
    const ca = covAfter.get(id);
    const structural = nodesAdded.length + nodesRemoved.length + added.length + removed.length > 0 || b?.start !== a?.start;
    const changed = changedInputs.get(id) ?? 0;
    const status = !b ? 'added' : !a ? 'removed' : structural ? 'changed' : 'unchanged';
    const out: FlowChange = {
      flow_id: id,
      ...(shown.name !== undefined ? { name: shown.name } : {}),
      ...(shown.source?.file ? { file: shown.source.file, line: shown.source.line } : {}),
      status,
      counts: {
        nodes_added: nodesAdded.length,
        nodes_removed: nodesRemoved.length,
        connectors_added: added.length,
        connectors_removed: removed.length,
      },
      nodes_added: nodesAdded.slice(0, MAX_LISTED_FLOW_CHANGES),
      nodes_removed: nodesRemoved.slice(0, MAX_LISTED_FLOW_CHANGES),
      connectors_added: added.slice(0, MAX_LISTED_FLOW_CHANGES),
      connectors_removed: removed.slice(0, MAX_LISTED_FLOW_CHANGES),
      ...(cb ? { coverage_before: { nodes: cb.nodes, edges: cb.edges } } : {}),
      ...(ca ? { coverage_after: { nodes: ca.nodes, edges: ca.edges } } : {}),
      changed_inputs: changed,
    };
    return out;
  });
}

/** A flow worth listing: its structure, its coverage or the behaviour of one of its inputs changed. */
export function flowMoved(f: FlowChange): boolean {
  const cb = f.coverage_before;
  const ca = f.coverage_after;
  const coverageMoved = !!cb !== !!ca || (cb && ca && (cb.nodes.visited !== ca.nodes.visited || cb.edges.visited !== ca.edges.visited));
  return f.status !== 'unchanged' || f.changed_inputs > 0 || !!coverageMoved;
}
