// Deadlines benchmark: what must end promptly whatever the other side does. The client gives up at its
// request-timeout (100 ms) on a server that answers after 1.5 s, headers or body, and at once when
// cancelled; the emulator closes at once with an idle keep-alive connection (Node would otherwise wait
// out its 5 s keep-alive) and with a call still in flight. The tests prove each ends, with the right
// error, bounded only by their own timeout; the time it takes is measured here, best of three.
//   node_modules/.bin/node bench/run.ts deadlines
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { FlowDebugClient } from '../src/api/client.ts';
import type { DebugRequest } from '../src/domain/wire.ts';
import { parseFlowFile } from '../src/flow/load.ts';
import { startEmulator } from '../src/emulator/server.ts';
import { printTable } from './lib/table.ts';

const REPEATS = 3;
const TIMEOUT_MS = 100;
const SERVER_DELAY_MS = 1_500;
const TARGET_MS = 1_000;
const REQUEST: DebugRequest = {
  flowId: 'f',
  input: { dtmf: '1', speech: '' },
  options: { trace: true, includeVariables: true, maxLoops: 50 },
};
const FLOW = parseFlowFile('id: f\nstart: s\nnodes:\n  s: { type: Start, next: x }\n  x: { type: Exit }\n', 'f.yaml').flow!;

type Late = 'headers' | 'body' | 'never';

/** Tokens at once; the debug call late in the way asked, or never (until the client goes away). */
async function lateServer(late: Late): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    if (req.url === '/oauth2/token') return json(res, { access_token: 'tok', expires_in: 3600, token_type: 'Bearer' });
    if (late === 'never') return;
    if (late === 'body') res.writeHead(200, { 'content-type': 'application/json' }).write('{"path": [');
    const timer = setTimeout(
      () => (late === 'body' ? res.end(']}') : json(res, { path: [], trace: [], variables: {}, exitNode: 'x', duration: 0 })),
      SERVER_DELAY_MS,
    );
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Milliseconds from the call to its error, and the error's code. */
async function clientGivesUp(late: Late): Promise<[number, string]> {
  const server = await lateServer(late);
  const client = new FlowDebugClient({
    baseUrl: server.url,
    tokenUrl: `${server.url}/oauth2/token`,
    scope: 'flow:debug',
    auth: { kind: 'client-credentials', clientId: 'id', clientSecret: 'secret' },
    maxRetries: 0,
    requestTimeoutMs: late === 'never' ? 60_000 : TIMEOUT_MS,
    allowInsecureHttp: false,
  });
  const controller = new AbortController();
  const started = performance.now();
  // 'never' is cancelled: the deadline is a minute away, so only the abort can end it.
  if (late === 'never') setTimeout(() => controller.abort(), 0);
  const code = await client.debug(REQUEST, controller.signal).then(
    () => 'answered',
    (e: { code?: string }) => e.code ?? 'threw',
  );
  const ms = performance.now() - started;
  client.close();
  await server.close();
  return [ms, code];
}

async function emulatorCloses(with_: 'keep-alive' | 'slow call'): Promise<[number, string]> {
  const emulator = await startEmulator({
    flows: [FLOW],
    faults: with_ === 'slow call' ? [{ kind: 'slow', count: 1, delayMs: 60_000 }] : [],
  });
  const socket = connect(emulator.port, '127.0.0.1');
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  // The slow fault is played before any token check: an anonymous debug call is enough to hold one open.
  const path = with_ === 'keep-alive' ? 'GET /nowhere' : 'POST /api/v2/flows/debug';
  let answers = 0;
  const answered = new Promise<void>((resolve) => socket.on('data', () => (answers++, resolve())));
  socket.write(`${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n`);
  if (with_ === 'keep-alive') await answered;
  else await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  await emulator.close();
  await closed;
  const inFlight = with_ === 'keep-alive' ? answers === 1 : answers === 0;
  return [performance.now() - started, inFlight ? 'closed' : `closed, but ${answers} answer(s) came first`];
}

async function best(run: () => Promise<[number, string]>): Promise<[number, string]> {
  let result: [number, string] = [Infinity, ''];
  for (let i = 0; i < REPEATS; i++) {
    const r = await run();
    if (r[0] < result[0]) result = r;
  }
  return result;
}

const CASES: [string, string, () => Promise<[number, string]>][] = [
  [`client: headers after ${SERVER_DELAY_MS} ms, request-timeout ${TIMEOUT_MS} ms`, 'TIMEOUT', () => clientGivesUp('headers')],
  [`client: body trickles for ${SERVER_DELAY_MS} ms, request-timeout ${TIMEOUT_MS} ms`, 'TIMEOUT', () => clientGivesUp('body')],
  ['client: cancelled while the server never answers', 'CANCELLED', () => clientGivesUp('never')],
  ['emulator close() with an idle keep-alive connection', 'closed', () => emulatorCloses('keep-alive')],
  ['emulator close() with a 60 s call in flight', 'closed', () => emulatorCloses('slow call')],
];

console.log(
  `What must end promptly, best of ${REPEATS}; target under ${TARGET_MS} ms each (the server would answer after ${SERVER_DELAY_MS} ms).\n`,
);
const rows: string[][] = [];
let missed = 0;
for (const [name, expected, run] of CASES) {
  const [ms, got] = await best(run);
  const ok = ms < TARGET_MS && got === expected;
  if (!ok) missed++;
  rows.push([name, `${ms.toFixed(0)} ms`, got, `${expected}, < ${TARGET_MS} ms`, ok ? 'ok' : 'MISSED']);
}
printTable(['case', 'time', 'result', 'target', 'verdict'], rows);
console.log(`\n${missed === 0 ? 'PASS' : 'FAIL'}: ${CASES.length - missed} of ${CASES.length} cases`);
if (missed > 0) process.exitCode = 1;
