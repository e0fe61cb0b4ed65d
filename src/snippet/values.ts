// Studio's loose typing: how values convert, compare, test as true and print. Pure.
//
// Studio variables are implicitly typed (https://help.nicecxone.com/content/Studio/guide/statementsdeclaration.htm):
// a quoted number is a string until a mathematical expression evaluates it
// (https://help.nicecxone.com/content/studio/guide/variables.htm). So a string that reads as a number takes
// part in arithmetic and comparisons as that number; anything else compares as text.
import type { StudioValue } from './ast.ts';

/** A string longer than this stops the snippet: a loop doubling a string cannot eat the memory. */
export const MAX_STRING_CHARS = 1024 * 1024;
/** Elements of one array (assumed: Studio's own limit is 63 million, far beyond a test's needs). */
export const MAX_ARRAY_ELEMENTS = 100_000;

/** Why a snippet stopped; `line` is set by the statement (or the external call) it stopped in. */
export class SnippetRuntimeError extends Error {
  line: number | undefined;
}

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The number a value reads as, or undefined. Booleans read as 1 and 0 (the operators page's "result is 1"). */
export function toNumber(v: StudioValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return undefined;
}

/** Empty and null count as 0 in arithmetic, as an undeclared counter does in `c = c + 1` (assumed). */
export function toArithmetic(v: StudioValue): number | undefined {
  return v === null || v === '' ? 0 : toNumber(v);
}

export function isNumeric(v: StudioValue): boolean {
  return toNumber(v) !== undefined;
}

/** Numbers print without float noise (15 significant digits, as .NET's default double formatting does). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/**
 * The text of a value, as braces substitution prints it. A string array is its elements joined by
 * pipes (https://help.nicecxone.com/content/studio/guide/arrays.htm); an object prints as JSON and a
 * boolean as True/False, like Studio's own property values (both assumed).
 */
export function toText(v: StudioValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return boundString(v.map(toText).join('|'));
  return boundString(JSON.stringify(v));
}

export function boundString(s: string): string {
  if (s.length > MAX_STRING_CHARS) throw new SnippetRuntimeError(`a string grew past ${MAX_STRING_CHARS} characters`);
  return s;
}

/**
 * Studio's truth, for IF, WHILE and the IF/CASE actions. Documented: booleans and comparisons (the
 * operators page: non-zero is true). Assumed: "true"/"false" in any case, empty and null are false, any
 * other non-numeric text is true, an array is true when it has elements, an object always.
 */
export function isTrue(v: StudioValue): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === '' || t === 'false') return false;
    if (t === 'true') return true;
    const n = toNumber(t);
    return n === undefined ? true : n !== 0;
  }
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

const isBooleanLike = (v: StudioValue) => typeof v === 'boolean' || (typeof v === 'string' && /^\s*(true|false)\s*$/i.test(v));

/**
 * Equality for `=`, SWITCH/CASE and the CASE action: as numbers when both read as numbers, as truth
 * when one is a boolean and the other a boolean or "true"/"false", else as text. Text compares
 * case-sensitively (assumed: nothing public says).
 */
export function looseEquals(a: StudioValue, b: StudioValue): boolean {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined && typeof a !== 'boolean' && typeof b !== 'boolean') return x === y;
  if ((typeof a === 'boolean' || typeof b === 'boolean') && isBooleanLike(a) && isBooleanLike(b)) return isTrue(a) === isTrue(b);
  if ((typeof a === 'boolean' || typeof b === 'boolean') && x !== undefined && y !== undefined) return x === y;
  return toText(a) === toText(b);
}

/** Ordering for < <= > >=: numeric when both read as numbers, else ordinal text order. */
export function compareValues(a: StudioValue, b: StudioValue): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  const s = toText(a);
  const t = toText(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

export const isObject = (v: StudioValue | undefined): v is { [k: string]: StudioValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The own key of `record` that `name` means: the exact name, else the one equal ignoring case. Studio
 * names are not case-sensitive (observed: public scripts write `HTTPStatus` and read `{httpstatus}`).
 * Own properties only, so `__proto__` and `constructor` are plain names.
 */
export function findKey(record: object, name: string): string | undefined {
  if (Object.hasOwn(record, name)) return name;
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return key;
  return undefined;
}

export function getField(record: { [k: string]: StudioValue }, name: string): StudioValue {
  const key = findKey(record, name);
  return key === undefined ? null : (record[key] ?? null);
}

/** Writes an own, enumerable property: never a setter such as `__proto__`'s. */
export function setField(record: { [k: string]: StudioValue }, name: string, value: StudioValue): void {
  const key = findKey(record, name) ?? name;
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A copy of a value, so an assignment never shares (and no object can contain itself). `charge` is
 * called per node copied: the copy's cost counts against the step budget.
 */
export function copyValue(v: StudioValue, charge: () => void): StudioValue {
  charge();
  if (Array.isArray(v)) return v.map((e) => copyValue(e, charge));
  if (isObject(v)) {
    const out: { [k: string]: StudioValue } = {};
    for (const key of Object.keys(v)) setField(out, key, copyValue(v[key] ?? null, charge));
    return out;
  }
  return v;
}
