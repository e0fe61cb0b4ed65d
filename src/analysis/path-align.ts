// Aligning the actual path with the list forms of expect.path (SPEC 3): an exact list, or a list
// with `...` wildcards. Both report edits (missing / unexpected nodes) rather than the seed's
// index-by-index comparison, so one inserted node is one edit, not a cascade (SPEC 6).
import { diffSequences, reportBlock } from './myers-diff.ts';
import { alignPattern } from './pattern-align.ts';
import type { EditCollector } from './path-edits.ts';

/** Below this many cells the DP table is cheaper than setting up Myers. */
const SMALL_TABLE_CELLS = 1_000_000;

/**
 * Exact list: reports the edits turning `expected` into `actual`. Returns true when the paths
 * differed too much for an exact alignment and the differing stretch was reported as one block.
 */
export function diffExact(expected: readonly string[], actual: readonly string[], out: EditCollector): boolean {
  let p = 0;
  while (p < expected.length && p < actual.length && expected[p] === actual[p]) p++;
  let s = 0;
  while (s < expected.length - p && s < actual.length - p && expected[expected.length - 1 - s] === actual[actual.length - 1 - s]) s++;
  const range = { eLo: p, eHi: expected.length - s, aLo: p, aHi: actual.length - s };
  const ctx = { expected, actual, out };
  if (range.eLo === range.eHi || range.aLo === range.aHi) {
    reportBlock(ctx, range.eLo, range.eHi, range.aLo, range.aHi);
    return false;
  }
  const table = { pattern: expected, pLo: range.eLo, pHi: range.eHi, actual, aLo: range.aLo, aHi: range.aHi };
  const cells = (range.eHi - range.eLo + 1) * (range.aHi - range.aLo + 1);
  if (cells <= SMALL_TABLE_CELLS && alignPattern(table, out)) return false;
  if (diffSequences(expected, actual, range, out)) return false;
  if (alignPattern(table, out)) return false;
  reportBlock(ctx, range.eLo, range.eHi, range.aLo, range.aHi);
  return true;
}

export interface Segments {
  /** Anchored at the start (empty when the pattern starts with a wildcard). */
  head: string[];
  /** Anchored at the end; null when the pattern has no wildcard at all (then head is everything). */
  tail: string[] | null;
  middle: string[][];
}

export function splitSegments(pattern: readonly string[], wild: readonly boolean[]): Segments {
  const parts: string[][] = [[]];
  pattern.forEach((node, i) => {
    if (wild[i] === true) parts.push([]);
    else parts[parts.length - 1]!.push(node);
  });
  if (parts.length === 1) return { head: parts[0]!, tail: null, middle: [] };
  return { head: parts[0]!, tail: parts[parts.length - 1]!, middle: parts.slice(1, -1).filter((p) => p.length > 0) };
}

export type SegmentMatch = { ok: true } | { ok: false; segment: string[]; at: number };

/** Greedy leftmost placement of the literal segments; leftmost is optimal for "does it match". */
export function locateSegments(segments: Segments, actual: readonly string[]): SegmentMatch {
  const { head, tail, middle } = segments;
  if (!runAt(actual, head, 0) || (tail === null && actual.length !== head.length)) return { ok: false, segment: head, at: 0 };
  if (tail === null) return { ok: true };
  const end = actual.length - tail.length;
  if (end < head.length || !runAt(actual, tail, end)) return { ok: false, segment: tail, at: Math.max(head.length, end) };
  let pos = head.length;
  for (const segment of middle) {
    const found = findRun(actual, segment, pos, end);
    if (found < 0) return { ok: false, segment, at: pos };
    pos = found + segment.length;
  }
  return { ok: true };
}

/**
 * List with wildcards that did not match: the minimum-edit alignment when the table fits, else
 * the first literal segment that could not be placed, reported as missing where the search stopped.
 */
export function alignWildcards(
  pattern: readonly string[],
  wild: readonly boolean[],
  actual: readonly string[],
  out: EditCollector,
): boolean {
  if (alignPattern({ pattern, wild, actual }, out)) return false;
  const match = locateSegments(splitSegments(pattern, wild), actual);
  if (match.ok) return false;
  let after = actual[match.at - 1] ?? null;
  for (const node of match.segment) {
    out.missing(node, match.at, after);
    after = node;
  }
  return true;
}

function runAt(actual: readonly string[], segment: readonly string[], at: number): boolean {
  if (at < 0 || at + segment.length > actual.length) return false;
  return segment.every((node, k) => actual[at + k] === node);
}

function findRun(actual: readonly string[], segment: readonly string[], from: number, end: number): number {
  for (let i = from; i + segment.length <= end; i++) {
    if (runAt(actual, segment, i)) return i;
  }
  return -1;
}
