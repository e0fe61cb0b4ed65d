// Routing check: the actual path and exit node against expect.path / expect.exit (README "How findings
// are decided"). The result is facts (domain/findings.ts RoutingResult); report/wording.ts says them.
import type { TraceEntry } from '../domain/wire.ts';
import type { PathExpectation, PathKey, PathPattern } from '../domain/scenario.ts';
import { PATH_WILDCARD } from '../domain/scenario.ts';
import type { FirstDivergence, PathDiff, PathProblem, RoutingResult } from '../domain/findings.ts';
import { alignPath } from './path-align.ts';
import { EditCollector, sortEdits, type Divergence } from './path-edits.ts';

export function checkRouting(
  actual: string[],
  expectedPath: PathExpectation | undefined,
  expectedExit: string | null | undefined,
  actualExit: string | null,
  trace: TraceEntry[],
): RoutingResult {
  const result: RoutingResult = {};
  if (expectedPath !== undefined) result.path = checkPath(actual, expectedPath, trace);
  if (expectedExit !== undefined) result.exit = { expected: expectedExit, actual: actualExit };
  return result;
}

function checkPath(actual: string[], expected: PathExpectation, trace: TraceEntry[]): PathDiff {
  const out = new EditCollector();
  let problems: PathProblem[] = [];
  let approximate = false;
  if (Array.isArray(expected)) approximate = alignPath(expected, actual, out);
  else problems = checkPathPattern(actual, expected, out);
  const diff: PathDiff = { edits: sortEdits(out.edits), editCount: out.total, problems, approximate: approximate && out.total > 0 };
  if (out.first) diff.firstDivergence = describeDivergence(out.first, actual, trace);
  return diff;
}

/**
 * Map form: every key given must hold; each failing key is its own problem, and its edits are those
 * of the nearest path that satisfies it (README "How findings are decided"), each tagged with the key
 * so the first divergence can say which check it comes from.
 */
function checkPathPattern(actual: string[], pattern: PathPattern, out: EditCollector): PathProblem[] {
  const problems: PathProblem[] = [];
  const { startsWith, endsWith, contains, excludes } = pattern;
  const check = (key: PathKey, run: (edits: EditCollector) => PathProblem[]): void => {
    const edits = new EditCollector(out.limit, key);
    const found = run(edits);
    if (found.length === 0) return;
    problems.push(...found);
    out.absorb(edits);
  };
  // startsWith: the path against [...prefix, ...]; endsWith: against [..., ...suffix].
  if (startsWith && startsWith.length > 0) {
    check('startsWith', (edits) =>
      once(checkStartsWith(actual, startsWith), () => alignPath([...startsWith, PATH_WILDCARD], actual, edits)),
    );
  }
  if (endsWith && endsWith.length > 0) {
    check('endsWith', (edits) => once(checkEndsWith(actual, endsWith), () => alignPath([PATH_WILDCARD, ...endsWith], actual, edits)));
  }
  if (contains && contains.length > 0) check('contains', (edits) => once(checkContains(actual, contains, edits)));
  if (excludes && excludes.length > 0) check('excludes', (edits) => checkExcludes(actual, excludes, edits));
  return problems;
}

/** The problem as a list, running `then` only when there is one. */
function once(problem: PathProblem | undefined, then?: () => void): PathProblem[] {
  if (problem === undefined) return [];
  then?.();
  return [problem];
}

function checkStartsWith(actual: string[], prefix: string[]): PathProblem | undefined {
  const i = prefix.findIndex((node, k) => actual[k] !== node);
  if (i < 0) return undefined;
  return { key: 'startsWith', nodes: prefix, step: i, actual: actual[i] ?? null };
}

function checkEndsWith(actual: string[], suffix: string[]): PathProblem | undefined {
  const offset = actual.length - suffix.length;
  if (offset >= 0 && suffix.every((node, k) => actual[offset + k] === node)) return undefined;
  return { key: 'endsWith', nodes: suffix, tail: actual.slice(Math.max(0, offset)) };
}

/**
 * Greedy leftmost subsequence. A node it cannot place is missing right after the last node it placed,
 * and the nodes after it are still looked for from there, so one missing node is one edit. A missing
 * node before any listed node was placed has no step to name (the caller's first listed node never ran):
 * it gets no edit, rather than a made-up divergence at step 0.
 */
function checkContains(actual: string[], nodes: string[], out: EditCollector): PathProblem | undefined {
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
  const missing = nodes[firstMissing]!;
  if (firstMissing === 0 || !actual.includes(missing)) return { key: 'contains', nodes, missing };
  return { key: 'contains', nodes, missing, after: nodes[firstMissing - 1]!, step: missingAfter };
}

function checkExcludes(actual: string[], excluded: string[], out: EditCollector): PathProblem[] {
  const wanted = new Set(excluded);
  const seen = new Map<string, { first: number; count: number }>();
  actual.forEach((node, i) => {
    if (!wanted.has(node)) return;
    const entry = seen.get(node);
    if (entry) entry.count++;
    else seen.set(node, { first: i, count: 1 });
    out.unexpected(node, i, null);
  });
  return [...seen].map(([node, { first, count }]): PathProblem => ({ key: 'excludes', node, step: first, count }));
}

function describeDivergence({ index, expected, key }: Divergence, actual: string[], trace: TraceEntry[]): FirstDivergence {
  const divergence: FirstDivergence = { index, expected, actual: actual[index] ?? null, ...(key ? { key } : {}) };
  // The trace has one entry per executed node, in path order; only trust it where it agrees.
  const entry = trace[index];
  if (entry !== undefined && entry.nodeId === actual[index]) {
    divergence.type = entry.type;
    if (entry.input !== undefined) divergence.input = entry.input;
  }
  return divergence;
}
