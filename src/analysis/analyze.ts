// The one entry point of the analysis: an execution and its scenario in, findings and a status out.
import type { TraceEntry } from '../domain/wire.ts';
import type { Scenario } from '../domain/scenario.ts';
import type { Execution } from '../domain/execution.ts';
import { detectLoops } from './loops.ts';
import { checkRouting } from './path-diff.ts';
import { findTraceErrors } from './trace-errors.ts';
import { MAX_LOOPS_CAP } from '../settings.ts';
import type {
  Finding,
  LoopAnalysis,
  LoopDetail,
  LoopHint,
  RoutingResult,
  ScenarioAnalysis,
  ScenarioStatus,
  TraceError,
  VariableResult,
} from '../domain/findings.ts';
import { exitMatches, pathMatches } from '../domain/findings.ts';
import { describePathMismatch } from './path-words.ts';
import { checkVariables, extractVariableStates } from './variables.ts';

export interface AnalyzeOptions {
  /** The action's loop-threshold; a scenario's own loopThreshold wins. */
  loopThreshold: number;
}

export function analyzeScenario(scenario: Scenario, execution: Execution, opts: AnalyzeOptions): ScenarioAnalysis {
  switch (execution.kind) {
    case 'skipped':
    case 'not_run':
      return { status: execution.kind, findings: [], traceErrors: [] };
    case 'failed': {
      const traceErrors = findTraceErrors(execution.trace ?? []);
      // Spread into a literal, not push(...): a 500's trace may hold 200,000 errors, past the argument limit.
      const api: Finding = {
        kind: 'error',
        code: 'API_ERROR',
        params: {
          message: execution.message,
          code: execution.code,
          attempts: execution.attempts,
          ...(execution.status !== undefined && { status: execution.status }),
        },
      };
      const findings: Finding[] = [api, ...traceErrors.map(toTraceFinding)];
      return { status: 'error', findings, traceErrors };
    }
    case 'completed':
      return analyzeCompleted(scenario, execution.response, opts);
  }
}

function analyzeCompleted(
  scenario: Scenario,
  response: Extract<Execution, { kind: 'completed' }>['response'],
  opts: AnalyzeOptions,
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
    ...routingFindings(routing),
    ...variableFindings(variables),
    ...durationFindings(expect.maxDurationMs, response.duration),
    ...loopFindings(loops, expect.loops, threshold),
    ...traceErrors.map(toTraceFinding),
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

export function decideStatus(findings: Finding[]): ScenarioStatus {
  if (findings.some((f) => f.kind === 'error')) return 'error';
  return findings.length > 0 ? 'failed' : 'passed';
}

function routingFindings(routing: RoutingResult): Finding[] {
  const findings: Finding[] = [];
  if (routing.path && !pathMatches(routing)) {
    const summary = describePathMismatch(routing.path);
    findings.push({ kind: 'mismatch', code: 'PATH_MISMATCH', params: { summary }, key: 'expect.path' });
  }
  if (routing.exit && !exitMatches(routing)) {
    const { expected, actual } = routing.exit;
    findings.push({ kind: 'mismatch', code: 'EXIT_MISMATCH', params: { expected, actual }, key: 'expect.exit' });
  }
  return findings;
}

function variableFindings(result: VariableResult): Finding[] {
  return result.checks
    .filter((check) => !check.ok)
    .map(
      (check): Finding => ({
        kind: 'mismatch',
        code: 'VARIABLE_MISMATCH',
        params: { check },
        key: check.at === undefined ? `expect.variables.${check.name}` : `expect.variablesAt.${check.at}.${check.name}`,
      }),
    );
}

/** The flow's own simulated duration (SPEC 4 `duration`), not our wall clock, which includes the network. */
function durationFindings(maxDurationMs: number | undefined, duration: number | undefined): Finding[] {
  if (maxDurationMs === undefined || duration === undefined || duration <= maxDurationMs) return [];
  return [
    {
      kind: 'mismatch',
      code: 'DURATION_EXCEEDED',
      params: { duration_ms: duration, max_duration_ms: maxDurationMs },
      key: 'expect.maxDurationMs',
    },
  ];
}

/** expect.loops: true inverts the rule (SPEC 3): the loop is the expectation, its absence the finding. */
function loopFindings(loops: LoopAnalysis, expectLoops: boolean | undefined, threshold: number): Finding[] {
  if (expectLoops === true) {
    if (loops.has_loops) return [];
    return [{ kind: 'mismatch', code: 'LOOP_EXPECTED', params: { threshold }, key: 'expect.loops' }];
  }
  const key = expectLoops === false ? 'expect.loops' : 'expect';
  const findings: Finding[] = loops.loop_details.map((loop): Finding => {
    const hint = retryHint(loop, expectLoops);
    return { kind: 'loop', code: 'LOOP_DETECTED', params: { loop, ...(hint ? { hint } : {}) }, key };
  });
  if (findings.length === 0 && loops.hit_max_loops) findings.push({ kind: 'loop', code: 'LOOP_DETECTED', params: {}, key });
  return findings;
}

/** A retry loop ended on its own, so the flow bounds it: say which key accepts it. An infinite one gets none. */
function retryHint(loop: LoopDetail, expectLoops: boolean | undefined): LoopHint | undefined {
  if (loop.verdict !== 'retry') return undefined;
  const hint: LoopHint = { expectLoops: expectLoops !== false };
  if (loop.occurrences <= MAX_LOOPS_CAP) hint.loopThreshold = loop.occurrences;
  return hint.loopThreshold === undefined && !hint.expectLoops ? undefined : hint;
}

function toTraceFinding(error: TraceError): Finding {
  return { kind: 'error', code: 'TRACE_ERROR', params: { error } };
}
