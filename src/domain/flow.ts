// Flow definition files (SPEC section 5), as the emulator executes them and static analysis reads them.
import type { JsonValue } from './json.ts';

export type ConditionOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'matches' | 'exists';
export const CONDITION_OPS: readonly ConditionOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'matches', 'exists'];

export interface StartNode {
  type: 'Start';
  next: string;
}
export interface GatherInputNode {
  type: 'GatherInput';
  /** DTMF digits taken per visit (default 1). */
  digits?: number;
  variable?: string;
  prompt?: string;
  options?: Record<string, string>;
  /** keyword → node; matched case-insensitively in the speech utterance. */
  intents?: Record<string, string>;
  noMatch?: string;
  noInput?: string;
}
export interface SetVariableNode {
  type: 'SetVariable';
  set?: Record<string, JsonValue>;
  increment?: string;
  next: string;
}
export interface ConditionNode {
  type: 'Condition';
  if: { variable: string; op: ConditionOp; value?: JsonValue };
  then: string;
  else: string;
}
export interface RouteNode {
  type: 'Route';
  target: string;
  next?: string;
}
export interface PlayNode {
  type: 'Play';
  prompt: string;
  next: string;
}
export interface ExitNode {
  type: 'Exit';
}

export type FlowNode = StartNode | GatherInputNode | SetVariableNode | ConditionNode | RouteNode | PlayNode | ExitNode;

export interface FlowDefinition {
  id: string;
  name?: string;
  start: string;
  nodes: Record<string, FlowNode>;
  /** Where it came from: relative file path, and 1-based line of each node's key. */
  source?: { file: string; line: number; nodeLines: Record<string, number> };
}

/** One outgoing edge of a node, for static analysis and coverage. */
export interface FlowEdge {
  from: string;
  to: string;
  label: string;
}

/** How the engine's trace `branch` and every edge name a branch taken: one spelling for both. */
export const EDGE_LABEL = {
  option: (digits: string) => `option ${digits}`,
  intent: (keyword: string) => `intent ${keyword}`,
} as const;

/** Every outgoing edge, labelled as the engine's trace `branch` names it ('option 1', 'intent billing', 'then', …). */
export function flowEdges(flow: FlowDefinition): FlowEdge[] {
  const edges: FlowEdge[] = [];
  for (const [from, node] of Object.entries(flow.nodes)) {
    const add = (to: string | undefined, label: string): void => {
      if (to !== undefined) edges.push({ from, to, label });
    };
    switch (node.type) {
      case 'GatherInput':
        for (const [digits, to] of Object.entries(node.options ?? {})) add(to, EDGE_LABEL.option(digits));
        for (const [keyword, to] of Object.entries(node.intents ?? {})) add(to, EDGE_LABEL.intent(keyword));
        add(node.noMatch, 'noMatch');
        add(node.noInput, 'noInput');
        break;
      case 'Condition':
        add(node.then, 'then');
        add(node.else, 'else');
        break;
      case 'Exit':
        break;
      default:
        add(node.next, 'next');
    }
  }
  return edges;
}
