// The path alignment against a plain reference: on thousands of small seeded paths and expectations
// (exact lists, lists with `...`, the map form's startsWith and endsWith), the edit script must be
// valid (replayed on the expectation it gives the executed path) and as short as an O(n·m) dynamic
// programme over expectation × path says it can be. Then the one fallback, past the work budget.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alignPath } from '../../src/analysis/path-align.ts';
import { EditCollector, MAX_KEPT_EDITS, sortEdits } from '../../src/analysis/path-edits.ts';
import { checkRouting } from '../../src/analysis/path-diff.ts';
import { PATH_WILDCARD } from '../../src/domain/scenario.ts';
import type { PathEdit } from '../../src/domain/findings.ts';
import { caseRng, readSeed, type Rng } from '../fuzz/helpers/prng.ts';

const CASES = 6_000;
const SEED = readSeed(20_261_302);
const GAP = PATH_WILDCARD;

// ---- the reference ----

/** The fewest edits: a literal matches an equal step or is missing, a step not matched is unexpected, `...` takes any run. */
function referenceCost(expected: readonly string[], actual: readonly string[]): number {
  let row = Array.from({ length: actual.length + 1 }, (_, j) => j);
  for (const node of expected) {
    const next = new Array<number>(actual.length + 1);
    if (node === GAP) {
      next[0] = row[0]!;
      for (let j = 1; j <= actual.length; j++) next[j] = Math.min(row[j]!, next[j - 1]!);
    } else {
      next[0] = row[0]! + 1;
      for (let j = 1; j <= actual.length; j++) {
        next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, actual[j - 1] === node ? row[j - 1]! : Infinity);
      }
    }
    row = next;
  }
  return row[actual.length]!;
}

/**
 * Replays the script on the expectation: before step j its missing nodes are skipped, at step j an
 * unexpected edit names actual[j], any other step is matched by the next expected node or taken by the
 * gap just passed. The positions the expectation may be at are tracked as a set (gaps make it branch).
 * Returns why the script is wrong, or undefined.
 */
function replayError(expected: readonly string[], actual: readonly string[], edits: readonly PathEdit[]): string | undefined {
  const closure = (states: Set<number>): Set<number> => {
    const out = new Set(states);
    for (const i of [...out].sort((x, y) => x - y)) for (let k = i; expected[k] === GAP; k++) out.add(k + 1);
    return out;
  };
  let states = closure(new Set([0]));
  let e = 0;
  for (let j = 0; j <= actual.length; j++) {
    for (; e < edits.length && edits[e]!.index === j && edits[e]!.op === 'missing'; e++) {
      const node = edits[e]!.node;
      states = closure(new Set([...states].filter((i) => expected[i] === node).map((i) => i + 1)));
      if (states.size === 0) return `missing ${node} at step ${j} is not the next expected node`;
    }
    if (j === actual.length) break;
    if (e < edits.length && edits[e]!.index === j && edits[e]!.op === 'unexpected') {
      if (edits[e]!.node !== actual[j]) return `unexpected ${edits[e]!.node} at step ${j}, where ${actual[j]} ran`;
      e++;
      continue;
    }
    const next = new Set<number>();
    for (const i of states) {
      if (expected[i] === actual[j]) next.add(i + 1);
      if (i > 0 && expected[i - 1] === GAP) next.add(i);
    }
    states = closure(next);
    if (states.size === 0) return `step ${j} (${actual[j]}) is neither matched, taken by a gap nor unexpected`;
  }
  if (e < edits.length) return `edit ${JSON.stringify(edits[e])} is out of order or past the end`;
  return states.has(expected.length) ? undefined : 'the expectation is not used up at the end of the path';
}

// ---- the cases ----

function randomPath(rng: Rng, alphabet: readonly string[], max: number): string[] {
  return Array.from({ length: rng.between(0, max) }, () => rng.pick(alphabet));
}

function randomCase(rng: Rng): { expected: string[]; actual: string[] } {
  // Few distinct nodes, so that paths share nodes and equally short scripts compete.
  const alphabet = ['A', 'B', 'C', 'D'].slice(0, rng.between(1, 4));
  const shape = rng.int(5);
  // One side much shorter than the other (a few nodes against a loop, or a path that stopped early).
  if (shape === 4)
    return rng.chance(0.5)
      ? { expected: randomPath(rng, alphabet, 4), actual: randomPath(rng, alphabet, 60) }
      : { expected: randomPath(rng, alphabet, 60), actual: randomPath(rng, alphabet, 4) };
  const actual = randomPath(rng, alphabet, 12);
  if (shape === 0) return { expected: randomPath(rng, alphabet, 12), actual };
  // An edited copy of the path, as a recorded path that the flow has since left.
  let expected = actual.filter(() => !rng.chance(0.2));
  expected = expected.flatMap((node) => (rng.chance(0.15) ? [rng.pick(alphabet), node] : [node]));
  if (shape === 1) return { expected, actual };
  // Gaps: inserted anywhere, or standing for stretches of the path.
  if (shape === 2)
    return { expected: expected.flatMap((node) => (rng.chance(0.25) ? [GAP, node] : [node])).concat(rng.chance(0.3) ? [GAP] : []), actual };
  return { expected: randomPath(rng, [...alphabet, GAP, GAP], 8), actual };
}

function align(expected: readonly string[], actual: readonly string[]): { edits: PathEdit[]; total: number; approximate: boolean } {
  const out = new EditCollector();
  const approximate = alignPath(expected, actual, out);
  return { edits: sortEdits(out.edits), total: out.total, approximate };
}

describe('path alignment: valid and shortest against the reference', () => {
  test(`${CASES} seeded cases (FUZZ_SEED=${SEED})`, () => {
    for (let c = 0; c < CASES; c++) {
      const { expected, actual } = randomCase(caseRng(SEED, c));
      const what = `case ${c}: expected [${expected.join(' ')}], actual [${actual.join(' ')}]`;
      const { edits, total, approximate } = align(expected, actual);
      assert.equal(approximate, false, what);
      assert.equal(edits.length, total, what);
      assert.equal(replayError(expected, actual, edits), undefined, `${what}: ${JSON.stringify(edits)}`);
      assert.equal(total, referenceCost(expected, actual), `${what}: ${JSON.stringify(edits)}`);
    }
  });

  test('the map form: startsWith and endsWith are aligned as [...prefix, ...] and [..., ...suffix]', () => {
    for (let c = 0; c < CASES / 4; c++) {
      const rng = caseRng(SEED + 1, c);
      const { actual } = randomCase(rng);
      const nodes = randomPath(rng, ['A', 'B', 'C'], 4).concat(['A']);
      const key = rng.chance(0.5) ? 'startsWith' : 'endsWith';
      const pattern = key === 'startsWith' ? [...nodes, GAP] : [GAP, ...nodes];
      const path = checkRouting(actual, { [key]: nodes }, undefined, null, []).path!;
      const what = `case ${c}: ${key} [${nodes.join(' ')}], actual [${actual.join(' ')}]`;
      if (path.problems.length === 0) {
        assert.equal(referenceCost(pattern, actual), 0, what);
        continue;
      }
      assert.equal(replayError(pattern, actual, path.edits), undefined, `${what}: ${JSON.stringify(path.edits)}`);
      assert.equal(path.editCount, referenceCost(pattern, actual), what);
      assert.equal(path.firstDivergence?.index, Math.min(...path.edits.map((e) => e.index)), what);
      assert.equal(path.firstDivergence?.key, key, what);
    }
  });
});

describe('path alignment: ties and the fallback', () => {
  test('a gap leaves to the next one what it can: a missing node comes right after the last match', () => {
    assert.deepEqual(align(['A', GAP, 'X', GAP, 'Z'], ['A', 'B', 'C', 'Z']).edits, [{ op: 'missing', node: 'X', index: 1, after: 'A' }]);
    assert.deepEqual(align(['A', GAP, 'X'], ['A', 'B', 'C']).edits, [{ op: 'missing', node: 'X', index: 3, after: 'C' }]);
    // The run [X, B] keeps its B: one edit, not two.
    assert.deepEqual(align(['A', GAP, 'X', 'B', GAP, 'Z'], ['A', 'B', 'C', 'Z']).edits, [
      { op: 'missing', node: 'X', index: 1, after: 'A' },
    ]);
  });

  test('a short expectation against a long loop: aligned by cost rows, exactly', () => {
    const loop = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? 'M' : 'R'));
    const actual = ['S', ...loop, 'E'];
    const apart = align(['S', 'X', 'Y', 'E'], actual);
    assert.deepEqual([apart.approximate, apart.total], [false, 2 + loop.length]);
    const shared = align(['S', 'X', 'M', 'Y', 'E'], actual);
    assert.deepEqual([shared.approximate, shared.total], [false, 2 + loop.length - 1], 'M is kept: one edit fewer than a block');
    assert.equal(shared.total, referenceCost(['X', 'M', 'Y'], loop));
    assert.deepEqual(shared.edits.slice(0, 2), [
      { op: 'missing', node: 'X', index: 1, after: 'S' },
      { op: 'missing', node: 'Y', index: 2, after: 'M' },
    ]);
  });

  test('past the budget, two long paths far apart are one block, approximate as they share nodes', () => {
    const rng = caseRng(SEED, -1);
    const expected = Array.from({ length: 30_000 }, () => rng.pick(['A', 'B', 'C', 'D']));
    const actual = Array.from({ length: 30_000 }, () => rng.pick(['A', 'B', 'C', 'D']));
    const r = align(expected, actual);
    let start = 0;
    while (expected[start] === actual[start]) start++;
    let end = 0;
    while (expected.at(-1 - end) === actual.at(-1 - end)) end++;
    assert.equal(r.approximate, true);
    assert.equal(r.total, expected.length + actual.length - 2 * (start + end));
    assert.equal(r.edits.length, MAX_KEPT_EDITS);
  });

  test('past the budget with a gap in the block: its nodes are missing and the gap takes the steps', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const big = (n: number, salt: number) => Array.from({ length: n }, (_, i) => names[(i * 7 + salt * (i >> 3)) % names.length]!);
    const expected = ['S', ...big(5_000, 1), GAP, ...big(5_000, 2), 'E'];
    const actual = ['S', ...big(12_000, 3), 'E'];
    const r = align(expected, actual);
    // The matching start and end are not part of the block.
    let start = 0;
    while (expected[start] === actual[start]) start++;
    let end = 0;
    while (expected.at(-1 - end) === actual.at(-1 - end)) end++;
    assert.equal(r.approximate, true);
    assert.equal(r.total, expected.length - 1 - start - end);
    assert.ok(r.edits.every((e) => e.op === 'missing' && e.index === start));
  });
});
