// Client benchmark (README, Performance): 200 scenarios through the real client and runner against the emulator, which
// adds 100 ms to every call and answers 429 + Retry-After above 20 requests per second. The lower bound of
// the wall time is max(N / rate, N × latency / concurrency); a run should come within 10 % of it and lose
// no scenario to the 429s, with max-requests-per-second set and without it (adaptive gate). The same run,
// one scenario at a time with no gate (the tutorial's way), is timed for comparison.
//   node_modules/.bin/node bench/run.ts client
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FlowDebugClient } from '../src/api/client.ts';
import { createRateGate } from '../src/api/rate-limit.ts';
import type { RateGate } from '../src/api/rate-limit.ts';
import { parseFlowFile } from '../src/flow/load.ts';
import { startEmulator } from '../src/emulator/server.ts';
import type { FlowDefinition } from '../src/domain/flow.ts';
import { parseScenarioFile } from '../src/scenario/load.ts';
import type { Scenario } from '../src/domain/scenario.ts';
import { DEFAULTS } from '../src/settings.ts';
import { runScenarios } from '../src/simulation/runner.ts';
import { printRecords } from './lib/table.ts';

const N = 200;
const LATENCY_MS = 100;
const RATE = 20;
const CONCURRENCY = 8;
const TARGET_RATIO = 1.1;
/** No run may take longer than this, whatever goes wrong. */
const RUN_TIMEOUT_MS = 120_000;

const root = path.resolve(import.meta.dirname, '..');
const credentials = { clientId: 'bench-client', clientSecret: 'bench-secret-value' };

function loadInputs(): { flows: FlowDefinition[]; scenarios: Scenario[]; uniqueScenarios: number } {
  const flow = loadFlow('examples/flows/main-menu.yaml');
  const file = 'examples/scenarios/main-menu.yaml';
  const parsed = parseScenarioFile(readFileSync(path.join(root, file), 'utf8'), file);
  if (parsed.problems.length > 0 || parsed.scenarios.length === 0) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
  const scenarios = Array.from({ length: N }, (_, i) => {
    const s = parsed.scenarios[i % parsed.scenarios.length]!;
    return { ...s, name: `${s.name} #${i + 1}` };
  });
  return { flows: [flow], scenarios, uniqueScenarios: parsed.scenarios.length };
}

function loadFlow(file: string): FlowDefinition {
  const parsed = parseFlowFile(readFileSync(path.join(root, file), 'utf8'), file);
  if (!parsed.flow) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
  return parsed.flow;
}

interface Mode {
  name: string;
  concurrency: number;
  /** 'none': no gate at all (the tutorial's way); 'adaptive': the default gate; a number: max-requests-per-second. */
  gate: 'none' | 'adaptive' | number;
}

interface Measured {
  ms: number;
  throttled: number;
  lost: number;
  debugCalls: number;
  tokenRequests: number;
  failures: string[];
}

async function measure(mode: Mode, inputs: ReturnType<typeof loadInputs>, count: number): Promise<Measured> {
  const emulator = await startEmulator({ flows: inputs.flows, credentials, latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: RATE } });
  // 'none': a gate that never waits, as the tutorial sends each call as soon as the last one answered.
  const open: RateGate = { acquire: async () => {}, onThrottled: () => {}, onSuccess: () => {} };
  const rateGate = mode.gate === 'none' ? open : createRateGate(mode.gate === 'adaptive' ? {} : { requestsPerSecond: mode.gate });
  const client = new FlowDebugClient({
    baseUrl: emulator.url,
    tokenUrl: `${emulator.url}/oauth2/token`,
    scope: DEFAULTS.scope,
    auth: { kind: 'client-credentials', ...credentials },
    maxRetries: DEFAULTS.maxRetries,
    requestTimeoutMs: DEFAULTS.requestTimeoutSeconds * 1000,
    allowInsecureHttp: false,
    rateGate,
  });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`run took over ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
  const started = performance.now();
  try {
    const executions = await runScenarios(inputs.scenarios.slice(0, count), client, {
      concurrency: mode.concurrency,
      maxLoops: DEFAULTS.maxLoops,
      signal: controller.signal,
    });
    const ms = performance.now() - started;
    const failures = executions.flatMap((e) =>
      e.kind === 'failed' ? [`${e.code} ${e.status ?? ''}`.trim()] : e.kind === 'completed' ? [] : [e.kind],
    );
    return {
      ms,
      throttled: emulator.stats.throttled,
      lost: failures.length,
      debugCalls: emulator.stats.debugCalls,
      tokenRequests: emulator.stats.tokenRequests,
      failures,
    };
  } finally {
    clearTimeout(timer);
    client.close();
    await emulator.close();
  }
}

function boundMs(count: number, concurrency: number, rate: number): number {
  return Math.max((count / rate) * 1000, (count * LATENCY_MS) / concurrency);
}

interface Row {
  mode: string;
  n: string;
  wall: string;
  bound: string;
  ratio: string;
  calls: string;
  throttled: string;
  lost: string;
  verdict: string;
}

function printTable(rows: Row[]): void {
  printRecords(
    {
      mode: 'mode',
      n: 'N',
      wall: 'wall time',
      bound: 'bound',
      ratio: 'ratio',
      calls: 'debug calls',
      throttled: '429s',
      lost: 'lost',
      verdict: 'target',
    },
    rows,
  );
}

const inputs = loadInputs();
console.log(
  `${N} scenarios (the ${inputs.uniqueScenarios} of examples/scenarios/main-menu.yaml, repeated) against the emulator: ${LATENCY_MS} ms per call, 429 + Retry-After above ${RATE} req/s.`,
);
console.log(
  `Bound = max(N / ${RATE} req/s, N × ${LATENCY_MS} ms / concurrency). Targets: ratio ≤ ${TARGET_RATIO.toFixed(2)} and no scenario lost, with and without the cap.\n`,
);

const modes: Mode[] = [
  { name: `max-requests-per-second ${RATE}, concurrency ${CONCURRENCY}`, concurrency: CONCURRENCY, gate: RATE },
  { name: `adaptive (no cap), concurrency ${CONCURRENCY}`, concurrency: CONCURRENCY, gate: 'adaptive' },
  { name: 'seed: sequential, no gate', concurrency: 1, gate: 'none' },
];
const rows: Row[] = [];
const verdicts: string[] = [];
for (const mode of modes) {
  const m = await measure(mode, inputs, N);
  const seed = mode.gate === 'none';
  const bound = boundMs(N, mode.concurrency, RATE);
  const ratio = m.ms / bound;
  const ok = ratio <= TARGET_RATIO && m.lost === 0;
  rows.push({
    mode: mode.name,
    n: String(N),
    wall: `${(m.ms / 1000).toFixed(2)} s`,
    // The tutorial's way is timed only: it has no concurrency for the bound to describe.
    bound: seed ? '—' : `${(bound / 1000).toFixed(2)} s`,
    ratio: seed ? '—' : ratio.toFixed(3),
    calls: `${m.debugCalls} (+${m.tokenRequests} token)`,
    throttled: String(m.throttled),
    lost: m.lost === 0 ? '0' : `${m.lost} (${[...new Set(m.failures)].join(', ')})`,
    verdict: seed ? 'baseline' : ok ? 'ok' : 'MISSED',
  });
  if (!seed) {
    verdicts.push(
      `${ok ? 'PASS' : 'FAIL'} ${mode.name}: ratio ${ratio.toFixed(3)} (target ≤ ${TARGET_RATIO.toFixed(2)}), ${m.lost} lost (target 0), ${m.throttled} × 429`,
    );
  }
}
printTable(rows);
const fixed = rows[0]!;
const seedRow = rows[2]!;
console.log(
  `\nThe emulator lets a burst of ${RATE} through at once, so the true floor is about (N − ${RATE}) / rate + latency = ${(((N - RATE) / RATE) * 1000 + LATENCY_MS) / 1000} s: a ratio a little under 1 is possible.`,
);
console.log(
  `The seed's way takes ${seedRow.wall} for ${N} scenarios, ${(Number.parseFloat(seedRow.wall) / Number.parseFloat(fixed.wall)).toFixed(1)}× the capped concurrent run.`,
);
for (const v of verdicts) console.log(v);
if (verdicts.some((v) => v.startsWith('FAIL'))) process.exitCode = 1;
