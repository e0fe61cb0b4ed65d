// A flow graph read from CXone (GET /api/v2/flows/{id}), for static checks and coverage with target: api.
import type { FlowDefinition, FlowNode } from '../domain/flow.ts';

/** The answer's graph when it has `start` and `nodes` with a `type` each; anything else is no graph. */
export function toFlowGraph(id: string, value: unknown): FlowDefinition | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { id?: unknown; name?: unknown; start?: unknown; nodes?: unknown };
  if (typeof v.start !== 'string' || !v.nodes || typeof v.nodes !== 'object' || Array.isArray(v.nodes)) return undefined;
  const nodes = v.nodes as Record<string, unknown>;
  for (const node of Object.values(nodes)) {
    if (!node || typeof node !== 'object' || typeof (node as { type?: unknown }).type !== 'string') return undefined;
  }
  return {
    id: typeof v.id === 'string' ? v.id : id,
    ...(typeof v.name === 'string' ? { name: v.name } : {}),
    start: v.start,
    nodes: nodes as Record<string, FlowNode>,
  };
}
