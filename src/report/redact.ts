// redact-variables (SPEC 2): values of matching variables are masked in every output.
import type { JsonValue } from '../scenario/types.ts';

export const REDACTED = '***';

export type Redactor = <T extends Record<string, JsonValue> | undefined>(variables: T) => T;

/** Globs match whole variable names, case-insensitively; `*` is any run of characters, `?` one. */
export function createRedactor(globs: string[]): Redactor {
  if (globs.length === 0) return (v) => v;
  const patterns = globs.map((g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i'));
  const matches = (name: string) => patterns.some((p) => p.test(name));
  return <T extends Record<string, JsonValue> | undefined>(variables: T): T => {
    if (!variables) return variables;
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(variables)) out[k] = matches(k) ? REDACTED : v;
    return out as T;
  };
}
