// A hostile API against the built action, by size: answers nested 2,000 deep (debug answer, flow graph,
// compilation failure), several answers of 6 MB, an answer over max-response-mb. The unusable answers
// make their scenarios `error` with the reason; the others run; the report, the summary and the outputs
// are written. The work is bounded by counts and bytes; the tests' own timeouts are the hang guards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DEBUG_PATH, OK_RESPONSE, TOKEN_PATH, issueTokens, sendJson, serveForFile } from '../api/helpers/scripted-server.ts';
import type { Hit, ScriptedServer } from '../api/helpers/scripted-server.ts';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import type { ActionRun } from '../helpers/action.ts';

const SECRET = `secret-${randomBytes(12).toString('hex')}`;
const serve = serveForFile();

/** `{"a":{"a":…1…}}`, `levels` objects deep. */
const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

/** The `which` variable a scenario sends picks the answer, so a retry gets the same one. */
const which = (hit: Hit): string => (JSON.parse(hit.body) as { variables?: { which?: string } }).variables?.which ?? 'ok';

function scenarioFile(names: string[]): string {
  const items = names.map((n) => `  - name: ${n}\n    variables: { which: ${n} }\n    expect: { exit: node_exit }\n`).join('');
  return `flow: flow-size\ninput: { dtmf: "2" }\nscenarios:\n${items}`;
}

function run(server: ScriptedServer, names: string[], inputs: Record<string, string> = {}): Promise<ActionRun> {
  const workspace = makeWorkspace();
  writeFiles(workspace, { 'cxone-tests/size.yaml': scenarioFile(names) });
  return runAction({
    workspace,
    inputs: {
      target: 'api',
      'base-url': server.url,
      'client-id': 'size-client',
      'client-secret': SECRET,
      'json-report-path': 'report.json',
      ...inputs,
    },
  });
}

interface ReportScenario {
  name: string;
  status: string;
  truncated?: Record<string, { shown: number; total: number }>;
  errors: Array<{ source: string; message: string; code?: string }>;
  execution_summary?: { total_nodes: number; path: string[] };
  raw_trace?: unknown[];
}

/** Report, summary and outputs written; no stack overflow or secret in any channel. */
function checkRun(r: ActionRun, total: number): Map<string, ReportScenario> {
  assert.ok(r.report, `no report written: ${r.stdout.slice(-2000)}\n${r.stderr}`);
  assert.equal(r.outputs.total, String(total), 'outputs written');
  assert.match(r.summary, /Scenarios/, 'job summary written');
  const json = JSON.parse(readFileSync(path.join(r.workspace, 'report.json'), 'utf8')) as unknown;
  assert.deepEqual(json, r.report, 'the JSON report holds what the YAML report holds');
  const channels = {
    stdout: r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    stderr: r.stderr,
    outputs: JSON.stringify(r.outputs),
    summary: r.summary,
    report: r.reportText,
  };
  for (const [name, text] of Object.entries(channels)) {
    assert.ok(!text.includes(SECRET), `the client secret leaked into ${name}`);
    assert.ok(!/Maximum call stack|Invalid string length|heap out of memory/i.test(text), `${name} reports a crash`);
  }
  return new Map((r.report.scenarios as ReportScenario[]).map((s) => [s.name, s]));
}

const apiError = (s: ReportScenario | undefined) => s?.errors.find((e) => e.source === 'api');

describe('hostile sizes', () => {
  test('nested 2,000 deep: that debug answer, flow graph and compilation failure are INVALID_RESPONSE naming the depth; the normal scenario passes', {
    timeout: 120_000,
  }, async () => {
    const server = await serve({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (hit, res) => {
        const kind = which(hit);
        if (kind === 'deep') return sendJson(res, 200, { ...OK_RESPONSE, variables: nested(2_000) });
        if (kind === 'deep_failure')
          return sendJson(res, 500, {
            message: 'Flow compilation failed',
            trace: [{ nodeId: 'node_start', status: 'Error', variables: nested(2_000) }],
          });
        return sendJson(res, 200, OK_RESPONSE);
      },
      // GET /api/v2/flows/flow-size: a graph whose node nests 2,000 deep.
      '*': (_hit, res) =>
        sendJson(res, 200, {
          id: 'flow-size',
          start: 'node_start',
          nodes: { node_start: { type: 'Start', next: 'node_exit', extra: nested(2_000) }, node_exit: { type: 'Exit' } },
        }),
    });
    const r = await run(server, ['deep', 'deep_failure', 'normal']);
    const scenarios = checkRun(r, 3);
    for (const [name, where] of [
      ['deep', 'variables.a.a.a.a.a.a.a…'],
      ['deep_failure', 'trace[0].variables.a.a.a.a.a…'],
    ] as const) {
      const s = scenarios.get(name);
      assert.equal(s?.status, 'error', name);
      assert.equal(apiError(s)?.code, 'INVALID_RESPONSE', name);
      assert.ok(apiError(s)?.message.includes(`nested deeper than 64 levels at ${where}`), `${name}: ${apiError(s)?.message}`);
    }
    assert.equal(scenarios.get('normal')?.status, 'passed');
    assert.deepEqual(r.outputs.errored, '2');
    assert.match(
      r.stdout,
      /Warning: could not read the graph of flow 'flow-size', so it has no static checks or coverage: .*nested deeper than 64 levels at nodes\.node_start\.extra\.a/,
    );
    // Depth is the server's real answer, not a hiccup: no retry of those calls.
    assert.equal(server.count(DEBUG_PATH), 3);
  });

  test('5 answers of 6 MB: the report is written, each scenario cut to its budget with the counts of what was left out', {
    timeout: 180_000,
  }, async () => {
    const STEPS = 50_000;
    const ids = Array.from({ length: STEPS }, (_, i) => (i === STEPS - 1 ? 'node_exit' : `node_${i % 500}`));
    const body = JSON.stringify({
      path: ids,
      variables: { counter: STEPS },
      exitNode: 'node_exit',
      duration: STEPS,
      trace: ids.map((nodeId, i) => ({
        nodeId,
        type: 'Play',
        timestamp: i,
        status: 'Completed',
        variables: { counter: i, tier: 'gold', note: 'x'.repeat(20) },
      })),
    });
    assert.ok(body.length > 6_000_000 && body.length < 8_000_000, `answer of ${body.length} bytes`);
    const server = await serve({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (_hit, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      },
      '*': (_hit, res) => sendJson(res, 404, { message: 'no graph' }),
    });
    const names = ['big1', 'big2', 'big3', 'big4', 'big5'];
    const r = await run(server, names);
    const scenarios = checkRun(r, 5);
    assert.ok(r.reportText.length < 8_000_000, `report of ${r.reportText.length} bytes for 5 × ${body.length}`);
    for (const name of names) {
      const s = scenarios.get(name)!;
      assert.equal(s.execution_summary?.total_nodes, STEPS, `${name}: the count is the answer's`);
      assert.ok(s.truncated, `${name}: says what was cut`);
      assert.deepEqual(s.truncated.raw_trace, { shown: s.raw_trace?.length, total: STEPS }, name);
      assert.deepEqual(s.truncated.path, { shown: s.execution_summary?.path.length, total: STEPS }, name);
      assert.ok(s.truncated.raw_trace!.shown > 100 && s.truncated.path!.shown > 100, `${name}: the first entries are kept`);
      assert.deepEqual(s.execution_summary?.path.slice(0, 3), ['node_0', 'node_1', 'node_2']);
      assert.deepEqual(s.raw_trace?.[0], {
        nodeId: 'node_0',
        type: 'Play',
        timestamp: 0,
        status: 'Completed',
        variables: { counter: 0, tier: 'gold', note: 'x'.repeat(20) },
      });
      assert.equal(s.status, 'failed', `${name}: node_0 … node_499 repeat: a loop`);
    }
  });

  test('max-response-mb 1: a 2 MB answer is INVALID_RESPONSE naming the limit and the input; the small one passes', {
    timeout: 120_000,
  }, async () => {
    const big = JSON.stringify({ ...OK_RESPONSE, variables: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    const server = await serve({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (hit, res) => {
        if (which(hit) === 'over') res.writeHead(200, { 'content-type': 'application/json' }).end(big);
        else sendJson(res, 200, OK_RESPONSE);
      },
      '*': (_hit, res) => sendJson(res, 404, { message: 'no graph' }),
    });
    const r = await run(server, ['over', 'small'], { 'max-response-mb': '1' });
    const scenarios = checkRun(r, 2);
    const over = scenarios.get('over');
    assert.equal(over?.status, 'error');
    assert.equal(apiError(over)?.code, 'INVALID_RESPONSE');
    assert.match(
      apiError(over)?.message ?? '',
      /answered with an unusable body: body exceeds the 1048576-byte limit \(1 MB\)\. Raise 'max-response-mb' if such an answer is expected\./,
    );
    assert.equal(scenarios.get('small')?.status, 'passed');
    // Too large is final: the call is not repeated.
    assert.equal(server.hits.filter((h) => h.path === DEBUG_PATH && which(h) === 'over').length, 1);
  });

  test('merge: a JSON shard report nested 2,000 deep is a problem naming the depth; the merged report is written', {
    timeout: 60_000,
  }, async () => {
    const workspace = makeWorkspace();
    writeFiles(workspace, {
      'shards/a.json': JSON.stringify({ report_metadata: {}, scenarios: [{ name: 'x', raw_trace: [{ variables: nested(2_000) }] }] }),
    });
    const r = await runAction({ workspace, inputs: { merge: 'shards/*.json' } });
    assert.ok(r.report, `no merged report: ${r.stdout.slice(-2000)}`);
    const problem = (r.report.problems as Array<{ file: string; message: string }>).find((p) => p.file === 'shards/a.json');
    assert.match(problem?.message ?? '', /nested deeper than 72 levels at scenarios\[0\]\.raw_trace\[0\]\.variables\.a/);
    assert.equal(r.outputs.conclusion, 'failure');
    assert.ok(!/Maximum call stack/.test(r.stdout + r.stderr));
  });

  test('max-response-mb 0 is refused with the input, the value and what is allowed', { timeout: 60_000 }, async () => {
    const server = await serve({ [TOKEN_PATH]: issueTokens() });
    const r = await run(server, ['any'], { 'max-response-mb': '0' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error::.*Invalid 'max-response-mb' "0": expected a whole number from 1 to 1024/m);
    assert.equal(server.count(DEBUG_PATH), 0);
  });
  test('one string of 12 MB (an exit node, a trace error, a node id) is cut in the report and the log, never a stack overflow', {
    timeout: 180_000,
  }, async () => {
    const big = 'x'.repeat(12 * 1024 * 1024);
    const server = await serve({
      [TOKEN_PATH]: issueTokens(),
      [DEBUG_PATH]: (hit, res) => {
        const kind = which(hit);
        if (kind === 'exit') return sendJson(res, 200, { ...OK_RESPONSE, exitNode: big });
        if (kind === 'error')
          return sendJson(res, 200, { ...OK_RESPONSE, trace: [{ nodeId: 'node_exit', type: 'Exit', timestamp: 0, error: big }] });
        if (kind === 'node') return sendJson(res, 200, { ...OK_RESPONSE, path: [big, 'node_exit'] });
        return sendJson(res, 200, OK_RESPONSE);
      },
    });
    const r = await run(server, ['exit', 'error', 'node', 'normal']);
    const scenarios = checkRun(r, 4);
    assert.equal(scenarios.get('normal')?.status, 'passed');
    const exit = r.report.scenarios[0].execution_summary.exit_node as string;
    assert.ok(exit.length < 17_000 && exit.endsWith(`… (${big.length} characters)`), exit.slice(-40));
    assert.equal(scenarios.get('error')?.status, 'error');
    assert.ok(r.reportText.length < 1_000_000, `report of ${r.reportText.length} characters`);
    assert.ok(
      r.stdout.split('\n').every((line) => line.length < 20_000),
      'no log line carries the 12 MB',
    );
  });
});
