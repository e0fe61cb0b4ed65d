// The observed expectation of a scenario (README, Accepting new behaviour): what its `expect` would be if the
// run were right. The report carries it (`observed_expect`), the job summary shows it as a YAML block to
// paste, and `run --update` writes it into the scenario file (scenario/rewrite.ts). What held is kept as
// written, what failed becomes what the run observed; a value that is redacted, holds a secret or is too
// long to write is withheld, and the file keeps what it had there. Pure.
import { dump } from 'js-yaml';
import { exitMatches, pathMatches, type ScenarioAnalysis, type ScenarioFinding, type ScenarioFindingCode } from '../domain/findings.ts';
import type { JsonValue } from '../domain/json.ts';
import type { Scenario } from '../domain/scenario.ts';
import type { DebugResponse } from '../domain/wire.ts';

/** Past this many steps a path is no expectation anyone reviews: it is withheld. */
export const MAX_OBSERVED_PATH_STEPS = 1000;
/** A value longer than this (as JSON) is withheld: a file of expectations is read by people. */
export const MAX_OBSERVED_VALUE_CHARS = 2048;
/** Variables an `expect: record` writes (or names as withheld) at most; the rest are counted. */
export const MAX_RECORDED_VARIABLES = 100;
/** The observed path and recorded variables together, as JSON: a hostile answer must not grow the report without bound. */
export const MAX_OBSERVED_CHARS = 16 * 1024;

export type WithheldReason = 'redacted' | 'too_long' | 'too_many';

/** A part of the expectation the observation does not give: `path`, one variable, or (too_many) `count` more variables. */
export interface Withheld {
  key: 'path' | 'variables' | 'variablesAt';
  name?: string;
  reason: WithheldReason;
  count?: number;
}

export interface ObservedExpect {
  /** The expectation to paste over the scenario's `expect`: path, exit, variables (camelCase keys, as in the file). */
  expect: {
    path?: JsonValue;
    exit: string | null;
    variables?: Record<string, JsonValue>;
    /** These three as written: the run does not observe them. */
    variablesAt?: JsonValue;
    maxDurationMs?: number;
    loops?: boolean;
  };
  /** What the expectation leaves as the file has it. */
  withheld: Withheld[];
  /** Findings this expectation does not settle (a loop, a duration, variablesAt): the scenario still fails on them. */
  unsettled: ScenarioFindingCode[];
}

export interface ObserveInput {
  scenario: Pick<Scenario, 'expect' | 'variables' | 'record'>;
  response: Pick<DebugResponse, 'path' | 'exitNode' | 'variables'>;
  analysis: Pick<ScenarioAnalysis, 'status' | 'findings' | 'routing' | 'variables' | 'loops'>;
  /** redact-variables: does this name match? */
  redacted: (name: string) => boolean;
  /** The report's scrubber (secrets, values of redacted variables): a value it would change is withheld. */
  scrub: (text: string) => string;
}

/** A failed scenario's observed expectation, or a recording one's (`expect: record`); undefined for the others. */
export function observeExpectation(input: ObserveInput): ObservedExpect | undefined {
  const { scenario, response, analysis } = input;
  // An error is no behaviour to accept, nor a flow that hit maxLoops (an infinite loop); and a scenario that
  // failed on a loop or a duration alone has no path, exit or variable for an expectation to settle.
  if (analysis.status === 'error' || analysis.loops?.hit_max_loops) return undefined;
  if (!scenario.record && !analysis.findings.some(settles)) return undefined;
  const withheld: Withheld[] = [];
  const expect: ObservedExpect['expect'] = { exit: response.exitNode ?? null };
  const routing = analysis.routing ?? {};
  const path = response.path ?? [];
  if (scenario.expect.path !== undefined && pathMatches(routing)) expect.path = scenario.expect.path as JsonValue;
  else if (path.length > MAX_OBSERVED_PATH_STEPS || JSON.stringify(path).length > MAX_OBSERVED_CHARS / 2)
    withheld.push({ key: 'path', reason: 'too_long' });
  else expect.path = [...path];
  // The exit is always as observed; when it held, that is what was written.
  if (scenario.expect.exit !== undefined && exitMatches(routing)) expect.exit = scenario.expect.exit;
  const variables = scenario.record ? recorded(input, withheld) : expected(input, withheld);
  if (variables) expect.variables = variables;
  const { variablesAt, maxDurationMs, loops } = scenario.expect;
  if (variablesAt !== undefined) {
    const names = Object.values(variablesAt).flatMap((vars) => Object.keys(vars));
    const json = JSON.stringify(variablesAt);
    if (names.some(input.redacted) || input.scrub(json) !== json) withheld.push({ key: 'variablesAt', reason: 'redacted' });
    else if (json.length > MAX_OBSERVED_VALUE_CHARS) withheld.push({ key: 'variablesAt', reason: 'too_long' });
    else expect.variablesAt = variablesAt as JsonValue;
  }
  if (maxDurationMs !== undefined) expect.maxDurationMs = maxDurationMs;
  if (loops !== undefined) expect.loops = loops;
  return { expect: inOrder(expect), withheld, unsettled: unsettled(input, withheld) };
}

/** A finding an observed expectation can settle: the path, the exit, a variable of the final state. */
function settles(f: ScenarioFinding): boolean {
  return f.code === 'PATH_MISMATCH' || f.code === 'EXIT_MISMATCH' || (f.code === 'VARIABLE_MISMATCH' && f.params.check.at === undefined);
}

const ORDER = ['path', 'exit', 'variables', 'variablesAt', 'maxDurationMs', 'loops'] as const;

function inOrder(expect: ObservedExpect['expect']): ObservedExpect['expect'] {
  const out: Record<string, unknown> = {};
  for (const key of ORDER) if (expect[key] !== undefined) out[key] = expect[key];
  return out as ObservedExpect['expect'];
}

/** The variables the scenario expected: a check that held keeps its expectation, a failed one takes the observed value. */
function expected(input: ObserveInput, withheld: Withheld[]): Record<string, JsonValue> | undefined {
  const wanted = input.scenario.expect.variables;
  if (!wanted) return undefined;
  const checks = input.analysis.variables?.checks ?? [];
  const out: [string, JsonValue][] = [];
  for (const [name, expectation] of Object.entries(wanted)) {
    const check = checks.find((c) => c.name === name && c.at === undefined);
    const actual = Object.hasOwn(input.response.variables ?? {}, name) ? input.response.variables[name] : undefined;
    // What held is kept as written; a redacted variable's is withheld even then, as the report masks it.
    const value = check?.ok ? (expectation as JsonValue) : asExpectation(actual);
    const reason = withholding(input, name, check?.ok ? value : actual);
    if (reason) withheld.push({ key: 'variables', name, reason });
    else out.push([name, value]);
  }
  return Object.fromEntries(out);
}

/** `expect: record`: the variables the flow set, that is the final ones less those passed in unchanged. */
function recorded(input: ObserveInput, withheld: Withheld[]): Record<string, JsonValue> | undefined {
  const passed = input.scenario.variables;
  const out: [string, JsonValue][] = [];
  let more = 0;
  let named = 0;
  let left = MAX_OBSERVED_CHARS - JSON.stringify(input.response.path ?? []).length;
  for (const [name, value] of Object.entries(input.response.variables ?? {})) {
    if (Object.hasOwn(passed, name) && JSON.stringify(passed[name]) === JSON.stringify(value)) continue;
    const cost = name.length + (JSON.stringify(value) ?? '').length;
    if (named >= MAX_RECORDED_VARIABLES || cost > left) {
      more++;
      continue;
    }
    named++;
    left -= cost;
    const reason = withholding(input, name, value);
    if (reason) withheld.push({ key: 'variables', name, reason });
    else out.push([name, asExpectation(value)]);
  }
  if (more > 0) withheld.push({ key: 'variables', reason: 'too_many', count: more });
  return out.length > 0 ? Object.fromEntries(out) : undefined;
}

function withholding(input: ObserveInput, name: string, value: JsonValue | undefined): WithheldReason | undefined {
  if (input.redacted(name)) return 'redacted';
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  if (input.scrub(json) !== json) return 'redacted';
  return json.length > MAX_OBSERVED_VALUE_CHARS ? 'too_long' : undefined;
}

/** A scalar is strict equality; a list or map is written as `{ equals: … }`; a variable not set as `{ exists: false }`. */
function asExpectation(value: JsonValue | undefined): JsonValue {
  if (value === undefined) return { exists: false };
  return value !== null && typeof value === 'object' ? { equals: value } : value;
}

function unsettled(input: ObserveInput, withheld: readonly Withheld[]): ScenarioFindingCode[] {
  const held = new Set(withheld.map(withheldKey));
  const codes = new Set<ScenarioFindingCode>();
  for (const f of input.analysis.findings) {
    if (f.code === 'EXIT_MISMATCH') continue;
    if (f.code === 'PATH_MISMATCH' && !held.has('path')) continue;
    if (f.code === 'VARIABLE_MISMATCH' && f.params.check.at === undefined && !held.has(`variables.${f.params.check.name}`)) continue;
    codes.add(f.code);
  }
  return [...codes];
}

/** `path`, `variablesAt`, or `variables.<name>`: what a withheld entry leaves as written. */
export function withheldKey(w: Withheld): string {
  return w.key === 'variables' ? `variables.${w.name ?? ''}` : w.key;
}

const UNSETTLED: Record<ScenarioFindingCode, string> = {
  PATH_MISMATCH: 'the path',
  EXIT_MISMATCH: 'the exit',
  VARIABLE_MISMATCH: 'variables not written (variablesAt, or withheld)',
  DURATION_EXCEEDED: 'maxDurationMs',
  LOOP_DETECTED: 'a loop',
  LOOP_EXPECTED: 'expect.loops',
  TRACE_ERROR: 'an error in the trace',
  API_ERROR: 'an API error',
};

const WITHHELD: Record<WithheldReason, string> = {
  redacted: 'redacted or holding a secret',
  too_long: 'too long to write',
  too_many: 'past what one expectation records',
};

/** "variables.pin (redacted or holding a secret)": what stays as the file has it, and why. */
export function describeKept(observed: Pick<ObservedExpect, 'withheld'>): string[] {
  return observed.withheld.map((w) =>
    w.reason === 'too_many' ? `${w.count ?? 0} more variables (${WITHHELD[w.reason]})` : `${withheldKey(w)} (${WITHHELD[w.reason]})`,
  );
}

/** What the scenario still fails on once its expectation is the observed one. */
export function describeUnsettled(observed: Pick<ObservedExpect, 'unsettled'>): string[] {
  return observed.unsettled.map((code) => UNSETTLED[code]);
}

const FLOW = { flowLevel: 0, lineWidth: -1, noRefs: true, quoteStyle: 'double' } as const;

/** One value as YAML flow text (`[a, b]`, `"2"`, `{ equals: … }`): inside a flow sequence no block style can be chosen. */
export function flowValue(value: unknown): string {
  return dump([value], FLOW).trim().slice(1, -1);
}

/** A map key as YAML text, quoted when it must be. */
export function flowKey(key: string): string {
  return dump({ [key]: 0 }, FLOW)
    .trim()
    .slice(1, -': 0}'.length);
}

/** Keys whose values are maps written one entry a line; every other value is one line of flow text. */
const BLOCK_KEYS = new Set(['variables', 'variablesAt']);

/** An expectation map as block YAML lines, unindented: lists stay on one line, variables one a line. */
export function expectLines(expect: Readonly<Record<string, unknown>>): string[] {
  const lines: string[] = [];
  const entries = (map: Readonly<Record<string, unknown>>, indent: string, depth: number) => {
    for (const [key, value] of Object.entries(map)) {
      const nested = depth < 2 && BLOCK_KEYS.has(key) && isMap(value) && Object.keys(value).length > 0;
      if (!nested) lines.push(`${indent}${flowKey(key)}: ${flowValue(value)}`);
      else if (key === 'variablesAt') {
        lines.push(`${indent}${key}:`);
        for (const [node, vars] of Object.entries(value as Record<string, unknown>)) {
          if (!isMap(vars) || Object.keys(vars).length === 0) lines.push(`${indent}  ${flowKey(node)}: ${flowValue(vars)}`);
          else {
            lines.push(`${indent}  ${flowKey(node)}:`);
            for (const [name, v] of Object.entries(vars)) lines.push(`${indent}    ${flowKey(name)}: ${flowValue(v)}`);
          }
        }
      } else {
        lines.push(`${indent}${key}:`);
        entries(value as Record<string, unknown>, `${indent}  `, depth + 2);
      }
    }
  };
  entries(expect, '', 0);
  return lines;
}

/** The block to paste: `expect:` and its lines. */
export function renderObservedYaml(observed: Pick<ObservedExpect, 'expect'>): string {
  return ['expect:', ...expectLines(observed.expect).map((l) => `  ${l}`)].join('\n');
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
