// redact-variables (SPEC 2): values of matching variables are masked in every output. The analysis
// compares real values; only what is written out is masked, here.
import type { Finding, VariableCheck } from '../analysis/types.ts';
import type { TraceEntry } from '../api/types.ts';
import type { JsonValue } from '../scenario/types.ts';

export const REDACTED = '***';

export interface Redactor {
  /** Does this variable name match a redact-variables glob? */
  matches(name: string): boolean;
  variables<T extends Record<string, JsonValue> | undefined>(variables: T): T;
  trace(trace: TraceEntry[]): TraceEntry[];
  check(check: VariableCheck): VariableCheck;
  finding(finding: Finding): Finding;
}

/** Globs match whole variable names, case-insensitively; `*` is any run of characters, `?` one. */
export function createRedactor(globs: string[]): Redactor {
  const patterns = globs.map((g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i'));
  const matches = (name: string) => patterns.some((p) => p.test(name));
  const variables = <T extends Record<string, JsonValue> | undefined>(vars: T): T => {
    if (!vars || patterns.length === 0) return vars;
    // fromEntries, not assignment: a variable named "__proto__" stays a variable.
    return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, matches(k) ? REDACTED : v])) as T;
  };
  return {
    matches,
    variables,
    trace: (trace) => (patterns.length === 0 ? trace : trace.map((e) => (e.variables ? { ...e, variables: variables(e.variables) } : e))),
    check: (c) => (matches(c.name) ? { ...c, expected: REDACTED, actual: c.actual === undefined ? undefined : REDACTED, message: redactedMessage(c.name, c.ok) } : c),
    finding: (f) => {
      const name = variableOfKey(f.key);
      return name !== undefined && matches(name) ? { ...f, message: redactedMessage(name, false) } : f;
    },
  };
}

function redactedMessage(name: string, ok: boolean): string {
  return ok ? `${name}: matches (value redacted)` : `${name}: does not match the expectation (values redacted by redact-variables)`;
}

/** 'expect.variables.ssn' → 'ssn'; 'expect.variablesAt.node_x.ssn' → 'ssn'. */
function variableOfKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (key.startsWith('expect.variables.')) return key.slice('expect.variables.'.length);
  if (key.startsWith('expect.variablesAt.')) {
    const rest = key.slice('expect.variablesAt.'.length);
    const dot = rest.indexOf('.');
    return dot >= 0 ? rest.slice(dot + 1) : undefined;
  }
  return undefined;
}
