// A connector no scenario can take, and why, as data (the words: report/wording.ts describeUnreachable).
// Made by generate/ (static-reasons.ts, explore.ts); shown by `generate` and a run's coverage section.
import type { JsonValue } from './json.ts';
import type { FlowEdge } from './flow.ts';

export type UnreachableReason =
  /** Nothing leads to the node the connector leaves. */
  | { code: 'orphan'; params: { node: string } }
  /** Connectors lead to the node, but none from a node the start reaches. */
  | { code: 'no_path'; params: { node: string } }
  /** Every connector that leads to the node is itself one no input can take. */
  | { code: 'only_through_unreachable'; params: { node: string } }
  /** An option (or MENU case) longer than the keys its node takes. */
  | { code: 'option_too_long'; params: { node: string; option: string; digits: number } }
  /** An intent, case or option value that an earlier one of the same node always takes first. */
  | { code: 'shadowed'; params: { node: string; value: string; by: string } }
  /** A condition whose variable holds a constant the flow set on every path to it (a run's report leaves the value out: it may be masked). */
  | { code: 'contradicted'; params: { node: string; variable: string; constant?: JsonValue } }
  /** The connector names a node the flow does not have: a run that takes it fails. */
  | { code: 'missing_target'; params: { to: string } }
  /** Not ruled out by the flow's shape, and not taken by any input the explorer tried. */
  | { code: 'not_reached'; params: { runs: number; budget_spent: boolean } };

export interface UnreachableConnector extends FlowEdge {
  reason: UnreachableReason;
  /** The line of the `from` node's key, when the flow has a source. */
  line?: number;
}
