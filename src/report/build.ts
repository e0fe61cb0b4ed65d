// Builds the report model from the run's data. Pure.
import { kindOf, routingValid, type FlowFinding, type ScenarioAnalysis, type ScenarioFinding } from '../domain/findings.ts';
import type { Scenario } from '../domain/scenario.ts';
import type { JsonValue } from '../domain/json.ts';
import type { Settings } from '../settings.ts';
import type { SelectionFacts } from '../simulation/select.ts';
import type { Execution } from '../domain/execution.ts';
import {
  inKeyOrder,
  rankFindings,
  REPORT_KEYS,
  REPORT_VERSION,
  summarize,
  type FlowCoverage,
  type BehaviourChanges,
  type Report,
  type ReportError,
  type ReportFinding,
  type ReportFlowFinding,
  type ReportProblem,
  type ScenarioReport,
} from './model.ts';
import { scrubDeep, stripUserinfo } from '../secrets.ts';
import { capText } from '../text.ts';
import { createRedactor, type Redactor } from './redact.ts';
import { observeExpectation } from './observed.ts';
import { describeCheck, describeFinding, describeLoopCause, describeRouting } from './wording.ts';

export interface ScenarioOutcome {
  scenario: Scenario;
  execution: Execution;
  analysis: ScenarioAnalysis;
}

export interface ReportInput {
  settings: Pick<Settings, 'target' | 'baseUrl' | 'failOn' | 'loopThreshold' | 'maxLoops' | 'shard' | 'redactVariables' | 'minCoverage'>;
  toolVersion: string;
  /** Built one by one as the answers arrived (createScenarioReporter), in scenario order. */
  scenarios: ScenarioReport[];
  /** The reporter that built them: its last pass masks the whole report. */
  reporter: ScenarioReporter;
  problems: ReportProblem[];
  flowFindings: FlowFinding[];
  coverage?: FlowCoverage[];
  /** Flows below min-coverage, in words. */
  coverageShortfalls: string[];
  scenarioFiles: string[];
  flowFiles: string[];
  startedAt: Date;
  finishedAt: Date;
  cutShort: string | null;
  /** What tags/grep selected (run.ts); absent for a merge job's own empty report. */
  selection?: SelectionFacts;
  /** compare-to or baseline-report's section. */
  behaviourChanges?: BehaviourChanges;
}

export interface ScenarioReporter {
  /** One scenario's report, as its answer arrives: the run keeps these, never all the answers at once. */
  build(outcome: ScenarioOutcome): ScenarioReport;
  /**
   * Secrets and every value redacted so far out of every string, each then cut to MAX_REPORT_STRING_CHARS:
   * over each scenario's report once it fits its budget, and last over the whole report.
   */
  scrub<T>(value: T): T;
}

/** `scrubSecrets` removes the run's secrets (client secret, tokens, userinfo) from text. */
export function createScenarioReporter(
  settings: Pick<Settings, 'redactVariables'>,
  scrubSecrets: (text: string) => string = (text) => text,
): ScenarioReporter {
  const redact = createRedactor(settings.redactVariables);
  const scrub = (text: string) => redact.scrubValues(scrubSecrets(text));
  // Scrubbed whole, then cut: every string of the report is bounded, no prefix of a secret is left.
  const clean = (text: string) => capText(scrub(text));
  // Keys lose secrets only: a redacted value must not rename the report's own keys.
  const cleanKey = (key: string) => capText(scrubSecrets(key));
  return {
    build: (outcome) => buildScenarioReport(outcome, redact, scrub, scrubSecrets),
    // Per scenario, once its lists are cut to the budget (whole items dropped, no string cut): a 12 MB
    // exit node must not stay in memory until the run ends, and dropped items cost nothing more.
    // Then last, over everything: a value redacted in one scenario may be echoed in another's trace.
    scrub: (value) => scrubDeep(value, clean, cleanKey),
  };
}

export function buildReport(input: ReportInput): Report {
  return input.reporter.scrub(assemble(input, input.scenarios));
}

/** In REPORT_KEYS order, the order the README lists the keys in. */
function assemble(input: ReportInput, built: ScenarioReport[]): Report {
  const { settings } = input;
  const scenarios = built.map((s) => inKeyOrder(s, REPORT_KEYS.scenario));
  const flowFindings = input.flowFindings.map(toReportFlowFinding);
  return inKeyOrder(
    {
      report_metadata: {
        report_version: REPORT_VERSION,
        generated_at: input.finishedAt.toISOString(),
        tool: 'cxone-flow-test',
        tool_version: input.toolVersion,
        api_version: 'v2',
        target: settings.target,
        base_url: settings.target === 'emulator' ? 'emulator' : stripUserinfo(settings.baseUrl),
        fail_on: settings.failOn,
        loop_threshold: settings.loopThreshold,
        max_loops: settings.maxLoops,
        min_coverage: settings.minCoverage ?? null,
        shard: settings.shard ? `${settings.shard.index}/${settings.shard.total}` : null,
        ...(input.selection ? { selection: input.selection } : {}),
        scenario_files: input.scenarioFiles,
        flow_files: input.flowFiles,
        run_duration_ms: input.finishedAt.getTime() - input.startedAt.getTime(),
        cut_short: input.cutShort,
      },
      summary: summarize({
        scenarios,
        problems: input.problems,
        flowFindings,
        coverageShortfalls: input.coverageShortfalls,
        failOn: settings.failOn,
        cutShort: input.cutShort,
        selection: input.selection,
        sharded: settings.shard !== undefined && settings.shard.total > 1,
      }),
      ...(input.behaviourChanges ? { behaviour_changes: inKeyOrder(input.behaviourChanges, REPORT_KEYS.behaviour_changes) } : {}),
      problems: input.problems,
      flow_findings: flowFindings,
      scenarios,
      ...(input.coverage ? { coverage: input.coverage } : {}),
    },
    REPORT_KEYS.report,
  );
}

/** What a completed run did against what the scenario expects (paths and exits are node ids: never masked). */
function executionSummary(
  execution: Extract<Execution, { kind: 'completed' }>,
  scenario: ScenarioOutcome['scenario'],
  analysis: ScenarioAnalysis,
): NonNullable<ScenarioReport['execution_summary']> {
  const { response } = execution;
  const path = analysis.routing?.path;
  return {
    exit_node: response.exitNode,
    total_nodes: response.path.length,
    simulation_duration_ms: response.duration,
    attempts: execution.attempts,
    path: response.path,
    routing_valid: analysis.routing ? routingValid(analysis.routing) : true,
    routing_mismatches: analysis.routing ? describeRouting(analysis.routing) : [],
    ...(scenario.expect.exit !== undefined ? { expected_exit: scenario.expect.exit } : {}),
    ...(path?.firstDivergence ? { first_divergence: path.firstDivergence } : {}),
    ...(path && path.edits.length > 0 ? { path_edits: path.edits } : {}),
  };
}

/** The variable states with redacted variables masked by name. */
function maskedStates(states: ScenarioAnalysis['variableStates'], redact: Redactor): ScenarioReport['variable_states'] {
  if (!states) return undefined;
  // fromEntries, not assignment: a node named "__proto__" keeps its entry.
  const history: Record<string, Record<string, JsonValue>> = Object.fromEntries(
    Object.entries(states.node_history).map(([node, vars]) => [node, redact.variables(vars)]),
  );
  const finalState = redact.variables(states.final_state);
  return finalState ? { final_state: finalState, node_history: history } : undefined;
}

/**
 * Masks first, words last: redact-variables masks the facts by name, the scrubber masks secrets and
 * known redacted values inside them, and only then are the sentences made (and later cut short).
 */
export function buildScenarioReport(
  { scenario, execution, analysis }: ScenarioOutcome,
  redact: Redactor,
  scrub: (text: string) => string = (t) => t,
  secrets: (text: string) => string = (t) => t,
): ScenarioReport {
  // In this order: each value a redacted variable holds is remembered before any text is scrubbed of it.
  redact.variables(scenario.variables);
  const trace = execution.kind === 'completed' ? execution.response.trace : execution.kind === 'failed' ? execution.trace : undefined;
  const rawTrace = trace ? redact.trace(trace) : undefined;
  const variableStates = maskedStates(analysis.variableStates, redact);
  const findings = rankFindings(analysis.findings.map((f) => toReportFinding(scrubDeep(redact.finding(f), scrub, secrets))));
  const report: ScenarioReport = {
    id: scenario.id,
    name: scenario.name,
    file: scenario.file,
    line: scenario.line,
    flow_id: scenario.flow,
    status: analysis.status,
    tags: scenario.tags,
    input: scenario.input,
    findings,
    errors: buildErrors(execution, analysis),
  };
  if (execution.kind === 'skipped' || execution.kind === 'not_run') report.reason = execution.reason;
  if (execution.kind === 'completed') report.execution_summary = executionSummary(execution, scenario, analysis);
  if (rawTrace) report.raw_trace = rawTrace;
  if (analysis.variables) {
    const checks = analysis.variables.checks.map((c) => {
      const masked = scrubDeep(redact.check(c), scrub, secrets);
      return { ...masked, message: describeCheck(masked) };
    });
    report.variable_validation = { valid: analysis.variables.valid, checks };
  }
  if (analysis.loops) {
    const loopDetails = analysis.loops.loop_details.map((d) => {
      const masked = scrubDeep(redact.loop(d), scrub, secrets);
      return { ...masked, reason: describeLoopCause(masked) };
    });
    report.state_machine_analysis = { ...analysis.loops, loop_details: loopDetails };
  }
  if (variableStates) report.variable_states = variableStates;
  if (execution.kind === 'completed') {
    const observed = observeExpectation({ scenario, response: execution.response, analysis, redacted: redact.matches, scrub });
    if (observed) report.observed_expect = observed;
  }
  return report;
}

/** The facts as masked, their kind and their words; the words are made here from the masked facts, as every renderer makes them. */
function toReportFinding(f: ScenarioFinding): ReportFinding {
  return { kind: kindOf(f.code), code: f.code, message: describeFinding(f), params: f.params, file: f.file, line: f.line } as ReportFinding;
}

function toReportFlowFinding(f: FlowFinding): ReportFlowFinding {
  const out = {
    kind: kindOf(f.code),
    severity: f.severity,
    code: f.code,
    message: describeFinding(f),
    params: f.params,
    file: f.file,
    line: f.line,
    flow_id: f.flow_id,
  };
  return (f.node !== undefined ? { ...out, node: f.node } : out) as ReportFlowFinding;
}

function buildErrors(execution: Execution, analysis: ScenarioAnalysis): ReportError[] {
  const errors: ReportError[] = [];
  if (execution.kind === 'failed') {
    errors.push({
      source: 'api',
      message: execution.message,
      code: execution.code,
      attempts: execution.attempts,
      ...(execution.status !== undefined ? { status: execution.status } : {}),
    });
  }
  for (const e of analysis.traceErrors) {
    errors.push({ source: 'trace', message: e.message, node_id: e.nodeId, type: e.type, timestamp: e.timestamp });
  }
  return errors;
}
