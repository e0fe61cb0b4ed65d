// Flow-graph reads (target api, no `flows`): only flows the API answered for, and nothing once the run stops.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FlowDebugClient } from '../../src/api/client.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { fetchFlowGraphs, flowsToRead } from '../../src/simulation/graphs.ts';
import type { Execution } from '../../src/domain/execution.ts';
import {
  DEBUG_PATH,
  OK_RESPONSE,
  TOKEN_PATH,
  clientOptions,
  debugRequest,
  issueTokens,
  rejection,
  sendJson,
  startServer,
} from '../api/helpers/scripted-server.ts';
import { createFakeTime } from '../helpers/fake-time.ts';
import type { Handler } from '../api/helpers/scripted-server.ts';

const GRAPH = { id: 'x', start: 'n1', nodes: { n1: { type: 'Exit' } } };

async function open(routes: Record<string, Handler>, maxRetries = 3) {
  const server = await startServer(routes);
  const client = new FlowDebugClient(clientOptions(server, createFakeTime(), { maxRetries }));
  const close = async (): Promise<void> => {
    client.close();
    await server.close();
  };
  return { server, client, close };
}

const gets = (hits: Array<{ method: string; path: string }>) => hits.filter((h) => h.method === 'GET').map((h) => h.path);

describe('flowsToRead', () => {
  test('only flows of scenarios the API answered: completed, or failed with a status', () => {
    const items = ['done', 'refused', 'silent', 'skipped', 'stopped', 'done']
      .map((flow, i) => `  - name: S${i}\n    flow: ${flow}\n`)
      .join('');
    const { scenarios } = parseScenarioFile(`scenarios:\n${items}`, 'cxone-tests/s.yaml');
    const executions: Execution[] = [
      { kind: 'completed', response: OK_RESPONSE, attempts: 1, elapsedMs: 1 },
      { kind: 'failed', code: 'FLOW_NOT_FOUND', status: 404, message: '404', attempts: 1, elapsedMs: 1 },
      { kind: 'failed', code: 'TIMEOUT', message: 'no answer', attempts: 4, elapsedMs: 1 },
      { kind: 'skipped', reason: 'skip: true' },
      { kind: 'not_run', reason: 'timeout-minutes was reached before this scenario started' },
      { kind: 'completed', response: OK_RESPONSE, attempts: 1, elapsedMs: 1 },
    ];
    assert.deepEqual(flowsToRead(scenarios, executions), ['done', 'refused']);
  });
});

describe('fetchFlowGraphs', () => {
  test('stops at the run stop: the read in flight is abandoned, the rest not attempted, nothing logged per flow', {
    timeout: 30_000,
  }, async () => {
    // The stop comes while the first read is in flight (the server holds it unanswered), not after a set time.
    const stop = new AbortController();
    const { server, client, close } = await open({
      [TOKEN_PATH]: issueTokens(),
      '*': () => stop.abort(new Error('timeout-minutes reached')),
    });
    const lines: string[] = [];
    try {
      const graphs = await fetchFlowGraphs(client, ['a', 'b', 'c'], { warn: (l) => lines.push(l), signal: stop.signal });
      assert.deepEqual(graphs, []);
      assert.deepEqual(gets(server.hits), ['/api/v2/flows/a']);
      assert.deepEqual(lines, []);
    } finally {
      await close();
    }
  });

  test('after a token failure no graph is asked for', async () => {
    const { server, client, close } = await open(
      { [TOKEN_PATH]: (_hit, res) => sendJson(res, 503, {}), '*': (_hit, res) => sendJson(res, 200, GRAPH) },
      0,
    );
    try {
      await rejection(client.debug(debugRequest()));
      const graphs = await fetchFlowGraphs(client, ['a', 'b'], { warn: () => {} });
      assert.deepEqual(graphs, []);
      assert.equal(server.count(TOKEN_PATH), 1);
      assert.deepEqual(gets(server.hits), []);
      assert.equal(server.count(DEBUG_PATH), 0);
    } finally {
      await close();
    }
  });

  test('reads each graph it is given', async () => {
    const { server, client, close } = await open({ [TOKEN_PATH]: issueTokens(), '*': (_hit, res) => sendJson(res, 200, GRAPH) });
    try {
      const graphs = await fetchFlowGraphs(client, ['a', 'b'], { warn: () => {} });
      assert.deepEqual(
        graphs.map((g) => g.start),
        ['n1', 'n1'],
      );
      assert.deepEqual(gets(server.hits), ['/api/v2/flows/a', '/api/v2/flows/b']);
    } finally {
      await close();
    }
  });
});
