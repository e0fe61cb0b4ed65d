// Flow definition files (SPEC section 5), as the emulator executes them and static analysis reads them.
import type { JsonValue } from '../scenario/types.ts';

export type ConditionOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'matches' | 'exists';

export interface StartNode { type: 'Start'; next: string }
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
export interface RouteNode { type: 'Route'; target: string; next?: string }
export interface PlayNode { type: 'Play'; prompt: string; next: string }
export interface ExitNode { type: 'Exit' }

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
export interface FlowEdge { from: string; to: string; label: string }
