// The path diff's one alignment: the shortest edit script turning an expected list (node ids, where
// `...` stands for any run of steps) into the executed path. Edits are `missing` (an expected node
// that did not run) and `unexpected` (a step the expectation has no place for); a wrong node is one of
// each. The README's "How findings are decided" says what users see of it.
//
// Hirschberg's divide and conquer, in memory linear in the path: after the matching start and end are
// set aside, a range is split at a point that some shortest alignment passes through, and each side is
// aligned the same way until nothing is left to decide. The point is found in one of two exact ways,
// chosen by the shape of the range, never by trying one and then the other:
// - Cost rows, O(L·M) for L expected nodes and M steps, two rows of M kept. The fewest edits aligning
//   what comes before an expected node with each prefix of the path, and what comes after it with each
//   suffix, meet where a shortest alignment crosses it. At a gap (`...`, which takes a run of steps
//   at no cost) they give the run it takes; the middle gap goes first, so gaps cost O(L·M·log gaps).
//   A range whose one side is much shorter than the other (a few expected nodes against a long loop)
//   is split this way at its middle node, as Myers' search would need about (M - L)² steps there.
// - Myers' middle snake for every other range: the forward and the reverse greedy search meet after
//   D/2 edits each, O((N+M)·D) for D edits, as in diff-match-patch's bisect. This is what makes a few
//   edits between two 1,000,000-step paths cheap (bench/analysis.ts). It cannot take gaps: their free
//   moves break the order of diagonals the greedy search depends on.
// Of equally short alignments the cost rows take the earliest crossing, so a gap leaves to the next
// one whatever it can, and a missing node is reported right after the last node that ran as expected;
// within a stretch without gaps, which of several equally short scripts Myers' search finds is its own.
// The only fallback: one work budget (cost cells, diagonals visited, snake steps) bounds an alignment.
// Past it, what lies between the matching start and end is reported as one block: its expected nodes
// missing, its steps unexpected (or taken by a gap, when the block holds one), marked approximate
// unless the block shares no node with the path, when it is a shortest script anyway.
import { PATH_WILDCARD } from '../domain/scenario.ts';
import type { EditCollector } from './path-edits.ts';

/** Work units one alignment may spend, about half a second: a few edits in 1,000,000 steps need a tenth. */
export const WORK_BUDGET = 50_000_000;
/** Myers' search visits about D²/2 diagonals for D edits; past this D that alone is over the budget. */
const MAX_D = Math.ceil(Math.sqrt(2 * WORK_BUDGET));

class OverBudget extends Error {}

interface Ctx {
  expected: readonly string[];
  actual: readonly string[];
  /** Indices of the gaps in `expected`, ascending. */
  gaps: readonly number[];
  out: EditCollector;
  work: number;
}

/**
 * Reports the edits turning `expected` into `actual` to `out`, in step order. Returns true when the
 * budget ran out and the edits are a block rather than a shortest script.
 */
export function alignPath(expected: readonly string[], actual: readonly string[], out: EditCollector): boolean {
  const gaps: number[] = [];
  for (let i = 0; i < expected.length; i++) if (expected[i] === PATH_WILDCARD) gaps.push(i);
  if (gaps.length > 0 && segmentsFit(expected, gaps, actual)) return false;
  // Edits go to a private collector first, so that running out of budget leaves `out` untouched.
  const ctx: Ctx = { expected, actual, gaps, out: out.scratch(), work: 0 };
  const [eLo, eHi, aLo, aHi] = trimEnds(ctx);
  let approximate = false;
  try {
    align(ctx, eLo, eHi, aLo, aHi);
  } catch (err) {
    if (!(err instanceof OverBudget)) throw err;
    ctx.out = out.scratch();
    reportBlock(ctx, eLo, eHi, aLo, aHi);
    approximate = sharesNode(ctx, eLo, eHi, aLo, aHi);
  }
  out.absorb(ctx.out);
  return approximate;
}

function isGap(ctx: Ctx, i: number): boolean {
  return ctx.expected[i] === PATH_WILDCARD;
}

/** The matching start and end: the first and last nodes are anchored unless they are gaps. */
function trimEnds(ctx: Ctx): [number, number, number, number] {
  const { expected: e, actual: a } = ctx;
  let p = 0;
  while (p < e.length && p < a.length && !isGap(ctx, p) && e[p] === a[p]) p++;
  let s = 0;
  while (s < e.length - p && s < a.length - p && !isGap(ctx, e.length - 1 - s) && e[e.length - 1 - s] === a[a.length - 1 - s]) s++;
  return [p, e.length - s, p, a.length - s];
}

function align(ctx: Ctx, eLo: number, eHi: number, aLo: number, aHi: number): void {
  const inside = ctx.gaps.filter((g) => g >= eLo && g < eHi);
  if (inside.length === 0) return diffRange(ctx, eLo, eHi, aLo, aHi);
  const gap = inside[inside.length >> 1]!;
  const [runStart, runEnd] = crossing(ctx, gap, eLo, eHi, aLo, aHi);
  align(ctx, eLo, gap, aLo, runStart);
  align(ctx, gap + 1, eHi, runEnd, aHi);
}

/** Without gaps: a block when one side is empty, else split in two and each side diffed the same way. */
function diffRange(ctx: Ctx, eLo: number, eHi: number, aLo: number, aHi: number): void {
  const { expected: e, actual: a } = ctx;
  while (eLo < eHi && aLo < aHi && e[eLo] === a[aLo]) {
    eLo++;
    aLo++;
  }
  while (eLo < eHi && aLo < aHi && e[eHi - 1] === a[aHi - 1]) {
    eHi--;
    aHi--;
  }
  const n = eHi - eLo;
  const m = aHi - aLo;
  if (n === 0 || m === 0) return reportBlock(ctx, eLo, eHi, aLo, aHi);
  let split: [number, number] | null;
  // Cost rows take about 2·n·m cells, Myers' search at least (n - m)²/2 steps.
  if (4 * n * m < (n - m) ** 2) {
    if (n === 1) return alignOne(ctx, eLo, aLo, aHi);
    const row = eLo + (n >> 1);
    split = [row, crossing(ctx, row, eLo, eHi, aLo, aHi)[0]];
  } else split = middleSnake(ctx, eLo, eHi, aLo, aHi);
  if (split === null || (split[0] === eLo && split[1] === aLo) || (split[0] === eHi && split[1] === aHi)) {
    return reportBlock(ctx, eLo, eHi, aLo, aHi);
  }
  diffRange(ctx, eLo, split[0], aLo, split[1]);
  diffRange(ctx, split[0], eHi, split[1], aHi);
}

/** One expected node against a stretch: matched at its first run there, else missing. */
function alignOne(ctx: Ctx, i: number, aLo: number, aHi: number): void {
  let at = aLo;
  while (at < aHi && ctx.actual[at] !== ctx.expected[i]) at++;
  if (at === aHi) return reportBlock(ctx, i, i + 1, aLo, aHi);
  reportBlock(ctx, i, i, aLo, at);
  reportBlock(ctx, i + 1, i + 1, at + 1, aHi);
}

// ---- cost rows ----

/**
 * Where a shortest alignment of the range crosses expected[row]: for a gap, the run of actual it takes,
 * [start, end); for a node, the step at which the alignment reaches it, as [step, step] (what comes
 * before the node is aligned with the steps before that one). The earliest such crossing.
 */
function crossing(ctx: Ctx, row: number, eLo: number, eHi: number, aLo: number, aHi: number): [number, number] {
  const gap = isGap(ctx, row);
  const width = aHi - aLo + 1;
  spend(ctx, (eHi - eLo) * width);
  const before = forwardCosts(ctx, eLo, row, aLo, width);
  const after = backwardCosts(ctx, gap ? row + 1 : row, eHi, aLo, width);
  let best = Infinity;
  let found: [number, number] = [aLo, aLo];
  let cheapest = Infinity;
  let cheapestAt = 0;
  for (let j = 0; j < width; j++) {
    // A gap may start before it ends; a node's crossing is one point. Strict: the earliest end, then start.
    if (!gap || before[j]! < cheapest) {
      cheapest = before[j]!;
      cheapestAt = j;
    }
    if (cheapest + after[j]! < best) {
      best = cheapest + after[j]!;
      found = [aLo + cheapestAt, aLo + j];
    }
  }
  return found;
}

/** costs[j]: the fewest edits aligning expected[eLo, eHi) with actual[aLo, aLo + j). */
function forwardCosts(ctx: Ctx, eLo: number, eHi: number, aLo: number, width: number): Int32Array {
  const { expected, actual } = ctx;
  const row = new Int32Array(width);
  for (let j = 0; j < width; j++) row[j] = j;
  for (let i = eLo; i < eHi; i++) {
    if (isGap(ctx, i)) {
      for (let j = 1; j < width; j++) row[j] = Math.min(row[j]!, row[j - 1]!);
      continue;
    }
    const node = expected[i];
    let diagonal = row[0]!;
    row[0] = diagonal + 1;
    for (let j = 1; j < width; j++) {
      const above = row[j]!;
      const cost = Math.min(above, row[j - 1]!) + 1;
      row[j] = actual[aLo + j - 1] === node && diagonal < cost ? diagonal : cost;
      diagonal = above;
    }
  }
  return row;
}

/** costs[j]: the fewest edits aligning expected[eLo, eHi) with actual[aLo + j, aLo + width - 1). */
function backwardCosts(ctx: Ctx, eLo: number, eHi: number, aLo: number, width: number): Int32Array {
  const { expected, actual } = ctx;
  const last = width - 1;
  const row = new Int32Array(width);
  for (let j = 0; j < width; j++) row[j] = last - j;
  for (let i = eHi - 1; i >= eLo; i--) {
    if (isGap(ctx, i)) {
      for (let j = last - 1; j >= 0; j--) row[j] = Math.min(row[j]!, row[j + 1]!);
      continue;
    }
    const node = expected[i];
    let diagonal = row[last]!;
    row[last] = diagonal + 1;
    for (let j = last - 1; j >= 0; j--) {
      const below = row[j]!;
      const cost = Math.min(below, row[j + 1]!) + 1;
      row[j] = actual[aLo + j] === node && diagonal < cost ? diagonal : cost;
      diagonal = below;
    }
  }
  return row;
}

// ---- Myers ----

/**
 * A point where a forward and a reverse shortest path overlap, in absolute coordinates, or null when
 * the two sides have nothing in common. x runs along expected, y along actual, diagonal k = x - y.
 */
function middleSnake(ctx: Ctx, eLo: number, eHi: number, aLo: number, aHi: number): [number, number] | null {
  const { expected: e, actual: a } = ctx;
  const n = eHi - eLo;
  const m = aHi - aLo;
  const fullD = Math.ceil((n + m) / 2);
  const maxD = Math.min(fullD, MAX_D);
  const offset = maxD;
  const size = 2 * maxD + 2;
  const v1 = new Int32Array(size).fill(-1);
  const v2 = new Int32Array(size).fill(-1);
  v1[offset + 1] = 0;
  v2[offset + 1] = 0;
  const delta = n - m;
  // The searches meet after |delta| / 2 steps each at the earliest: past the cap, do not start.
  if (Math.abs(delta) > 2 * maxD) throw new OverBudget();
  // With an odd delta the paths can only meet on a forward step, with an even one on a reverse step.
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d++) {
    let steps = 0;
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const i1 = offset + k1;
      let x1 = k1 === -d || (k1 !== d && v1[i1 - 1]! < v1[i1 + 1]!) ? v1[i1 + 1]! : v1[i1 - 1]! + 1;
      let y1 = x1 - k1;
      const x0 = x1;
      while (x1 < n && y1 < m && e[eLo + x1] === a[aLo + y1]) {
        x1++;
        y1++;
      }
      steps += x1 - x0 + 1;
      v1[i1] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const i2 = offset + delta - k1;
        if (i2 >= 0 && i2 < size && v2[i2] !== -1 && x1 >= n - v2[i2]!) return [eLo + x1, aLo + y1];
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const i2 = offset + k2;
      let x2 = k2 === -d || (k2 !== d && v2[i2 - 1]! < v2[i2 + 1]!) ? v2[i2 + 1]! : v2[i2 - 1]! + 1;
      let y2 = x2 - k2;
      const x0 = x2;
      while (x2 < n && y2 < m && e[eHi - 1 - x2] === a[aHi - 1 - y2]) {
        x2++;
        y2++;
      }
      steps += x2 - x0 + 1;
      v2[i2] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const i1 = offset + delta - k2;
        if (i1 >= 0 && i1 < size && v1[i1] !== -1) {
          const x1 = v1[i1]!;
          if (x1 >= n - x2) return [eLo + x1, aLo + x1 - (i1 - offset)];
        }
      }
    }
    spend(ctx, steps);
  }
  if (maxD < fullD) throw new OverBudget();
  return null;
}

// ---- edits, budget, the quick match ----

/**
 * Everything in expected[eLo, eHi) is missing at step aLo; the steps of actual[aLo, aHi) are unexpected,
 * or, when the block holds a gap, taken by it.
 */
function reportBlock(ctx: Ctx, eLo: number, eHi: number, aLo: number, aHi: number): void {
  const { expected: e, actual: a, out } = ctx;
  // "missing X after Y": Y is the expected node before X, or the step the path was at before a gap.
  let after = eLo > 0 && !isGap(ctx, eLo - 1) ? e[eLo - 1]! : eLo > 0 ? (a[aLo - 1] ?? null) : null;
  let gapped = false;
  for (let i = eLo; i < eHi; i++) {
    if (isGap(ctx, i)) {
      gapped = true;
      continue;
    }
    out.missing(e[i]!, aLo, after);
    after = e[i]!;
  }
  if (gapped) return;
  const pending = eHi < e.length && !isGap(ctx, eHi) ? e[eHi]! : null;
  for (let j = aLo; j < aHi; j++) out.unexpected(a[j]!, j, pending);
}

function spend(ctx: Ctx, work: number): void {
  ctx.work += work;
  if (ctx.work > WORK_BUDGET) throw new OverBudget();
}

/** Whether a block could have kept a node: only then is it longer than the shortest script. */
function sharesNode(ctx: Ctx, eLo: number, eHi: number, aLo: number, aHi: number): boolean {
  const nodes = new Set(ctx.expected.slice(eLo, eHi).filter((node) => node !== PATH_WILDCARD));
  for (let j = aLo; j < aHi; j++) if (nodes.has(ctx.actual[j]!)) return true;
  return false;
}

/**
 * Whether the list matches, without costs: the runs between gaps placed in order, each where it first
 * fits (leftmost is optimal for "does it fit"), the first one at the start and the last one at the end.
 */
function segmentsFit(expected: readonly string[], gaps: readonly number[], actual: readonly string[]): boolean {
  const head = expected.slice(0, gaps[0]);
  const tail = expected.slice(gaps[gaps.length - 1]! + 1);
  const end = actual.length - tail.length;
  if (end < head.length || !runAt(actual, head, 0) || !runAt(actual, tail, end)) return false;
  let pos = head.length;
  for (let g = 0; g + 1 < gaps.length; g++) {
    const segment = expected.slice(gaps[g]! + 1, gaps[g + 1]);
    while (pos + segment.length <= end && !runAt(actual, segment, pos)) pos++;
    if (pos + segment.length > end) return false;
    pos += segment.length;
  }
  return true;
}

function runAt(actual: readonly string[], segment: readonly string[], at: number): boolean {
  return segment.every((node, k) => actual[at + k] === node);
}
