// Small wording helpers shared by the analysis messages: values with their types, node lists, counts.
import type { JsonValue } from '../domain/json.ts';

export type ValueType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null' | 'undefined';

/** Longest rendering of a value inside a message; annotations are one line. */
const MAX_VALUE_CHARS = 80;
/** Nodes named in a list before it is shortened. */
const MAX_LISTED_NODES = 8;

/** The type names of scenario `type:` matchers (arrays and null are their own types, unlike typeof). */
export function typeOfValue(value: JsonValue | undefined): ValueType {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

/** JSON rendering, so a string shows its quotes and "1" cannot be confused with 1. */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** `"1" (string)`: used wherever two values of different types meet. */
export function formatTyped(value: JsonValue | undefined): string {
  return `${formatValue(value)} (${typeOfValue(value)})`;
}

export function formatNodes(nodes: readonly string[]): string {
  if (nodes.length <= MAX_LISTED_NODES) return `[${nodes.join(', ')}]`;
  const shown = nodes.slice(0, MAX_LISTED_NODES).join(', ');
  return `[${shown}, … ${nodes.length - MAX_LISTED_NODES} more]`;
}

/** Type-strict deep equality of JSON values ("1" never equals 1; key order is irrelevant). */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  const ta = typeOfValue(a);
  if (ta !== typeOfValue(b)) return false;
  if (ta === 'array') {
    const xs = a as JsonValue[];
    const ys = b as JsonValue[];
    return xs.length === ys.length && xs.every((x, i) => deepEqual(x, ys[i]));
  }
  if (ta === 'object') {
    const xo = a as Record<string, JsonValue>;
    const yo = b as Record<string, JsonValue>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    return keys.every((k) => Object.hasOwn(yo, k) && deepEqual(xo[k], yo[k]));
  }
  return false;
}
