// Variable expectations (SPEC 3): expect.variables against the final state, expect.variablesAt
// against the snapshot a trace entry recorded. Scalars are strict (type included); maps are matchers.
import type { DebugResponse, TraceEntry } from '../api/types.ts';
import type { Expectations, JsonValue, Matcher, VariableExpectation } from '../scenario/types.ts';
import { compileUserRegex } from '../user-regex.ts';
import { deepEqual, formatTyped, formatValue, typeOfValue } from './format.ts';
import type { VariableCheck, VariableResult, VariableStates } from './types.ts';

type Vars = Record<string, JsonValue>;

interface Snapshot {
  step: number;
  visits: number;
  variables: Vars | undefined;
}

export function checkVariables(expect: Expectations, finalState: Vars, trace: TraceEntry[]): VariableResult {
  const checks: VariableCheck[] = [];
  for (const [name, expected] of Object.entries(expect.variables ?? {})) {
    checks.push(checkValue(name, name, expected, valueOf(finalState, name)));
  }
  const atNodes = expect.variablesAt ?? {};
  const snapshots = findLastSnapshots(trace, Object.keys(atNodes));
  for (const [nodeId, vars] of Object.entries(atNodes)) {
    const snapshot = snapshots.get(nodeId);
    for (const [name, expected] of Object.entries(vars)) {
      const check = checkAtNode(nodeId, name, expected, snapshot);
      check.at = nodeId;
      checks.push(check);
    }
  }
  return { valid: checks.every((c) => c.ok), checks };
}

/** The seed's shape: final state plus, per node, the snapshot of its last visit. */
export function extractVariableStates(response: DebugResponse): VariableStates {
  const history = new Map<string, Vars>();
  for (const entry of response.trace ?? []) {
    if (entry.variables !== undefined) history.set(entry.nodeId ?? 'unknown', entry.variables);
  }
  // fromEntries defines own properties, so a node named "__proto__" cannot reach the prototype.
  return { final_state: response.variables ?? {}, node_history: Object.fromEntries(history) };
}

function checkAtNode(nodeId: string, name: string, expected: VariableExpectation, snapshot: Snapshot | undefined): VariableCheck {
  const fail = (message: string): VariableCheck => ({ name, expected: asJson(expected), actual: undefined, ok: false, message });
  if (snapshot === undefined) return fail(`${name} at ${nodeId}: ${nodeId} never ran (it is not in the trace), so there is no snapshot to check`);
  if (snapshot.variables === undefined) {
    return fail(`${name} at ${nodeId}: the trace entry of ${nodeId} (step ${snapshot.step}) has no variables (was includeVariables off?)`);
  }
  const visits = snapshot.visits > 1 ? `last of ${snapshot.visits} visits, ` : '';
  return checkValue(name, `${name} at ${nodeId} (${visits}step ${snapshot.step})`, expected, valueOf(snapshot.variables, name));
}

/** One pass over the trace for all requested nodes: the trace can be 1,000,000 entries. */
function findLastSnapshots(trace: TraceEntry[], nodeIds: string[]): Map<string, Snapshot> {
  const found = new Map<string, Snapshot>();
  if (nodeIds.length === 0) return found;
  const wanted = new Set(nodeIds);
  trace.forEach((entry, step) => {
    if (!wanted.has(entry.nodeId)) return;
    const visits = (found.get(entry.nodeId)?.visits ?? 0) + 1;
    found.set(entry.nodeId, { step, visits, variables: entry.variables });
  });
  return found;
}

function checkValue(name: string, label: string, expected: VariableExpectation, actual: JsonValue | undefined): VariableCheck {
  const failures = isMatcher(expected) ? matchValue(expected, actual) : compareScalar(expected, actual);
  const ok = failures.length === 0;
  const message = ok ? (actual === undefined ? `${label} is not set` : `${label} is ${formatValue(actual)}`) : failures[0] === NOT_SET ? `${label} is not set${describeExpected(expected)}` : `${label}: ${failures.join('; ')}`;
  return { name, expected: asJson(expected), actual, ok, message };
}

const NOT_SET = 'not set';

function compareScalar(expected: JsonValue, actual: JsonValue | undefined): string[] {
  if (actual === undefined) return [NOT_SET];
  if (deepEqual(expected, actual)) return [];
  return [describeDifference(expected, actual)];
}

function describeDifference(expected: JsonValue, actual: JsonValue): string {
  if (typeOfValue(expected) !== typeOfValue(actual)) return `expected ${formatTyped(expected)}, got ${formatTyped(actual)}`;
  return `expected ${formatValue(expected)}, got ${formatValue(actual)}`;
}

/** Every failing key of the matcher, each in words (SPEC 3: all keys given must hold). */
export function matchValue(matcher: Matcher, actual: JsonValue | undefined): string[] {
  if (actual === undefined) return matcher.exists === false ? [] : [NOT_SET];
  const failures: string[] = [];
  if (matcher.exists === false) failures.push(`is set to ${formatValue(actual)}, expected it not to be set`);
  if (matcher.type !== undefined && typeOfValue(actual) !== matcher.type) {
    failures.push(`expected type ${matcher.type}, got ${formatTyped(actual)}`);
  }
  if (matcher.equals !== undefined && !deepEqual(matcher.equals, actual)) failures.push(describeDifference(matcher.equals, actual));
  if (matcher.matches !== undefined) failures.push(...matchRegex(matcher.matches, actual));
  if (matcher.oneOf !== undefined && !matcher.oneOf.some((option) => deepEqual(option, actual))) {
    const sameType = matcher.oneOf.some((option) => typeOfValue(option) === typeOfValue(actual));
    failures.push(`${sameType ? formatValue(actual) : formatTyped(actual)} is not one of ${formatValue(matcher.oneOf)}`);
  }
  failures.push(...compareNumber(matcher, actual));
  return failures;
}

function matchRegex(pattern: string, actual: JsonValue): string[] {
  // Linear-time (user-regex.ts): the value comes from the API, the pattern from the file, neither is trusted.
  const { regex, error } = compileUserRegex(pattern);
  if (error !== undefined) return [`matches ${formatValue(pattern)} ${error}`];
  if (typeof actual !== 'string') return [`matches /${pattern}/ needs a string, got ${formatTyped(actual)}`];
  return regex.test(actual) ? [] : [`${formatValue(actual)} does not match /${pattern}/`];
}

const BOUNDS = [
  ['gt', '>', (a: number, b: number) => a > b],
  ['gte', '>=', (a: number, b: number) => a >= b],
  ['lt', '<', (a: number, b: number) => a < b],
  ['lte', '<=', (a: number, b: number) => a <= b],
] as const;

function compareNumber(matcher: Matcher, actual: JsonValue): string[] {
  const given = BOUNDS.filter(([key]) => matcher[key] !== undefined);
  if (given.length === 0) return [];
  const bounds = given.map(([key]) => `${key} ${matcher[key]}`).join(', ');
  if (typeof actual !== 'number') {
    // A numeric string is not a number (SPEC 3: strict types); say so rather than "not > 3".
    const numeric = typeof actual === 'string' && actual.trim() !== '' && Number.isFinite(Number(actual));
    const what = numeric ? `${formatValue(actual)} is a string, not a number` : `${formatTyped(actual)} is not a number`;
    return [`${what} (${bounds} compares numbers)`];
  }
  return given.filter(([key, , holds]) => !holds(actual, matcher[key]!)).map(([key, symbol]) => `${actual} is not ${symbol} ${matcher[key]}`);
}

function isMatcher(expected: VariableExpectation): expected is Matcher {
  return expected !== null && typeof expected === 'object' && !Array.isArray(expected);
}

function describeExpected(expected: VariableExpectation): string {
  return isMatcher(expected) ? '' : ` (expected ${formatValue(expected)})`;
}

function valueOf(vars: Vars, name: string): JsonValue | undefined {
  return Object.hasOwn(vars, name) ? vars[name] : undefined;
}

function asJson(expected: VariableExpectation): JsonValue {
  return expected as JsonValue;
}
