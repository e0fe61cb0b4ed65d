// The report model (README, The report): built once from the run, then rendered as YAML, JSON, summary,
// annotations and console table by pure functions. Keys are snake_case after the tutorial's report (README, Where it comes from).
// Everything a renderer needs is in here, so a report file alone can be rendered again (merge).
import { failsCheck } from '../domain/findings.ts';
import type {
  FindingKind,
  FindingParams,
  FindingSeverity,
  FlowFinding,
  FlowFindingCode,
  LoopAnalysis,
  LoopDetail,
  PathEdit,
  FirstDivergence,
  ScenarioFindingCode,
  ScenarioStatus,
  VariableCheck,
  VariableStates,
} from '../domain/findings.ts';
import type { CoverageCount, FlowCoverage } from '../analysis/coverage.ts';
import type { BehaviourChange, BehaviourGroup } from '../analysis/behaviour-diff.ts';
import type { FlowChange } from '../analysis/flow-diff.ts';
import type { TraceEntry } from '../domain/wire.ts';
import type { LoadProblem } from '../domain/scenario.ts';
import type { ObservedExpect } from './observed.ts';
import { describeFilter, type SelectionFacts } from '../simulation/select.ts';
import { plural } from '../text.ts';

export const REPORT_VERSION = 1;

/**
 * A scenario's finding as written: its facts (`params`, masked like every value of the report), its
 * fail-on `kind` (from its code) and its words. Renderers make their words from `code` and `params`
 * (wording.ts); `message` is those words, for people and scripts reading the file. Its severity is
 * always 'error' (only flow findings have warnings), so it is not written.
 */
export type ReportFinding = {
  [C in ScenarioFindingCode]: { kind: FindingKind; code: C; message: string; params: FindingParams[C]; file: string; line: number };
}[ScenarioFindingCode];

export interface ReportError {
  /** 'trace' for an error entry in the trace, 'api' for a call that failed. */
  source: 'trace' | 'api';
  message: string;
  node_id?: string;
  type?: string;
  timestamp?: number;
  code?: string;
  status?: number;
  attempts?: number;
}

/** A check as written out: its facts (masked by redact-variables) and the words made from them. */
export type ReportCheck = VariableCheck & { message: string };

/** A loop as written out: its facts and the reason in words. */
export type ReportLoopDetail = LoopDetail & { reason: string };

export interface ScenarioReport {
  id: string;
  name: string;
  file: string;
  line: number;
  flow_id: string;
  status: ScenarioStatus;
  tags: string[];
  input: { dtmf: string; speech: string };
  findings: ReportFinding[];
  execution_summary?: {
    exit_node: string | null;
    total_nodes: number;
    simulation_duration_ms: number;
    attempts: number;
    path: string[];
    routing_valid: boolean;
    routing_mismatches: string[];
    expected_exit?: string | null;
    first_divergence?: FirstDivergence;
    /** The path edits (missing / unexpected nodes, first ones only), when the expectation was a list. */
    path_edits?: PathEdit[];
  };
  variable_validation?: { valid: boolean; checks: ReportCheck[] };
  state_machine_analysis?: Omit<LoopAnalysis, 'loop_details'> & { loop_details: ReportLoopDetail[] };
  variable_states?: VariableStates;
  /** A failed scenario's expectation as the run observed it (report/observed.ts), to paste or for `run --update`. */
  observed_expect?: ObservedExpect;
  errors: ReportError[];
  raw_trace?: TraceEntry[];
  /** Why a scenario was skipped or not run. */
  reason?: string;
  /** Lists cut to the report's size budget (report/budget.ts): each keeps its first `shown` of `total` items. */
  truncated?: Truncated;
}

/** The lists that grow with an answer: findings, errors, variable_validation.checks, state_machine_analysis.loop_details, execution_summary.path, variable_states.final_state (keys) and .node_history (nodes), raw_trace. */
export type TruncatedList = 'findings' | 'errors' | 'checks' | 'loop_details' | 'path' | 'final_state' | 'node_history' | 'raw_trace';

export type Truncated = Partial<Record<TruncatedList, { shown: number; total: number }>>;

export interface ReportSummary {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  not_run: number;
  loops: number;
  /** Malformed scenario or flow files: the suite itself is broken. */
  problems: number;
  flow_findings: number;
  conclusion: 'success' | 'failure';
  /** Why the conclusion is failure, in words (empty on success). */
  failure_reasons: string[];
}

export interface ReportProblem {
  code: string;
  file: string;
  line: number;
  key: string;
  message: string;
}

/** What is wrong with a flow itself, found without running it (a dangling reference, …), as written. */
export type ReportFlowFinding = {
  [C in FlowFindingCode]: {
    kind: FindingKind;
    /** 'warning' findings are shown but never fail the check (dead configuration). */
    severity: FindingSeverity;
    code: C;
    message: string;
    params: FindingParams[C];
    file: string;
    line: number;
    flow_id: string;
    node?: string;
  };
}[FlowFindingCode];

export type { FlowFinding };

export interface Report {
  report_metadata: {
    report_version: number;
    generated_at: string;
    tool: string;
    tool_version: string;
    api_version: 'v2';
    target: 'api' | 'emulator';
    base_url: string;
    fail_on: FindingKind[];
    loop_threshold: number;
    max_loops: number;
    /** min-coverage (percent), null when unset. */
    min_coverage: number | null;
    shard: string | null;
    /** The tags/grep filter and how many scenarios it selected of all loaded (before the shard split); absent in reports of older versions. */
    selection?: SelectionFacts;
    scenario_files: string[];
    flow_files: string[];
    run_duration_ms: number;
    /** Set when the run stopped early (cancelled, timeout, fatal error): the rest is not_run. */
    cut_short: string | null;
  };
  summary: ReportSummary;
  problems: ReportProblem[];
  flow_findings: ReportFlowFinding[];
  /** compare-to or baseline-report: what behaves differently from the earlier version (README, Behaviour changes). */
  behaviour_changes?: BehaviourChanges;
  scenarios: ScenarioReport[];
  /** Per flow, when its node graph is known. */
  coverage?: FlowCoverage[];
}

/** The behavioural diff as written: facts with their words (`message`, made by wording.ts), lists cut to a budget. */
export interface BehaviourChanges {
  /** The git ref (and the commit it named), or the baseline report's path. */
  compared_to: { ref?: string; commit?: string; report?: string };
  /** Why no comparison was made (a ref this clone does not have, a baseline that cannot be read): the counts are then 0. */
  skipped?: string;
  /** Inputs run through both versions (scenarios, and explored inputs with `explore`). */
  inputs: number;
  changed: number;
  unchanged: number;
  /** Inputs with nothing to compare on one side (skipped, not run, a path cut in a report). */
  not_compared: number;
  groups: (BehaviourGroup & { message: string })[];
  changes: (BehaviourChange & { message: string })[];
  /** Flows whose actions, connectors, coverage or inputs' behaviour changed. */
  flows: (FlowChange & { message: string })[];
  /**
   * compare-to: flow files that matched at the ref and did not load there (invalid YAML or JSON, a link, too
   * large). Inputs of the head's flows in those files are counted as not compared, never as new.
   */
  earlier_problems?: { file: string; message: string }[];
  /** Lists cut to the report's budget: each keeps its first `shown` of `total`. */
  truncated?: Partial<Record<'groups' | 'changes' | 'flows' | 'earlier_problems', { shown: number; total: number }>>;
}

export type { CoverageCount as CoverageRatio, FlowCoverage };

/** The keys of T, all of them and no others: a key the type gains and the list lacks does not compile. */
type Exhaustive<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never]
  ? K
  : { missing: Exclude<keyof T, K[number]> };
const keysOf =
  <T>() =>
  <const K extends readonly (keyof T)[]>(keys: K & Exhaustive<T, K>): K =>
    keys;

type Summary = NonNullable<ScenarioReport['execution_summary']>;
type Validation = NonNullable<ScenarioReport['variable_validation']>;
type StateMachine = NonNullable<ScenarioReport['state_machine_analysis']>;

/**
 * Every key of the report, part by part, in the order the report is written: the builder writes them
 * in this order, and the README's list of the report's keys is checked against it (readme.test.ts).
 */
export const REPORT_KEYS = {
  report: keysOf<Report>()(['report_metadata', 'summary', 'behaviour_changes', 'problems', 'flow_findings', 'scenarios', 'coverage']),
  behaviour_changes: keysOf<BehaviourChanges>()([
    'compared_to',
    'skipped',
    'inputs',
    'changed',
    'unchanged',
    'not_compared',
    'earlier_problems',
    'truncated',
    'groups',
    'changes',
    'flows',
  ]),
  report_metadata: keysOf<Report['report_metadata']>()([
    'report_version',
    'generated_at',
    'tool',
    'tool_version',
    'api_version',
    'target',
    'base_url',
    'fail_on',
    'loop_threshold',
    'max_loops',
    'min_coverage',
    'shard',
    'selection',
    'scenario_files',
    'flow_files',
    'run_duration_ms',
    'cut_short',
  ]),
  selection: keysOf<SelectionFacts>()(['tags', 'grep', 'selected', 'total']),
  summary: keysOf<ReportSummary>()([
    'total',
    'passed',
    'failed',
    'errored',
    'skipped',
    'not_run',
    'loops',
    'problems',
    'flow_findings',
    'conclusion',
    'failure_reasons',
  ]),
  problem: keysOf<ReportProblem>()(['code', 'file', 'line', 'key', 'message']),
  flow_finding: keysOf<ReportFlowFinding>()(['kind', 'severity', 'code', 'message', 'params', 'file', 'line', 'flow_id', 'node']),
  scenario: keysOf<ScenarioReport>()([
    'id',
    'name',
    'file',
    'line',
    'flow_id',
    'status',
    'tags',
    'input',
    'reason',
    'truncated',
    'findings',
    'execution_summary',
    'variable_validation',
    'state_machine_analysis',
    'variable_states',
    'observed_expect',
    'errors',
    'raw_trace',
  ]),
  finding: keysOf<ReportFinding>()(['kind', 'code', 'message', 'params', 'file', 'line']),
  execution_summary: keysOf<Summary>()([
    'exit_node',
    'total_nodes',
    'simulation_duration_ms',
    'attempts',
    'path',
    'routing_valid',
    'routing_mismatches',
    'expected_exit',
    'first_divergence',
    'path_edits',
  ]),
  first_divergence: keysOf<NonNullable<Summary['first_divergence']>>()(['index', 'expected', 'actual', 'key', 'type', 'input']),
  variable_validation: keysOf<Validation>()(['valid', 'checks']),
  check: keysOf<ReportCheck>()(['name', 'at', 'expected', 'actual', 'ok', 'mismatch', 'failures', 'source', 'redacted', 'message']),
  state_machine_analysis: keysOf<StateMachine>()(['has_loops', 'loop_details', 'total_nodes_executed', 'unique_nodes', 'hit_max_loops']),
  loop_detail: keysOf<ReportLoopDetail>()([
    'nodeId',
    'occurrences',
    'cycle',
    'cycleLength',
    'iterations',
    'startIndex',
    'endIndex',
    'verdict',
    'cause',
    'reason',
  ]),
  variable_states: keysOf<VariableStates>()(['final_state', 'node_history']),
  observed_expect: keysOf<ObservedExpect>()(['expect', 'withheld', 'unsettled']),
  error: keysOf<ReportError>()(['source', 'message', 'code', 'status', 'attempts', 'node_id', 'type', 'timestamp']),
  coverage: keysOf<FlowCoverage>()(['flow_id', 'name', 'file', 'nodes', 'edges', 'unvisited_nodes', 'unvisited_branches', 'unreachable']),
  coverage_count: keysOf<CoverageCount>()(['visited', 'total', 'percent']),
} as const;

/** `value` with its keys in `order` (the others after them, as they were): the report reads as the README lists it. */
export function inKeyOrder<T extends object>(value: T, order: readonly string[]): T {
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order) if (Object.hasOwn(record, key)) out[key] = record[key];
  for (const key of Object.keys(record)) if (!Object.hasOwn(out, key)) out[key] = record[key];
  return out as T;
}

export function toReportProblem(p: LoadProblem | ReportProblem): ReportProblem {
  return { code: p.code, file: p.file, line: p.line, key: p.key, message: p.message };
}

export interface SummaryInput {
  scenarios: ScenarioReport[];
  problems: ReportProblem[];
  flowFindings: readonly { code: FlowFindingCode; severity: FindingSeverity }[];
  /** Flows below min-coverage, in words. */
  coverageShortfalls?: string[];
  failOn: FindingKind[];
  cutShort: string | null;
  /** report_metadata.selection, when known. */
  selection?: SelectionFacts | undefined;
  /** This report is one shard's: a shard with none of the selected scenarios has nothing to run, and that is fine. */
  sharded?: boolean;
}

/** The conclusion by fail-on. Broken input files and a cut-short run always fail: a silent green is worse than a red. */
export function summarize({
  scenarios,
  problems,
  flowFindings,
  coverageShortfalls = [],
  failOn,
  cutShort,
  selection,
  sharded = false,
}: SummaryInput): ReportSummary {
  const count = (s: ScenarioStatus) => scenarios.filter((x) => x.status === s).length;
  // A cut list of loops still counts them all.
  const loops = scenarios.reduce((n, s) => n + (s.truncated?.loop_details?.total ?? s.state_machine_analysis?.loop_details.length ?? 0), 0);
  const reasons: string[] = [];
  for (const kind of failOn) {
    const n = scenarios.filter((s) => s.findings.some((f) => f.kind === kind)).length;
    if (n > 0) reasons.push(`${plural(n, 'scenario')} with ${kind === 'error' ? 'errors' : kind === 'loop' ? 'loops' : 'mismatches'}`);
  }
  const flowFailing = flowFindings.filter((f) => failsCheck(f, failOn)).length;
  if (flowFailing > 0) reasons.push(`${plural(flowFailing, 'finding')} in flow definitions`);
  reasons.push(...coverageShortfalls);
  // A merge's unusable shard is a report file, not a test file: each kind of file is named as what it is.
  const shardProblems = problems.filter((p) => p.code.startsWith('REPORT_')).length;
  if (problems.length > shardProblems) reasons.push(`${plural(problems.length - shardProblems, 'problem')} in scenario or flow files`);
  if (shardProblems > 0) reasons.push(`${plural(shardProblems, 'problem')} in shard report files`);
  if (cutShort) reasons.push(`run cut short: ${cutShort}`);
  // Not run for a reason of its own (a flow id no file defines): that is never a silent green either.
  else if (count('not_run') > 0) reasons.push(`${plural(count('not_run'), 'scenario')} not run`);
  const filter = selection ? describeFilter(selection) : null;
  if (selection && filter && selection.selected === 0 && selection.total > 0)
    reasons.push(`the selection (${filter}) matched none of the ${plural(selection.total, 'scenario')}`);
  else if (scenarios.length === 0 && problems.length === 0 && !cutShort && !(sharded && (selection?.selected ?? 0) > 0))
    reasons.push('no scenarios to run');
  return {
    total: scenarios.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('error'),
    skipped: count('skipped'),
    not_run: count('not_run'),
    loops,
    problems: problems.length,
    flow_findings: flowFindings.length,
    conclusion: reasons.length > 0 ? 'failure' : 'success',
    failure_reasons: reasons,
  };
}

/**
 * Whether a scenario is one that failed the run, in every view (the console's failures-first table,
 * JUnit, the pull-request comment): a failure, an error, or not run. Every scenario that did not run
 * fails the run (summarize), whether for its own reason or because the run was cut short.
 */
export function isFailingScenario(s: Pick<ScenarioReport, 'status'>): boolean {
  return s.status === 'failed' || s.status === 'error' || s.status === 'not_run';
}

/**
 * Not run for a reason of its own (its flow id is in no flow file, on the emulator), in a run that was not
 * cut short: it gets its own annotation and its reason in full. The scenarios a cut-short run did not reach
 * share that run's one reason, which the run's failure says once (cut_short).
 */
export function notRunOnItsOwn(report: Pick<Report, 'report_metadata'>, s: Pick<ScenarioReport, 'status'>): boolean {
  return s.status === 'not_run' && !report.report_metadata.cut_short;
}

/** A flowId as people scan it in a table: UUIDs cut to their first block. */
export function shortFlowId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id) ? `${id.slice(0, 8)}…` : id;
}

const KIND_RANK: Record<FindingKind, number> = { error: 0, loop: 1, mismatch: 2 };

/** The headline finding comes first: an error explains everything after it, a loop explains a wrong path. */
export function rankFindings<T extends { kind: FindingKind }>(findings: T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => KIND_RANK[a.f.kind] - KIND_RANK[b.f.kind] || a.i - b.i)
    .map((x) => x.f);
}
