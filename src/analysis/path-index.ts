// A path turned into integer ids with per-node counts and visit lists, plus rolling hashes of the
// stretches between consecutive visits of a node, so that two of them compare in O(1). Everything
// here is linear in the path length (loop analysis must stay linear for 1,000,000-step paths).

export interface PathIndex {
  ids: Int32Array;
  names: string[];
  counts: Int32Array;
  first: Int32Array;
  last: Int32Array;
  /**
   * The steps of each node, node after node, each node's in path order: node id's visits are
   * visits[visitStart[id]] … visits[visitStart[id + 1] - 1]. Contiguous rather than a chain of
   * next-visit links, which on a long path costs a cache miss per hop that the CPU cannot overlap.
   */
  visits: Int32Array;
  visitStart: Int32Array;
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
  return { ids, names, ...groupVisits(ids, names.length) };
}

function groupVisits(ids: Int32Array, nodes: number): Omit<PathIndex, 'ids' | 'names'> {
  const counts = new Int32Array(nodes);
  for (let i = 0; i < ids.length; i++) counts[ids[i]!]!++;
  const visitStart = new Int32Array(nodes + 1);
  for (let id = 0; id < nodes; id++) visitStart[id + 1] = visitStart[id]! + counts[id]!;
  const visits = new Int32Array(ids.length);
  const cursor = visitStart.slice(0, nodes);
  for (let i = 0; i < ids.length; i++) visits[cursor[ids[i]!]!++] = i;
  const first = new Int32Array(nodes);
  const last = new Int32Array(nodes);
  for (let id = 0; id < nodes; id++) {
    first[id] = visits[visitStart[id]!]!;
    last[id] = visits[visitStart[id + 1]! - 1]!;
  }
  return { counts, first, last, visits, visitStart };
}

// Two polynomial hashes modulo primes below 2^26: every product stays below 2^52, exact in a double,
// and the pair gives a 52-bit key with negligible collision odds for the segments of one path.
// The symbols are node id + 1, so no run of a node hashes like the empty stretch.
const MOD1 = 67_108_859;
const MOD2 = 67_108_837;
const BASE1 = 1_000_003;
const BASE2 = 999_983;
const KEY_SHIFT = 67_108_864;

/**
 * gapKeys[v]: a number identifying the content of path[visits[v], visits[v + 1]), the stretch from
 * a visit to the same node's next one (0 after a node's last visit). One pass along the path that
 * keeps each node's prefix hash at its previous visit, so every read is near the current step; a
 * walk node by node over path-sized hash arrays missed the cache at every visit.
 */
export function hashGaps(index: PathIndex): Float64Array {
  const { ids, visitStart } = index;
  const nodes = index.names.length;
  const [p1, p2] = powers(maxGap(index));
  const keys = new Float64Array(ids.length);
  const cursor = visitStart.slice(0, nodes);
  const lastStep = new Int32Array(nodes).fill(-1);
  const last1 = new Int32Array(nodes);
  const last2 = new Int32Array(nodes);
  let h1 = 0; // polynomial hashes of path[0, i)
  let h2 = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const len = i - lastStep[id]!;
    if (len <= i) {
      // hash of path[prev, i) = h(0, i) - h(0, prev) * BASE^len
      const a = h1 - mod1(last1[id]! * p1[len]!);
      const b = h2 - mod2(last2[id]! * p2[len]!);
      keys[cursor[id]!++] = (a < 0 ? a + MOD1 : a) * KEY_SHIFT + (b < 0 ? b + MOD2 : b);
    }
    lastStep[id] = i;
    last1[id] = h1;
    last2[id] = h2;
    h1 = mod1(h1 * BASE1 + id + 1);
    h2 = mod2(h2 * BASE2 + id + 1);
  }
  return keys;
}

/** The longest stretch between two consecutive visits of a node: no hash needs a higher power. */
function maxGap({ visits, visitStart }: PathIndex): number {
  let max = 0;
  for (let id = 0; id + 1 < visitStart.length; id++) {
    for (let v = visitStart[id]! + 1; v < visitStart[id + 1]!; v++) max = Math.max(max, visits[v]! - visits[v - 1]!);
  }
  return max;
}

function powers(max: number): [Int32Array, Int32Array] {
  const p1 = new Int32Array(max + 1);
  const p2 = new Int32Array(max + 1);
  p1[0] = 1;
  p2[0] = 1;
  for (let i = 0; i < max; i++) {
    p1[i + 1] = mod1(p1[i]! * BASE1);
    p2[i + 1] = mod2(p2[i]! * BASE2);
  }
  return [p1, p2];
}

// x % MOD for 0 <= x < 2^52, without `%`: on doubles V8 calls out to fmod, which was half the cost
// of hashing. The quotient from the reciprocal can be one off either way; one correction fixes it.
const INV1 = 1 / MOD1;
const INV2 = 1 / MOD2;

function mod1(x: number): number {
  const r = x - Math.floor(x * INV1) * MOD1;
  return r < 0 ? r + MOD1 : r >= MOD1 ? r - MOD1 : r;
}

function mod2(x: number): number {
  const r = x - Math.floor(x * INV2) * MOD2;
  return r < 0 ? r + MOD2 : r >= MOD2 ? r - MOD2 : r;
}
