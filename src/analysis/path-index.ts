// A path turned into integer ids with per-node counts and occurrence links, plus rolling hashes so
// that any two stretches of the path compare in O(1). Everything here is linear in the path length
// (SPEC 6: loop analysis must stay linear for 1,000,000-step paths).

export interface PathIndex {
  ids: Int32Array;
  names: string[];
  counts: Int32Array;
  first: Int32Array;
  last: Int32Array;
  /** next[i]: the next step with the same node as step i, or -1. */
  next: Int32Array;
}

export function indexPath(path: readonly string[]): PathIndex {
  const idOf = new Map<string, number>();
  const names: string[] = [];
  const ids = new Int32Array(path.length);
  for (let i = 0; i < path.length; i++) {
    const node = path[i]!;
    let id = idOf.get(node);
    if (id === undefined) {
      id = names.length;
      idOf.set(node, id);
      names.push(node);
    }
    ids[i] = id;
  }
  const counts = new Int32Array(names.length);
  const first = new Int32Array(names.length).fill(-1);
  const last = new Int32Array(names.length).fill(-1);
  const next = new Int32Array(path.length);
  for (let i = path.length - 1; i >= 0; i--) {
    const id = ids[i]!;
    next[i] = first[id]!;
    first[id] = i;
    if (last[id] === -1) last[id] = i;
    counts[id]!++;
  }
  return { ids, names, counts, first, last, next };
}

// Two polynomial hashes modulo primes below 2^26: every product stays below 2^52, exact in a double,
// and the pair gives a 52-bit key with negligible collision odds for the segments of one path.
const MOD1 = 67_108_859;
const MOD2 = 67_108_837;
const BASE1 = 1_000_003;
const BASE2 = 999_983;
const KEY_SHIFT = 67_108_864;

export interface SegmentHasher {
  /** A number identifying the content of path[start, end). */
  keyOf(start: number, end: number): number;
}

export function hashPath(ids: Int32Array): SegmentHasher {
  const n = ids.length;
  const h1 = new Int32Array(n + 1);
  const h2 = new Int32Array(n + 1);
  const p1 = new Int32Array(n + 1);
  const p2 = new Int32Array(n + 1);
  p1[0] = 1;
  p2[0] = 1;
  for (let i = 0; i < n; i++) {
    const symbol = ids[i]! + 1;
    h1[i + 1] = (h1[i]! * BASE1 + symbol) % MOD1;
    h2[i + 1] = (h2[i]! * BASE2 + symbol) % MOD2;
    p1[i + 1] = (p1[i]! * BASE1) % MOD1;
    p2[i + 1] = (p2[i]! * BASE2) % MOD2;
  }
  return {
    keyOf(start: number, end: number): number {
      const len = end - start;
      const a = (h1[end]! - ((h1[start]! * p1[len]!) % MOD1) + MOD1) % MOD1;
      const b = (h2[end]! - ((h2[start]! * p2[len]!) % MOD2) + MOD2) % MOD2;
      return a * KEY_SHIFT + b;
    },
  };
}
