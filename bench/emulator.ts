// Emulator benchmark (README, Performance):
//  1. throughput: debug calls per second of a 10-node flow on loopback, 32 concurrent keep-alive clients
//     for ~3 s, the one token request included; the best of 3 rounds, as other work on the machine only
//     slows it down. The emulator runs in this process; the load comes from a child process, so the
//     generator's socket work does not share the emulator's event loop (on 2 cores each side gets one).
//  2. one 100,000-step run through executeFlow (a counter loop) with trace and variables on, as the
//     client asks for them: time and peak memory, in a child process of its own so peak RSS is the run's.
//   node_modules/.bin/node bench/run.ts emulator
import { spawn, spawnSync } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { executeFlow } from '../src/emulator/engine.ts';
import { startEmulator } from '../src/emulator/server.ts';
import type { FlowDefinition } from '../src/domain/flow.ts';
import { printTable } from './lib/table.ts';

const LOAD_MS = 3_000;
const CLIENTS = 32;
const ROUNDS = 3;
const TARGET_CALLS_PER_S = 2_000;
const STEPS = 100_000;
const TARGET_RUN_MS = 1_000;
const CHILD_TIMEOUT_MS = 60_000;

const credentials = { clientId: 'bench-client', clientSecret: 'bench-secret-value' };

/** Ten nodes, every one executed: Start → … → Exit through each node type. */
const TEN_NODE_FLOW: FlowDefinition = {
  id: 'bench-10-nodes',
  name: 'Ten nodes',
  start: 'n01_start',
  nodes: {
    n01_start: { type: 'Start', next: 'n02_set' },
    n02_set: { type: 'SetVariable', set: { customer_tier: 'standard', attempt_count: 0 }, next: 'n03_check' },
    n03_check: {
      type: 'Condition',
      if: { variable: 'customer_id', op: 'matches', value: '^CUST-' },
      then: 'n04_welcome',
      else: 'n10_exit',
    },
    n04_welcome: { type: 'Play', prompt: 'Thank you for calling.', next: 'n05_menu' },
    n05_menu: {
      type: 'GatherInput',
      variable: 'selected_option',
      options: { '1': 'n06_count', '2': 'n10_exit' },
      noMatch: 'n10_exit',
      noInput: 'n10_exit',
    },
    n06_count: { type: 'SetVariable', increment: 'attempt_count', next: 'n07_tier' },
    n07_tier: { type: 'Condition', if: { variable: 'attempt_count', op: 'gte', value: 1 }, then: 'n08_transfer', else: 'n10_exit' },
    n08_transfer: { type: 'Play', prompt: 'Connecting you.', next: 'n09_route' },
    n09_route: { type: 'Route', target: 'queue_sales', next: 'n10_exit' },
    n10_exit: { type: 'Exit' },
  },
} as FlowDefinition;

/** Start, then (increment, check) × iterations, then Exit: 2 × iterations + 2 steps. */
function counterFlow(iterations: number): FlowDefinition {
  return {
    id: 'bench-counter',
    start: 'start',
    nodes: {
      start: { type: 'Start', next: 'count' },
      count: { type: 'SetVariable', increment: 'counter', next: 'check' },
      check: { type: 'Condition', if: { variable: 'counter', op: 'gte', value: iterations }, then: 'done', else: 'count' },
      done: { type: 'Exit' },
    },
  } as FlowDefinition;
}

const DEBUG_BODY = JSON.stringify({
  flowId: TEN_NODE_FLOW.id,
  input: { dtmf: '1', speech: '' },
  options: { trace: true, includeVariables: true, maxLoops: 50 },
  variables: { customer_id: 'CUST-998' },
});

// ---- child: the load generator ----

interface LoadResult {
  calls: number;
  ok: number;
  other: Record<string, number>;
  elapsedMs: number;
  tokenMs: number;
  errors: number;
  cpuMs: number;
}

function post(
  agent: http.Agent,
  url: URL,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One keep-alive HTTP/1.1 connection, one request in flight, on a bare socket: node:http's client costs
 * about as much CPU per call as the emulator does, and on 2 cores that would measure the generator
 * (autocannon reads answers the same way). Answers are read whole, by their Content-Length.
 */
class KeepAliveConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (err: Error) => void } | undefined;

  private readonly socket: net.Socket;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.take();
    });
    const fail = (err: Error): void => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the connection closed')));
  }

  static open(url: URL): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => resolve(new KeepAliveConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Resolves with the status of the answer once all of it has arrived. */
  send(request: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private take(): void {
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffered.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length?.[1]) throw new Error(`an answer without Content-Length: ${head}`);
    const total = end + 4 + Number(length[1]);
    if (this.buffered.length < total) return;
    const status = Number(head.slice(9, 12));
    this.buffered = this.buffered.subarray(total);
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve(status);
  }
}

async function generateLoad(base: string): Promise<void> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope: 'flow:debug flow:read',
  }).toString();
  const token = await post(agent, url, '/oauth2/token', { 'content-type': 'application/x-www-form-urlencoded' }, form);
  if (token.status !== 200) throw new Error(`token request answered ${token.status}: ${token.body}`);
  const tokenMs = performance.now() - started;
  const headers = {
    authorization: `Bearer ${(JSON.parse(token.body) as { access_token: string }).access_token}`,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  const deadline = started + LOAD_MS;
  const result: LoadResult = { calls: 0, ok: 0, other: {}, elapsedMs: 0, tokenMs, errors: 0, cpuMs: 0 };
  // One answer read in full, to be sure the load runs all ten nodes.
  const first = await post(agent, url, '/api/v2/flows/debug', headers, DEBUG_BODY);
  const answer = JSON.parse(first.body) as { path?: string[]; exitNode?: string };
  if (first.status !== 200 || answer.path?.length !== 10 || answer.exitNode !== 'n10_exit')
    throw new Error(`unexpected debug answer ${first.status}: ${first.body.slice(0, 300)}`);
  result.calls++;
  result.ok++;
  const request = Buffer.from(
    `POST /api/v2/flows/debug HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: bench\r\nConnection: keep-alive\r\n` +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      `Content-Length: ${Buffer.byteLength(DEBUG_BODY)}\r\n\r\n${DEBUG_BODY}`,
  );
  const client = async (): Promise<void> => {
    const connection = await KeepAliveConnection.open(url);
    try {
      while (performance.now() < deadline) {
        try {
          const status = await connection.send(request);
          result.calls++;
          if (status === 200) result.ok++;
          else result.other[status] = (result.other[status] ?? 0) + 1;
        } catch {
          result.errors++;
          return;
        }
      }
    } finally {
      connection.close();
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  result.elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  agent.destroy();
  process.stdout.write(JSON.stringify(result));
}

// ---- child: one long executeFlow run ----

interface RunResult {
  ms: number;
  steps: number;
  exitNode: string | null;
  peakMb: number;
  extraMb: number;
  stringifyMs: number;
  responseMb: number;
}

function runLong(): void {
  // `steps` counts Start and Exit too: iterations × 2 + 2 = STEPS.
  const iterations = (STEPS - 2) / 2;
  const flow = counterFlow(iterations);
  const request = {
    flowId: flow.id,
    input: { dtmf: '', speech: '' },
    options: { trace: true, includeVariables: true, maxLoops: iterations + 1 },
  };
  globalThis.gc?.();
  const baseRss = process.memoryUsage().rss;
  const started = performance.now();
  const result = executeFlow(flow, request);
  const ms = performance.now() - started;
  if (result.status !== 200) throw new Error(`the run failed: ${JSON.stringify(result.body).slice(0, 300)}`);
  // What the server then does with it: the answer's size and the time to serialise it (for reference).
  const s0 = performance.now();
  const text = JSON.stringify(result.body);
  const stringifyMs = performance.now() - s0;
  const peakMb = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
  const out: RunResult = {
    ms,
    steps: result.body.path.length,
    exitNode: result.body.exitNode,
    peakMb,
    extraMb: peakMb - baseRss / 2 ** 20,
    stringifyMs,
    responseMb: Buffer.byteLength(text) / 2 ** 20,
  };
  process.stdout.write(JSON.stringify(out));
}

// ---- parent ----

async function measureThroughput(): Promise<LoadResult & { serverCpuMs: number }> {
  const emulator = await startEmulator({ flows: [TEN_NODE_FLOW], credentials });
  // While the child starts up this process only waits: its CPU from here on is the emulator serving the load.
  const cpuAtStart = process.cpuUsage();
  try {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'load', emulator.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const killer = setTimeout(() => child.kill(), CHILD_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(killer);
    if (code !== 0 || !stdout) throw new Error(`the load generator exited ${code}`);
    const stats = emulator.stats;
    const result = JSON.parse(stdout) as LoadResult;
    if (stats.tokenRequests !== 1) throw new Error(`expected one token request, the emulator saw ${stats.tokenRequests}`);
    if (stats.debugCalls !== result.calls)
      throw new Error(`the generator counted ${result.calls} debug calls, the emulator ${stats.debugCalls}`);
    const cpu = process.cpuUsage(cpuAtStart);
    return { ...result, serverCpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await emulator.close();
  }
}

function measureLongRun(): RunResult | string {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'long'], {
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0 || !child.stdout) return `crashed (${child.signal ?? `exit ${child.status}`}): ${child.stderr.slice(0, 500)}`;
  return JSON.parse(child.stdout) as RunResult;
}

async function main(): Promise<void> {
  console.log(
    `Emulator throughput: a 10-node flow (trace and variables on), ${CLIENTS} keep-alive clients in a child process for ${LOAD_MS / 1000} s, one token request included;`,
  );
  console.log(
    `best of ${ROUNDS} rounds, each against a fresh emulator (other work on this 2-core machine makes single rounds noisy; load average now ${loadavg()[0]!.toFixed(2)}).`,
  );
  console.log(
    `Engine: one ${STEPS.toLocaleString('en')}-step run of a counter loop through executeFlow, trace and variables on, in a child process.\n`,
  );
  const rounds: (LoadResult & { serverCpuMs: number; perSecond: number })[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const load = await measureThroughput();
    rounds.push({ ...load, perSecond: (load.ok / load.elapsedMs) * 1000 });
  }
  const load = rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const perSecond = load.perSecond;
  const clean = rounds.every((r) => r.calls === r.ok && r.errors === 0);
  const loadOk = perSecond >= TARGET_CALLS_PER_S && clean;
  // CPU per call does not depend on how much of the machine others take: the capacity of one core.
  const cpuPerCallMs = load.serverCpuMs / (load.ok + 1);
  const long = measureLongRun();
  const rows: [string, string, string, string][] = [];
  const verdicts: string[] = [];
  const failures = rounds.flatMap((r) => Object.entries(r.other).map(([s, n]) => `${n} × ${s}`));
  const errors = rounds.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) failures.push(`${errors} socket errors`);
  rows.push(['debug calls per second (best round)', perSecond.toFixed(0), `≥ ${TARGET_CALLS_PER_S}`, loadOk ? 'ok' : 'MISSED']);
  rows.push(['  every round', rounds.map((r) => r.perSecond.toFixed(0)).join(', ') + ' calls/s', '', '']);
  rows.push([
    '  debug calls answered 200',
    `${load.ok} in ${(load.elapsedMs / 1000).toFixed(2)} s${failures.length ? ` (non-200: ${failures.join(', ')})` : ''}`,
    '',
    '',
  ]);
  rows.push(['  token request', `1, ${load.tokenMs.toFixed(1)} ms`, '', '']);
  rows.push([
    '  emulator CPU (this process)',
    `${(load.serverCpuMs / 1000).toFixed(2)} s (${((load.serverCpuMs / load.elapsedMs) * 100).toFixed(0)} % of one core), ${(cpuPerCallMs * 1000).toFixed(0)} µs per call ≈ ${(1000 / cpuPerCallMs).toFixed(0)} calls/s per core`,
    '',
    '',
  ]);
  rows.push([
    '  load generator CPU (child)',
    `${(load.cpuMs / 1000).toFixed(2)} s (${((load.cpuMs / load.elapsedMs) * 100).toFixed(0)} % of one core)`,
    '',
    '',
  ]);
  verdicts.push(
    `${loadOk ? 'PASS' : 'FAIL'} throughput: ${perSecond.toFixed(0)} debug calls/s in the best of ${ROUNDS} rounds (target ≥ ${TARGET_CALLS_PER_S})${clean ? '' : ', some calls were not answered 200'}`,
  );
  if (typeof long === 'string') {
    rows.push([`${STEPS.toLocaleString('en')}-step executeFlow`, long, `< ${TARGET_RUN_MS} ms`, 'MISSED']);
    verdicts.push(`FAIL ${STEPS.toLocaleString('en')}-step run: ${long}`);
  } else {
    const runOk = long.ms < TARGET_RUN_MS && long.steps === STEPS && long.exitNode === 'done';
    rows.push([
      `${STEPS.toLocaleString('en')}-step executeFlow`,
      `${long.ms.toFixed(0)} ms (${long.steps.toLocaleString('en')} steps, exit ${long.exitNode})`,
      `< ${TARGET_RUN_MS} ms`,
      runOk ? 'ok' : 'MISSED',
    ]);
    rows.push(['  peak RSS', `${long.peakMb.toFixed(0)} MB (${long.extraMb.toFixed(0)} MB over the idle process)`, '', '']);
    rows.push(['  JSON answer', `${long.responseMb.toFixed(1)} MB, stringified in ${long.stringifyMs.toFixed(0)} ms`, '', '']);
    verdicts.push(
      `${runOk ? 'PASS' : 'FAIL'} ${STEPS.toLocaleString('en')}-step run: ${long.ms.toFixed(0)} ms (target < ${TARGET_RUN_MS} ms), peak RSS ${long.peakMb.toFixed(0)} MB`,
    );
  }
  printTable(['measure', 'figure', 'target', 'verdict'], rows);
  console.log('');
  for (const v of verdicts) console.log(v);
  if (verdicts.some((v) => v.startsWith('FAIL'))) process.exitCode = 1;
}

if (process.argv[2] === 'load') await generateLoad(process.argv[3]!);
else if (process.argv[2] === 'long') runLong();
else await main();
