// Bad input (README, Guarantees): seeded fuzzing of parseScenarioFile and parseFlowFile with mutated real files.
// Every case must end in a result or in problems that carry the file and a line of it: never an
// exception, never a hung case (no progress for HANG_MS), never a heap that keeps growing. The slowest case
// is printed, not asserted: a busy CI machine is no measure of speed (bench/limits.ts times the worst inputs).
//   FUZZ_SEED=<n>|random  another run (its seed is printed)     FUZZ_TEXTS=<n>  more mutated files
//   FUZZ_SEED=<n> FUZZ_CASE=<i>  replay one case in-process, with its input and every failure
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadReferenceFlow, readCorpus, runLoaderCase } from './helpers/loader-cases.ts';
import type { WorkerInput, WorkerReport } from './helpers/loader-worker.ts';
import { readCount, readSeed } from './helpers/prng.ts';

const DEFAULT_SEED = 20_260_707;
/** Each text goes through both loaders: 8,000 texts are 16,000 cases. */
const DEFAULT_TEXTS = 8000;
/** No progress on one case for this long is a hang: the worker is stopped and the case reported. */
const HANG_MS = 15_000;
const WORKER_HEAP_MB = 512;
/** Heap a worker may hold at the end over its start, after a full GC: more is a leak. */
const MAX_RETAINED_MB = 64;
/** Heap right after any case (garbage included): a blow-up shows here first. */
const MAX_PEAK_MB = 400;

const seed = readSeed(DEFAULT_SEED);
const texts = readCount('FUZZ_TEXTS', DEFAULT_TEXTS);
const only = process.env['FUZZ_CASE'];

interface WorkerResult {
  report?: WorkerReport;
  crash?: string;
}

function runWorker(input: WorkerInput, progress: Int32Array): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./helpers/loader-worker.ts', import.meta.url), {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let report: WorkerReport | undefined;
    let crash: string | undefined;
    let lastDone = -1;
    let lastChange = Date.now();
    const watchdog = setInterval(() => {
      const done = Atomics.load(progress, input.worker * 2 + 1);
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
        return;
      }
      if (Date.now() - lastChange < HANG_MS) return;
      const index = Atomics.load(progress, input.worker * 2);
      crash = `case ${index} hung: no result after ${HANG_MS} ms (replay: FUZZ_SEED=${input.seed} FUZZ_CASE=${index})`;
      void worker.terminate();
    }, 250);
    worker.on('message', (message: WorkerReport) => {
      report = message;
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const index = Atomics.load(progress, input.worker * 2);
      crash = `case ${index} crashed the worker (${error.code ?? error.name}: ${error.message}) (replay: FUZZ_SEED=${input.seed} FUZZ_CASE=${index})`;
    });
    worker.on('exit', () => {
      clearInterval(watchdog);
      resolve({ ...(report && { report }), ...(crash !== undefined && { crash }) });
    });
  });
}

if (only !== undefined) {
  test(`fuzz loaders: replay case ${only} of seed ${seed}`, () => {
    const corpus = readCorpus();
    const outcome = runLoaderCase(Number(only), { seed, corpus, referenceFlow: loadReferenceFlow(corpus) });
    console.log(
      `ops: ${outcome.ops.join(' + ')}; file ${JSON.stringify(outcome.file)}; ${Math.round(outcome.maxMs)} ms\ninput: ${JSON.stringify(outcome.text)}`,
    );
    assert.deepEqual(outcome.failures, []);
  });
} else {
  test(`fuzz loaders: ${texts} mutated files through both loaders (seed ${seed})`, { timeout: 240_000 }, async () => {
    const corpus = readCorpus();
    assert.ok(corpus.length >= 10, `expected the example and fixture files as seeds, found ${corpus.length}`);
    const workers = Math.max(1, Math.min(2, availableParallelism()));
    const progress = new Int32Array(new SharedArrayBuffer(workers * 2 * Int32Array.BYTES_PER_ELEMENT));
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: workers }, (_, worker) =>
        runWorker(
          {
            seed,
            first: worker,
            stride: workers,
            total: texts,
            corpus,
            progress: progress.buffer as SharedArrayBuffer,
            worker,
            maxFailures: 20,
          },
          progress,
        ),
      ),
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const reports = results.flatMap((r) => (r.report ? [r.report] : []));
    const sum = (pick: (r: WorkerReport) => number): number => reports.reduce((total, r) => total + pick(r), 0);
    const slowest = reports.map((r) => r.slowest).sort((a, b) => b.ms - a.ms)[0];
    console.log(
      `fuzz loaders: ${sum((r) => r.cases)} cases (seed ${seed}): ${sum((r) => r.withProblems)} with problems, ${sum((r) => r.loaded)} loaded` +
        ` (${sum((r) => r.texts)} files, ${sum((r) => r.scenarios)} scenarios and ${sum((r) => r.flows)} flows run through engine and analysis) in ${seconds} s;` +
        ` slowest case ${slowest?.index} ${slowest?.ms} ms [${slowest?.ops.join(' + ')}];` +
        ` heap MB per worker (start/peak/end): ${reports.map((r) => `${r.heap.baselineMb}/${r.heap.peakMb}/${r.heap.endMb}`).join(', ')}`,
    );
    const failures = [...results.flatMap((r) => (r.crash === undefined ? [] : [r.crash])), ...reports.flatMap((r) => r.failures)];
    assert.deepEqual(failures, [], `${failures.length} failing fuzz case(s):\n${failures.join('\n\n')}`);
    assert.equal(reports.length, workers);
    assert.equal(
      sum((r) => r.texts),
      texts,
    );
    assert.ok(sum((r) => r.cases) >= 10_000 || texts < DEFAULT_TEXTS, 'at least 10,000 cases per run');
    for (const r of reports) {
      assert.ok(r.heap.peakMb < MAX_PEAK_MB, `heap peaked at ${r.heap.peakMb} MB (limit ${MAX_PEAK_MB} MB)`);
      assert.ok(
        r.heap.endMb - r.heap.baselineMb < MAX_RETAINED_MB,
        `heap grew from ${r.heap.baselineMb} to ${r.heap.endMb} MB over the run`,
      );
    }
    // The mutations must reach past the YAML parser: some files still load, some fail the schema.
    assert.ok(
      sum((r) => r.loaded) > 0 && sum((r) => r.scenarios) > 0 && sum((r) => r.flows) > 0,
      'no mutated file loaded: the mutations are too blunt',
    );
  });
}
