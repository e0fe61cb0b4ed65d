// What the analysis says about one execution (SPEC section 6). Pure data; the report is built from it.
import type { JsonValue } from '../scenario/types.ts';

/** fail-on categories (SPEC 2). */
export type FindingKind = 'mismatch' | 'loop' | 'error';

export type FindingCode =
  | 'PATH_MISMATCH'
  | 'EXIT_MISMATCH'
  | 'VARIABLE_MISMATCH'
  | 'DURATION_EXCEEDED'
  | 'LOOP_DETECTED'
  | 'LOOP_EXPECTED'
  | 'TRACE_ERROR'
  | 'API_ERROR'
  | 'SCENARIO_INVALID';

export interface Finding {
  kind: FindingKind;
  code: FindingCode;
  /** One line a person can act on, e.g. "expected exit node_exit, got node_exit_error". */
  message: string;
  /** Dotted scenario key the finding is about ('expect.path', 'expect.variables.x'), for the annotation line. */
  key?: string;
}

export interface PathEdit {
  op: 'missing' | 'unexpected';
  node: string;
  /** Index in the actual path where it happened (for missing: where it should have been). */
  index: number;
  /** For missing: the node after which it was expected (null at the start). */
  after?: string | null;
}

export interface RoutingResult {
  /** The seed's keys, kept. */
  valid: boolean;
  mismatches: string[];
  /** Added: the path alone (valid also needs the exit to match). */
  pathValid: boolean;
  /** The first edits in step order (capped; see editCount). */
  edits: PathEdit[];
  /** Added: all edits, including those left out of `edits`. */
  editCount: number;
  /** Added: one line for the PATH_MISMATCH finding, when the path differs. */
  summary?: string;
  /** First step where expected and actual differ, with what the trace says there. */
  firstDivergence?: { index: number; expected: string | null; actual: string | null; type?: string; input?: string };
  exit?: { expected: string | null; actual: string | null; ok: boolean };
}

export interface VariableCheck {
  name: string;
  /** nodeId for expect.variablesAt checks. */
  at?: string;
  expected: JsonValue;
  actual: JsonValue | undefined;
  ok: boolean;
  /** e.g. 'expected "1" (string), got 1 (number)' */
  message: string;
}

export interface VariableResult {
  valid: boolean;
  checks: VariableCheck[];
}

export interface LoopDetail {
  nodeId: string;
  occurrences: number;
  /** The shortest repeating segment of the path that starts at nodeId (first nodes only when very long). */
  cycle: string[];
  /** Added: the full length of the cycle, when `cycle` had to be shortened. */
  cycleLength: number;
  iterations: number;
  startIndex: number;
  endIndex: number;
  verdict: 'infinite' | 'retry';
  reason: string;
}

export interface LoopAnalysis {
  has_loops: boolean;
  loop_details: LoopDetail[];
  total_nodes_executed: number;
  unique_nodes: number;
  hit_max_loops: boolean;
}

export interface TraceError {
  nodeId: string;
  type: string;
  timestamp: number;
  status?: string;
  message: string;
}

export interface VariableStates {
  final_state: Record<string, JsonValue>;
  node_history: Record<string, Record<string, JsonValue>>;
}

export type ScenarioStatus = 'passed' | 'failed' | 'error' | 'skipped' | 'not_run';

/** Everything the analysis says about one scenario; the report model is built from this. */
export interface ScenarioAnalysis {
  status: ScenarioStatus;
  findings: Finding[];
  routing?: RoutingResult;
  variables?: VariableResult;
  loops?: LoopAnalysis;
  traceErrors: TraceError[];
  variableStates?: VariableStates;
}
