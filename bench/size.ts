// Size benchmark (README, Performance): the built action, spawned as the runner spawns it, against a scripted
// loopback Flow Debug API that serves precomputed answers:
//  1. one 1,000,000-step answer (a 1,000-node cycle run 1,000 times, ~12 MB), analysed end to end: path
//     diff, loops, variables, coverage against the graph GET /flows/{id} serves, report, summary;
//  2. 50 answers of 6 MB each (under the per-answer cap, 300 MB in all): the report is written and bounded.
// Wall time is from spawn to exit; peak RSS is the child's own getrusage high-water mark, written on
// exit by a preloaded module (bench/lib/peak-rss.mjs), so nothing else on the machine counts.
//   node_modules/.bin/node bench/run.ts size
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { printRecords } from './lib/table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;
const FLOW_ID = 'bench-size-flow';
const NODES = 1_000;
const BIG_STEPS = 1_000_000;
/** The trace a gateway returns for the 1,000,000-step run: its first steps, with variables. */
const BIG_TRACE = 10_000;
const MANY = 50;
const MANY_BYTES = 6 * MB;
const TARGETS = { big: { ms: 1_500, rssMb: 250 }, many: { rssMb: 1_024 } };
const CHILD_TIMEOUT_MS = 300_000;

const nodeId = (i: number) => `node_${String(i % NODES).padStart(3, '0')}`;

/** `steps` steps round the cycle, a trace entry (with variables) for the first `traced`, the last one the exit. */
function answer(steps: number, traced: number): string {
  const path: string[] = [];
  const trace: unknown[] = [];
  for (let i = 0; i < steps; i++) {
    path.push(nodeId(i));
    if (i < traced)
      trace.push({
        nodeId: nodeId(i),
        type: 'Play',
        timestamp: i * 10,
        status: 'Completed',
        variables: { counter: Math.floor(i / NODES), tier: 'gold' },
      });
  }
  return JSON.stringify({
    path,
    variables: { counter: Math.floor(steps / NODES), tier: 'gold' },
    exitNode: path.at(-1),
    duration: steps * 10,
    trace,
  });
}

/** The steps whose full trace makes an answer of about `bytes`. */
function answerOfSize(bytes: number): string {
  const perStep = answer(1_000, 1_000).length / 1_000;
  return answer(Math.floor(bytes / perStep), Number.MAX_SAFE_INTEGER);
}

const GRAPH = JSON.stringify({
  id: FLOW_ID,
  name: 'A 1,000-node cycle',
  start: nodeId(0),
  nodes: Object.fromEntries(
    Array.from({ length: NODES }, (_, i) => [nodeId(i), { type: 'Play', prompt: `step ${i}`, next: nodeId(i + 1) }]),
  ),
});

function serve(body: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const send = (status: number, text: string) =>
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      if (req.url === '/oauth2/token')
        return send(200, JSON.stringify({ access_token: 'bench-token-value', expires_in: 3600, token_type: 'Bearer' }));
      if (req.method === 'GET') return send(200, GRAPH);
      return send(200, body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

interface Measured {
  ms: number;
  cpuMs: number;
  rssBytes: number;
  code: number | null;
  report: any;
  reportBytes: number;
  summaryBytes: number;
  stderr: string;
}

async function runAction(url: string, scenarios: string, extra: Record<string, string>): Promise<Measured> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'cxft-bench-size-'));
  try {
    mkdirSync(path.join(workspace, 'cxone-tests'));
    writeFileSync(path.join(workspace, 'cxone-tests', 'size.yaml'), scenarios);
    const files = { output: path.join(workspace, '.out'), summary: path.join(workspace, '.summary'), rss: path.join(workspace, '.rss') };
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      BENCH_PEAK_RSS_FILE: files.rss,
      RUNNER_TEMP: tmpdir(),
    };
    const inputs = {
      target: 'api',
      'base-url': url,
      'client-id': 'bench-client',
      'client-secret': 'bench-secret-value',
      'upload-artifact': 'false',
      ...extra,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', path.join(import.meta.dirname, 'lib', 'peak-rss.mjs'), path.join(ROOT, 'dist', 'index.js')],
      { cwd: workspace, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    const ms = performance.now() - started;
    const reportFile = path.join(workspace, 'cxone-flow-report.yaml');
    let reportText = '';
    try {
      reportText = readFileSync(reportFile, 'utf8');
    } catch {
      // No report: counted as a miss below.
    }
    const usage = JSON.parse(readFileSync(files.rss, 'utf8')) as { peakRssBytes: number; cpuMs: number };
    return {
      ms,
      cpuMs: usage.cpuMs,
      code,
      rssBytes: usage.peakRssBytes,
      report: reportText ? load(reportText) : undefined,
      reportBytes: reportText.length,
      summaryBytes: statSync(files.summary).size,
      stderr,
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

const BIG_SCENARIO = `flow: ${FLOW_ID}
scenarios:
  - name: A million steps
    input: { dtmf: "1" }
    expect:
      path: [${nodeId(0)}, "...", ${nodeId(NODES - 1)}]
      exit: ${nodeId(NODES - 1)}
      variables: { counter: { gte: 1 }, tier: gold }
      variablesAt: { ${nodeId(500)}: { tier: gold } }
`;

const MANY_SCENARIOS = `flow: ${FLOW_ID}\nscenarios:\n${Array.from({ length: MANY }, (_, i) => `  - name: Six megabytes ${i + 1}\n    input: { dtmf: "1" }\n    expect: { exit: ${nodeId(NODES - 1)} }\n`).join('')}`;

const rows: Record<'what' | 'answer' | 'wall' | 'cpu' | 'rss' | 'report' | 'result' | 'target', string>[] = [];
const verdicts: string[] = [];
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

{
  const body = answer(BIG_STEPS, BIG_TRACE);
  const { server, url } = await serve(body);
  // Other work on the machine only slows a run down: the best of three is the figure.
  const runs = [await runAction(url, BIG_SCENARIO, {}), await runAction(url, BIG_SCENARIO, {}), await runAction(url, BIG_SCENARIO, {})];
  server.close();
  const m = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const s = m.report?.scenarios?.[0];
  const analysed =
    s?.execution_summary?.total_nodes === BIG_STEPS &&
    s?.state_machine_analysis?.has_loops === true &&
    m.report?.coverage?.[0]?.nodes?.percent === 100;
  const ok = analysed && m.ms <= TARGETS.big.ms && m.rssBytes <= TARGETS.big.rssMb * MB;
  rows.push({
    what: '1 answer of 1,000,000 steps',
    answer: mb(body.length),
    wall: `${(m.ms / 1000).toFixed(2)} s`,
    cpu: `${(m.cpuMs / 1000).toFixed(2)} s`,
    rss: mb(m.rssBytes),
    report: mb(m.reportBytes),
    result: analysed
      ? `${s.status}, ${s.state_machine_analysis.loop_details.length} loops, coverage ${m.report.coverage[0].nodes.percent}%`
      : `NOT ANALYSED (exit ${m.code}) ${m.stderr.slice(0, 200)}`,
    target: `≤ ${TARGETS.big.ms / 1000} s, ≤ ${TARGETS.big.rssMb} MB`,
  });
  verdicts.push(
    `${ok ? 'PASS' : 'FAIL'} 1,000,000 steps: ${(m.ms / 1000).toFixed(2)} s (target ≤ ${TARGETS.big.ms / 1000} s), peak RSS ${mb(m.rssBytes)} (target ≤ ${TARGETS.big.rssMb} MB)${analysed ? '' : ', not analysed end to end'}`,
  );
}

{
  const body = answerOfSize(MANY_BYTES);
  const { server, url } = await serve(body);
  const m = await runAction(url, MANY_SCENARIOS, { 'json-report-path': 'report.json', 'junit-path': 'junit.xml' });
  server.close();
  const scenarios: any[] = m.report?.scenarios ?? [];
  const written = scenarios.length === MANY && scenarios.every((s) => s.status === 'failed' && s.truncated?.raw_trace?.total > 0);
  const ok = written && m.rssBytes <= TARGETS.many.rssMb * MB;
  rows.push({
    what: `${MANY} answers of 6 MB`,
    answer: `${MANY} × ${mb(body.length)}`,
    wall: `${(m.ms / 1000).toFixed(2)} s`,
    cpu: `${(m.cpuMs / 1000).toFixed(2)} s`,
    rss: mb(m.rssBytes),
    report: mb(m.reportBytes),
    result: written
      ? `${scenarios.length} scenarios, raw_trace ${scenarios[0].truncated.raw_trace.shown} of ${scenarios[0].truncated.raw_trace.total} entries each; summary ${mb(m.summaryBytes)}`
      : `NO REPORT (exit ${m.code}) ${m.stderr.slice(0, 200)}`,
    target: `report written, ≤ ${TARGETS.many.rssMb} MB`,
  });
  verdicts.push(
    `${ok ? 'PASS' : 'FAIL'} ${MANY} × 6 MB: report ${written ? 'written' : 'MISSING'} (${mb(m.reportBytes)}), peak RSS ${mb(m.rssBytes)} (target ≤ ${TARGETS.many.rssMb} MB), ${(m.ms / 1000).toFixed(1)} s`,
  );
}

printRecords(
  {
    what: 'run',
    answer: 'answer',
    wall: 'wall time',
    cpu: 'CPU time',
    rss: 'peak RSS',
    report: 'YAML report',
    result: 'result',
    target: 'target',
  },
  rows,
);
console.log('');
for (const v of verdicts) console.log(v);
if (verdicts.some((v) => v.startsWith('FAIL'))) process.exitCode = 1;
