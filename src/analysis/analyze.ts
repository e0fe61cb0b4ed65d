// The one entry point of the analysis: an execution and its scenario in, findings and a status out.
import type { TraceEntry } from '../api/types.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Execution } from '../simulation/types.ts';
import { plural } from './format.ts';
import { describeLoop, detectLoops } from './loops.ts';
import { checkRouting, describeExitMismatch } from './path-diff.ts';
import { findTraceErrors } from './trace-errors.ts';
import type { Finding, LoopAnalysis, RoutingResult, ScenarioAnalysis, ScenarioStatus, TraceError, VariableResult } from './types.ts';
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
      const findings: Finding[] = [{ kind: 'error', code: 'API_ERROR', message: describeApiFailure(execution) }, ...traceErrors.map(toTraceFinding)];
      return { status: 'error', findings, traceErrors };
    }
    case 'completed':
      return analyzeCompleted(scenario, execution.response, opts);
  }
}

function analyzeCompleted(scenario: Scenario, response: Extract<Execution, { kind: 'completed' }>['response'], opts: AnalyzeOptions): ScenarioAnalysis {
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
  if (!routing.pathValid) {
    const message = routing.summary ?? routing.mismatches[0] ?? 'path differs';
    findings.push({ kind: 'mismatch', code: 'PATH_MISMATCH', message, key: 'expect.path' });
  }
  if (routing.exit && !routing.exit.ok) {
    const message = describeExitMismatch(routing.exit.expected, routing.exit.actual);
    findings.push({ kind: 'mismatch', code: 'EXIT_MISMATCH', message, key: 'expect.exit' });
  }
  return findings;
}

function variableFindings(result: VariableResult): Finding[] {
  return result.checks
    .filter((check) => !check.ok)
    .map((check) => ({
      kind: 'mismatch',
      code: 'VARIABLE_MISMATCH',
      message: check.message,
      key: check.at === undefined ? `expect.variables.${check.name}` : `expect.variablesAt.${check.at}.${check.name}`,
    }));
}

/** The flow's own simulated duration (SPEC 4 `duration`), not our wall clock, which includes the network. */
function durationFindings(maxDurationMs: number | undefined, duration: number | undefined): Finding[] {
  if (maxDurationMs === undefined || duration === undefined || duration <= maxDurationMs) return [];
  const message = `the flow took ${duration} ms, over expect.maxDurationMs ${maxDurationMs} ms`;
  return [{ kind: 'mismatch', code: 'DURATION_EXCEEDED', message, key: 'expect.maxDurationMs' }];
}

/** expect.loops: true inverts the rule (SPEC 3): the loop is the expectation, its absence the finding. */
function loopFindings(loops: LoopAnalysis, expectLoops: boolean | undefined, threshold: number): Finding[] {
  if (expectLoops === true) {
    if (loops.has_loops) return [];
    const message = `expected a loop (expect.loops: true), but no node ran more than ${plural(threshold, 'time')}`;
    return [{ kind: 'mismatch', code: 'LOOP_EXPECTED', message, key: 'expect.loops' }];
  }
  const key = expectLoops === false ? 'expect.loops' : 'expect';
  const findings: Finding[] = loops.loop_details.map((detail) => ({ kind: 'loop', code: 'LOOP_DETECTED', message: describeLoop(detail), key }));
  if (findings.length === 0 && loops.hit_max_loops) {
    findings.push({ kind: 'loop', code: 'LOOP_DETECTED', message: 'the run hit maxLoops (no node repeats in the returned path)', key });
  }
  return findings;
}

function toTraceFinding(error: TraceError): Finding {
  return { kind: 'error', code: 'TRACE_ERROR', message: `${error.nodeId} (${error.type}) failed at ${error.timestamp} ms: ${error.message}` };
}

function describeApiFailure(execution: Extract<Execution, { kind: 'failed' }>): string {
  const facts = [execution.status !== undefined ? `HTTP ${execution.status}` : undefined, execution.code, plural(execution.attempts, 'attempt')];
  return `Flow Debug API call failed: ${execution.message} (${facts.filter((f) => f !== undefined).join(', ')})`;
}
