// Condition operators and speech matching of the emulator (README, Flow definitions). Pure.
// `matches` runs on the linear-time engine of user-regex.ts (a flow's pattern must not hang the run);
// intent keywords stay on RegExp: they are escaped text, so they cannot backtrack.
import type { JsonValue } from '../domain/json.ts';
import type { ConditionOp } from '../domain/flow.ts';
import { compileUserRegex } from '../user-regex.ts';
import type { UserRegex } from '../user-regex.ts';

/** A number, or a string that reads as one ("3", " 2.5 "): flow variables often hold digits typed as text. */
export function toNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function toText(value: JsonValue): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function isEqual(actual: JsonValue | undefined, expected: JsonValue | undefined): boolean {
  if (actual === undefined || expected === undefined) return actual === expected;
  if (actual === null || expected === null) return actual === expected;
  const a = toNumber(actual);
  const b = toNumber(expected);
  if (a !== undefined && b !== undefined) return a === b;
  return toText(actual) === toText(expected);
}

/** -1, 0, 1, or undefined when the two cannot be ordered (missing, null, objects, number vs text). */
function compare(actual: JsonValue | undefined, expected: JsonValue | undefined): number | undefined {
  const a = toNumber(actual);
  const b = toNumber(expected);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  if (typeof actual === 'string' && typeof expected === 'string') return actual < expected ? -1 : actual > expected ? 1 : 0;
  return undefined;
}

/**
 * Evaluates `variable <op> value`. `regex` is the compiled `matches` pattern (compiled once per node by the caller);
 * without it the pattern is compiled here, and one that cannot be compiled matches nothing.
 * `exists` is true when the variable is set and not null; `value: false` inverts it.
 */
export function evaluateCondition(
  op: ConditionOp,
  actual: JsonValue | undefined,
  expected: JsonValue | undefined,
  regex?: UserRegex,
): boolean {
  switch (op) {
    case 'eq':
      return isEqual(actual, expected);
    case 'ne':
      return !isEqual(actual, expected);
    case 'gt':
      return (compare(actual, expected) ?? -2) > 0;
    case 'gte':
      return (compare(actual, expected) ?? -2) >= 0;
    case 'lt':
      return (compare(actual, expected) ?? 2) < 0;
    case 'lte':
      return (compare(actual, expected) ?? 2) <= 0;
    case 'matches':
      return actual !== undefined && actual !== null && (regex ?? compileUserRegex(String(expected)).regex)?.test(toText(actual)) === true;
    case 'exists':
      return (actual !== undefined && actual !== null) === (expected !== false);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word, case-insensitive: "bill" does not match "billing", "speak to an agent" matches "Agent". */
export function compileKeyword(keyword: string): RegExp {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(keyword.trim())}(?:$|[^\\p{L}\\p{N}])`, 'iu');
}
