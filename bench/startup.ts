// Start-up benchmark (README, Performance): from process start to the first HTTP request, the built action
// (`node dist/index.js`, with the environment a runner sets) and the CLI (`node dist/cli.js run`), each
// against a scripted loopback Flow Debug API that notes when the first request arrives, beside bare Node
// (`node -e 0`, start to exit). The overhead is a median minus bare Node's median; above TARGET_MS it fails.
// Each run is also checked to end as a passing run, so a fast failure cannot pass for a fast start.
//   node_modules/.bin/node bench/run.ts startup
// Where the time goes: `node --cpu-prof --cpu-prof-dir=/tmp/prof dist/index.js` with the same environment
// (STARTUP_CPU_PROF=/tmp/prof makes this bench run each entry once more that way and print the folder).
// On a busy machine the wall times grow with everyone else's work; the CPU column (the child's own CPU
// time to the same moment, from /proc on Linux) does not, and shows whether a change made start-up cheaper.
// Bare Node runs as `node -e 0` and nothing else: a preload to read its CPU time would be start-up that the
// baseline does not have, so its CPU time is not shown (a process that has exited has no /proc entry).
// STARTUP_DIST=<folder> measures another build's index.js and cli.js (a checkout of an older commit's dist/).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { printRecords } from './lib/table.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.resolve(process.env['STARTUP_DIST'] ?? path.join(ROOT, 'dist'));
const RUNS = 15;
const TARGET_MS = 150;
const CHILD_TIMEOUT_MS = 60_000;
const FLOW_ID = 'bench-startup-flow';
const SCENARIOS = `flow: ${FLOW_ID}\nscenarios:\n  - name: Starts\n    input: { dtmf: "1" }\n    expect: { exit: node_exit }\n`;
const ANSWER = JSON.stringify({
  path: ['node_exit'],
  variables: {},
  exitNode: 'node_exit',
  duration: 1,
  trace: [{ nodeId: 'node_exit', type: 'Exit', timestamp: 0 }],
});

const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A running process's CPU time (user + system, all its threads) in ms, from /proc; undefined elsewhere. */
function cpuMsOf(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  // Fields after the command name (which may hold spaces, so it is skipped by its closing parenthesis): utime is the 12th, stime the 13th.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

interface FirstRequest {
  at: number;
  cpuMs: number | undefined;
}

/** A loopback Flow Debug API: a token, then a one-step answer; `firstRequest` is when the first request's headers arrived, and the CPU time the watched process had used by then. */
async function startServer(): Promise<{
  url: string;
  firstRequest: () => FirstRequest | undefined;
  reset: (pid?: number) => void;
  close: () => void;
}> {
  let first: FirstRequest | undefined;
  let watched: number | undefined;
  const server = createServer((req, res) => {
    first ??= { at: performance.now(), cpuMs: cpuMsOf(watched) };
    req.resume();
    req.on('end', () => {
      const body =
        req.url === '/oauth2/token'
          ? JSON.stringify({ access_token: 'bench-token-value', expires_in: 3600, token_type: 'Bearer' })
          : req.method === 'GET'
            ? '{"error":"not found"}'
            : ANSWER;
      res
        .writeHead(req.method === 'GET' && req.url !== '/oauth2/token' ? 404 : 200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        })
        .end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstRequest: () => first,
    reset: (pid) => {
      first = undefined;
      watched = pid;
    },
    close: () => server.close(),
  };
}

interface Spawned {
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

interface Timed {
  startToRequestMs: number | undefined;
  startToExitMs: number;
  cpuMs: number | undefined;
  code: number | null;
  stderr: string;
}

/** The figures of one run; the CPU time is read when the first request arrives (bare Node makes none: undefined). */
async function timeOne(s: Spawned, server: Awaited<ReturnType<typeof startServer>>, nodeFlags: string[] = []): Promise<Timed> {
  server.reset();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, ...s.args], { cwd: s.cwd, env: s.env, stdio: ['ignore', 'ignore', 'pipe'] });
  server.reset(child.pid);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const exited = performance.now();
  const first = server.firstRequest();
  return {
    startToRequestMs: first === undefined ? undefined : first.at - started,
    startToExitMs: exited - started,
    cpuMs: first?.cpuMs,
    code,
    stderr,
  };
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxft-bench-startup-'));
  mkdirSync(path.join(dir, 'cxone-tests'));
  writeFileSync(path.join(dir, 'cxone-tests', 'startup.yaml'), SCENARIOS);
  return dir;
}

/** The action as the runner starts it: INPUT_<NAME>, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE. */
function actionSpawn(url: string, ws: string): Spawned {
  const output = path.join(ws, '.gh-output');
  const summary = path.join(ws, '.gh-summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: tmpdir(),
  };
  const inputs = {
    target: 'api',
    'base-url': url,
    'token-url': `${url}/oauth2/token`,
    'allow-insecure-http': 'true',
    'client-id': 'bench-client',
    'client-secret': 'bench-secret-value',
    'upload-artifact': 'false',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { args: [path.join(DIST, 'index.js')], env, cwd: ws };
}

function cliSpawn(url: string, ws: string): Spawned {
  const env = { PATH: process.env['PATH'] ?? '', CXONE_CLIENT_ID: 'bench-client', CXONE_CLIENT_SECRET: 'bench-secret-value' };
  const args = [
    path.join(DIST, 'cli.js'),
    'run',
    '--target',
    'api',
    '--base-url',
    url,
    '--token-url',
    `${url}/oauth2/token`,
    '--allow-insecure-http',
    'true',
  ];
  return { args, env, cwd: ws };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number) => `${Math.round(x)} ms`;
const kb = (file: string) => `${Math.round(statSync(path.join(DIST, file)).size / 1024).toLocaleString('en')} KB`;

const server = await startServer();
const ws = workspace();
const entries = [
  { what: 'node -e 0 (start to exit)', spawned: { args: ['-e', '0'], env: { PATH: process.env['PATH'] ?? '' }, cwd: ws }, bundle: '' },
  { what: 'action: node dist/index.js', spawned: actionSpawn(server.url, ws), bundle: 'index.js' },
  { what: 'CLI: node dist/cli.js run', spawned: cliSpawn(server.url, ws), bundle: 'cli.js' },
];
const samples = entries.map(() => [] as number[]);
const cpu = entries.map(() => [] as number[]);
const broken: string[] = [];
try {
  // Interleaved, so a burst of other work on the machine slows all three alike.
  for (let run = 0; run < RUNS; run++) {
    for (const [i, entry] of entries.entries()) {
      const bare = i === 0;
      const t = await timeOne(entry.spawned, server);
      const figure = bare ? t.startToExitMs : t.startToRequestMs;
      if (t.code !== 0 || figure === undefined)
        broken.push(
          `${entry.what}: exit ${t.code}${figure === undefined ? ', no request reached the server' : ''} ${t.stderr.slice(0, 300)}`,
        );
      else samples[i]!.push(figure);
      if (t.cpuMs !== undefined) cpu[i]!.push(t.cpuMs);
    }
  }
  const profileDir = process.env['STARTUP_CPU_PROF'];
  if (profileDir) {
    for (const entry of entries.slice(1)) await timeOne(entry.spawned, server, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    console.log(`CPU profiles (one per entry) in ${profileDir}`);
  }
} finally {
  server.close();
  rmSync(ws, { recursive: true, force: true });
}

const bare = median(samples[0]!);
const rows = entries.map((entry, i) => {
  const m = samples[i]!.length > 0 ? median(samples[i]!) : NaN;
  const c = cpu[i]!.length > 0 ? median(cpu[i]!) : NaN;
  return {
    what: entry.what,
    median: ms(m),
    range: samples[i]!.length > 0 ? `${ms(Math.min(...samples[i]!))}–${ms(Math.max(...samples[i]!))}` : '',
    overhead: i === 0 ? '' : ms(m - bare),
    cpu: Number.isNaN(c) ? 'n/a' : ms(c),
    bundle: entry.bundle ? kb(entry.bundle) : '',
    target: i === 0 ? '' : `overhead ≤ ${TARGET_MS} ms`,
  };
});
console.log(
  `Process start to the first HTTP request, median of ${RUNS} runs each (bare Node: start to exit); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
);
printRecords(
  {
    what: 'process',
    median: 'median',
    range: 'range',
    overhead: 'over bare Node',
    cpu: 'CPU time',
    bundle: 'bundle',
    target: 'target',
  },
  rows,
);
console.log('');
for (const b of broken) console.log(`BROKEN ${b}`);
let failed = broken.length > 0;
for (const [i, entry] of entries.entries()) {
  if (i === 0) continue;
  const overhead = median(samples[i]!) - bare;
  const ok = Number.isFinite(overhead) && overhead <= TARGET_MS;
  failed ||= !ok;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${entry.what}: ${ms(overhead)} over bare Node (target ≤ ${TARGET_MS} ms)`);
}
if (failed) process.exitCode = 1;
