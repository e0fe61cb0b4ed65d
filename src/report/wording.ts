// The words of findings, checks and loop verdicts, made from their facts. Pure. The report builder
// calls these after redact-variables has masked the facts, so no sentence is ever made from a value
// that must not be shown.
import { formatNodes, formatTyped, formatValue, plural, typeOfValue } from '../analysis/format.ts';
import { describeExitMismatch } from '../analysis/path-words.ts';
import type { CheckFailure, CheckSource, Finding, LoopCause, LoopDetail, LoopHint, VariableCheck } from '../domain/findings.ts';

export function describeFinding(finding: Finding): string {
  switch (finding.code) {
    case 'PATH_MISMATCH':
      return finding.params.summary;
    case 'EXIT_MISMATCH':
      return describeExitMismatch(finding.params.expected, finding.params.actual);
    case 'VARIABLE_MISMATCH':
      return describeCheck(finding.params.check);
    case 'DURATION_EXCEEDED':
      return `the flow took ${finding.params.duration_ms} ms, over expect.maxDurationMs ${finding.params.max_duration_ms} ms`;
    case 'LOOP_DETECTED':
      return finding.params.loop
        ? describeLoop(finding.params.loop) + describeLoopHint(finding.params.hint)
        : 'the run hit maxLoops (no node repeats in the returned path)';
    case 'LOOP_EXPECTED':
      return `expected a loop (expect.loops: true), but no node ran more than ${plural(finding.params.threshold, 'time')}`;
    case 'TRACE_ERROR': {
      const { error } = finding.params;
      return `${error.nodeId} (${error.type}) failed at ${error.timestamp} ms: ${error.message}`;
    }
    case 'API_ERROR': {
      const { message, code, status, attempts } = finding.params;
      const facts = [status !== undefined ? `HTTP ${status}` : undefined, code, plural(attempts, 'attempt')];
      return `Flow Debug API call failed: ${message} (${facts.filter((f) => f !== undefined).join(', ')})`;
    }
    case 'SCENARIO_INVALID':
      return finding.params.message;
  }
}

/** "selected_option: type mismatch: expected "1" (string), got 1 (number)". */
export function describeCheck(check: VariableCheck): string {
  const label = labelOf(check.name, check.source);
  if (check.source.kind === 'no_visit')
    return `${label}: ${check.source.node} never ran (it is not in the trace), so there is no snapshot to check`;
  if (check.source.kind === 'no_variables') {
    return `${label}: the trace entry of ${check.source.node} (step ${check.source.step}) has no variables (was includeVariables off?)`;
  }
  if (check.redacted) {
    if (check.ok) return `${label}: matches (value redacted)`;
    const what =
      check.mismatch === 'type' ? 'type mismatch' : check.mismatch === 'missing' ? 'is not set' : 'does not match the expectation';
    return `${label}: ${what} (values redacted by redact-variables)`;
  }
  if (check.ok) return check.actual === undefined ? `${label} is not set` : `${label} is ${formatValue(check.actual)}`;
  const notSet = check.failures.find((f) => f.rule === 'not_set');
  if (notSet) return `${label} is not set${notSet.expected !== undefined ? ` (expected ${formatValue(notSet.expected)})` : ''}`;
  const words = check.failures.map(describeFailure).join('; ');
  return check.mismatch === 'type' ? `${label}: type mismatch: ${words}` : `${label}: ${words}`;
}

function labelOf(name: string, source: CheckSource): string {
  if (source.kind === 'final') return name;
  if (source.kind !== 'snapshot') return `${name} at ${source.node}`;
  const visits = source.visits > 1 ? `last of ${source.visits} visits, ` : '';
  return `${name} at ${source.node} (${visits}step ${source.step})`;
}

const SYMBOLS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function describeFailure(failure: CheckFailure): string {
  switch (failure.rule) {
    case 'not_set':
      return 'not set';
    case 'equals':
      return typeOfValue(failure.expected) !== typeOfValue(failure.actual)
        ? `expected ${formatTyped(failure.expected)}, got ${formatTyped(failure.actual)}`
        : `expected ${formatValue(failure.expected)}, got ${formatValue(failure.actual)}`;
    case 'exists':
      return `is set to ${formatValue(failure.actual)}, expected it not to be set`;
    case 'type':
      return `expected type ${failure.expected_type}, got ${formatTyped(failure.actual)}`;
    case 'matches':
      return typeof failure.actual === 'string'
        ? `${formatValue(failure.actual)} does not match /${failure.pattern}/`
        : `matches /${failure.pattern}/ needs a string, got ${formatTyped(failure.actual)}`;
    case 'invalid_pattern':
      return `matches ${formatValue(failure.pattern)} is not a valid regular expression: ${failure.error}`;
    case 'one_of': {
      const sameType = failure.options.some((o) => typeOfValue(o) === typeOfValue(failure.actual));
      return `${sameType ? formatValue(failure.actual) : formatTyped(failure.actual)} is not one of ${formatValue(failure.options)}`;
    }
    case 'bound':
      return `${failure.actual} is not ${SYMBOLS[failure.op]} ${failure.bound}`;
    case 'not_number': {
      // A numeric string is not a number (SPEC 3: strict types); say so rather than "not > 3".
      const { actual } = failure;
      const numeric = typeof actual === 'string' && actual.trim() !== '' && Number.isFinite(Number(actual));
      const what = numeric ? `${formatValue(actual)} is a string, not a number` : `${formatTyped(actual)} is not a number`;
      return `${what} (${failure.bounds} compares numbers)`;
    }
  }
}

export function describeLoop(detail: LoopDetail): string {
  const cycle =
    detail.cycleLength > detail.cycle.length ? `${formatNodes(detail.cycle)} (${detail.cycleLength} nodes)` : formatNodes(detail.cycle);
  const kind = detail.verdict === 'infinite' ? 'infinite loop' : 'retry loop';
  const span = `${plural(detail.iterations, 'iteration')}, ${detail.occurrences} visits, steps ${detail.startIndex}–${detail.endIndex}`;
  return `${kind} at ${detail.nodeId}: cycle ${cycle}, ${span}: ${describeLoopCause(detail)}`;
}

/** "; if the flow bounds this retry on purpose, set loopThreshold: 4 on the scenario, or expect.loops: true …". */
function describeLoopHint(hint: LoopHint | undefined): string {
  if (!hint) return '';
  const keys = [
    hint.loopThreshold !== undefined ? `set loopThreshold: ${hint.loopThreshold} on the scenario` : undefined,
    hint.expectLoops ? 'set expect.loops: true to test the retry guard itself' : undefined,
  ].filter((k) => k !== undefined);
  return `; if the flow bounds this retry on purpose, ${keys.join(', or ')}`;
}

/** Why the loop got its verdict, in words. */
export function describeLoopCause(detail: Pick<LoopDetail, 'nodeId' | 'cycle' | 'cause'>): string {
  const cause: LoopCause = detail.cause;
  switch (cause.kind) {
    case 'max_loops':
      return `the run hit maxLoops while repeating ${formatNodes(detail.cycle)}`;
    case 'same_state':
      return `${detail.nodeId} was reached again at step ${cause.to} with the same variables as at step ${cause.at} and no input in between; a deterministic flow in the same state repeats forever`;
    case 'input_consumed':
      return `input was consumed between visits (steps ${cause.at}–${cause.to}); treated as a retry loop`;
    case 'variables_changed': {
      const change = cause.redacted
        ? `${cause.variable} changed, values redacted`
        : `${cause.variable}: ${formatValue(cause.before)} → ${formatValue(cause.after)}`;
      return `variables changed between visits (${change}); treated as a retry loop`;
    }
    case 'no_variables':
      return `the trace has no variables at step ${cause.step} (includeVariables off?), so a repeated state cannot be shown; treated as a retry loop`;
    case 'no_repeat':
      return 'no repeated state; treated as a retry loop';
  }
}
