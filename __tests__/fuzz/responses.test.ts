// Bad input (README, Guarantees): the Flow Debug API answering garbage. A scripted loopback server issues a token
// and answers each scenario's debug call with a good body or a mutated one (chosen by the `case`
// variable the scenario sends, so a retry gets the same answer). Every scenario runs through
// FlowDebugClient + runScenarios + analyzeScenario: an unusable answer ends as a failed execution
// (INVALID_RESPONSE, with the reason) and an analysis error; the good ones, interleaved, pass.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ServerResponse } from 'node:http';
import { analyzeScenario } from '../../src/analysis/analyze.ts';
import { FlowDebugClient } from '../../src/api/client.ts';
import { parseDebugResponse } from '../../src/api/validate-response.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/domain/scenario.ts';
import { runScenarios } from '../../src/simulation/runner.ts';
import type { Execution } from '../../src/domain/execution.ts';
import { DEBUG_PATH, OK_RESPONSE, TOKEN_PATH, clientOptions, issueTokens, startServer } from '../api/helpers/scripted-server.ts';
import { createFakeTime } from '../helpers/fake-time.ts';
import type { Hit, ScriptedServer } from '../api/helpers/scripted-server.ts';
import { caseRng, readCount, readSeed } from './helpers/prng.ts';
import type { Rng } from './helpers/prng.ts';

const seed = readSeed(20_260_708);
const CASES = readCount('FUZZ_RESPONSES', 600);

/** A body as sent: JSON-able data, or raw text. */
type Body = { json: unknown } | { raw: string };

interface BadKind {
  name: string;
  body: () => Body;
  /** What the failure must say. */
  reason: RegExp;
}

const ok = (): Record<string, unknown> => structuredClone(OK_RESPONSE) as unknown as Record<string, unknown>;
const withField = (key: string, value: unknown): Body => ({ json: { ...ok(), [key]: value } });
const without = (key: string): Body => {
  const body = ok();
  delete body[key];
  return { json: body };
};
const traceWith = (entry: unknown, at = 1): Body => {
  const body = ok();
  const trace = [...(body['trace'] as unknown[])];
  trace[at] = entry;
  return { json: { ...body, trace } };
};
const entry = (over: Record<string, unknown>): Record<string, unknown> => ({
  nodeId: 'node_menu',
  type: 'GatherInput',
  timestamp: 45,
  ...over,
});

// Built once: the 10 MB trace and the huge string are costly to make, cheap to send again.
const TEN_MB_TRACE = JSON.stringify({
  ...OK_RESPONSE,
  trace: Array.from({ length: 110_000 }, (_, i) => ({
    nodeId: `node_${i}`,
    type: 'Play',
    timestamp: i,
    variables: { pad: 'x'.repeat(40) },
  })),
});
const HUGE_STRING = 'x'.repeat(3 * 1024 * 1024);
const DEEP_JSON = '['.repeat(200_000) + ']'.repeat(200_000);
const DEEP_VARIABLES = JSON.parse(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`) as unknown;
/** A 500 compilation failure whose trace holds 200,000 errors (6 MB, under the body limit). */
const HUGE_FAILURE_TRACE = JSON.stringify({
  message: 'Flow compilation failed',
  trace: Array.from({ length: 200_000 }, (_, i) => ({ nodeId: `n${i}`, status: 'Error' })),
});

const BAD_KINDS: BadKind[] = [
  { name: 'path missing', body: () => without('path'), reason: /path is not an array/ },
  { name: 'path a string', body: () => withField('path', 'node_start,node_exit'), reason: /path is not an array/ },
  { name: 'path a number', body: () => withField('path', 3), reason: /path is not an array/ },
  { name: 'path a map', body: () => withField('path', { 0: 'node_start' }), reason: /path is not an array/ },
  { name: 'path null', body: () => withField('path', null), reason: /path is not an array/ },
  { name: 'path of numbers', body: () => withField('path', [1, 2, 3]), reason: /path is not an array of node ids/ },
  {
    name: 'path with a null',
    body: () => withField('path', ['node_start', null, 'node_exit']),
    reason: /path is not an array of node ids/,
  },
  { name: 'path with a map', body: () => withField('path', ['node_start', { id: 'x' }]), reason: /path is not an array of node ids/ },
  { name: 'variables missing', body: () => without('variables'), reason: /variables is not an object/ },
  { name: 'variables a string', body: () => withField('variables', 'selected_option=2'), reason: /variables is not an object/ },
  { name: 'variables a list', body: () => withField('variables', [['selected_option', '2']]), reason: /variables is not an object/ },
  { name: 'variables null', body: () => withField('variables', null), reason: /variables is not an object/ },
  { name: 'exitNode a number', body: () => withField('exitNode', 3), reason: /exitNode is neither a string nor null/ },
  { name: 'exitNode a map', body: () => withField('exitNode', { id: 'node_exit' }), reason: /exitNode is neither a string nor null/ },
  { name: 'exitNode a list', body: () => withField('exitNode', ['node_exit']), reason: /exitNode is neither a string nor null/ },
  { name: 'exitNode true', body: () => withField('exitNode', true), reason: /exitNode is neither a string nor null/ },
  { name: 'exitNode missing', body: () => without('exitNode'), reason: /exitNode is neither a string nor null/ },
  { name: 'duration a string', body: () => withField('duration', '145ms'), reason: /duration is not a number/ },
  { name: 'duration a map', body: () => withField('duration', { ms: 145 }), reason: /duration is not a number/ },
  { name: 'trace missing', body: () => without('trace'), reason: /trace is not an array/ },
  { name: 'trace a string', body: () => withField('trace', 'node_start>node_exit'), reason: /trace is not an array/ },
  { name: 'trace a map', body: () => withField('trace', { 0: entry({}) }), reason: /trace is not an array/ },
  { name: 'trace entry a number', body: () => traceWith(7), reason: /trace\[1\] is not an object/ },
  { name: 'trace entry a string', body: () => traceWith('node_menu'), reason: /trace\[1\] is not an object/ },
  { name: 'trace entry null', body: () => traceWith(null, 0), reason: /trace\[0\] is not an object/ },
  { name: 'trace entry a list', body: () => traceWith(['node_menu'], 2), reason: /trace\[2\] is not an object/ },
  {
    name: 'trace entry without nodeId',
    body: () => traceWith({ type: 'GatherInput', timestamp: 45 }),
    reason: /trace\[1\]\.nodeId is not a string/,
  },
  { name: 'trace nodeId a number', body: () => traceWith(entry({ nodeId: 12 })), reason: /trace\[1\]\.nodeId is not a string/ },
  { name: 'trace type a number', body: () => traceWith(entry({ type: 4 })), reason: /trace\[1\]\.type is not a string/ },
  { name: 'trace timestamp a string', body: () => traceWith(entry({ timestamp: '45' })), reason: /trace\[1\]\.timestamp is not a number/ },
  {
    name: 'trace variables a string',
    body: () => traceWith(entry({ variables: 'x=1' })),
    reason: /trace\[1\]\.variables is not an object/,
  },
  { name: 'trace variables a list', body: () => traceWith(entry({ variables: [1] })), reason: /trace\[1\]\.variables is not an object/ },
  { name: 'body a list', body: () => ({ json: [OK_RESPONSE] }), reason: /body is not a JSON object/ },
  { name: 'body null', body: () => ({ json: null }), reason: /body is not a JSON object/ },
  { name: 'body a number', body: () => ({ json: 200 }), reason: /body is not a JSON object/ },
  { name: 'body a huge string', body: () => ({ json: HUGE_STRING }), reason: /body is not a JSON object/ },
  { name: 'path a huge string', body: () => withField('path', HUGE_STRING), reason: /path is not an array/ },
  { name: 'body not JSON (HTML)', body: () => ({ raw: '<html><body>502 Bad Gateway</body></html>' }), reason: /body is not JSON/ },
  { name: 'body not JSON (cut short)', body: () => ({ raw: JSON.stringify(OK_RESPONSE).slice(0, 60) }), reason: /body is not JSON/ },
  {
    name: 'body not JSON (NaN)',
    body: () => ({ raw: '{"path": [], "variables": {}, "exitNode": null, "duration": NaN, "trace": []}' }),
    reason: /body is not JSON/,
  },
  { name: 'body not JSON (binary)', body: () => ({ raw: '\u0000\u0001\ufffd\ud800garbage' }), reason: /body is not JSON/ },
  { name: 'body JSON nested 200,000 deep', body: () => ({ raw: DEEP_JSON }), reason: /nested deeper than 64 levels at \[0\]\[0\]/ },
  {
    name: 'variables nested 2,000 deep',
    body: () => withField('variables', DEEP_VARIABLES),
    reason: /nested deeper than 64 levels at variables\.a\.a/,
  },
  { name: 'empty body', body: () => ({ raw: '' }), reason: /empty body/ },
  { name: 'blank body', body: () => ({ raw: '  \r\n ' }), reason: /empty body/ },
  { name: '10 MB trace', body: () => ({ raw: TEN_MB_TRACE }), reason: /exceeds the \d+-byte limit \(8 MB\)/ },
];

/** Answers that look odd but are usable: they must not be mistaken for garbage. */
const ODD_BUT_GOOD: { name: string; body: () => Body }[] = [
  { name: 'extra fields', body: () => ({ json: { ...ok(), debugId: 'abc', meta: { region: 'us-1' } } }) },
  { name: 'no duration', body: () => without('duration') },
  {
    name: 'a __proto__ variable',
    body: () => ({ raw: JSON.stringify(OK_RESPONSE).replace('"variables":{', '"variables":{"__proto__":{"polluted":true},') }),
  },
  { name: 'trace entries with extra fields', body: () => traceWith(entry({ input: '2', extra: [1, { deep: null }] })) },
];

type Plan =
  | { kind: 'good'; name: string; body: Body }
  | { kind: 'bad'; name: string; body: Body; reason: RegExp }
  /** A random mutation of a good body: the product's own parser decides whether it is usable. */
  | { kind: 'random'; name: string; body: Body }
  /** 500 with a huge error trace: a failed execution whose analysis lists every trace error. */
  | { kind: 'compilation'; name: string; body: Body };

function planCase(rng: Rng): Plan {
  const roll = rng.next();
  if (roll < 0.4) {
    if (rng.chance(0.8)) return { kind: 'good', name: 'good', body: { json: OK_RESPONSE } };
    const odd = rng.pick(ODD_BUT_GOOD);
    return { kind: 'good', name: odd.name, body: odd.body() };
  }
  if (roll < 0.8) {
    // The costly bodies (megabytes) are rare, so the test stays quick.
    let bad = rng.pick(BAD_KINDS);
    if (/10 MB|huge|deep/.test(bad.name) && rng.chance(0.7)) bad = rng.pick(BAD_KINDS);
    return { kind: 'bad', name: bad.name, body: bad.body(), reason: bad.reason };
  }
  return randomMutation(rng);
}

const RANDOM_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  '',
  'x',
  'node_exit',
  true,
  false,
  [],
  {},
  ['a'],
  { a: 1 },
  [null],
  [[]],
  { nodeId: 1 },
];

function randomMutation(rng: Rng): Plan {
  const body = ok();
  const names: string[] = [];
  const count = rng.between(1, 3);
  for (let i = 0; i < count; i++) {
    const key = rng.pick(['path', 'variables', 'exitNode', 'duration', 'trace', 'trace[]', 'trace[].field', 'path[]']);
    const value = structuredClone(rng.pick(RANDOM_VALUES));
    names.push(`${key}=${JSON.stringify(value)}`);
    const trace = Array.isArray(body['trace']) ? (body['trace'] as unknown[]) : null;
    const path = Array.isArray(body['path']) ? (body['path'] as unknown[]) : null;
    if (key === 'trace[]' && trace && trace.length > 0) trace[rng.int(trace.length)] = value;
    else if (key === 'trace[].field' && trace && trace.length > 0) {
      const at = rng.int(trace.length);
      const item = trace[at];
      if (item !== null && typeof item === 'object' && !Array.isArray(item))
        trace[at] = { ...item, [rng.pick(['nodeId', 'type', 'timestamp', 'variables', 'status', 'error'])]: value };
    } else if (key === 'path[]' && path && path.length > 0) path[rng.int(path.length)] = value;
    else if (!key.includes('[')) body[key] = value;
  }
  return { kind: 'random', name: `random ${names.join(', ')}`, body: { json: body } };
}

function send(res: ServerResponse, body: Body, status: number): void {
  const text = 'json' in body ? JSON.stringify(body.json) : body.raw;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(text);
}

/** One scenario file with CASES scenarios, each sending its case number as a variable. */
function scenarioFile(): string {
  const lines = ['flow: a1b2c3d4-e5f6-7890-abcd-ef1234567890', 'input: { dtmf: "2" }', 'scenarios:'];
  for (let i = 0; i < CASES; i++) {
    lines.push(
      `  - name: case ${i}`,
      `    variables: { case: ${i} }`,
      '    expect:',
      '      path: [node_start, node_menu, node_exit]',
      '      exit: node_exit',
      '      variables: { selected_option: "2" }',
    );
  }
  return lines.join('\n') + '\n';
}

let server: ScriptedServer;
const plans: Plan[] = [];

before(async () => {
  for (let i = 0; i < CASES; i++) {
    plans.push(
      i % 200 === 7
        ? { kind: 'compilation', name: '500 with a 200,000-error trace', body: { raw: HUGE_FAILURE_TRACE } }
        : planCase(caseRng(seed, i)),
    );
  }
  server = await startServer({
    [TOKEN_PATH]: issueTokens(),
    [DEBUG_PATH]: (hit: Hit, res) => {
      const index = (JSON.parse(hit.body) as { variables?: { case?: number } }).variables?.case;
      const plan = typeof index === 'number' ? plans[index] : undefined;
      if (!plan) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `no case ${String(index)}` }));
        return;
      }
      send(res, plan.body, plan.kind === 'compilation' ? 500 : 200);
    },
  });
});

after(async () => {
  await server?.close();
});

test(`fuzz responses: ${CASES} scenarios against mutated Flow Debug API answers (seed ${seed})`, { timeout: 120_000 }, async () => {
  const { scenarios, problems } = parseScenarioFile(scenarioFile(), 'cxone-tests/fuzz-responses.yaml');
  assert.deepEqual(problems, []);
  assert.equal(scenarios.length, CASES);
  const time = createFakeTime();
  // max-response-mb 8, so that the 10 MB case is over the cap. No case waits for the request timeout: it is
  // only a hang guard here (2 s ran out for big answers on a loaded machine).
  const client = new FlowDebugClient(
    clientOptions(server, time, { maxRetries: 2, maxResponseBytes: 8 * 1024 * 1024, requestTimeoutMs: 60_000 }),
  );
  const started = performance.now();
  let executions: Execution[];
  try {
    executions = await runScenarios(scenarios, client, { concurrency: 8, maxLoops: 50, clock: time.clock });
  } finally {
    client.close();
  }
  const failures: string[] = [];
  const counts = { good: 0, bad: 0, randomUsable: 0, randomUnusable: 0, compilation: 0 };
  scenarios.forEach((scenario: Scenario, i) => {
    const plan = plans[i] as Plan;
    const execution = executions[i] as Execution;
    const fail = (what: string): void => {
      failures.push(`case ${i} (${plan.name}; replay: FUZZ_SEED=${seed}): ${what}; execution ${JSON.stringify(execution).slice(0, 400)}`);
    };
    let analysis;
    try {
      analysis = analyzeScenario(scenario, execution, { loopThreshold: 3 });
    } catch (error) {
      fail(`analyzeScenario threw ${(error as Error).stack}`);
      return;
    }
    if (plan.kind === 'compilation') {
      counts.compilation++;
      if (execution.kind !== 'failed' || execution.code !== 'FLOW_COMPILATION_FAILED')
        return fail('a 500 compilation failure did not fail as one');
      if (analysis.status !== 'error' || analysis.traceErrors.length !== 200_000)
        fail(`analysis ${analysis.status} with ${analysis.traceErrors.length} trace errors`);
      return;
    }
    const usable =
      plan.kind === 'good' || (plan.kind === 'random' && parseDebugResponse('json' in plan.body ? plan.body.json : undefined).ok);
    if (plan.kind === 'good') counts.good++;
    else if (plan.kind === 'bad') counts.bad++;
    else if (usable) counts.randomUsable++;
    else counts.randomUnusable++;
    if (usable) {
      if (execution.kind !== 'completed') return fail('a usable answer did not complete');
      if (plan.kind === 'good' && analysis.status !== 'passed') fail(`a good answer did not pass: ${JSON.stringify(analysis.findings)}`);
      if (!['passed', 'failed', 'error'].includes(analysis.status)) fail(`analysis status ${analysis.status}`);
      return;
    }
    if (execution.kind !== 'failed') return fail('an unusable answer did not fail');
    if (execution.code !== 'INVALID_RESPONSE') fail(`code ${execution.code}, expected INVALID_RESPONSE`);
    if (plan.kind === 'bad' && !plan.reason.test(execution.message)) fail(`the message does not give the reason ${plan.reason}`);
    if (analysis.status !== 'error') fail(`analysis status ${analysis.status}, expected error`);
    const finding = analysis.findings[0];
    if (finding?.code !== 'API_ERROR' || !finding.params.code.includes('INVALID_RESPONSE'))
      fail(`first finding ${JSON.stringify(finding)}`);
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const hits = server.count(DEBUG_PATH);
  console.log(
    `fuzz responses: ${CASES} cases (seed ${seed}): ${counts.good} good, ${counts.bad} from the catalogue of bad answers (${BAD_KINDS.length} kinds),` +
      ` ${counts.randomUsable + counts.randomUnusable} random mutations (${counts.randomUnusable} unusable), ${counts.compilation} 500s with a 200,000-error trace; ${hits} debug calls, ${server.count(TOKEN_PATH)} token call(s) in ${seconds} s`,
  );
  assert.deepEqual(failures, [], `${failures.length} failing case(s):\n${failures.slice(0, 30).join('\n')}`);
  // One token for everyone; a garbled body is retried once (a proxy hiccup), never more.
  assert.equal(server.count(TOKEN_PATH), 1);
  assert.ok(hits <= CASES * 2, `${hits} debug calls for ${CASES} scenarios`);
  assert.ok(counts.bad > 0 && counts.good > 0 && counts.randomUnusable > 0);
});
