// "Did you mean" for every kind of name a file gets wrong: keys, enum values (a node type, an operator),
// node ids, flow ids. One helper, so a typo is forgiven the same way wherever it is made. Pure.
import { excerpt } from '../text.ts';

/**
 * Work for the hints of one file (or one check), in edit-distance table cells. Each name is compared with
 * every candidate, so a generated flow with thousands of dangling references and node ids took minutes;
 * past the budget hints are left out, and the messages are otherwise the same.
 */
export const MAX_SUGGESTION_CELLS = 1_000_000;

/** Work left for typo hints; spent as hints are searched, shared by every hint of a file. */
export interface SuggestBudget {
  cells: number;
}

export function suggestBudget(): SuggestBudget {
  return { cells: MAX_SUGGESTION_CELLS };
}

/** Case, `-` and `_` are forgiven: `node-exit` for `node_exit`, `Start` for `start` are typos too. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Edits a typo may have: none in a one-letter name, one in a short one (`like` is not `lte`), two in a
 * word, more only in a long id (a UUID with a digit too few is still found, `n5` is not offered for `m0`).
 */
function maxEdits(length: number): number {
  return Math.min(Math.floor(length / 2), Math.max(length < 6 ? 1 : 2, Math.floor(length / 6)));
}

/**
 * The candidate `word` is most likely a typo of, or undefined when none is close enough or the budget runs
 * out first. Ties go to the first candidate.
 */
export function suggest(word: string, candidates: Iterable<string>, budget: SuggestBudget = suggestBudget()): string | undefined {
  const wanted = normalize(word);
  const limit = maxEdits(wanted.length);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    // Normalizing a candidate is work too: the budget also bounds the scans that compare nothing.
    if ((budget.cells -= candidate.length + 1) < 0) return undefined;
    const other = normalize(candidate);
    // The distance is at least the difference in length: skip what cannot win (a 1 MB word costs nothing).
    if (Math.abs(other.length - wanted.length) >= bestDistance) continue;
    if ((budget.cells -= (wanted.length + 1) * (other.length + 1)) < 0) return undefined;
    const distance = measureEditDistance(wanted, other);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** ` (did you mean 'x'?)` when a candidate is a likely typo of `word`, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>, budget?: SuggestBudget): string {
  return meantHint(suggest(word, candidates, budget));
}

/** ` (did you mean 'x'?)` for a suggestion already found (suggest), '' for none: the hint's one spelling. */
export function meantHint(meant: string | undefined): string {
  return meant === undefined ? '' : ` (did you mean '${excerpt(meant)}'?)`;
}

/** Optimal string alignment distance: a swapped pair of letters counts as one edit. */
export function measureEditDistance(a: string, b: string): number {
  // Three rolling rows (the transposition looks two back): no table per call, as a file can ask thousands.
  let older = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (older[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    [older, prev, row] = [prev, row, older];
  }
  return prev[b.length] ?? 0;
}
