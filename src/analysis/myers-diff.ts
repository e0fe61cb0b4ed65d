// Myers' O((N+M)·D) diff in linear space (divide and conquer on the middle snake), as in
// diff-match-patch's bisect. Paths can be 1,000,000 steps (SPEC 6) while D, the number of edits, is
// usually small; a work budget keeps a pathological pair from taking minutes: past it the caller
// falls back to a coarser alignment.
import { EditCollector } from './path-edits.ts';

/** Diagonal visits + snake steps allowed per diff (~0.3 s at worst; a few edits in 1,000,000 steps need ~10% of it). */
export const MAX_DIFF_WORK = 20_000_000;
/** Edit distance beyond which Myers is not attempted (D ≥ |N − M|, so this also bounds the length gap). */
export const MAX_DIFF_D = 20_000;

class DiffBudgetExceeded extends Error {}

interface DiffContext {
  expected: readonly string[];
  actual: readonly string[];
  out: EditCollector;
  work: number;
}

export interface Range {
  eLo: number;
  eHi: number;
  aLo: number;
  aHi: number;
}

/**
 * Reports the shortest edit script turning expected[eLo, eHi) into actual[aLo, aHi) to `out`,
 * in step order. Returns false (having reported nothing) when over budget.
 */
export function diffSequences(expected: readonly string[], actual: readonly string[], range: Range, out: EditCollector): boolean {
  if (Math.abs(range.eHi - range.eLo - (range.aHi - range.aLo)) > MAX_DIFF_D) return false;
  // Edits go to a private collector first so that a budget failure leaves `out` untouched.
  const scratch: DiffContext = { expected, actual, out: new EditCollector(out.limit), work: 0 };
  try {
    diffRange(scratch, range.eLo, range.eHi, range.aLo, range.aHi);
  } catch (err) {
    if (err instanceof DiffBudgetExceeded) return false;
    throw err;
  }
  out.absorb(scratch.out);
  return true;
}

function diffRange(ctx: DiffContext, eLo: number, eHi: number, aLo: number, aHi: number): void {
  const { expected: e, actual: a } = ctx;
  while (eLo < eHi && aLo < aHi && e[eLo] === a[aLo]) {
    eLo++;
    aLo++;
  }
  while (eLo < eHi && aLo < aHi && e[eHi - 1] === a[aHi - 1]) {
    eHi--;
    aHi--;
  }
  if (eLo === eHi || aLo === aHi) {
    reportBlock(ctx, eLo, eHi, aLo, aHi);
    return;
  }
  const split = findMiddleSnake(ctx, eLo, eHi, aLo, aHi);
  const degenerate = split === null || (split[0] === eLo && split[1] === aLo) || (split[0] === eHi && split[1] === aHi);
  if (degenerate) {
    reportBlock(ctx, eLo, eHi, aLo, aHi);
    return;
  }
  diffRange(ctx, eLo, split[0], aLo, split[1]);
  diffRange(ctx, split[0], eHi, split[1], aHi);
}

/** Everything in expected[eLo, eHi) is missing, everything in actual[aLo, aHi) unexpected. */
export function reportBlock(
  ctx: Pick<DiffContext, 'expected' | 'actual' | 'out'>,
  eLo: number,
  eHi: number,
  aLo: number,
  aHi: number,
): void {
  const { expected: e, actual: a, out } = ctx;
  for (let i = eLo; i < eHi; i++) out.missing(e[i]!, aLo, e[i - 1] ?? null);
  for (let j = aLo; j < aHi; j++) out.unexpected(a[j]!, j, e[eHi] ?? null);
}

/**
 * Returns the point where the forward and reverse D-paths overlap, in absolute coordinates,
 * or null when the sequences have nothing in common.
 */
function findMiddleSnake(ctx: DiffContext, eLo: number, eHi: number, aLo: number, aHi: number): [number, number] | null {
  const { expected: e, actual: a } = ctx;
  const n = eHi - eLo;
  const m = aHi - aLo;
  const fullD = Math.ceil((n + m) / 2);
  const maxD = Math.min(fullD, MAX_DIFF_D);
  const vOffset = maxD;
  const vLength = 2 * maxD + 2;
  const v1 = new Int32Array(vLength).fill(-1);
  const v2 = new Int32Array(vLength).fill(-1);
  v1[vOffset + 1] = 0;
  v2[vOffset + 1] = 0;
  const delta = n - m;
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d++) {
    let steps = 0;
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1Offset = vOffset + k1;
      let x1 = k1 === -d || (k1 !== d && v1[k1Offset - 1]! < v1[k1Offset + 1]!) ? v1[k1Offset + 1]! : v1[k1Offset - 1]! + 1;
      let y1 = x1 - k1;
      const x0 = x1;
      while (x1 < n && y1 < m && e[eLo + x1] === a[aLo + y1]) {
        x1++;
        y1++;
      }
      steps += x1 - x0 + 1;
      v1[k1Offset] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const k2Offset = vOffset + delta - k1;
        if (k2Offset >= 0 && k2Offset < vLength && v2[k2Offset] !== -1 && x1 >= n - v2[k2Offset]!) return [eLo + x1, aLo + y1];
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2Offset = vOffset + k2;
      let x2 = k2 === -d || (k2 !== d && v2[k2Offset - 1]! < v2[k2Offset + 1]!) ? v2[k2Offset + 1]! : v2[k2Offset - 1]! + 1;
      let y2 = x2 - k2;
      const x0 = x2;
      while (x2 < n && y2 < m && e[eHi - 1 - x2] === a[aHi - 1 - y2]) {
        x2++;
        y2++;
      }
      steps += x2 - x0 + 1;
      v2[k2Offset] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const k1Offset = vOffset + delta - k2;
        if (k1Offset >= 0 && k1Offset < vLength && v1[k1Offset] !== -1) {
          const x1 = v1[k1Offset]!;
          if (x1 >= n - x2) return [eLo + x1, aLo + x1 - (k1Offset - vOffset)];
        }
      }
    }
    ctx.work += steps;
    if (ctx.work > MAX_DIFF_WORK) throw new DiffBudgetExceeded();
  }
  if (maxD < fullD) throw new DiffBudgetExceeded();
  return null;
}
