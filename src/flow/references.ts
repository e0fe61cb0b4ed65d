// The one check for references to nodes a flow does not have: `start`, a YAML node's targets, a Studio
// connector. Pure. The loader words them as its problems (reference-checks.ts), static analysis as its
// FLOW_REFERENCE finding (analysis/graph.ts); a run reports one or the other, never both (README, Flow graphs).
import { isStudioScript, nodeEdges, type LoadedFlow } from '../domain/flow.ts';
import { suggest, suggestBudget, type SuggestBudget } from '../validation/suggest.ts';

/** A reference to a node the flow does not have. */
export interface DanglingReference {
  /** The node it is written in; absent: the flow's `start`. */
  from?: string;
  /** The edge's label (domain/flow.ts EDGE_LABEL, STUDIO_EDGE_LABEL); absent for `start`. */
  label?: string;
  to: string;
  /** Where it is written in the file: `['start']`, `['nodes', id, 'options', '1']`, `['branches', actionId, i, 'to']`. */
  key: readonly (string | number)[];
  /** 1-based line of that key, when the flow came from a file that says it (not a flow read from the API). */
  line?: number;
  /** The node id `to` is most likely a typo of. Not for a Studio connector: it names an action id, not a name. */
  suggestion?: string;
}

/** What to check: every node and `start` unless told (the loader leaves out what the schema already refused). */
export interface ReferenceScope {
  node?: (id: string) => boolean;
  start?: boolean;
}

/** Every dangling reference of `flow`, `start` first, then by node and edge in definition order. */
export function danglingReferences(flow: LoadedFlow, scope: ReferenceScope = {}): DanglingReference[] {
  const ids = Object.keys(flow.nodes);
  const hints: SuggestBudget = suggestBudget();
  const known = (to: string): boolean => Object.hasOwn(flow.nodes, to);
  const out: DanglingReference[] = [];
  const withHint = (ref: DanglingReference): DanglingReference => {
    const meant = suggest(ref.to, ids, hints);
    return meant === undefined ? ref : { ...ref, suggestion: meant };
  };
  if (scope.start !== false && typeof flow.start === 'string' && !known(flow.start)) {
    out.push(withHint(at({ to: flow.start, key: ['start'] }, isStudioScript(flow) ? undefined : flow.source?.startLine)));
  }
  if (isStudioScript(flow)) {
    for (const [from, action] of Object.entries(flow.nodes)) {
      if (scope.node && !scope.node(from)) continue;
      action.connectors.forEach(({ to, label, line }, i) => {
        if (!known(to)) out.push({ from, label, to, key: ['branches', action.actionId, i, 'to'], line });
      });
    }
    return out;
  }
  for (const [from, node] of Object.entries(flow.nodes)) {
    if (scope.node && !scope.node(from)) continue;
    nodeEdges(node).forEach(({ key, label, to }, i) => {
      if (!known(to)) out.push(withHint(at({ from, label, to, key: ['nodes', from, ...key] }, flow.source?.edgeLines?.[from]?.[i])));
    });
  }
  return out;
}

function at(ref: DanglingReference, line: number | undefined): DanglingReference {
  return line === undefined ? ref : { ...ref, line };
}
