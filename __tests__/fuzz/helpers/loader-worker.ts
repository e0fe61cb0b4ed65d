// Runs a share of the loader fuzz cases in a worker thread, so the test can stop a case that hangs
// (terminate) and cap memory (resourceLimits) without losing the report. Writes the case it is on
// into shared memory for the watchdog; posts one summary at the end.
import { setFlagsFromString, getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { loadReferenceFlow, runLoaderCase } from './loader-cases.ts';
import type { SeedFile } from './loader-cases.ts';

export interface WorkerInput {
  seed: number;
  /** Case indexes first, first + stride, … below total. */
  first: number;
  stride: number;
  total: number;
  corpus: SeedFile[];
  /** Int32 slots: [worker * 2] = case in progress (-1 when done), [worker * 2 + 1] = cases finished. */
  progress: SharedArrayBuffer;
  worker: number;
  maxFailures: number;
}

export interface WorkerReport {
  cases: number;
  texts: number;
  withProblems: number;
  loaded: number;
  scenarios: number;
  flows: number;
  slowest: { index: number; ms: number; ops: string[] };
  failures: string[];
  heap: { baselineMb: number; peakMb: number; endMb: number };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

function preview(text: string): string {
  const shown = JSON.stringify(text.length > 240 ? `${text.slice(0, 240)}…` : text);
  return `${shown} (${text.length} chars)`;
}

const input = workerData as WorkerInput;
const progress = new Int32Array(input.progress);
const ctx = { seed: input.seed, corpus: input.corpus, referenceFlow: loadReferenceFlow(input.corpus) };
const report: WorkerReport = {
  cases: 0,
  texts: 0,
  withProblems: 0,
  loaded: 0,
  scenarios: 0,
  flows: 0,
  slowest: { index: -1, ms: 0, ops: [] },
  failures: [],
  heap: { baselineMb: 0, peakMb: 0, endMb: 0 },
};
gc();
const baseline = getHeapStatistics().used_heap_size;
let peak = baseline;
for (let index = input.first; index < input.total; index += input.stride) {
  Atomics.store(progress, input.worker * 2, index);
  const outcome = runLoaderCase(index, ctx);
  Atomics.add(progress, input.worker * 2 + 1, 1);
  report.texts++;
  report.cases += outcome.cases;
  report.withProblems += outcome.withProblems;
  report.loaded += outcome.loaded;
  report.scenarios += outcome.scenarios;
  report.flows += outcome.flows;
  if (outcome.maxMs > report.slowest.ms) report.slowest = { index, ms: Math.round(outcome.maxMs), ops: outcome.ops };
  const failures = [...outcome.failures];
  if (failures.length > 0 && report.failures.length < input.maxFailures) {
    report.failures.push(
      `case ${index} (replay: FUZZ_SEED=${input.seed} FUZZ_CASE=${index}) [${outcome.ops.join(' + ')}] file ${JSON.stringify(outcome.file)}\n` +
        `  input: ${preview(outcome.text)}\n  ${failures.slice(0, 5).join('\n  ')}`,
    );
  }
  peak = Math.max(peak, getHeapStatistics().used_heap_size);
}
Atomics.store(progress, input.worker * 2, -1);
gc();
report.heap = { baselineMb: mb(baseline), peakMb: mb(peak), endMb: mb(getHeapStatistics().used_heap_size) };
parentPort?.postMessage(report);
