// What the analysis says about one execution and about a flow's graph (README "The report"). Pure data;
// the report is built from it, and every word about a finding is made from it by report/wording.ts.
import type { JsonValue } from './json.ts';
import type { PathKey } from './scenario.ts';

/** fail-on categories. */
export type FindingKind = 'mismatch' | 'loop' | 'error';

/**
 * 'warning' never fails the check, whatever fail-on says: dead configuration (an unreachable node)
 * harms no caller, and failing every pull request of a flow that carries an old branch would teach
 * people to turn the checks off.
 */
export type FindingSeverity = 'error' | 'warning';

/**
 * Each code with the facts its words are made from. Values of variables are in here as they are (the
 * report masks them, redact-variables and secrets, before anything is written or said); node ids,
 * counts and steps are never masked.
 */
export interface FindingParams {
  PATH_MISMATCH: PathMismatch;
  EXIT_MISMATCH: { expected: string | null; actual: string | null };
  VARIABLE_MISMATCH: { check: VariableCheck };
  DURATION_EXCEEDED: { duration_ms: number; max_duration_ms: number };
  /** loop absent: the run hit maxLoops with no node repeating in the returned path. */
  LOOP_DETECTED: { loop?: LoopDetail; hint?: LoopHint };
  LOOP_EXPECTED: { threshold: number };
  TRACE_ERROR: { error: TraceError };
  API_ERROR: { message: string; code: string; status?: number; attempts: number };
  /** A reference to a node the flow does not have: from `start` when `from` is absent; `suggestion`: the node id it is likely a typo of. */
  FLOW_REFERENCE: { to: string; from?: string; label?: string; suggestion?: string };
  /** A group of connected nodes the start cannot reach: its first nodes (MAX_NAMED_NODES) and how many. */
  FLOW_UNREACHABLE: { start: string; nodes: string[]; count: number };
  /** Nodes that lead only to each other: the first ones in the order a call goes round, how many, and where calls enter. */
  FLOW_TRAP_CYCLE: { nodes: string[]; count: number; entry: string; from?: string };
  /** A node with no way on; `from` is where calls reach it (absent: it is the start). */
  FLOW_DEAD_END: { node: string; type: string; from?: string };
  /** A Studio action the emulator does not execute (its type, or a SNIPPET's external `call`): a run stops there unless the scenario mocks it. */
  FLOW_UNEXECUTED_ACTION: { node: string; type: string; call?: string };
  /**
   * A property of a Studio action, in Studio's language, that the emulator cannot parse (outside its subset):
   * where in the file (`key`) and in the text (`text_line`, `column`; `item` of a list), and the parser's words.
   */
  FLOW_LANGUAGE: {
    node: string;
    type: string;
    property: string;
    language: string;
    key: string;
    text_line: number;
    column: number;
    message: string;
    item?: number;
  };
}

export type FindingCode = keyof FindingParams;
export type FlowFindingCode =
  | 'FLOW_REFERENCE'
  | 'FLOW_UNREACHABLE'
  | 'FLOW_TRAP_CYCLE'
  | 'FLOW_DEAD_END'
  | 'FLOW_UNEXECUTED_ACTION'
  | 'FLOW_LANGUAGE';
export type ScenarioFindingCode = Exclude<FindingCode, FlowFindingCode>;

/**
 * A finding is facts, not words: a code, its parameters and where it is. The words are made from the
 * code and parameters by report/wording.ts, for the report after redact-variables has masked the
 * parameters, so no sentence is built from a value that should not be shown, and no renderer has a
 * sentence to read facts back out of.
 */
export type Finding<C extends FindingCode = FindingCode> = {
  [K in C]: { code: K; severity: FindingSeverity; params: FindingParams[K]; file: string; line: number };
}[C];

/** A code with its parameters: all that the words of a finding are made from. */
export type FindingFacts<C extends FindingCode = FindingCode> = { [K in C]: { code: K; params: FindingParams[K] } }[C];

export type ScenarioFinding = Finding<ScenarioFindingCode>;

/** What is wrong with a flow itself, found without running it; `node` is the node it is anchored on. */
export type FlowFinding = Finding<FlowFindingCode> & { flow_id: string; node?: string };

/** Every code of a flow finding, in the order reports and SARIF's rules list them. */
export const FLOW_FINDING_CODES: readonly FlowFindingCode[] = [
  'FLOW_REFERENCE',
  'FLOW_UNREACHABLE',
  'FLOW_TRAP_CYCLE',
  'FLOW_DEAD_END',
  'FLOW_UNEXECUTED_ACTION',
  'FLOW_LANGUAGE',
];

/** Every code of a scenario finding, in the order reports and SARIF's rules list them. */
export const SCENARIO_FINDING_CODES: readonly ScenarioFindingCode[] = [
  'PATH_MISMATCH',
  'EXIT_MISMATCH',
  'VARIABLE_MISMATCH',
  'DURATION_EXCEEDED',
  'LOOP_DETECTED',
  'LOOP_EXPECTED',
  'TRACE_ERROR',
  'API_ERROR',
];

/** The fail-on category of each code: unreachable nodes are dead configuration ('mismatch'); the other flow defects break calls. */
const KINDS: Record<FindingCode, FindingKind> = {
  PATH_MISMATCH: 'mismatch',
  EXIT_MISMATCH: 'mismatch',
  VARIABLE_MISMATCH: 'mismatch',
  DURATION_EXCEEDED: 'mismatch',
  LOOP_EXPECTED: 'mismatch',
  LOOP_DETECTED: 'loop',
  TRACE_ERROR: 'error',
  API_ERROR: 'error',
  FLOW_REFERENCE: 'error',
  FLOW_UNREACHABLE: 'mismatch',
  FLOW_TRAP_CYCLE: 'error',
  FLOW_DEAD_END: 'error',
  FLOW_UNEXECUTED_ACTION: 'error',
  FLOW_LANGUAGE: 'error',
};

export function kindOf(code: FindingCode): FindingKind {
  return KINDS[code];
}

export function severityOf(code: FindingCode): FindingSeverity {
  return code === 'FLOW_UNREACHABLE' || code === 'FLOW_UNEXECUTED_ACTION' ? 'warning' : 'error';
}

/** Does this finding fail the check under fail-on? A warning never does. */
export function failsCheck(finding: { code: FindingCode; severity: FindingSeverity }, failOn: readonly FindingKind[]): boolean {
  return finding.severity !== 'warning' && failOn.includes(kindOf(finding.code));
}

/** The one way a finding is made: its severity follows from its code. */
export function makeFinding<C extends FindingCode>(code: C, params: FindingParams[C], where: { file: string; line: number }): Finding<C> {
  return { code, severity: severityOf(code), params, file: where.file, line: where.line } as Finding<C>;
}

/**
 * How the path left its expectation. A list (with or without `...`): the first divergence (`expected`
 * null past the end of the expectation, `actual` null past the end of the path), how many edits in all,
 * and `approximate` when the paths differ too much for an exact alignment. A map form: each failing key.
 */
export type PathMismatch =
  | { index: number; expected: string | null; actual: string | null; edits: number; approximate?: true }
  | { problems: PathProblem[]; edits: number };

export interface PathEdit {
  op: 'missing' | 'unexpected';
  node: string;
  /** Index in the actual path where it happened (for missing: where it should have been). */
  index: number;
  /** For missing: the node after which it was expected (null at the start). */
  after?: string | null;
}

/**
 * How the executed path compares with expect.path and expect.exit: each fact once. Whether it passes is
 * derived from them (pathMatches, exitMatches, routingValid below), and so are the words (the report's
 * routing_mismatches and the findings' messages).
 */
export interface RoutingResult {
  /** Absent: the scenario has no expect.path. */
  path?: PathDiff;
  /** Absent: the scenario has no expect.exit. */
  exit?: { expected: string | null; actual: string | null };
}

/** The edits that turn the expectation into the executed path, and for a map form its failing keys. */
export interface PathDiff {
  /** The first edits in step order (MAX_KEPT_EDITS of them at most; see editCount). */
  edits: PathEdit[];
  /** All edits, including those left out of `edits`. */
  editCount: number;
  /** The map form's failing keys (empty for a list). */
  problems: PathProblem[];
  /** A list's paths differ too much for an exact alignment: the differing stretch is one block of edits. */
  approximate: boolean;
  /** The earliest edit, with what the trace says there. */
  firstDivergence?: FirstDivergence;
}

/**
 * First step where expected and actual differ, with what the trace says there. `key`: the map-form key
 * whose check diverged there (absent for a list); for `excludes`, `actual` is the excluded node and
 * `expected` is null.
 */
export interface FirstDivergence {
  index: number;
  expected: string | null;
  actual: string | null;
  key?: PathKey;
  type?: string;
  input?: string;
}

/** One failing key of the map form of expect.path. */
export type PathProblem =
  /** `actual` null: the path ended at `step`, before the prefix did. */
  | { key: 'startsWith'; nodes: string[]; step: number; actual: string | null }
  /** `tail`: the path's last nodes (empty: the path is empty). */
  | { key: 'endsWith'; nodes: string[]; tail: string[] }
  /** `missing` never ran, or (with `after` and `step`) did not run after the node placed before it. */
  | { key: 'contains'; nodes: string[]; missing: string; after?: string; step?: number }
  /** One excluded node that ran: its first step and how many times. */
  | { key: 'excludes'; node: string; step: number; count: number };

/** True when there is no expect.path or the path satisfies it. */
export function pathMatches(routing: RoutingResult): boolean {
  return routing.path === undefined || (routing.path.editCount === 0 && routing.path.problems.length === 0);
}

/** True when there is no expect.exit or the run ended where it says. */
export function exitMatches(routing: RoutingResult): boolean {
  return routing.exit === undefined || routing.exit.expected === routing.exit.actual;
}

/** The report's routing_valid: the path and the exit both as expected. */
export function routingValid(routing: RoutingResult): boolean {
  return pathMatches(routing) && exitMatches(routing);
}

/** How a failing check differs, for machines: `type` when the value has another type than expected. */
export type MismatchKind = 'type' | 'value' | 'missing' | 'unexpected' | 'invalid';

/** One rule of an expectation that the value broke, with the values involved. */
export type CheckFailure =
  | { rule: 'not_set'; expected?: JsonValue }
  | { rule: 'equals'; expected: JsonValue; actual: JsonValue }
  | { rule: 'exists'; actual: JsonValue }
  | { rule: 'type'; expected_type: string; actual: JsonValue }
  | { rule: 'matches'; pattern: string; actual: JsonValue }
  | { rule: 'invalid_pattern'; pattern: string; error: string }
  | { rule: 'one_of'; options: JsonValue[]; actual: JsonValue }
  | { rule: 'bound'; op: 'gt' | 'gte' | 'lt' | 'lte'; bound: number; actual: number }
  | { rule: 'not_number'; bounds: string; actual: JsonValue };

/** Where a check read its value: the final state, or a node's snapshot (expect.variablesAt). */
export type CheckSource =
  | { kind: 'final' }
  | { kind: 'snapshot'; node: string; step: number; visits: number }
  | { kind: 'no_visit'; node: string }
  | { kind: 'no_variables'; node: string; step: number };

export interface VariableCheck {
  name: string;
  /** nodeId for expect.variablesAt checks. */
  at?: string;
  expected: JsonValue;
  actual: JsonValue | undefined;
  ok: boolean;
  /** Set when the check fails: `type` for a type mismatch ("1" against 1). */
  mismatch?: MismatchKind;
  failures: CheckFailure[];
  source: CheckSource;
  /** Set by redact-variables: the values above are masked. */
  redacted?: boolean;
}

export interface VariableResult {
  valid: boolean;
  checks: VariableCheck[];
}

/** Why a loop got its verdict, as data (the reason's words come from report/wording.ts). */
export type LoopCause =
  | { kind: 'max_loops' }
  | { kind: 'same_state'; at: number; to: number }
  | { kind: 'input_consumed'; at: number; to: number }
  | { kind: 'variables_changed'; variable: string; before?: JsonValue; after?: JsonValue; redacted?: boolean }
  | { kind: 'no_variables'; step: number }
  | { kind: 'no_repeat' };

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
  cause: LoopCause;
}

/**
 * What would accept a retry loop that the flow bounds on purpose (a menu retried with a counter): the
 * scenario's loopThreshold at the visits observed (absent past the cap), or expect.loops: true (offered
 * unless the scenario says expect.loops: false).
 */
export interface LoopHint {
  loopThreshold?: number;
  expectLoops: boolean;
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
  findings: ScenarioFinding[];
  routing?: RoutingResult;
  variables?: VariableResult;
  loops?: LoopAnalysis;
  traceErrors: TraceError[];
  variableStates?: VariableStates;
}
