// The runner against a scripted Flow Debug API: the run's stop (cancel, timeout-minutes, a final token
// failure) ends the waits in flight, and every scenario still ends as data with its reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FlowDebugClient } from '../../src/api/client.ts';
import { sleepFor } from '../../src/api/rate-limit.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { RunStop } from '../../src/simulation/run-stop.ts';
import { runScenarios } from '../../src/simulation/runner.ts';
import type { Execution } from '../../src/domain/execution.ts';
import { DEBUG_PATH, OK_RESPONSE, TOKEN_PATH, clientOptions, issueTokens, sendJson, startServer } from '../api/helpers/scripted-server.ts';
import { createFakeTime } from '../helpers/fake-time.ts';
import type { Handler, ScriptedServer } from '../api/helpers/scripted-server.ts';

function scenarios(count: number, extra = '') {
  const items = Array.from({ length: count }, (_, i) => `  - name: S${i + 1}\n    input: { dtmf: "1" }\n${extra}`).join('');
  const { scenarios: list, problems } = parseScenarioFile(`flow: flow-a\nscenarios:\n${items}`, 'cxone-tests/s.yaml');
  assert.deepEqual(problems, []);
  return list;
}

/** A client on real time (the deadline is a real timer), or on fake time when given. */
async function withClient<T>(
  routes: Record<string, Handler>,
  run: (client: FlowDebugClient, server: ScriptedServer) => Promise<T>,
  fake = false,
  maxRetries = 3,
): Promise<T> {
  const server = await startServer(routes);
  const time = createFakeTime();
  const client = new FlowDebugClient({
    ...clientOptions(server, time, { maxRetries }),
    ...(fake ? {} : { clock: Date.now, sleep: sleepFor }),
  });
  try {
    return await run(client, server);
  } finally {
    client.close();
    await server.close();
  }
}

/** The first debug call gets Retry-After: 999999; the rest would pass. */
const hugeRetryAfter: Record<string, Handler> = {
  [TOKEN_PATH]: issueTokens(),
  [DEBUG_PATH]: (_hit, res, n) =>
    n === 1 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '999999' }) : sendJson(res, 200, OK_RESPONSE),
};

const kinds = (executions: Execution[]) => executions.map((e) => e.kind);
const reasons = (executions: Execution[]) => executions.map((e) => (e.kind === 'not_run' || e.kind === 'skipped' ? e.reason : ''));

/** A 429 asking for a wait under the client's maximum: the call sleeps it out, the gate holds the rest. */
const retryAfter100 = (onThrottle: () => void = () => {}): Record<string, Handler> => ({
  [TOKEN_PATH]: issueTokens(),
  [DEBUG_PATH]: (_hit, res) => {
    sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '100' });
    onThrottle();
  },
});

describe('runScenarios and the run stop', () => {
  test('a Retry-After past the maximum wait is final for the run: one failed, the rest not_run at once', { timeout: 60_000 }, async () => {
    const executions = await withClient(hugeRetryAfter, async (client, server) => {
      const result = await runScenarios(scenarios(4), client, { concurrency: 1, maxLoops: 50 });
      assert.equal(server.count(DEBUG_PATH), 1, 'nothing was sent after the 429');
      return result;
    });
    assert.deepEqual(kinds(executions), ['failed', 'not_run', 'not_run', 'not_run']);
    assert.equal((executions[0] as Extract<Execution, { kind: 'failed' }>).code, 'RATE_LIMITED');
    for (const reason of reasons(executions).slice(1))
      assert.match(reason, /^the run stopped before this scenario started: .*wait 999999 s/);
  });

  test('timeout-minutes ends a wait in flight: the scenario waiting out its Retry-After is not_run at the deadline', {
    timeout: 60_000,
  }, async () => {
    const executions = await withClient(retryAfter100(), async (client, server) => {
      // Long enough for the token and the first call on a loaded machine; the retry would wait 100 s.
      const result = await runScenarios(scenarios(4), client, { concurrency: 1, maxLoops: 50, deadline: Date.now() + 2000 });
      assert.equal(server.count(DEBUG_PATH), 1, 'nothing was sent after the 429');
      return result;
    });
    assert.deepEqual(kinds(executions), ['not_run', 'not_run', 'not_run', 'not_run']);
    assert.equal(reasons(executions)[0], 'timeout-minutes was reached while this scenario was waiting or in flight');
    assert.deepEqual(reasons(executions).slice(1), Array(3).fill('timeout-minutes was reached before this scenario started'));
  });

  test('cancellation ends a wait in flight the same way', { timeout: 60_000 }, async () => {
    const cancel = new AbortController();
    // Cancelled once the 429 has been sent, so the first scenario is the one waiting it out.
    const handlers = retryAfter100(() => setTimeout(() => cancel.abort('SIGINT'), 50));
    const executions = await withClient(handlers, (client) =>
      runScenarios(scenarios(3), client, { concurrency: 1, maxLoops: 50, signal: cancel.signal }),
    );
    assert.deepEqual(kinds(executions), ['not_run', 'not_run', 'not_run']);
    assert.deepEqual(reasons(executions), [
      'the run was cancelled while this scenario was waiting or in flight',
      'the run was cancelled before this scenario started',
      'the run was cancelled before this scenario started',
    ]);
  });

  test('a token request that fails past its retries stops the run: one error, the rest not_run with its message', async () => {
    const down: Handler = (_hit, res) => sendJson(res, 503, { message: 'down' });
    const stop = new RunStop();
    const { executions, tokens, debug } = await withClient(
      { [TOKEN_PATH]: down, [DEBUG_PATH]: (_hit, res) => sendJson(res, 200, OK_RESPONSE) },
      async (client, server) => {
        const result = await runScenarios(scenarios(20), client, { concurrency: 4, maxLoops: 50, stop });
        return { executions: result, tokens: server.count(TOKEN_PATH), debug: server.count(DEBUG_PATH) };
      },
      true,
      2,
    );
    assert.equal(tokens, 3, 'one request and its two retries, shared by the four workers, never asked again');
    assert.equal(debug, 0);
    const failed = executions.filter((e) => e.kind === 'failed');
    assert.equal(failed.length, 1, kinds(executions).join());
    const message = failed[0]!.message;
    assert.match(message, /oauth2\/token answered 503/);
    assert.equal(stop.reason?.kind, 'failed');
    for (const e of executions) {
      if (e.kind === 'not_run') assert.ok(e.reason.startsWith('the run stopped ') && e.reason.endsWith(`: ${message}`), e.reason);
      else assert.equal(e.kind, 'failed');
    }
    stop.dispose();
  });

  test('a skipped scenario stays skipped after the stop', async () => {
    const cancel = new AbortController();
    cancel.abort('SIGTERM');
    const list = scenarios(2, '    skip: true\n');
    const executions = await withClient(hugeRetryAfter, (client) =>
      runScenarios(list, client, { concurrency: 2, maxLoops: 50, signal: cancel.signal }),
    );
    assert.deepEqual(kinds(executions), ['skipped', 'skipped']);
  });

  test('a scenario refused before any call is not_run with the reason, and nothing is sent for it', async () => {
    const list = scenarios(4);
    list[1]!.flow = 'flow-typo';
    list[3]!.flow = 'flow-typo';
    list[3]!.skip = true;
    const refuse = (s: { flow: string }) => (s.flow === 'flow-typo' ? "no flow 'flow-typo' in flows" : undefined);
    const { executions, debug } = await withClient(
      { [TOKEN_PATH]: issueTokens(), [DEBUG_PATH]: (_hit, res) => sendJson(res, 200, OK_RESPONSE) },
      async (client, server) => {
        const result = await runScenarios(list, client, { concurrency: 2, maxLoops: 50, refuse });
        return { executions: result, debug: server.hits.filter((h) => h.path === DEBUG_PATH).map((h) => JSON.parse(h.body).flowId) };
      },
    );
    assert.deepEqual(kinds(executions), ['completed', 'not_run', 'completed', 'skipped'], 'skip: true still wins');
    assert.equal(reasons(executions)[1], "no flow 'flow-typo' in flows");
    assert.deepEqual(debug, ['flow-a', 'flow-a'], 'no call names the refused flow');
  });
});

describe('RunStop', () => {
  test('the first reason wins; a clock past the deadline counts even before its timer', () => {
    const time = createFakeTime(1000);
    const stop = new RunStop({ deadline: 60_000, clock: time.clock });
    assert.equal(stop.reason, undefined);
    time.advance(59_000);
    assert.deepEqual(stop.reason, { kind: 'deadline' });
    assert.ok(stop.signal.aborted);
    stop.fail('later');
    assert.deepEqual(stop.reason, { kind: 'deadline' });
    stop.dispose();
  });

  test('an already cancelled signal stops it at once, with the signal name', () => {
    const cancel = new AbortController();
    cancel.abort('SIGINT');
    const stop = new RunStop({ cancel: cancel.signal, deadline: Date.now() + 60_000 });
    assert.deepEqual(stop.reason, { kind: 'cancelled', signal: 'SIGINT' });
    assert.match(String((stop.signal.reason as Error).message), /cancelled \(SIGINT\)/);
    stop.dispose();
  });
});
