// Counts equal stretches between consecutive visits of one node, keyed by their segment hash.
// An open-addressing table over typed arrays: a Map with 52-bit keys boxes every key and allocates
// a group object per distinct stretch, which on a 1,000,000-step random walk cost more than all the
// hashing. The arrays are reused from one node to the next and cleared only as far as that node
// needs, so the total work over all nodes stays linear in the path.

const EMPTY = -1;
/** Fibonacci hashing multiplier: spreads the key's low bits over the table's top bits. */
const SPREAD = 0x9e3779b1;

export class GapGroups {
  /** Per group, in order of creation: its key, first stretch and how often the stretch recurred. */
  keys = new Float64Array(0);
  starts = new Int32Array(0);
  lens = new Int32Array(0);
  counts = new Int32Array(0);
  size = 0;
  /** slots[h]: the group stored at table position h, or EMPTY. */
  private slots = new Int32Array(0);
  private mask = 0;
  private shift = 32;

  /** Empties the table for a node with up to `gaps` stretches (at most that many groups). */
  reset(gaps: number): void {
    if (this.keys.length < gaps) {
      const capacity = Math.max(gaps, this.keys.length * 2);
      this.keys = new Float64Array(capacity);
      this.starts = new Int32Array(capacity);
      this.lens = new Int32Array(capacity);
      this.counts = new Int32Array(capacity);
    }
    // At most half full, so probes stay short; at least 16 slots, so the shift stays below 32.
    let bits = 4;
    while (1 << bits < gaps * 2) bits++;
    if (this.slots.length < 1 << bits) this.slots = new Int32Array(1 << bits);
    this.slots.fill(EMPTY, 0, 1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.size = 0;
  }

  /** Counts one stretch path[start, start + len) with hash `key`; returns its group. */
  add(key: number, start: number, len: number): number {
    // key | 0 keeps the key's low 32 bits (exact for keys below 2^53), which carry the second hash.
    let h = Math.imul(key | 0, SPREAD) >>> this.shift;
    for (let group = this.slots[h]!; group !== EMPTY; group = this.slots[h]!) {
      if (this.keys[group] === key) {
        this.counts[group]!++;
        return group;
      }
      h = (h + 1) & this.mask;
    }
    const group = this.size++;
    this.slots[h] = group;
    this.keys[group] = key;
    this.starts[group] = start;
    this.lens[group] = len;
    this.counts[group] = 1;
    return group;
  }
}
