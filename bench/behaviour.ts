// Behavioural diff benchmark (compare-to): diffInputs and the section built from it on growing numbers of
// inputs whose 1,000-step paths differ in one of two inputs, to show the work is linear in inputs × steps,
// and one pair of paths of MAX_COMPARED_STEPS steps with a few edits. Best of three after one warm-up.
//   node_modules/.bin/node bench/behaviour.ts
import { diffInputs, MAX_COMPARED_STEPS, type CompareInput, type InputOutcome } from '../src/analysis/behaviour-diff.ts';
import { buildBehaviourSection } from '../src/report/behaviour.ts';
import type { FlowDefinition } from '../src/domain/flow.ts';
import { printTable } from './lib/table.ts';

const SIZES = [1_000, 4_000, 16_000];
const STEPS = 1_000;
const REPEATS = 3;
/** Time per input step at the largest size over the smallest: about 1 when linear, 16 when quadratic. */
const MAX_GROWTH = 4;
/** The two longest paths compared, a few edits apart. */
const TARGET_LONG_MS = 2_000;

const FLOW: FlowDefinition = {
  id: 'bench',
  start: 'n0',
  nodes: {
    n0: { type: 'Start', next: 'r1' },
    r1: { type: 'Route', target: 'q1', next: 'x' },
    r2: { type: 'Route', target: 'q2', next: 'x' },
    x: { type: 'Exit' },
  },
};

function pathOf(steps: number, swapAt: number | undefined): string[] {
  const path = Array.from({ length: steps }, (_, i) => `n${i % 97}`);
  path[steps - 2] = 'r1';
  if (swapAt !== undefined) path[swapAt] = 'r2';
  path[steps - 1] = 'x';
  return path;
}

function workload(n: number, steps: number): { inputs: CompareInput[]; before: InputOutcome[]; after: InputOutcome[] } {
  const inputs: CompareInput[] = [];
  const before: InputOutcome[] = [];
  const after: InputOutcome[] = [];
  for (let i = 0; i < n; i++) {
    inputs.push({ name: `input ${i}`, flowId: 'bench', dtmf: String(i % 10), speech: '', variables: {}, origin: 'explored' });
    before.push({ kind: 'ran', path: pathOf(steps, undefined), steps, exit: 'x', variables: { i } });
    // One input in two takes another Route near the end: re-routed.
    const swap = i % 2 === 0 ? steps - 2 : undefined;
    after.push({ kind: 'ran', path: pathOf(steps, swap), steps, exit: 'x', variables: { i } });
  }
  return { inputs, before, after };
}

function best(fn: () => unknown): number {
  fn();
  let ms = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - started);
  }
  return ms;
}

const rows: string[][] = [];
const perStep: number[] = [];
for (const n of SIZES) {
  const w = workload(n, STEPS);
  let changed = 0;
  const ms = best(() => {
    const diff = diffInputs(w.inputs, w.before, w.after, { before: [FLOW], after: [FLOW] });
    const section = buildBehaviourSection({ comparedTo: { ref: 'main' }, diff, flows: [], redacted: () => false });
    changed = section.changed;
  });
  const ns = (ms * 1e6) / (n * STEPS);
  perStep.push(ns);
  rows.push([n.toLocaleString('en'), STEPS.toLocaleString('en'), changed.toLocaleString('en'), ms.toFixed(0), ns.toFixed(2)]);
}
printTable(['inputs', 'steps each', 'changed', 'ms', 'ns per input step'], rows);

const long = workload(1, MAX_COMPARED_STEPS);
long.after[0] = {
  ...(long.after[0] as Extract<InputOutcome, { kind: 'ran' }>),
  path: pathOf(MAX_COMPARED_STEPS, 10).map((n, i) => (i % 20_000 === 5 ? 'r2' : n)),
};
const longMs = best(() => diffInputs(long.inputs, long.before, long.after, { before: [FLOW], after: [FLOW] }));
console.log(
  `\nTwo paths of ${MAX_COMPARED_STEPS.toLocaleString('en')} steps, 6 edits apart: ${longMs.toFixed(0)} ms (target ${TARGET_LONG_MS} ms)`,
);

const growth = perStep.at(-1)! / perStep[0]!;
console.log(
  `Growth of the time per input step, ${SIZES[0]!.toLocaleString('en')} → ${SIZES.at(-1)!.toLocaleString('en')} inputs: ${growth.toFixed(2)} (at most ${MAX_GROWTH})`,
);
if (growth > MAX_GROWTH || longMs > TARGET_LONG_MS) {
  console.log('MISSED');
  process.exit(1);
}
