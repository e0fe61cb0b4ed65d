// The words of a routing result, made from its facts: the report's routing_mismatches lines and the
// PATH_MISMATCH finding's line. Pure.
import type { PathDiff, PathEdit, PathProblem, RoutingResult } from '../domain/findings.ts';
import { exitMatches } from '../domain/findings.ts';
import { formatNodes, plural } from './format.ts';

/** Edit lines listed in routing_mismatches before the rest are counted; the YAML report must stay readable. */
export const MAX_LISTED_MISMATCHES = 50;

const END = 'the end of the path';
const APPROXIMATE = 'the paths differ too much for an exact alignment: the differing stretch is shown as one block';

/**
 * The report's `routing_mismatches`, one line per fact: a list's edits (the first ones,
 * then how many more) or a map form's failing keys, the note that an alignment is approximate, the exit.
 */
export function describeRouting(routing: RoutingResult): string[] {
  const lines: string[] = [];
  const path = routing.path;
  if (path) {
    lines.push(...path.problems.map(describePathProblem));
    if (path.problems.length === 0 && path.editCount > 0) {
      lines.push(...path.edits.slice(0, MAX_LISTED_MISMATCHES).map(describeEdit));
      if (path.editCount > lines.length) lines.push(`… and ${plural(path.editCount - lines.length, 'more edit')}`);
    }
    if (path.approximate) lines.push(APPROXIMATE);
  }
  if (routing.exit && !exitMatches(routing)) lines.push(describeExitMismatch(routing.exit.expected, routing.exit.actual));
  return lines;
}

/** "path differs at step 2: expected X, got Y (+1 more edit)"; a map form: its first failing key (+ how many more). */
export function describePathMismatch(path: PathDiff): string {
  const [first, ...others] = path.problems;
  if (first) return `${describePathProblem(first)}${others.length > 0 ? ` (+${plural(others.length, 'more problem')})` : ''}`;
  const d = path.firstDivergence;
  if (!d) return 'path differs';
  const more = path.editCount > 1 ? ` (+${plural(path.editCount - 1, 'more edit')})` : '';
  return `path differs at step ${d.index}: expected ${d.expected ?? END}, got ${d.actual ?? END}${more}`;
}

export function describePathProblem(problem: PathProblem): string {
  switch (problem.key) {
    case 'startsWith': {
      const head = `path does not start with ${formatNodes(problem.nodes)}`;
      if (problem.actual === null) return `${head}: the path ends after ${plural(problem.step, 'step')}`;
      return `${head}: step ${problem.step} is ${problem.actual}, expected ${problem.nodes[problem.step]}`;
    }
    case 'endsWith': {
      const head = `path does not end with ${formatNodes(problem.nodes)}`;
      return problem.tail.length === 0 ? `${head}: the path is empty` : `${head}: it ends with ${formatNodes(problem.tail)}`;
    }
    case 'contains': {
      const head = `path does not contain ${formatNodes(problem.nodes)}${problem.nodes.length > 1 ? ' in order' : ''}`;
      if (problem.after === undefined) return `${head}: ${problem.missing} never ran`;
      return `${head}: ${problem.missing} not found after ${problem.after} (step ${problem.step})`;
    }
    case 'excludes': {
      const more = problem.count > 1 ? ` (and ${plural(problem.count - 1, 'more time')})` : '';
      return `path contains excluded node ${problem.node} at step ${problem.step}${more}`;
    }
  }
}

export function describeEdit(edit: PathEdit): string {
  if (edit.op === 'unexpected') return `unexpected ${edit.node} at step ${edit.index}`;
  const where = edit.after == null ? 'at the start' : `after ${edit.after}`;
  return `missing ${edit.node} ${where} (step ${edit.index})`;
}

export function describeExitMismatch(expected: string | null, actual: string | null): string {
  if (expected === null) return `expected no exit node, got ${actual}`;
  if (actual === null) return `expected exit ${expected}, got none (the run ended without an exit node)`;
  return `expected exit ${expected}, got ${actual}`;
}
