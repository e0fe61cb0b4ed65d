// redact-variables (README, The report): values of matching variables are masked in every output. The analysis
// compares real values; only what is written out is masked, here, in two ways:
// - by name: the variable's value in variables maps, trace snapshots, checks and loop causes;
// - by value: once a value is known to belong to a redacted variable, it is masked wherever else it
//   appears (raw_trace input, prompts, error text the API echoes), through the same scrubber as secrets.
import type { LoopDetail, ScenarioFinding, VariableCheck } from '../domain/findings.ts';
import type { TraceEntry } from '../domain/wire.ts';
import type { JsonValue } from '../domain/json.ts';
import { MASK, REDACTED_VALUES, SecretSet } from '../secrets.ts';

export const REDACTED = MASK;

/** Distinct forms of redacted values looked for by value in all text (each value adds a few forms). */
export const MAX_REMEMBERED_VALUES = 4_000;

export interface Redactor {
  /** Does this variable name match a redact-variables glob? */
  matches(name: string): boolean;
  /** Masks matching variables (and remembers their values for scrubValues). */
  variables<T extends Record<string, JsonValue> | undefined>(variables: T): T;
  trace(trace: TraceEntry[]): TraceEntry[];
  check(check: VariableCheck): VariableCheck;
  loop(detail: LoopDetail): LoopDetail;
  /** The finding with the facts of redacted variables masked: its params are written, and its words made, from this. */
  finding(finding: ScenarioFinding): ScenarioFinding;
  /** Masks every value remembered so far wherever it appears in the text. */
  scrubValues(text: string): string;
}

/** A redact-variables glob as a pattern of whole names, case-insensitive; `*` is any run of characters, `?` one. */
function globPattern(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** The values of redacted variables seen so far, to be masked wherever else they appear. */
function valueMemory(): { remember(value: JsonValue | undefined): void; scrub(text: string): string } {
  const values = new SecretSet(REDACTED_VALUES);
  return {
    remember: (value) => {
      // true, false and null say nothing about a person; blanking every "true" would garble the report.
      if (value === undefined || value === null || typeof value === 'boolean') return;
      // A hostile answer may give a redacted variable a new value on each of a million steps: past the cap
      // they are still masked by name, but no longer looked for in all other text.
      if (values.size >= MAX_REMEMBERED_VALUES) return;
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      // The form typed in a scenario and the form an API echoes (a number as digits, a string as is).
      values.add(text);
      if (typeof value !== 'string' && typeof value !== 'object') values.add(String(value));
    },
    scrub: (text) => values.scrub(text),
  };
}

/** The finding with its check or loop masked by `redactor`; the finding itself when nothing in it is redacted. */
function maskFinding(f: ScenarioFinding, redactor: Pick<Redactor, 'check' | 'loop'>): ScenarioFinding {
  if (f.code === 'VARIABLE_MISMATCH') {
    const masked = redactor.check(f.params.check);
    return masked === f.params.check ? f : { ...f, params: { check: masked } };
  }
  if (f.code === 'LOOP_DETECTED' && f.params.loop) {
    const masked = redactor.loop(f.params.loop);
    return masked === f.params.loop ? f : { ...f, params: { ...f.params, loop: masked } };
  }
  return f;
}

/** Globs match whole variable names, case-insensitively; `*` is any run of characters, `?` one. */
export function createRedactor(globs: string[]): Redactor {
  const patterns = globs.map(globPattern);
  const { remember, scrub } = valueMemory();
  const matches = (name: string) => patterns.length > 0 && patterns.some((p) => p.test(name));
  const mask = (value: JsonValue | undefined): JsonValue | undefined => {
    remember(value);
    return value === undefined ? undefined : REDACTED;
  };
  const variables = <T extends Record<string, JsonValue> | undefined>(vars: T): T => {
    if (!vars || patterns.length === 0) return vars;
    // fromEntries, not assignment: a variable named "__proto__" stays a variable.
    return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, matches(k) ? (mask(v) as JsonValue) : v])) as T;
  };
  const check = (c: VariableCheck): VariableCheck => {
    if (!matches(c.name)) return c;
    const redacted: VariableCheck = { ...c, expected: mask(c.expected) as JsonValue, actual: mask(c.actual), failures: [], redacted: true };
    // The failing values themselves are gone; the kind of mismatch (type, value, missing) stays.
    for (const f of c.failures) {
      if ('expected' in f) remember(f.expected);
      if ('actual' in f) remember(f.actual);
      if ('pattern' in f) remember(f.pattern);
      if ('options' in f) for (const option of f.options) remember(option);
    }
    return redacted;
  };
  const loop = (d: LoopDetail): LoopDetail => {
    if (d.cause.kind !== 'variables_changed' || !matches(d.cause.variable)) return d;
    remember(d.cause.before);
    remember(d.cause.after);
    return { ...d, cause: { kind: 'variables_changed', variable: d.cause.variable, redacted: true } };
  };
  return {
    matches,
    variables,
    trace: (trace) => (patterns.length === 0 ? trace : trace.map((e) => (e.variables ? { ...e, variables: variables(e.variables) } : e))),
    check,
    loop,
    finding: (f) => maskFinding(f, { check, loop }),
    scrubValues: scrub,
  };
}
