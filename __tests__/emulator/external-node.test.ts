import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { executeFlow } from '../../src/emulator/engine.ts';
import type { EngineResult } from '../../src/emulator/engine.ts';
import { type FlowDefinition, flowEdges } from '../../src/domain/flow.ts';
import type { DebugRequest, DebugResponse, MockOutcome } from '../../src/domain/wire.ts';
import { parseFlowFile } from '../../src/flow/load.ts';

// A YAML flow with one External node: an account lookup that can find the caller or not.
const flow: FlowDefinition = {
  id: 'lookup',
  start: 's',
  nodes: {
    s: { type: 'Start', next: 'lookup' },
    lookup: { type: 'External', name: 'GET /accounts/{ani}', branches: { notFound: 'unknown', error: 'sorry' }, next: 'vip' },
    vip: { type: 'Condition', if: { variable: 'tier', op: 'eq', value: 'gold' }, then: 'gold', else: 'std' },
    gold: { type: 'Route', target: 'Gold' },
    std: { type: 'Route', target: 'Standard' },
    unknown: { type: 'Play', prompt: 'We could not find you', next: 'again' },
    again: { type: 'External', next: 'x' },
    sorry: { type: 'Exit' },
    x: { type: 'Exit' },
  },
};

function request(mocks?: Record<string, MockOutcome | MockOutcome[]>): DebugRequest {
  const r: DebugRequest = {
    flowId: 'lookup',
    input: { dtmf: '', speech: '' },
    options: { trace: true, includeVariables: true, maxLoops: 50 },
  };
  if (mocks) r.mocks = mocks;
  return r;
}

function ok(result: EngineResult): DebugResponse {
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body as DebugResponse;
}

function failMessage(result: EngineResult): string {
  assert.equal(result.status, 500, JSON.stringify(result.body));
  return (result.body as { message: string }).message;
}

describe('YAML External node', () => {
  const cases: { name: string; mocks: Record<string, MockOutcome | MockOutcome[]>; path: string[]; branch: string }[] = [
    {
      name: 'no branch: next, after the variables',
      mocks: { lookup: { variables: { tier: 'gold' } } },
      path: ['s', 'lookup', 'vip', 'gold'],
      branch: 'next',
    },
    { name: 'a named branch', mocks: { lookup: { branch: 'error' } }, path: ['s', 'lookup', 'sorry'], branch: 'error' },
    {
      name: 'a list: one outcome per visit',
      mocks: { lookup: { branch: 'notFound' }, again: [{ variables: { n: 1 } }] },
      path: ['s', 'lookup', 'unknown', 'again', 'x'],
      branch: 'notFound',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const body = ok(executeFlow(flow, request(c.mocks)));
      assert.deepEqual(body.path, c.path);
      assert.equal(body.trace[1]!.branch, c.branch);
      assert.equal(body.trace[1]!.mock, 'lookup');
    });
  }
  test('unmocked: a 500 naming the node, what it calls, and the mock to add', () => {
    assert.match(
      failMessage(executeFlow(flow, request())),
      /External node 'lookup' \(GET \/accounts\/\{ani\}\) has no mock: add mocks: \{ lookup: \{ branch: next, variables: \{…\} \} \} to the scenario/,
    );
  });
  test('a branch the node does not have: a 500 with its branches', () => {
    assert.match(
      failMessage(executeFlow(flow, request({ lookup: { branch: 'notfound ' } }))),
      /takes branch 'notfound ', which is not a branch of External node 'lookup' \(did you mean 'notFound'\?\); its branches: notFound, error, next/,
    );
  });
  test('a key naming no External node: a 500 with the nearest one', () => {
    assert.match(
      failMessage(executeFlow(flow, request({ lokup: {} }))),
      /mocks names 'lokup', which is not an External node of the flow \(did you mean 'lookup'\?\)/,
    );
    assert.match(
      failMessage(executeFlow(flow, request({ vip: {} }))),
      /mocks names 'vip', a Condition node: only External nodes take mocks/,
    );
  });
  test('edges: each branch by its name, and next', () => {
    const edges = flowEdges(flow).filter((e) => e.from === 'lookup');
    assert.deepEqual(
      edges.map((e) => `${e.label}→${e.to}`),
      ['notFound→unknown', 'error→sorry', 'next→vip'],
    );
  });
  test('flow files accept it; a branch named next is refused', () => {
    const good = parseFlowFile(
      'id: f\nstart: s\nnodes:\n  s: { type: Start, next: e }\n  e: { type: External, name: hours, branches: { closed: x }, next: x }\n  x: { type: Exit }\n',
      'f.yaml',
    );
    assert.deepEqual(good.problems, []);
    const bad = parseFlowFile(
      'id: f\nstart: s\nnodes:\n  s: { type: Start, next: e }\n  e: { type: External, branches: { next: x }, next: x }\n  x: { type: Exit }\n',
      'f.yaml',
    );
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0]!.message, /next/);
  });
});
