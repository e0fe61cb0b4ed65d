// Analysis benchmark: time and peak memory of the path diff and loop detection on a 1,000,000-step
// path over 1,000 distinct nodes, next to the tutorial's algorithms (README, Where it comes from; transcribed below) on the same path.
// Each measurement runs in its own child process so that peak RSS belongs to one algorithm alone.
//   node_modules/.bin/node bench/analysis.ts
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { detectLoops } from '../src/analysis/loops.ts';
import { checkRouting } from '../src/analysis/path-diff.ts';
import { printRecords } from './lib/table.ts';

const STEPS = 1_000_000;
const NODES = 1_000;
const TARGET_MS = 1_000;
const TARGET_MB = 200;
/** The tutorial's loop detection needs O(candidates × steps) time and memory; do not wait forever. */
const CHILD_TIMEOUT_MS = 60_000;

type Shape = 'walk' | 'loop';
type Algorithm = 'diff' | 'loops' | 'seed-diff' | 'seed-loops';

const SHAPES: Record<Shape, string> = {
  walk: 'random walk over 1,000 nodes',
  loop: '1,000-node cycle × 1,000',
};
const ALGORITHMS: Record<Algorithm, string> = {
  diff: 'checkRouting (Myers diff)',
  loops: 'detectLoops',
  'seed-diff': 'seed validate_routing',
  'seed-loops': 'seed detect_infinite_loops',
};

// ---- the tutorial's algorithms (its Steps 2 and 3), transcribed as they are ----

function seedValidateRouting(actual: string[], expected: string[]): [boolean, string[]] {
  const mismatches: string[] = [];
  if (actual.length !== expected.length) mismatches.push(`Path length mismatch: expected ${expected.length}, got ${actual.length}`);
  const minLen = Math.min(actual.length, expected.length);
  for (let idx = 0; idx < minLen; idx++) {
    if (actual[idx] !== expected[idx]) mismatches.push(`Node mismatch at step ${idx}: expected ${expected[idx]}, got ${actual[idx]}`);
  }
  return [mismatches.length === 0, mismatches];
}

function seedDetectInfiniteLoops(path: string[], threshold = 3): { has_loops: boolean; loop_details: unknown[] } {
  const nodeCounts = new Map<string, number>();
  const firstOccurrence = new Map<string, number>();
  path.forEach((node, idx) => {
    if (!firstOccurrence.has(node)) firstOccurrence.set(node, idx);
    nodeCounts.set(node, (nodeCounts.get(node) ?? 0) + 1);
  });
  const candidates = [...nodeCounts].filter(([, count]) => count > threshold).map(([node]) => node);
  const loops: unknown[] = [];
  for (const candidate of candidates) {
    const occurrences: number[] = [];
    path.forEach((n, i) => {
      if (n === candidate) occurrences.push(i);
    });
    if (occurrences.length >= 2) {
      const segment = path.slice(occurrences[0], occurrences[occurrences.length - 1]! + 1);
      loops.push({
        nodeId: candidate,
        occurrences: occurrences.length,
        loop_segment: segment,
        start_index: occurrences[0],
        end_index: occurrences.at(-1),
      });
    }
  }
  return { has_loops: loops.length > 0, loop_details: loops };
}

// ---- inputs ----

function buildPath(shape: Shape): string[] {
  const names = Array.from({ length: NODES }, (_, i) => `node_${i}`);
  let seed = 42;
  const random = (): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: STEPS }, (_, i) => names[shape === 'loop' ? i % NODES : Math.floor(random() * NODES)]!);
}

/** The actual path with a few edits: two deletions, two insertions, one substitution. */
function buildExpected(actual: string[]): string[] {
  const expected = actual.slice();
  expected.splice(900_000, 0, 'node_inserted_b');
  expected.splice(700_000, 1);
  expected[500_000] = 'node_substituted';
  expected.splice(300_000, 0, 'node_inserted_a');
  expected.splice(100_000, 1);
  return expected;
}

// ---- one measurement (child process) ----

function measure(shape: Shape, algorithm: Algorithm): void {
  const actual = buildPath(shape);
  const expected = buildExpected(actual);
  globalThis.gc?.();
  const baseRss = process.memoryUsage().rss;
  const started = performance.now();
  let outcome: string;
  if (algorithm === 'diff') {
    const r = checkRouting(actual, expected, undefined, null, []);
    outcome = `${r.path?.editCount ?? 0} edits`;
  } else if (algorithm === 'loops') {
    const r = detectLoops(actual, [], { threshold: 3 });
    outcome = `${r.loop_details.length} loops`;
  } else if (algorithm === 'seed-diff') {
    const [, mismatches] = seedValidateRouting(actual, expected);
    outcome = `${mismatches.length} mismatches`;
  } else {
    outcome = `${seedDetectInfiniteLoops(actual).loop_details.length} loops`;
  }
  const ms = performance.now() - started;
  const peakMb = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
  process.stdout.write(JSON.stringify({ ms, peakMb, extraMb: peakMb - baseRss / 2 ** 20, outcome }));
}

// ---- the table ----

interface Row {
  shape: string;
  algorithm: string;
  time: string;
  peak: string;
  extra: string;
  outcome: string;
  verdict: string;
}

function run(shape: Shape, algorithm: Algorithm): Row {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', self, 'child', shape, algorithm], {
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 1 << 20,
  });
  const row = { shape: SHAPES[shape], algorithm: ALGORITHMS[algorithm] };
  if (child.status !== 0 || !child.stdout) {
    const why = child.error?.message.includes('ETIMEDOUT')
      ? `did not finish in ${CHILD_TIMEOUT_MS / 1000} s`
      : `crashed (${child.signal ?? `exit ${child.status}`}${/heap out of memory/i.test(child.stderr) ? ', out of memory' : ''})`;
    return { ...row, time: '—', peak: '—', extra: '—', outcome: why, verdict: algorithm.startsWith('seed') ? 'baseline' : 'FAIL' };
  }
  const m = JSON.parse(child.stdout) as { ms: number; peakMb: number; extraMb: number; outcome: string };
  const ours = !algorithm.startsWith('seed');
  const ok = m.ms < TARGET_MS && m.extraMb < TARGET_MB;
  return {
    ...row,
    time: `${m.ms.toFixed(0)} ms`,
    peak: `${m.peakMb.toFixed(0)} MB`,
    extra: `${m.extraMb.toFixed(0)} MB`,
    outcome: m.outcome,
    verdict: ours ? (ok ? 'ok' : 'OVER TARGET') : 'baseline',
  };
}

function printTable(rows: Row[]): void {
  printRecords(
    {
      shape: 'path',
      algorithm: 'algorithm',
      time: 'time',
      peak: 'peak RSS',
      extra: 'RSS over input',
      outcome: 'result',
      verdict: 'target',
    },
    rows,
  );
}

if (process.argv[2] === 'child') {
  measure(process.argv[3] as Shape, process.argv[4] as Algorithm);
} else {
  console.log(
    `Analysis of a ${STEPS.toLocaleString('en')}-step path over ${NODES.toLocaleString('en')} nodes; expected path = actual with 5 edits.`,
  );
  console.log(`Targets for ours: under ${TARGET_MS} ms and under ${TARGET_MB} MB over the input. Loop threshold 3, no trace.\n`);
  const rows: Row[] = [];
  for (const shape of Object.keys(SHAPES) as Shape[]) {
    for (const algorithm of Object.keys(ALGORITHMS) as Algorithm[]) rows.push(run(shape, algorithm));
  }
  printTable(rows);
  if (rows.some((r) => r.verdict === 'OVER TARGET' || r.verdict === 'FAIL')) process.exitCode = 1;
}
