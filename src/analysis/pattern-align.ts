// Minimum-edit alignment of a path pattern (literal nodes and `...` wildcards, SPEC 3) with the
// actual path: a wildcard absorbs any run of nodes for free, a literal either matches, is missing, or
// an actual node is unexpected. Dynamic programming over pattern × path, one direction byte per cell;
// patterns are short (written by hand), so this is linear in the path for a given pattern.
import type { EditCollector } from './path-edits.ts';

/** Cells (one byte each) of the direction table we are willing to hold. */
export const MAX_ALIGN_CELLS = 32_000_000;

const DIAG = 1;
const MISSING = 2;
const UNEXPECTED = 3;
const WILD_EMPTY = 4;
const WILD_ABSORB = 5;

export interface PatternInput {
  pattern: readonly string[];
  /** wild[i] true: pattern[i] is a wildcard. Absent: no wildcards (an exact list). */
  wild?: readonly boolean[];
  /** Sub-range of the pattern to align (the rest matched already); defaults to all of it. */
  pLo?: number;
  pHi?: number;
  actual: readonly string[];
  aLo?: number;
  aHi?: number;
}

/** Reports the alignment's edits to `out` in step order; false when the table would be too big. */
export function alignPattern(input: PatternInput, out: EditCollector): boolean {
  const { pLo = 0, pHi = input.pattern.length, aLo = 0, aHi = input.actual.length } = input;
  const rows = pHi - pLo;
  const width = aHi - aLo + 1;
  if ((rows + 1) * width > MAX_ALIGN_CELLS) return false;
  const dir = fillTable(input, pLo, pHi, aLo, aHi);
  const ops = traceBack(dir, rows, width);
  replay(input, ops, pLo, aLo, out);
  return true;
}

function fillTable(input: PatternInput, pLo: number, pHi: number, aLo: number, aHi: number): Uint8Array {
  const { pattern, wild, actual } = input;
  const width = aHi - aLo + 1;
  const dir = new Uint8Array((pHi - pLo + 1) * width);
  let prev = new Int32Array(width);
  let cur = new Int32Array(width);
  for (let j = 0; j < width; j++) {
    prev[j] = j;
    dir[j] = UNEXPECTED;
  }
  for (let i = pLo; i < pHi; i++) {
    const row = (i - pLo + 1) * width;
    const node = pattern[i];
    if (wild?.[i] === true) {
      cur[0] = prev[0]!;
      dir[row] = WILD_EMPTY;
      for (let j = 1; j < width; j++) {
        // Absorbing on ties lets later wildcards take as much as they can, so a missing node is
        // reported right after the last node that did match ("missing X after A").
        const absorb = cur[j - 1]!;
        const empty = prev[j]!;
        cur[j] = absorb <= empty ? absorb : empty;
        dir[row + j] = absorb <= empty ? WILD_ABSORB : WILD_EMPTY;
      }
    } else {
      cur[0] = prev[0]! + 1;
      dir[row] = MISSING;
      for (let j = 1; j < width; j++) {
        let best = prev[j]! + 1;
        let step = MISSING;
        const skip = cur[j - 1]! + 1;
        if (skip <= best) {
          best = skip;
          step = UNEXPECTED;
        }
        if (actual[aLo + j - 1] === node && prev[j - 1]! <= best) {
          best = prev[j - 1]!;
          step = DIAG;
        }
        cur[j] = best;
        dir[row + j] = step;
      }
    }
    [prev, cur] = [cur, prev];
  }
  return dir;
}

/** Walks the table from the end; returns the operations in forward order. */
function traceBack(dir: Uint8Array, rows: number, width: number): Uint8Array {
  const ops = new Uint8Array(rows + width);
  let n = ops.length;
  let i = rows;
  let j = width - 1;
  while (i > 0 || j > 0) {
    const step = dir[i * width + j]!;
    ops[--n] = step;
    if (step === DIAG) {
      i--;
      j--;
    } else if (step === MISSING || step === WILD_EMPTY) i--;
    else j--;
  }
  return ops.subarray(n);
}

function replay(input: PatternInput, ops: Uint8Array, pLo: number, aLo: number, out: EditCollector): void {
  const { pattern, wild, actual } = input;
  let i = pLo;
  let j = aLo;
  // The node the path was at before a gap: what "missing X after Y" names.
  let last: string | null = actual[aLo - 1] ?? null;
  for (const step of ops) {
    if (step === DIAG || step === WILD_ABSORB) {
      last = actual[j]!;
      if (step === DIAG) i++;
      j++;
    } else if (step === MISSING) {
      out.missing(pattern[i]!, j, last);
      last = pattern[i]!;
      i++;
    } else if (step === UNEXPECTED) {
      const pending = i < pattern.length && wild?.[i] !== true ? pattern[i]! : null;
      out.unexpected(actual[j]!, j, pending);
      j++;
    } else i++;
  }
}
