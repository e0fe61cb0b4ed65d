// Routing check: the actual path and exit node against expect.path / expect.exit (SPEC 3, 6).
import type { TraceEntry } from '../domain/wire.ts';
import type { PathExpectation, PathPattern } from '../domain/scenario.ts';
import { PATH_WILDCARD } from '../domain/scenario.ts';
import { formatNodes, plural } from './format.ts';
import { alignWildcards, diffExact, locateSegments, splitSegments } from './path-align.ts';
import { EditCollector, describeEdit, sortEdits, type Divergence, type PathKey } from './path-edits.ts';
import type { RoutingResult } from '../domain/findings.ts';

/** Mismatch lines listed before the rest are counted; the YAML report must stay readable. */
export const MAX_LISTED_MISMATCHES = 50;

interface PathOutcome {
  mismatches: string[];
  /** One line for the PATH_MISMATCH finding. */
  summary?: string;
}

export function checkRouting(
  actual: string[],
  expectedPath: PathExpectation | undefined,
  expectedExit: string | null | undefined,
  actualExit: string | null,
  trace: TraceEntry[],
): RoutingResult {
  const out = new EditCollector();
  const outcome = checkPath(actual, expectedPath, out);
  const pathValid = outcome.mismatches.length === 0;
  const result: RoutingResult = {
    valid: pathValid,
    pathValid,
    mismatches: outcome.mismatches,
    edits: sortEdits(out.edits),
    editCount: out.total,
  };
  if (outcome.summary !== undefined) result.summary = outcome.summary;
  if (out.first) result.firstDivergence = describeDivergence(out.first, actual, trace);
  if (expectedExit !== undefined) {
    const ok = expectedExit === actualExit;
    result.exit = { expected: expectedExit, actual: actualExit, ok };
    if (!ok) {
      result.valid = false;
      result.mismatches.push(describeExitMismatch(expectedExit, actualExit));
    }
  }
  return result;
}

export function describeExitMismatch(expected: string | null, actual: string | null): string {
  if (expected === null) return `expected no exit node, got ${actual}`;
  if (actual === null) return `expected exit ${expected}, got none (the run ended without an exit node)`;
  return `expected exit ${expected}, got ${actual}`;
}

function checkPath(actual: string[], expected: PathExpectation | undefined, out: EditCollector): PathOutcome {
  if (expected === undefined) return { mismatches: [] };
  if (Array.isArray(expected)) return checkPathList(actual, expected, out);
  const mismatches = checkPathPattern(actual, expected, out);
  if (mismatches.length === 0) return { mismatches };
  const more = mismatches.length > 1 ? ` (+${plural(mismatches.length - 1, 'more problem')})` : '';
  return { mismatches, summary: `${mismatches[0]}${more}` };
}

function checkPathList(actual: string[], expected: string[], out: EditCollector): PathOutcome {
  const wild = expected.map((node) => node === PATH_WILDCARD);
  let approximate: boolean;
  if (!wild.includes(true)) approximate = diffExact(expected, actual, out);
  else if (locateSegments(splitSegments(expected, wild), actual).ok) return { mismatches: [] };
  else approximate = alignWildcards(expected, wild, actual, out);
  if (out.total === 0) return { mismatches: [] };
  const mismatches = sortEdits(out.edits).slice(0, MAX_LISTED_MISMATCHES).map(describeEdit);
  if (out.total > mismatches.length) mismatches.push(`… and ${plural(out.total - mismatches.length, 'more edit')}`);
  if (approximate) mismatches.push('the paths differ too much for an exact alignment: the differing stretch is shown as one block');
  const first = out.first!;
  const more = out.total > 1 ? ` (+${plural(out.total - 1, 'more edit')})` : '';
  const got = actual[first.index] ?? 'the end of the path';
  return {
    mismatches,
    summary: `path differs at step ${first.index}: expected ${first.expected ?? 'the end of the path'}, got ${got}${more}`,
  };
}

/**
 * Map form: every key given must hold; each failing key is its own mismatch line, and its edits are
 * those of the nearest path that satisfies it (README "How findings are decided"), each tagged with
 * the key so the first divergence can say which check it comes from.
 */
function checkPathPattern(actual: string[], pattern: PathPattern, out: EditCollector): string[] {
  const mismatches: string[] = [];
  const { startsWith, endsWith, contains, excludes } = pattern;
  const check = (key: PathKey, run: (edits: EditCollector) => string[]): void => {
    const edits = new EditCollector(out.limit, key);
    const found = run(edits);
    if (found.length === 0) return;
    mismatches.push(...found);
    out.absorb(edits);
  };
  const align = (nodes: string[], wild: boolean[], edits: EditCollector): void => void alignWildcards(nodes, wild, actual, edits);
  // startsWith: the path against [...prefix, ...]; endsWith: against [..., ...suffix].
  if (startsWith && startsWith.length > 0) {
    check('startsWith', (edits) =>
      once(checkStartsWith(actual, startsWith), () => align([...startsWith, PATH_WILDCARD], [...startsWith.map(() => false), true], edits)),
    );
  }
  if (endsWith && endsWith.length > 0) {
    check('endsWith', (edits) =>
      once(checkEndsWith(actual, endsWith), () => align([PATH_WILDCARD, ...endsWith], [true, ...endsWith.map(() => false)], edits)),
    );
  }
  if (contains && contains.length > 0) check('contains', (edits) => once(checkContains(actual, contains, edits)));
  if (excludes && excludes.length > 0) check('excludes', (edits) => checkExcludes(actual, excludes, edits));
  return mismatches;
}

/** The problem as a list, running `then` only when there is one. */
function once(problem: string | undefined, then?: () => void): string[] {
  if (problem === undefined) return [];
  then?.();
  return [problem];
}

function checkStartsWith(actual: string[], prefix: string[]): string | undefined {
  const i = prefix.findIndex((node, k) => actual[k] !== node);
  if (i < 0) return undefined;
  const head = `path does not start with ${formatNodes(prefix)}`;
  if (i >= actual.length) return `${head}: the path ends after ${plural(actual.length, 'step')}`;
  return `${head}: step ${i} is ${actual[i]}, expected ${prefix[i]}`;
}

function checkEndsWith(actual: string[], suffix: string[]): string | undefined {
  const offset = actual.length - suffix.length;
  if (offset >= 0 && suffix.every((node, k) => actual[offset + k] === node)) return undefined;
  const head = `path does not end with ${formatNodes(suffix)}`;
  if (actual.length === 0) return `${head}: the path is empty`;
  return `${head}: it ends with ${formatNodes(actual.slice(Math.max(0, offset)))}`;
}

/**
 * Greedy leftmost subsequence. A node it cannot place is missing right after the last node it placed,
 * and the nodes after it are still looked for from there, so one missing node is one edit. A missing
 * node before any listed node was placed has no step to name (the caller's first listed node never ran):
 * it gets no edit, rather than a made-up divergence at step 0.
 */
function checkContains(actual: string[], nodes: string[], out: EditCollector): string | undefined {
  let lastStep = -1;
  let firstMissing = -1;
  let missingAfter = -1;
  let placed = false;
  for (let r = 0; r < nodes.length; r++) {
    const node = nodes[r]!;
    const at = actual.indexOf(node, lastStep + 1);
    if (at >= 0) {
      lastStep = at;
      placed = true;
      continue;
    }
    if (firstMissing < 0) {
      firstMissing = r;
      missingAfter = lastStep;
    }
    if (placed) out.missing(node, lastStep + 1, nodes[r - 1] ?? null);
  }
  if (firstMissing < 0) return undefined;
  const head = `path does not contain ${formatNodes(nodes)}${nodes.length > 1 ? ' in order' : ''}`;
  const missing = nodes[firstMissing]!;
  if (firstMissing === 0 || !actual.includes(missing)) return `${head}: ${missing} never ran`;
  return `${head}: ${missing} not found after ${nodes[firstMissing - 1]} (step ${missingAfter})`;
}

function checkExcludes(actual: string[], excluded: string[], out: EditCollector): string[] {
  const wanted = new Set(excluded);
  const seen = new Map<string, { first: number; count: number }>();
  actual.forEach((node, i) => {
    if (!wanted.has(node)) return;
    const entry = seen.get(node);
    if (entry) entry.count++;
    else seen.set(node, { first: i, count: 1 });
    out.unexpected(node, i, null);
  });
  return [...seen].map(([node, { first, count }]) => {
    const more = count > 1 ? ` (and ${plural(count - 1, 'more time')})` : '';
    return `path contains excluded node ${node} at step ${first}${more}`;
  });
}

function describeDivergence(
  { index, expected, key }: Divergence,
  actual: string[],
  trace: TraceEntry[],
): NonNullable<RoutingResult['firstDivergence']> {
  const divergence: NonNullable<RoutingResult['firstDivergence']> = {
    index,
    expected,
    actual: actual[index] ?? null,
    ...(key ? { key } : {}),
  };
  // The trace has one entry per executed node, in path order; only trust it where it agrees.
  const entry = trace[index];
  if (entry !== undefined && entry.nodeId === actual[index]) {
    divergence.type = entry.type;
    if (entry.input !== undefined) divergence.input = entry.input;
  }
  return divergence;
}
