import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFlowGraph, stronglyConnected } from '../../src/analysis/graph.ts';
import { kindOf, type FindingKind, type FlowFinding } from '../../src/domain/findings.ts';
import { describeFinding } from '../../src/report/wording.ts';
import { parseFlowFile } from '../../src/flow/load.ts';
import type { FlowDefinition, FlowNode } from '../../src/domain/flow.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A flow whose node n (0-based, definition order) sits on line 10 + n of 'flows/t.yaml'; the id on line 1. */
function flowOf(nodes: Record<string, FlowNode>, start = 'start'): FlowDefinition {
  const nodeLines = Object.fromEntries(Object.keys(nodes).map((id, i) => [id, 10 + i]));
  return { id: 'f-1', start, nodes, source: { file: 'flows/t.yaml', line: 1, nodeLines } };
}

const go = (next: string): FlowNode => ({ type: 'Play', prompt: 'p', next });
const exit: FlowNode = { type: 'Exit' };
const cond = (then: string, otherwise: string): FlowNode => ({
  type: 'Condition',
  if: { variable: 'x', op: 'exists' },
  then,
  else: otherwise,
});

type Shape = Pick<FlowFinding, 'code' | 'line'> & { kind: FindingKind; node?: string };
const shape = (findings: FlowFinding[]): Shape[] =>
  findings.map(({ code, line, node }) =>
    node === undefined ? { kind: kindOf(code), code, line } : { kind: kindOf(code), code, line, node },
  );

const RETRY_MENU: Record<string, FlowNode> = {
  start: { type: 'Start', next: 'menu' },
  menu: { type: 'GatherInput', options: { 1: 'sales' }, noMatch: 'retry', noInput: 'retry' },
  retry: { type: 'SetVariable', increment: 'tries', next: 'check' },
  check: { type: 'Condition', if: { variable: 'tries', op: 'gte', value: 3 }, then: 'exit', else: 'menu' },
  sales: { type: 'Route', target: 'queue_sales' },
  exit,
};

/** A retry loop whose Condition goes back to the menu either way: nothing in it leads out. */
const TRAP_MENU: Record<string, FlowNode> = {
  start: { type: 'Start', next: 'open' },
  open: cond('exit', 'menu'),
  menu: { type: 'GatherInput', options: { 1: 'again' }, noMatch: 'retry', noInput: 'retry' },
  again: go('menu'),
  retry: go('check'),
  check: cond('menu', 'menu'),
  exit,
};

const cases: { name: string; nodes: Record<string, FlowNode>; start?: string; findings: Shape[] }[] = [
  { name: 'a retry loop that can leave through the Condition: no finding', nodes: RETRY_MENU, findings: [] },
  { name: 'a single Exit', nodes: { start: exit }, findings: [] },
  {
    name: 'a dangling reference is an error on its node, and no trap (the call ends in a 500)',
    nodes: { start: { type: 'Start', next: 'node_play' }, node_play: go('node_missing') },
    findings: [{ kind: 'error', code: 'FLOW_REFERENCE', line: 11, node: 'node_play' }],
  },
  {
    name: 'a missing start is one finding on the id line, not every node unreachable',
    nodes: { a: go('b'), b: exit },
    start: 'nowhere',
    findings: [{ kind: 'error', code: 'FLOW_REFERENCE', line: 1 }],
  },
  {
    name: 'an unreachable node is a mismatch on its line',
    nodes: { start: go('exit'), orphan: go('exit'), exit },
    findings: [{ kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 11, node: 'orphan' }],
  },
  {
    name: 'an unreachable island is one finding, anchored on the node nothing leads to',
    nodes: { start: go('exit'), a: go('b'), b: go('a'), head: go('a'), exit },
    findings: [{ kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 13, node: 'head' }],
  },
  {
    name: 'two islands that only share a reachable node are two findings',
    nodes: { start: go('exit'), lost1: go('exit'), lost2: go('exit'), exit },
    findings: [
      { kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 11, node: 'lost1' },
      { kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 12, node: 'lost2' },
    ],
  },
  {
    name: 'a trap cycle is an error on the node where calls enter it',
    nodes: TRAP_MENU,
    findings: [{ kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 12, node: 'menu' }],
  },
  {
    name: 'a self-loop with no way out is a trap',
    nodes: { start: go('hold'), hold: go('hold'), exit },
    findings: [
      { kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 12, node: 'exit' },
      { kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 11, node: 'hold' },
    ],
  },
  {
    name: 'a self-loop with another branch out is no finding',
    nodes: { start: go('ask'), ask: { type: 'GatherInput', options: { 1: 'exit' }, noMatch: 'ask', noInput: 'ask' }, exit },
    findings: [],
  },
  {
    name: 'two trap components are two findings, nearest to start first',
    nodes: { start: cond('b1', 'a1'), b1: go('b2'), b2: go('b1'), a1: go('a2'), a2: cond('a1', 'a1') },
    findings: [
      { kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 11, node: 'b1' },
      { kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 13, node: 'a1' },
    ],
  },
  {
    name: 'a loop that drains into a trap: only the trap, the loop in front of it has a way out',
    nodes: { start: go('x1'), x1: go('x2'), x2: cond('x1', 'y1'), y1: go('y2'), y2: go('y1') },
    findings: [{ kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 13, node: 'y1' }],
  },
  {
    name: 'the start node itself can be the trap',
    nodes: { start: cond('start', 'start') },
    findings: [{ kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 10, node: 'start' }],
  },
  {
    name: 'a GatherInput with no branch at all is a dead end',
    nodes: { start: go('ask'), ask: { type: 'GatherInput', variable: 'v' } },
    findings: [{ kind: 'error', code: 'FLOW_DEAD_END', line: 11, node: 'ask' }],
  },
  {
    name: 'a trap in an unreachable island is dead configuration only',
    nodes: { start: go('exit'), exit, a: go('b'), b: go('a') },
    findings: [{ kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 12, node: 'a' }],
  },
  { name: 'a Route without next ends the call', nodes: { start: go('r'), r: { type: 'Route', target: 'q' } }, findings: [] },
  {
    name: 'a Route with next does not',
    nodes: { start: go('r'), r: { type: 'Route', target: 'q', next: 'start' } },
    findings: [{ kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 10, node: 'start' }],
  },
];

describe('checkFlowGraph', () => {
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(shape(checkFlowGraph(flowOf(c.nodes, c.start))), c.findings));
  }

  test('messages are self-contained', () => {
    const messages = (nodes: Record<string, FlowNode>, start?: string): string[] =>
      checkFlowGraph(flowOf(nodes, start)).map(describeFinding);
    assert.deepEqual(messages({ start: { type: 'Start', next: 'node_play' }, node_play: go('node_missing') }), [
      "node_play: 'next' goes to 'node_missing', which is not a node of this flow",
    ]);
    assert.deepEqual(messages({ start: { type: 'GatherInput', options: { 7: 'gone' }, noInput: 'start' } }), [
      "start: 'option 7' goes to 'gone', which is not a node of this flow",
    ]);
    assert.deepEqual(messages({ a: exit }, 'nowhere'), ["start goes to 'nowhere', which is not a node of this flow"]);
    assert.deepEqual(messages({ start: go('exit'), a: go('b'), b: go('a'), head: go('a'), exit }), [
      "3 connected nodes cannot be reached from start 'start': dead configuration no call can use: a, b, head",
    ]);
    assert.deepEqual(messages({ start: go('exit'), orphan: go('exit'), exit }), [
      "'orphan' cannot be reached from start 'start': dead configuration no call can use",
    ]);
    assert.deepEqual(messages(TRAP_MENU), [
      'trap cycle found without running a single call: menu, again, retry, check lead only to each other, ' +
        "never to an Exit or a Route that ends the call, so a call that gets there never ends (calls enter it at 'menu' from 'open')",
    ]);
    assert.deepEqual(messages({ start: cond('start', 'start') }), [
      'trap cycle found without running a single call: start lead only to each other, ' +
        "never to an Exit or a Route that ends the call, so a call that gets there never ends ('start' is the start node)",
    ]);
    assert.deepEqual(messages({ start: go('ask'), ask: { type: 'GatherInput' } }), [
      "'ask' is a GatherInput with no options, intents, noMatch or noInput: every call that reaches it fails (calls enter it at 'ask' from 'start')",
    ]);
  });

  test("file, line and flow id; a graph from the API (no source) has file '' and line 1", () => {
    const nodes = { start: go('missing') };
    const [withSource] = checkFlowGraph(flowOf(nodes));
    assert.deepEqual([withSource?.file, withSource?.line, withSource?.flow_id], ['flows/t.yaml', 10, 'f-1']);
    const [bare] = checkFlowGraph({ id: 'api-1', start: 'start', nodes });
    assert.deepEqual([bare?.file, bare?.line, bare?.flow_id, bare?.node], ['', 1, 'api-1', 'start']);
  });

  test('a dangling reference in a flow file: on the line of the key that names it, with the hint its load problem has', () => {
    const text = `id: ref-1
start: node_strat
nodes:
  node_start: { type: Start, next: node_menu }
  node_menu:
    type: GatherInput
    options:
      "1": node_exit
      "2": node_exti
    noInput: node_exit
  node_exit: { type: Exit }
`;
    const { flow, problems } = parseFlowFile(text, 'flows/ref.yaml');
    assert.ok(flow, 'a dangling reference leaves the flow usable');
    const findings = checkFlowGraph(flow);
    assert.deepEqual(
      findings.map((f) => [f.line, f.node, describeFinding(f)]),
      [
        [2, undefined, "start goes to 'node_strat', which is not a node of this flow (did you mean 'node_start'?)"],
        [9, 'node_menu', "node_menu: 'option 2' goes to 'node_exti', which is not a node of this flow (did you mean 'node_exit'?)"],
      ],
    );
    assert.deepEqual(
      findings.map((f) => f.params),
      [
        { to: 'node_strat', suggestion: 'node_start' },
        { to: 'node_exti', from: 'node_menu', label: 'option 2', suggestion: 'node_exit' },
      ],
    );
    // The loader found the same two, at the same lines, from the same check (flow/references.ts).
    assert.deepEqual(
      problems.map((p) => [p.line, p.key, p.message]),
      [
        [2, 'start', "start node 'node_strat' is not a node of this flow (did you mean 'node_start'?)"],
        [
          9,
          'nodes.node_menu.options.2',
          "node 'node_menu': 'option 2' goes to 'node_exti', which is not a node of this flow (did you mean 'node_exit'?)",
        ],
      ],
    );
  });

  test('a graph from the API gets the same check and hint, without lines', () => {
    const [finding] = checkFlowGraph({ id: 'api-2', start: 'start', nodes: { start: go('exti'), exit } });
    assert.deepEqual(
      [finding?.code, finding?.line, finding?.params],
      ['FLOW_REFERENCE', 1, { to: 'exti', from: 'start', label: 'next', suggestion: 'exit' }],
    );
  });

  for (const file of [
    'examples/flows/main-menu.yaml',
    'examples/flows/after-hours.yaml',
    'examples/broken/flows/routing-bug.yaml',
    'examples/broken/flows/infinite-loop.yaml',
  ]) {
    // infinite-loop.yaml loops at run time only: its Condition's `then` reaches the operator route,
    // a branch that exists statically but that the missing increment never lets a call take.
    test(`${file} has no static finding`, async () => {
      const { flow, problems } = parseFlowFile(await readFile(path.join(ROOT, file), 'utf8'), file);
      assert.deepEqual(problems, []);
      assert.ok(flow);
      assert.deepEqual(checkFlowGraph(flow), []);
    });
  }

  test('a flow file with a static trap: the loop, where it is entered, and its line', () => {
    const text = `id: trap-1
start: node_start
nodes:
  node_start: { type: Start, next: node_menu }
  node_menu:
    type: GatherInput
    options: { "1": node_menu }
    noMatch: node_retry
    noInput: node_retry
  node_retry: { type: Play, prompt: "Again", next: node_menu }
  node_exit: { type: Exit }
`;
    const { flow } = parseFlowFile(text, 'flows/trap.yaml');
    assert.ok(flow);
    assert.deepEqual(shape(checkFlowGraph(flow)), [
      { kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 11, node: 'node_exit' },
      { kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 5, node: 'node_menu' },
    ]);
  });
});

describe('checkFlowGraph on big flows (iterative, linear)', () => {
  const N = 100_000;
  const chain = (close: boolean): Record<string, FlowNode> => {
    const nodes: Record<string, FlowNode> = { start: { type: 'Start', next: 'n0' } };
    for (let i = 0; i < N; i++) nodes[`n${i}`] = go(i + 1 < N ? `n${i + 1}` : close ? 'n0' : 'exit');
    nodes.exit = exit;
    return nodes;
  };

  // A quadratic step would take minutes here: the test's timeout is the hang guard, bench/graph.ts measures.
  test('a 100,000-node chain to an Exit: no finding, no stack overflow', { timeout: 120_000 }, () => {
    assert.deepEqual(checkFlowGraph(flowOf(chain(false))), []);
  });

  test('a 100,000-node cycle: one trap, naming the first ten nodes', () => {
    const findings = checkFlowGraph(flowOf(chain(true)));
    assert.deepEqual(shape(findings), [
      { kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 10 + N + 1, node: 'exit' },
      { kind: 'error', code: 'FLOW_TRAP_CYCLE', line: 11, node: 'n0' },
    ]);
    assert.match(
      findings[1] ? describeFinding(findings[1]) : '',
      /: n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 and 99,990 more lead only to each other/,
    );
  });

  test('a 100,000-node unreachable chain is one finding', () => {
    const nodes = chain(false);
    nodes.start = { type: 'Start', next: 'exit' };
    const findings = checkFlowGraph(flowOf(nodes));
    assert.deepEqual(shape(findings), [{ kind: 'mismatch', code: 'FLOW_UNREACHABLE', line: 11, node: 'n0' }]);
    assert.match(findings[0] ? describeFinding(findings[0]) : '', /^100,000 connected nodes .*: n0, n1, .* n9 and 99,990 more$/);
  });
});

describe('stronglyConnected', () => {
  const all = (n: number): Uint8Array => new Uint8Array(n).fill(1);
  const sorted = (components: number[][]): number[][] => components.map((c) => [...c].sort((a, b) => a - b));
  const cases: { name: string; succ: number[][]; scope?: Uint8Array; components: number[][] }[] = [
    { name: 'empty', succ: [], components: [] },
    { name: 'a chain: one component per node, sinks first', succ: [[1], [2], []], components: [[2], [1], [0]] },
    { name: 'a self-loop is its own component', succ: [[0]], components: [[0]] },
    {
      name: 'two cycles joined by one edge',
      succ: [[1], [0, 2], [3], [2]],
      components: [
        [2, 3],
        [0, 1],
      ],
    },
    { name: 'nodes out of scope are ignored', succ: [[1], [0, 2], [1]], scope: new Uint8Array([1, 1, 0]), components: [[0, 1]] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(sorted(stronglyConnected(c.succ, c.scope ?? all(c.succ.length))), c.components));
  }
});
