// Builds the report model from the run's data. Pure.
import type { ScenarioAnalysis } from '../analysis/types.ts';
import { lineOf } from '../scenario/lines.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Settings } from '../settings.ts';
import type { Execution } from '../simulation/types.ts';
import { rankFindings, REPORT_VERSION, summarize, type FlowCoverage, type FlowFinding, type Report, type ReportError, type ReportProblem, type ScenarioReport } from './model.ts';
import { createRedactor, type Redactor } from './redact.ts';

export interface ScenarioOutcome {
  scenario: Scenario;
  execution: Execution;
  analysis: ScenarioAnalysis;
}

export interface ReportInput {
  settings: Pick<Settings, 'target' | 'baseUrl' | 'failOn' | 'loopThreshold' | 'maxLoops' | 'shard' | 'redactVariables' | 'minCoverage'>;
  toolVersion: string;
  outcomes: ScenarioOutcome[];
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
}

export function buildReport(input: ReportInput): Report {
  const redact = createRedactor(input.settings.redactVariables);
  const scenarios = input.outcomes.map((o) => buildScenarioReport(o, redact));
  const { settings } = input;
  return {
    report_metadata: {
      report_version: REPORT_VERSION,
      generated_at: input.finishedAt.toISOString(),
      tool: 'cxone-flow-test',
      tool_version: input.toolVersion,
      api_version: 'v2',
      target: settings.target,
      base_url: settings.target === 'emulator' ? 'emulator' : settings.baseUrl,
      fail_on: settings.failOn,
      loop_threshold: settings.loopThreshold,
      max_loops: settings.maxLoops,
      min_coverage: settings.minCoverage ?? null,
      shard: settings.shard ? `${settings.shard.index}/${settings.shard.total}` : null,
      scenario_files: input.scenarioFiles,
      flow_files: input.flowFiles,
      run_duration_ms: input.finishedAt.getTime() - input.startedAt.getTime(),
      cut_short: input.cutShort,
    },
    summary: summarize({ scenarios, problems: input.problems, flowFindings: input.flowFindings, coverageShortfalls: input.coverageShortfalls, failOn: settings.failOn, cutShort: input.cutShort }),
    problems: input.problems,
    flow_findings: input.flowFindings,
    scenarios,
    ...(input.coverage ? { coverage: input.coverage } : {}),
  };
}

export function buildScenarioReport({ scenario, execution, analysis }: ScenarioOutcome, redact: Redactor): ScenarioReport {
  const report: ScenarioReport = {
    id: scenario.id,
    name: scenario.name,
    file: scenario.file,
    line: scenario.line,
    flow_id: scenario.flow,
    status: analysis.status,
    tags: scenario.tags,
    input: scenario.input,
    findings: rankFindings(analysis.findings.map(redact.finding)).map((f) => ({ kind: f.kind, code: f.code, message: f.message, file: scenario.file, line: lineOf(scenario, f.key) })),
    errors: buildErrors(execution, analysis),
  };
  if (execution.kind === 'skipped' || execution.kind === 'not_run') report.reason = execution.reason;
  if (execution.kind === 'completed') {
    const { response } = execution;
    report.execution_summary = {
      exit_node: response.exitNode,
      total_nodes: response.path.length,
      simulation_duration_ms: response.duration,
      attempts: execution.attempts,
      path: response.path,
      routing_valid: analysis.routing?.valid ?? true,
      routing_mismatches: analysis.routing?.mismatches ?? [],
      ...(scenario.expect.exit !== undefined ? { expected_exit: scenario.expect.exit } : {}),
      ...(analysis.routing?.firstDivergence ? { first_divergence: analysis.routing.firstDivergence } : {}),
      ...(analysis.routing && analysis.routing.edits.length > 0 ? { path_edits: analysis.routing.edits } : {}),
    };
    report.raw_trace = redact.trace(response.trace);
  } else if (execution.kind === 'failed' && execution.trace) {
    report.raw_trace = redact.trace(execution.trace);
  }
  if (analysis.variables) report.variable_validation = { valid: analysis.variables.valid, checks: analysis.variables.checks.map(redact.check) };
  if (analysis.loops) report.state_machine_analysis = analysis.loops;
  if (analysis.variableStates) {
    // fromEntries, not assignment: a node named "__proto__" keeps its entry.
    const history = Object.fromEntries(Object.entries(analysis.variableStates.node_history).map(([node, vars]) => [node, redact.variables(vars)]));
    report.variable_states = { final_state: redact.variables(analysis.variableStates.final_state), node_history: history };
  }
  return report;
}

function buildErrors(execution: Execution, analysis: ScenarioAnalysis): ReportError[] {
  const errors: ReportError[] = [];
  if (execution.kind === 'failed') {
    errors.push({ source: 'api', message: execution.message, code: execution.code, attempts: execution.attempts, ...(execution.status !== undefined ? { status: execution.status } : {}) });
  }
  for (const e of analysis.traceErrors) {
    errors.push({ source: 'trace', message: e.message, node_id: e.nodeId, type: e.type, timestamp: e.timestamp });
  }
  return errors;
}
