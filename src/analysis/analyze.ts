// The one entry point of the analysis: an execution and its scenario in, findings and a status out.
import type { TraceEntry } from '../domain/wire.ts';
import type { Scenario } from '../domain/scenario.ts';
import type { Execution } from '../domain/execution.ts';
import { detectLoops } from './loops.ts';
import { checkRouting } from './path-diff.ts';
import { findTraceErrors } from './trace-errors.ts';
import { MAX_LOOPS_CAP } from '../settings.ts';
import { exitMatches, kindOf, makeFinding, pathMatches } from '../domain/findings.ts';
import type {
  FindingParams,
  LoopAnalysis,
  LoopDetail,
  LoopHint,
  PathMismatch,
  RoutingResult,
  ScenarioAnalysis,
  ScenarioFinding,
  ScenarioFindingCode,
  ScenarioStatus,
  VariableResult,
} from '../domain/findings.ts';
import { lineOf } from '../scenario/lines.ts';
import { checkVariables, extractVariableStates } from './variables.ts';

export interface AnalyzeOptions {
  /** The action's loop-threshold; a scenario's own loopThreshold wins. */
  loopThreshold: number;
}

/** Makes a scenario's findings, each on the line of the key it is about (the scenario's own line when none). */
type Found = <C extends ScenarioFindingCode>(code: C, params: FindingParams[C], key?: string) => ScenarioFinding;

function finder(scenario: Scenario): Found {
  return (code, params, key) => makeFinding(code, params, { file: scenario.file, line: lineOf(scenario, key) }) as ScenarioFinding;
}

export function analyzeScenario(scenario: Scenario, execution: Execution, opts: AnalyzeOptions): ScenarioAnalysis {
  const found = finder(scenario);
  switch (execution.kind) {
    case 'skipped':
    case 'not_run':
      return { status: execution.kind, findings: [], traceErrors: [] };
    case 'failed': {
      const traceErrors = findTraceErrors(execution.trace ?? []);
      const api = found('API_ERROR', {
        message: execution.message,
        code: execution.code,
        attempts: execution.attempts,
        ...(execution.status !== undefined && { status: execution.status }),
      });
      // Spread into a literal, not push(...): a 500's trace may hold 200,000 errors, past the argument limit.
      const findings: ScenarioFinding[] = [api, ...traceErrors.map((error) => found('TRACE_ERROR', { error }))];
      return { status: 'error', findings, traceErrors };
    }
    case 'completed':
      return analyzeCompleted(scenario, execution.response, opts, found);
  }
}

function analyzeCompleted(
  scenario: Scenario,
  response: Extract<Execution, { kind: 'completed' }>['response'],
  opts: AnalyzeOptions,
  found: Found,
): ScenarioAnalysis {
  const { expect } = scenario;
  // A hand-written emulator or proxy may omit empty fields; the analysis must not throw on them.
  const path = response.path ?? [];
  const trace: TraceEntry[] = response.trace ?? [];
  const exitNode = response.exitNode ?? null;
  const routing = checkRouting(path, expect.path, expect.exit, exitNode, trace);
  const variables = checkVariables(expect, response.variables ?? {}, trace);
  const threshold = scenario.loopThreshold ?? opts.loopThreshold;
  const loops = detectLoops(path, trace, { threshold });
  const traceErrors = findTraceErrors(trace);
  const findings = [
    ...routingFindings(routing, found),
    ...variableFindings(variables, found),
    ...durationFindings(expect.maxDurationMs, response.duration, found),
    ...loopFindings(loops, expect.loops, threshold, found),
    ...traceErrors.map((error) => found('TRACE_ERROR', { error })),
  ];
  return {
    status: decideStatus(findings),
    findings,
    routing,
    variables,
    loops,
    traceErrors,
    variableStates: extractVariableStates(response),
  };
}

export function decideStatus(findings: readonly { code: ScenarioFindingCode }[]): ScenarioStatus {
  if (findings.some((f) => kindOf(f.code) === 'error')) return 'error';
  return findings.length > 0 ? 'failed' : 'passed';
}

function routingFindings(routing: RoutingResult, found: Found): ScenarioFinding[] {
  const findings: ScenarioFinding[] = [];
  const path = pathMismatch(routing);
  if (path) findings.push(found('PATH_MISMATCH', path, 'expect.path'));
  if (routing.exit && !exitMatches(routing)) {
    const { expected, actual } = routing.exit;
    findings.push(found('EXIT_MISMATCH', { expected, actual }, 'expect.exit'));
  }
  return findings;
}

/** The facts of a path that left its expectation: a map form's failing keys, else a list's first divergence. */
export function pathMismatch(routing: RoutingResult): PathMismatch | undefined {
  const path = routing.path;
  if (!path || pathMatches(routing)) return undefined;
  if (path.problems.length > 0) return { problems: path.problems, edits: path.editCount };
  const first = path.firstDivergence;
  if (!first) return undefined;
  return {
    index: first.index,
    expected: first.expected,
    actual: first.actual,
    edits: path.editCount,
    ...(path.approximate ? { approximate: true as const } : {}),
  };
}

function variableFindings(result: VariableResult, found: Found): ScenarioFinding[] {
  return result.checks
    .filter((check) => !check.ok)
    .map((check) =>
      found(
        'VARIABLE_MISMATCH',
        { check },
        check.at === undefined ? `expect.variables.${check.name}` : `expect.variablesAt.${check.at}.${check.name}`,
      ),
    );
}

/** The flow's own simulated duration (the API's `duration`), not our wall clock, which includes the network. */
function durationFindings(maxDurationMs: number | undefined, duration: number | undefined, found: Found): ScenarioFinding[] {
  if (maxDurationMs === undefined || duration === undefined || duration <= maxDurationMs) return [];
  return [found('DURATION_EXCEEDED', { duration_ms: duration, max_duration_ms: maxDurationMs }, 'expect.maxDurationMs')];
}

/** expect.loops: true inverts the rule: the loop is the expectation, its absence the finding. */
function loopFindings(loops: LoopAnalysis, expectLoops: boolean | undefined, threshold: number, found: Found): ScenarioFinding[] {
  if (expectLoops === true) {
    if (loops.has_loops) return [];
    return [found('LOOP_EXPECTED', { threshold }, 'expect.loops')];
  }
  const key = expectLoops === false ? 'expect.loops' : 'expect';
  const findings = loops.loop_details.map((loop) => {
    const hint = retryHint(loop, expectLoops);
    return found('LOOP_DETECTED', { loop, ...(hint ? { hint } : {}) }, key);
  });
  if (findings.length === 0 && loops.hit_max_loops) findings.push(found('LOOP_DETECTED', {}, key));
  return findings;
}

/** A retry loop ended on its own, so the flow bounds it: say which key accepts it. An infinite one gets none. */
function retryHint(loop: LoopDetail, expectLoops: boolean | undefined): LoopHint | undefined {
  if (loop.verdict !== 'retry') return undefined;
  const hint: LoopHint = { expectLoops: expectLoops !== false };
  if (loop.occurrences <= MAX_LOOPS_CAP) hint.loopThreshold = loop.occurrences;
  return hint.loopThreshold === undefined && !hint.expectLoops ? undefined : hint;
}
