// A small seeded PRNG for the fuzz tests: every case draws from its own stream, derived from the run's
// seed and the case's index, so one failing case can be replayed alone (FUZZ_SEED + FUZZ_CASE).

export interface Rng {
  /** In [0, 1). */
  next(): number;
  /** Whole number in [0, n). */
  int(n: number): number;
  /** Whole number in [lo, hi]. */
  between(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: 32-bit state, good enough spread for fuzzing, and the same on every platform. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
  };
}

/** The stream of case `index` in the run seeded with `seed` (a splitmix-style mix of both). */
export function caseRng(seed: number, index: number): Rng {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return createRng((h ^ (h >>> 16)) >>> 0);
}

/** FUZZ_SEED when set (a whole number), else `fallback`: runs are reproducible by default. */
export function readSeed(fallback: number): number {
  const raw = process.env['FUZZ_SEED'];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (raw.trim() === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`Invalid FUZZ_SEED "${raw}": expected a whole number or "random"`);
  return seed >>> 0;
}

/** A positive whole number from the environment, else `fallback`. */
export function readCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`Invalid ${name} "${raw}": expected a whole number from 1`);
  return n;
}
