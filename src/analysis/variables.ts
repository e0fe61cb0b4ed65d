// Variable expectations (README, Scenario files): expect.variables against the final state, expect.variablesAt
// against the snapshot a trace entry recorded. Scalars are strict (type included); maps are matchers.
import type { DebugResponse, TraceEntry } from '../domain/wire.ts';
import type { Expectations, Matcher, VariableExpectation } from '../domain/scenario.ts';
import type { JsonValue } from '../domain/json.ts';
import { compileUserRegex } from '../user-regex.ts';
import { deepEqual, typeOfValue } from './format.ts';
import type { CheckFailure, CheckSource, MismatchKind, VariableCheck, VariableResult, VariableStates } from '../domain/findings.ts';

type Vars = Record<string, JsonValue>;

interface Snapshot {
  step: number;
  visits: number;
  variables: Vars | undefined;
}

export function checkVariables(expect: Expectations, finalState: Vars, trace: TraceEntry[]): VariableResult {
  const checks: VariableCheck[] = [];
  for (const [name, expected] of Object.entries(expect.variables ?? {})) {
    checks.push(checkValue(name, { kind: 'final' }, expected, ownValue(finalState, name)));
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

/** The tutorial's shape (the report's `variable_states`): final state plus, per node, the snapshot of its last visit. */
export function extractVariableStates(response: DebugResponse): VariableStates {
  const history = new Map<string, Vars>();
  for (const entry of response.trace ?? []) {
    if (entry.variables !== undefined) history.set(entry.nodeId ?? 'unknown', entry.variables);
  }
  // fromEntries defines own properties, so a node named "__proto__" cannot reach the prototype.
  return { final_state: response.variables ?? {}, node_history: Object.fromEntries(history) };
}

function checkAtNode(nodeId: string, name: string, expected: VariableExpectation, snapshot: Snapshot | undefined): VariableCheck {
  const fail = (source: CheckSource): VariableCheck => ({
    name,
    expected: asJson(expected),
    actual: undefined,
    ok: false,
    mismatch: 'missing',
    failures: [],
    source,
  });
  if (snapshot === undefined) return fail({ kind: 'no_visit', node: nodeId });
  if (snapshot.variables === undefined) return fail({ kind: 'no_variables', node: nodeId, step: snapshot.step });
  const source: CheckSource = { kind: 'snapshot', node: nodeId, step: snapshot.step, visits: snapshot.visits };
  return checkValue(name, source, expected, ownValue(snapshot.variables, name));
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

function checkValue(name: string, source: CheckSource, expected: VariableExpectation, actual: JsonValue | undefined): VariableCheck {
  const failures = isMatcher(expected) ? matchValue(expected, actual) : compareScalar(expected, actual);
  const check: VariableCheck = { name, expected: asJson(expected), actual, ok: failures.length === 0, failures, source };
  if (!check.ok) check.mismatch = classifyMismatch(failures, actual);
  return check;
}

/** The headline kind of a failing check: a missing value, then a type difference, then a value. */
function classifyMismatch(failures: CheckFailure[], actual: JsonValue | undefined): MismatchKind {
  if (failures.some((f) => f.rule === 'not_set')) return 'missing';
  if (failures.some((f) => f.rule === 'invalid_pattern')) return 'invalid';
  if (failures.some((f) => f.rule === 'exists')) return 'unexpected';
  const typed = failures.some(
    (f) =>
      f.rule === 'type' ||
      f.rule === 'not_number' ||
      (f.rule === 'equals' && typeOfValue(f.expected) !== typeOfValue(f.actual)) ||
      (f.rule === 'matches' && typeof actual !== 'string') ||
      (f.rule === 'one_of' && !f.options.some((o) => typeOfValue(o) === typeOfValue(actual))),
  );
  return typed ? 'type' : 'value';
}

function compareScalar(expected: JsonValue, actual: JsonValue | undefined): CheckFailure[] {
  if (actual === undefined) return [{ rule: 'not_set', expected }];
  if (deepEqual(expected, actual)) return [];
  return [{ rule: 'equals', expected, actual }];
}

/** Every failing key of the matcher, as data (all keys given must hold). */
export function matchValue(matcher: Matcher, actual: JsonValue | undefined): CheckFailure[] {
  if (actual === undefined) return matcher.exists === false ? [] : [{ rule: 'not_set' }];
  const failures: CheckFailure[] = [];
  if (matcher.exists === false) failures.push({ rule: 'exists', actual });
  if (matcher.type !== undefined && typeOfValue(actual) !== matcher.type)
    failures.push({ rule: 'type', expected_type: matcher.type, actual });
  if (matcher.equals !== undefined && !deepEqual(matcher.equals, actual))
    failures.push({ rule: 'equals', expected: matcher.equals, actual });
  if (matcher.matches !== undefined) failures.push(...matchRegex(matcher.matches, actual));
  if (matcher.oneOf !== undefined && !matcher.oneOf.some((option) => deepEqual(option, actual))) {
    failures.push({ rule: 'one_of', options: matcher.oneOf, actual });
  }
  failures.push(...compareNumber(matcher, actual));
  return failures;
}

function matchRegex(pattern: string, actual: JsonValue): CheckFailure[] {
  // Linear-time (user-regex.ts): the value comes from the API, the pattern from the file, neither is trusted.
  const { regex, error } = compileUserRegex(pattern);
  if (error !== undefined) return [{ rule: 'invalid_pattern', pattern, error }];
  if (typeof actual !== 'string' || !regex.test(actual)) return [{ rule: 'matches', pattern, actual }];
  return [];
}

const BOUNDS = [
  ['gt', (a: number, b: number) => a > b],
  ['gte', (a: number, b: number) => a >= b],
  ['lt', (a: number, b: number) => a < b],
  ['lte', (a: number, b: number) => a <= b],
] as const;

function compareNumber(matcher: Matcher, actual: JsonValue): CheckFailure[] {
  const given = BOUNDS.filter(([key]) => matcher[key] !== undefined);
  if (given.length === 0) return [];
  if (typeof actual !== 'number')
    return [{ rule: 'not_number', bounds: given.map(([key]) => `${key} ${matcher[key]}`).join(', '), actual }];
  return given.filter(([key, holds]) => !holds(actual, matcher[key]!)).map(([op]) => ({ rule: 'bound', op, bound: matcher[op]!, actual }));
}

function isMatcher(expected: VariableExpectation): expected is Matcher {
  return expected !== null && typeof expected === 'object' && !Array.isArray(expected);
}

function ownValue(vars: Vars, name: string): JsonValue | undefined {
  return Object.hasOwn(vars, name) ? vars[name] : undefined;
}

function asJson(expected: VariableExpectation): JsonValue {
  return expected as JsonValue;
}
