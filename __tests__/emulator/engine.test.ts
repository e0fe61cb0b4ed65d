import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NODE_COST_MS, executeFlow } from '../../src/emulator/engine.ts';
import type { EngineResult } from '../../src/emulator/engine.ts';
import type { DebugRequest, DebugResponse } from '../../src/domain/wire.ts';
import { nodeEdges, type ConditionOp, type FlowDefinition, type FlowNode } from '../../src/domain/flow.ts';
import type { JsonValue } from '../../src/domain/json.ts';

function flowOf(nodes: Record<string, FlowNode>, start = 's'): FlowDefinition {
  return { id: 'flow-1', start, nodes };
}

function requestOf(
  over: {
    dtmf?: string;
    speech?: string;
    variables?: Record<string, JsonValue>;
    trace?: boolean;
    includeVariables?: boolean;
    maxLoops?: number;
  } = {},
): DebugRequest {
  const r: DebugRequest = {
    flowId: 'flow-1',
    input: { dtmf: over.dtmf ?? '', speech: over.speech ?? '' },
    options: { trace: over.trace ?? true, includeVariables: over.includeVariables ?? true, maxLoops: over.maxLoops ?? 50 },
  };
  if (over.variables) r.variables = over.variables;
  return r;
}

function ok(result: EngineResult): DebugResponse {
  assert.equal(result.status, 200, `expected 200, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as DebugResponse;
}

// A menu shaped like the tutorial's example flow: Start → GatherInput → Route → Exit.
const menu = (gather: Partial<Extract<FlowNode, { type: 'GatherInput' }>> = {}): FlowDefinition =>
  flowOf({
    s: { type: 'Start', next: 'menu' },
    menu: {
      type: 'GatherInput',
      variable: 'choice',
      options: { '1': 'sales', '2': 'support' },
      intents: { billing: 'billing', 'speak to an agent': 'support' },
      noMatch: 'nomatch',
      noInput: 'noinput',
      ...gather,
    },
    sales: { type: 'Route', target: 'queue_sales', next: 'x' },
    support: { type: 'Route', target: 'queue_support', next: 'x' },
    billing: { type: 'Route', target: 'queue_billing', next: 'x' },
    nomatch: { type: 'Exit' },
    noinput: { type: 'Exit' },
    x: { type: 'Exit' },
  });

describe('executeFlow: GatherInput branches', () => {
  const cases: {
    name: string;
    dtmf?: string;
    speech?: string;
    digits?: number;
    path: string[];
    input?: string;
    branch: string;
    choice?: JsonValue;
  }[] = [
    { name: 'DTMF option', dtmf: '2', path: ['s', 'menu', 'support', 'x'], input: '2', branch: 'option 2', choice: '2' },
    { name: 'DTMF that matches nothing', dtmf: '9', path: ['s', 'menu', 'nomatch'], input: '9', branch: 'noMatch', choice: '9' },
    {
      name: 'intent, case-insensitive',
      speech: 'I have a BILLING question',
      path: ['s', 'menu', 'billing', 'x'],
      input: 'I have a BILLING question',
      branch: 'intent billing',
      choice: 'billing',
    },
    {
      name: 'multi-word intent',
      speech: 'Can I Speak to an Agent?',
      path: ['s', 'menu', 'support', 'x'],
      branch: 'intent speak to an agent',
      choice: 'speak to an agent',
    },
    {
      name: 'keyword inside a longer word does not match',
      speech: 'rebillingual',
      path: ['s', 'menu', 'nomatch'],
      branch: 'noMatch',
      choice: 'rebillingual',
    },
    {
      name: 'speech that matches no intent',
      speech: 'opening hours',
      path: ['s', 'menu', 'nomatch'],
      branch: 'noMatch',
      choice: 'opening hours',
    },
    { name: 'no input at all', path: ['s', 'menu', 'noinput'], branch: 'noInput' },
    { name: 'whitespace-only speech is no input', speech: '   ', path: ['s', 'menu', 'noinput'], branch: 'noInput' },
    {
      name: 'DTMF wins over speech',
      dtmf: '1',
      speech: 'billing',
      path: ['s', 'menu', 'sales', 'x'],
      input: '1',
      branch: 'option 1',
      choice: '1',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const body = ok(executeFlow(menu(), requestOf({ dtmf: c.dtmf, speech: c.speech })));
      assert.deepEqual(body.path, c.path);
      const gather = body.trace[1];
      assert.equal(gather?.type, 'GatherInput');
      assert.equal(gather?.input, c.input ?? (c.speech?.trim() ? c.speech : undefined));
      assert.equal(gather?.branch, c.branch);
      assert.equal(body.variables.choice, c.choice);
    });
  }

  test('digits: 2 takes two digits per visit', () => {
    const flow = menu({ digits: 2, options: { '12': 'sales', '34': 'support' } });
    const body = ok(executeFlow(flow, requestOf({ dtmf: '34' })));
    assert.deepEqual(body.path, ['s', 'menu', 'support', 'x']);
    assert.equal(body.trace[1]?.input, '34');
    assert.equal(body.variables.choice, '34');
  });

  test('fewer digits left than asked for is a no-match', () => {
    const body = ok(executeFlow(menu({ digits: 2, options: { '12': 'sales' } }), requestOf({ dtmf: '1' })));
    assert.deepEqual(body.path, ['s', 'menu', 'nomatch']);
  });

  test('digits are consumed across visits, then speech once, then no input', () => {
    const flow = flowOf({
      s: { type: 'Start', next: 'g' },
      g: { type: 'GatherInput', variable: 'v', intents: { help: 'x' }, noMatch: 'count', noInput: 'out' },
      count: { type: 'SetVariable', increment: 'n', next: 'g' },
      x: { type: 'Exit' },
      out: { type: 'Exit' },
    });
    const body = ok(executeFlow(flow, requestOf({ dtmf: '78', speech: 'nothing useful' })));
    assert.deepEqual(
      body.trace.filter((t) => t.nodeId === 'g').map((t) => [t.input, t.branch]),
      [
        ['7', 'noMatch'],
        ['8', 'noMatch'],
        ['nothing useful', 'noMatch'],
        [undefined, 'noInput'],
      ],
    );
    assert.equal(body.exitNode, 'out');
    assert.equal(body.variables.n, 3);
  });
});

describe('executeFlow: Condition operators', () => {
  const cases: { op: ConditionOp; value?: JsonValue; actual: JsonValue | undefined; expected: boolean }[] = [
    { op: 'eq', value: 3, actual: 3, expected: true },
    { op: 'eq', value: 3, actual: '3', expected: true }, // numeric strings compare as numbers
    { op: 'eq', value: 'gold', actual: 'silver', expected: false },
    { op: 'eq', value: true, actual: true, expected: true },
    { op: 'eq', value: 'x', actual: undefined, expected: false },
    { op: 'ne', value: 'gold', actual: 'silver', expected: true },
    { op: 'ne', value: 2, actual: '2.0', expected: false },
    { op: 'gt', value: 3, actual: 4, expected: true },
    { op: 'gt', value: 3, actual: 3, expected: false },
    { op: 'gt', value: 9, actual: '10', expected: true }, // numerically, not "10" < "9"
    { op: 'gt', value: 'apple', actual: 'banana', expected: true },
    { op: 'gt', value: 1, actual: undefined, expected: false },
    { op: 'gte', value: 3, actual: 3, expected: true },
    { op: 'gte', value: 3, actual: 2, expected: false },
    { op: 'lt', value: 3, actual: 2, expected: true },
    { op: 'lt', value: 3, actual: 3, expected: false },
    { op: 'lt', value: 3, actual: 'abc', expected: false }, // text vs number: not ordered
    { op: 'lte', value: 3, actual: 3, expected: true },
    { op: 'lte', value: 3, actual: 4, expected: false },
    { op: 'matches', value: '^VIP-\\d+$', actual: 'VIP-42', expected: true },
    { op: 'matches', value: '^VIP-', actual: 'CUST-1', expected: false },
    { op: 'matches', value: '^4', actual: 42, expected: true },
    { op: 'matches', value: '.*', actual: undefined, expected: false },
    { op: 'exists', actual: 'x', expected: true },
    { op: 'exists', actual: undefined, expected: false },
    { op: 'exists', actual: null, expected: false },
    { op: 'exists', value: false, actual: undefined, expected: true },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.actual)} ${c.op} ${JSON.stringify(c.value)} is ${c.expected}`, () => {
      const cond: Extract<FlowNode, { type: 'Condition' }>['if'] = { variable: 'v', op: c.op };
      if (c.value !== undefined) cond.value = c.value;
      const flow = flowOf({
        s: { type: 'Start', next: 'c' },
        c: { type: 'Condition', if: cond, then: 'yes', else: 'no' },
        yes: { type: 'Exit' },
        no: { type: 'Exit' },
      });
      const body = ok(executeFlow(flow, requestOf(c.actual === undefined ? {} : { variables: { v: c.actual } })));
      assert.equal(body.exitNode, c.expected ? 'yes' : 'no');
      assert.equal(body.trace[1]?.branch, c.expected ? 'then' : 'else');
    });
  }
});

describe('executeFlow: other node types', () => {
  test('SetVariable sets and increments; a missing variable counts as 0', () => {
    const flow = flowOf({
      s: { type: 'Start', next: 'set' },
      set: { type: 'SetVariable', set: { tier: 'gold', tags: ['a'] }, increment: 'n', next: 'again' },
      again: { type: 'SetVariable', increment: 'm', next: 'x' },
      x: { type: 'Exit' },
    });
    const body = ok(executeFlow(flow, requestOf({ variables: { m: '4' } })));
    assert.deepEqual(body.variables, { m: 5, tier: 'gold', tags: ['a'], n: 1 });
    (body.variables.tags as string[]).push('mutated');
    const set = flow.nodes.set;
    assert.deepEqual(set?.type === 'SetVariable' ? set.set?.tags : undefined, ['a'], 'the flow definition is not shared with the response');
  });

  test('incrementing a non-number is a failure at that node', () => {
    const flow = flowOf({
      s: { type: 'Start', next: 'inc' },
      inc: { type: 'SetVariable', increment: 'n', next: 'x' },
      x: { type: 'Exit' },
    });
    const result = executeFlow(flow, requestOf({ variables: { n: 'abc' } }));
    assert.equal(result.status, 500);
    assert.equal(result.body.trace.at(-1)?.nodeId, 'inc');
    assert.match(result.body.trace.at(-1)?.error ?? '', /"abc" is not a number/);
  });

  test('Route with next records its target and goes on; without next the call ends there', () => {
    const flow = flowOf({
      s: { type: 'Start', next: 'r1' },
      r1: { type: 'Route', target: 'queue_a', next: 'p' },
      p: { type: 'Play', prompt: 'Please hold', next: 'r2' },
      r2: { type: 'Route', target: 'queue_b' },
    });
    const body = ok(executeFlow(flow, requestOf()));
    assert.deepEqual(body.path, ['s', 'r1', 'p', 'r2']);
    assert.equal(body.exitNode, 'r2');
    assert.deepEqual(
      body.trace.map((t) => [t.target, t.status]),
      [
        [undefined, undefined],
        ['queue_a', undefined],
        [undefined, undefined],
        ['queue_b', 'Completed'],
      ],
    );
    assert.equal(body.trace[2]?.prompt, 'Please hold');
  });

  test("timestamps follow the per-type costs and reproduce the tutorial's example trace", () => {
    const body = ok(executeFlow(menu(), requestOf({ dtmf: '1' })));
    assert.deepEqual(
      body.trace.map((t) => t.timestamp),
      [0, 45, 90, 145],
    );
    assert.equal(body.duration, 145);
    assert.equal(body.trace.at(-1)?.status, 'Completed');
    const expected = NODE_COST_MS.Start + NODE_COST_MS.GatherInput + NODE_COST_MS.Route;
    assert.equal(body.duration, expected);
  });

  test('the same request twice gives the same response', () => {
    const a = executeFlow(menu(), requestOf({ dtmf: '9', speech: 'billing' }));
    const b = executeFlow(menu(), requestOf({ dtmf: '9', speech: 'billing' }));
    assert.deepEqual(a, b);
  });
});

describe('executeFlow: options', () => {
  test('includeVariables adds a snapshot after each node, a copy', () => {
    const flow = flowOf({
      s: { type: 'Start', next: 'inc' },
      inc: { type: 'SetVariable', increment: 'n', next: 'inc2' },
      inc2: { type: 'SetVariable', increment: 'n', next: 'x' },
      x: { type: 'Exit' },
    });
    const body = ok(executeFlow(flow, requestOf({ variables: { keep: 'me' } })));
    assert.deepEqual(
      body.trace.map((t) => t.variables?.n),
      [undefined, 1, 2, 2],
    );
    assert.equal(body.trace[0]?.variables?.keep, 'me');
    const without = ok(executeFlow(flow, requestOf({ includeVariables: false })));
    assert.ok(without.trace.every((t) => !('variables' in t)));
    assert.equal(without.variables.n, 2);
  });

  test('trace: false gives an empty trace but the same path and duration', () => {
    const on = ok(executeFlow(menu(), requestOf({ dtmf: '2' })));
    const off = ok(executeFlow(menu(), requestOf({ dtmf: '2', trace: false })));
    assert.deepEqual(off.trace, []);
    assert.deepEqual(off.path, on.path);
    assert.equal(off.duration, on.duration);
  });

  test('the request variables are not changed', () => {
    const variables = { n: 1 };
    const flow = flowOf({
      s: { type: 'Start', next: 'inc' },
      inc: { type: 'SetVariable', increment: 'n', next: 'x' },
      x: { type: 'Exit' },
    });
    ok(executeFlow(flow, requestOf({ variables })));
    assert.deepEqual(variables, { n: 1 });
  });
});

describe('executeFlow: loops and failures', () => {
  const loop = flowOf({
    s: { type: 'Start', next: 'g' },
    g: { type: 'GatherInput', noMatch: 'p', noInput: 'p' },
    p: { type: 'Play', prompt: 'Sorry', next: 'g' },
  });

  for (const maxLoops of [1, 3, 50]) {
    test(`maxLoops ${maxLoops}: exitNode null, the node entered once too often ends the trace`, () => {
      const body = ok(executeFlow(loop, requestOf({ maxLoops })));
      assert.equal(body.exitNode, null);
      const last = body.trace.at(-1);
      assert.equal(last?.nodeId, 'g');
      assert.equal(last?.status, 'MaxLoopsExceeded');
      assert.equal(body.path.filter((n) => n === 'g').length, maxLoops + 1);
      assert.equal(body.path.length, body.trace.length);
      assert.equal(body.duration, last?.timestamp);
    });
  }

  // The work is bounded (100,002 steps); its time is bench/emulator.ts's to measure, not a busy CI machine's.
  test('100,000 steps run to the end, linearly (no per-step copy of the path)', () => {
    const flow = flowOf({
      s: { type: 'Start', next: 'inc' },
      inc: { type: 'SetVariable', increment: 'n', next: 'c' },
      c: { type: 'Condition', if: { variable: 'n', op: 'lt', value: 50_000 }, then: 'inc', else: 'x' },
      x: { type: 'Exit' },
    });
    const body = ok(executeFlow(flow, requestOf({ maxLoops: 1_000_000 })));
    assert.equal(body.path.length, 100_002);
    assert.equal(body.trace.length, 100_002);
    assert.equal(body.variables.n, 50_000);
  });

  const failures: { name: string; flow: FlowDefinition; dtmf?: string; failingNode: string; pattern: RegExp; pathLength: number }[] = [
    {
      name: 'next is not a node',
      flow: flowOf({ s: { type: 'Start', next: 'p' }, p: { type: 'Play', prompt: 'hi', next: 'ghost' } }),
      failingNode: 'p',
      pattern: /'ghost'/,
      pathLength: 2,
    },
    {
      name: 'an option goes to a missing node',
      flow: menu({ options: { '1': 'nowhere' } }),
      dtmf: '1',
      failingNode: 'menu',
      pattern: /'nowhere' \(option 1\)/,
      pathLength: 2,
    },
    {
      name: 'a needed noInput branch is not defined',
      flow: flowOf({ s: { type: 'Start', next: 'g' }, g: { type: 'GatherInput', options: { '1': 's' } } }),
      failingNode: 'g',
      pattern: /no 'noInput' branch/,
      pathLength: 2,
    },
    {
      name: 'the start node is missing',
      flow: flowOf({ x: { type: 'Exit' } }, 'node_start'),
      failingNode: 'node_start',
      pattern: /start node 'node_start'/,
      pathLength: 1,
    },
  ];
  for (const f of failures) {
    test(`compilation failure: ${f.name}`, () => {
      const result = executeFlow(f.flow, requestOf({ dtmf: f.dtmf }));
      assert.equal(result.status, 500);
      if (result.status !== 500) return;
      assert.equal(result.body.error, 'FlowCompilationFailure');
      assert.match(result.body.message, f.pattern);
      assert.equal(result.body.trace.length, f.pathLength);
      const last = result.body.trace.at(-1);
      assert.equal(last?.nodeId, f.failingNode);
      assert.equal(last?.status, 'Error');
      assert.match(last?.error ?? '', f.pattern);
    });
  }
});

describe('executeFlow: trace branches and edges share one spelling (EDGE_LABEL)', () => {
  const flow = flowOf({
    s: { type: 'Start', next: 'lookup' },
    lookup: { type: 'External', branches: { notFound: 'menu' }, next: 'check' },
    check: { type: 'Condition', if: { variable: 'tier', op: 'eq', value: 'gold' }, then: 'menu', else: 'menu' },
    menu: { type: 'GatherInput', options: { '1': 'x' }, intents: { billing: 'x' }, noMatch: 'x', noInput: 'x' },
    x: { type: 'Exit' },
  });
  const runs: { dtmf?: string; speech?: string; variables?: Record<string, JsonValue>; branch?: string }[] = [
    { dtmf: '1', variables: { tier: 'gold' } },
    { dtmf: '7' },
    { speech: 'billing please', branch: 'notFound' },
    { speech: 'nothing known' },
    {},
  ];
  for (const run of runs) {
    test(`every branch taken is an edge of its node (${JSON.stringify(run)})`, () => {
      const request = { ...requestOf(run), mocks: { lookup: run.branch === undefined ? {} : { branch: run.branch } } };
      const body = ok(executeFlow(flow, request));
      const taken = (body.trace ?? []).filter((t) => t.branch !== undefined);
      assert.ok(taken.length >= 2, JSON.stringify(body.trace));
      // No node runs twice here, so the node after it in the path is where its branch went.
      for (const t of taken) {
        const next = body.path[body.path.indexOf(t.nodeId) + 1];
        const edge = nodeEdges(flow.nodes[t.nodeId] as FlowNode).find((e) => e.label === t.branch);
        assert.ok(edge, `'${t.branch}' of ${t.nodeId} is one of its edges`);
        assert.equal(edge.to, next, `'${t.branch}' of ${t.nodeId} goes where the run went`);
      }
    });
  }
});
