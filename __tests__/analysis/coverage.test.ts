import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MAX_COVERAGE_VISITS,
  checkMinCoverage,
  computeCoverage,
  coverageOfVisits,
  coveragePercent,
  createCoverageVisits,
  recordRun,
  type CoverageRun,
  type FlowCoverage,
} from '../../src/analysis/coverage.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';
import { executeFlow } from '../../src/emulator/engine.ts';
import { parseFlowFile } from '../../src/flow/load.ts';
import type { FlowDefinition, FlowNode } from '../../src/domain/flow.ts';
import { parseYaml } from '../../src/yaml/parse.ts';
import type { DebugRequest } from '../../src/domain/wire.ts';
import { executeStudio } from '../../src/emulator/studio/execute.ts';
import { lookupOf, studioRequest, studioScript } from '../helpers/studio-builder.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Node n (definition order) on line 10 + n. */
function flowOf(id: string, nodes: Record<string, FlowNode>, file = 'flows/menu.yaml'): FlowDefinition {
  const nodeLines = Object.fromEntries(Object.keys(nodes).map((n, i) => [n, 10 + i]));
  return { id, name: 'Menu', start: 'start', nodes, source: { file, line: 1, nodeLines } };
}

// 6 nodes; 7 edges: start→menu next; menu→sales option 1, menu→support option 2, menu→retry noMatch,
// menu→retry noInput; sales→exit next; retry→exit next. support ends the call (Route without next).
const MENU = flowOf('menu', {
  start: { type: 'Start', next: 'menu' },
  menu: { type: 'GatherInput', options: { 1: 'sales', 2: 'support' }, noMatch: 'retry', noInput: 'retry' },
  sales: { type: 'Route', target: 'queue_sales', next: 'exit' },
  support: { type: 'Route', target: 'queue_support' },
  retry: { type: 'Play', prompt: 'Sorry', next: 'exit' },
  exit: { type: 'Exit' },
});

/** A run of `flowId` along `steps` ("start menu sales exit"), with `branch` labels on the listed nodes' entries. */
function run(steps: string, branches: Record<string, string> = {}, flowId = 'menu'): CoverageRun {
  const p = steps.split(' ');
  const trace = p.map((nodeId, i): TraceEntry => {
    const entry: TraceEntry = { nodeId, type: 'Node', timestamp: i * 10 };
    if (branches[nodeId] !== undefined) entry.branch = branches[nodeId];
    return entry;
  });
  return { flowId, path: p, trace };
}
const untraced = (steps: string): CoverageRun => ({ flowId: 'menu', path: steps.split(' '), trace: [] });

type Counts = Pick<FlowCoverage, 'nodes' | 'edges' | 'unvisited_nodes'> & { unvisited_branches: string[] };
const counts = (c: FlowCoverage | undefined): Counts => ({
  nodes: c!.nodes,
  edges: c!.edges,
  unvisited_nodes: c!.unvisited_nodes,
  unvisited_branches: c!.unvisited_branches.map((b) => `${b.from} -${b.label}-> ${b.to} @${b.line}`),
});

const FULL_RUNS = [
  run('start menu sales exit', { menu: 'option 1' }),
  run('start menu support', { menu: 'option 2' }),
  run('start menu retry exit', { menu: 'noMatch' }),
  run('start menu retry exit', { menu: 'noInput' }),
];

const cases: { name: string; runs: CoverageRun[]; expected: Counts }[] = [
  {
    name: 'every branch of the menu, across four runs',
    runs: FULL_RUNS,
    expected: {
      nodes: { visited: 6, total: 6, percent: 100 },
      edges: { visited: 7, total: 7, percent: 100 },
      unvisited_nodes: [],
      unvisited_branches: [],
    },
  },
  {
    name: 'one option: the other branches are listed with their node line',
    runs: [run('start menu sales exit', { menu: 'option 1' })],
    expected: {
      nodes: { visited: 4, total: 6, percent: 66.6 },
      edges: { visited: 3, total: 7, percent: 42.8 },
      unvisited_nodes: ['support', 'retry'],
      unvisited_branches: [
        'menu -option 2-> support @11',
        'menu -noMatch-> retry @11',
        'menu -noInput-> retry @11',
        'retry -next-> exit @14',
      ],
    },
  },
  {
    name: 'noMatch and noInput to the same node are told apart by the trace label',
    runs: [run('start menu retry exit', { menu: 'noMatch' })],
    expected: {
      nodes: { visited: 4, total: 6, percent: 66.6 },
      edges: { visited: 3, total: 7, percent: 42.8 },
      unvisited_nodes: ['sales', 'support'],
      unvisited_branches: [
        'menu -option 1-> sales @11',
        'menu -option 2-> support @11',
        'menu -noInput-> retry @11',
        'sales -next-> exit @12',
      ],
    },
  },
  {
    name: 'without a trace, a step covers every edge between its two nodes',
    runs: [untraced('start menu retry exit')],
    expected: {
      nodes: { visited: 4, total: 6, percent: 66.6 },
      edges: { visited: 4, total: 7, percent: 57.1 },
      unvisited_nodes: ['sales', 'support'],
      unvisited_branches: ['menu -option 1-> sales @11', 'menu -option 2-> support @11', 'sales -next-> exit @12'],
    },
  },
  {
    name: 'a label the flow does not have for that step counts as no label',
    runs: [run('start menu retry exit', { menu: 'option 1' })],
    expected: {
      nodes: { visited: 4, total: 6, percent: 66.6 },
      edges: { visited: 4, total: 7, percent: 57.1 },
      unvisited_nodes: ['sales', 'support'],
      unvisited_branches: ['menu -option 1-> sales @11', 'menu -option 2-> support @11', 'sales -next-> exit @12'],
    },
  },
  {
    name: 'a trace out of step with the path is not read for labels',
    runs: [
      {
        flowId: 'menu',
        path: ['start', 'menu', 'retry', 'exit'],
        trace: [{ nodeId: 'menu', type: 'GatherInput', timestamp: 0, branch: 'noMatch' }],
      },
    ],
    expected: {
      nodes: { visited: 4, total: 6, percent: 66.6 },
      edges: { visited: 4, total: 7, percent: 57.1 },
      unvisited_nodes: ['sales', 'support'],
      unvisited_branches: ['menu -option 1-> sales @11', 'menu -option 2-> support @11', 'sales -next-> exit @12'],
    },
  },
  {
    name: 'never run: listed, 0%',
    runs: [],
    expected: {
      nodes: { visited: 0, total: 6, percent: 0 },
      edges: { visited: 0, total: 7, percent: 0 },
      unvisited_nodes: ['start', 'menu', 'sales', 'support', 'retry', 'exit'],
      unvisited_branches: [
        'start -next-> menu @10',
        'menu -option 1-> sales @11',
        'menu -option 2-> support @11',
        'menu -noMatch-> retry @11',
        'menu -noInput-> retry @11',
        'sales -next-> exit @12',
        'retry -next-> exit @14',
      ],
    },
  },
  {
    name: 'runs of other flows and nodes the graph does not have are ignored',
    runs: [run('start menu sales exit', { menu: 'option 1' }, 'other'), untraced('start menu ghost')],
    expected: {
      nodes: { visited: 2, total: 6, percent: 33.3 },
      edges: { visited: 1, total: 7, percent: 14.2 },
      unvisited_nodes: ['sales', 'support', 'retry', 'exit'],
      unvisited_branches: [
        'menu -option 1-> sales @11',
        'menu -option 2-> support @11',
        'menu -noMatch-> retry @11',
        'menu -noInput-> retry @11',
        'sales -next-> exit @12',
        'retry -next-> exit @14',
      ],
    },
  },
  {
    name: 'the same run twice counts once',
    runs: [run('start menu support', { menu: 'option 2' }), run('start menu support', { menu: 'option 2' })],
    expected: {
      nodes: { visited: 3, total: 6, percent: 50 },
      edges: { visited: 2, total: 7, percent: 28.5 },
      unvisited_nodes: ['sales', 'retry', 'exit'],
      unvisited_branches: [
        'menu -option 1-> sales @11',
        'menu -noMatch-> retry @11',
        'menu -noInput-> retry @11',
        'sales -next-> exit @12',
        'retry -next-> exit @14',
      ],
    },
  },
];

describe('computeCoverage', () => {
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(counts(computeCoverage([MENU], c.runs)[0]), c.expected));
  }

  test('a loop taken round again counts its edges once; a self-loop edge is an edge', () => {
    const flow = flowOf('loop', {
      start: { type: 'Start', next: 'ask' },
      ask: { type: 'GatherInput', options: { 1: 'exit' }, noMatch: 'ask', noInput: 'ask' },
      exit: { type: 'Exit' },
    });
    const [c] = computeCoverage([flow], [run('start ask ask ask exit', { ask: 'noInput' }, 'loop')]);
    // Every ask entry says noInput here (one label per node in this helper), so the final ask → exit
    // step carries a label the flow has only towards ask: it falls back to the pair, option 1.
    assert.deepEqual(counts(c), {
      nodes: { visited: 3, total: 3, percent: 100 },
      edges: { visited: 3, total: 4, percent: 75 },
      unvisited_nodes: [],
      unvisited_branches: ['ask -noMatch-> ask @11'],
    });
  });

  test('runs recorded one at a time, as their answers arrive, cover what all of them at once do', () => {
    const runs = [
      ...FULL_RUNS.slice(1),
      untraced('start menu sales exit'),
      run('start menu', {}, 'other'),
      run('start nowhere retry exit'),
    ];
    const visits = createCoverageVisits();
    for (const r of runs) recordRun(visits, r);
    assert.deepEqual(coverageOfVisits([MENU], visits), computeCoverage([MENU], runs));
    assert.deepEqual(counts(coverageOfVisits([MENU], visits)[0]).edges, { visited: 7, total: 7, percent: 100 });
    assert.equal(visits.cut, false);
  });

  test('runs naming millions of made-up nodes are remembered up to MAX_COVERAGE_VISITS distinct nodes and steps, and say so', () => {
    const visits = createCoverageVisits();
    const fake = (k: number) => untraced(`start menu ${Array.from({ length: 1_000_000 }, (_, i) => `fake_${k}_${i}`).join(' ')}`);
    for (let k = 0; k < 3; k++) recordRun(visits, fake(k));
    recordRun(visits, untraced('start menu retry exit'));
    assert.ok(visits.size <= MAX_COVERAGE_VISITS, `${visits.size} visits kept`);
    assert.equal(visits.cut, true);
    assert.ok(visits.flows.get('menu')!.numbers.has('menu'));
  });

  test('deterministic order: by file, graphs without a file last, then by id; absent name and file are left out', () => {
    const nodes = MENU.nodes;
    const flows: FlowDefinition[] = [
      { id: 'b-api', start: 'start', nodes },
      flowOf('z', nodes, 'flows/b.yaml'),
      { id: 'a-api', start: 'start', nodes },
      flowOf('y', nodes, 'flows/a.yaml'),
    ];
    const result = computeCoverage(flows, []);
    assert.deepEqual(
      result.map((c) => [c.flow_id, c.file]),
      [
        ['y', 'flows/a.yaml'],
        ['z', 'flows/b.yaml'],
        ['a-api', undefined],
        ['b-api', undefined],
      ],
    );
    assert.deepEqual(Object.keys(result[2]!), ['flow_id', 'nodes', 'edges', 'unvisited_nodes', 'unvisited_branches']);
    assert.deepEqual(Object.keys(result[0]!), ['flow_id', 'name', 'file', 'nodes', 'edges', 'unvisited_nodes', 'unvisited_branches']);
    assert.equal('line' in result[2]!.unvisited_branches[0]!, false);
    assert.deepEqual(computeCoverage([], [run('start')]), []);
  });
});

describe('coveragePercent', () => {
  const cases: [visited: number, total: number, percent: number][] = [
    [0, 5, 0],
    [5, 5, 100],
    [1, 8, 12.5],
    [7, 10, 70],
    [1, 3, 33.3],
    [2, 3, 66.6],
    [5, 6, 83.3],
    // Rounded down: never 100.0 while something is left.
    [9_999, 10_000, 99.9],
    [19_999, 20_000, 99.9],
    [1, 20_000, 0],
    // Nothing to cover.
    [0, 0, 100],
  ];
  for (const [visited, total, percent] of cases) {
    test(`${visited} of ${total} is ${percent}`, () => assert.equal(coveragePercent(visited, total), percent));
  }
});

describe('checkMinCoverage', () => {
  const cov = (flow_id: string, visited: number, total: number, extra: Partial<FlowCoverage> = {}): FlowCoverage => ({
    flow_id,
    ...extra,
    nodes: { visited, total, percent: coveragePercent(visited, total) },
    edges: { visited: 0, total: 0, percent: 100 },
    unvisited_nodes: [],
    unvisited_branches: [],
  });
  const cases: { name: string; coverage: FlowCoverage[]; min: number; below: [string, number][] }[] = [
    { name: 'none below', coverage: [cov('a', 5, 5), cov('b', 4, 5)], min: 80, below: [] },
    { name: 'exactly at the threshold passes', coverage: [cov('a', 4, 5)], min: 80, below: [] },
    {
      name: 'below, in the order given',
      coverage: [cov('a', 2, 3), cov('b', 5, 5), cov('c', 0, 4)],
      min: 80,
      below: [
        ['a', 66.6],
        ['c', 0],
      ],
    },
    { name: 'the exact ratio decides, not the printed percent', coverage: [cov('a', 1999, 2000)], min: 99.96, below: [['a', 99.9]] },
    { name: 'a flow with no nodes is never below', coverage: [cov('a', 0, 0)], min: 100, below: [] },
    { name: 'min 0 never fails', coverage: [cov('a', 0, 4)], min: 0, below: [] },
    { name: 'min 100 fails anything short', coverage: [cov('a', 9_999, 10_000)], min: 100, below: [['a', 99.9]] },
  ];
  for (const c of cases) {
    test(c.name, () =>
      assert.deepEqual(
        checkMinCoverage(c.coverage, c.min).map((s) => [s.flow_id, s.percent]),
        c.below,
      ),
    );
  }
  test('the message names the flow, its file, the counts and the threshold', () => {
    assert.deepEqual(
      checkMinCoverage([cov('f-1', 2, 3, { name: 'Main menu', file: 'flows/m.yaml' }), cov('f-2', 0, 4)], 80).map((s) => s.message),
      [
        "flow 'Main menu' (f-1) in flows/m.yaml covers 2 of 3 nodes (66.6%), below min-coverage 80%",
        'flow f-2 covers 0 of 4 nodes (0%), below min-coverage 80%',
      ],
    );
  });
});

describe('coverage of the shipped examples', () => {
  type Any = Record<string, any>;
  async function load(file: string): Promise<FlowDefinition> {
    const { flow, problems } = parseFlowFile(await readFile(path.join(ROOT, file), 'utf8'), file);
    assert.deepEqual(problems, []);
    assert.ok(flow);
    return flow;
  }
  /** Each scenario's inputs and variables through the engine, as the run does against the emulator. */
  async function runScenarios(file: string, flow: FlowDefinition): Promise<CoverageRun[]> {
    const doc = parseYaml(await readFile(path.join(ROOT, file), 'utf8'), file).value as Any;
    assert.equal(doc.flow, flow.id);
    return (doc.scenarios as Any[]).map((s) => {
      const result = executeFlow(flow, {
        flowId: flow.id,
        input: { dtmf: s.input?.dtmf ?? '', speech: s.input?.speech ?? '' },
        options: { trace: true, includeVariables: false, maxLoops: 50 },
        variables: { ...doc.variables, ...s.variables },
      });
      assert.equal(result.status, 200);
      const body = result.body as { path: string[]; trace: TraceEntry[] };
      return { flowId: flow.id, path: body.path, trace: body.trace };
    });
  }

  test('the main menu scenarios visit every node; only three synonym intents stay unvisited', async () => {
    const menu = await load('examples/flows/main-menu.yaml');
    const hours = await load('examples/flows/after-hours.yaml');
    const runs = [
      ...(await runScenarios('examples/scenarios/main-menu.yaml', menu)),
      ...(await runScenarios('examples/scenarios/after-hours.yaml', hours)),
    ];
    const [first, second] = computeCoverage([menu, hours], runs);
    assert.equal(first?.file, 'examples/flows/after-hours.yaml');
    assert.deepEqual([second?.flow_id, second?.name, second?.file], [menu.id, 'Acme main menu', 'examples/flows/main-menu.yaml']);
    // 18 nodes; 31 edges: node_menu has 3 options + 7 intents + noMatch + noInput, the rest 19.
    assert.deepEqual(counts(second), {
      nodes: { visited: 18, total: 18, percent: 100 },
      edges: { visited: 28, total: 31, percent: 90.3 },
      unvisited_nodes: [],
      unvisited_branches: [
        'node_menu -intent sales-> node_route_sales @30',
        'node_menu -intent support-> node_check_tier @30',
        'node_menu -intent invoice-> node_route_billing @30',
      ],
    });
    assert.deepEqual(counts(first), {
      nodes: { visited: 10, total: 10, percent: 100 },
      edges: { visited: 14, total: 15, percent: 93.3 },
      unvisited_nodes: [],
      unvisited_branches: ['node_voicemail_offer -intent voicemail-> node_route_voicemail @27'],
    });
    assert.deepEqual(checkMinCoverage([first!, second!], 100), []);
  });
});

describe('coverage of Studio sub-scripts', () => {
  // Main: Begin → Call (RUNSUB Hours) → After → Bye; Hours: Begin → Open? (IF) → Yes | No → Back (RETURN).
  const main = studioScript('Main', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'RUNSUB', label: 'Call', properties: { ScriptName: 'Hours' }, to: { default: 3 } },
    { id: 3, type: 'PLAY', label: 'After', to: { default: 4 } },
    { id: 4, type: 'HANGUP', label: 'Bye' },
  ]);
  const hours = studioScript('Hours', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'IF', label: 'Open?', properties: { Expression: 'open = 1' }, to: { True: 3, False: 4 } },
    { id: 3, type: 'ASSIGN', label: 'Yes', properties: { Variable: 'state', Value: 'open' }, to: { default: 5 } },
    { id: 4, type: 'ASSIGN', label: 'No', properties: { Variable: 'state', Value: 'closed' }, to: { default: 5 } },
    { id: 5, type: 'RETURN', label: 'Back' },
  ]);
  const lookup = lookupOf(main, hours);
  const runOf = (flowId: string, variables: Record<string, number>, over: Partial<DebugRequest> = {}): CoverageRun => {
    const script = flowId === 'Main' ? main : hours;
    const result = executeStudio(script, { ...studioRequest({ variables }), flowId, ...over }, lookup);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const body = result.body as { path: string[]; trace: TraceEntry[] };
    return { flowId, path: body.path, trace: body.trace };
  };
  const cases: { name: string; runs: () => CoverageRun[]; main: string[]; hours: string[]; mainNodes: number; hoursNodes: number }[] = [
    {
      name: "a call through the sub-script credits its actions and connectors, and RUNSUB's Default on the way back",
      runs: () => [runOf('Main', { open: 1 })],
      main: [],
      hours: ['Open? → No (False)', 'No → Back (Default)'],
      mainNodes: 4,
      hoursNodes: 4,
    },
    {
      name: 'both answers of the sub-script: every connector of both scripts',
      runs: () => [runOf('Main', { open: 1 }), runOf('Main', { open: 0 })],
      main: [],
      hours: [],
      mainNodes: 4,
      hoursNodes: 5,
    },
    {
      name: 'the sub-script run on its own (its RETURN ends the call) adds to what calls through it covered',
      runs: () => [runOf('Main', { open: 1 }), runOf('Hours', { open: 0 })],
      main: [],
      hours: [],
      mainNodes: 4,
      hoursNodes: 5,
    },
    {
      name: "without a trace the sub-script's steps still count, but nothing says where RUNSUB came back",
      runs: () => [{ ...runOf('Main', { open: 1 }), trace: [] }],
      main: ['Call → After (Default)'],
      hours: ['Open? → No (False)', 'No → Back (Default)'],
      mainNodes: 4,
      hoursNodes: 4,
    },
    {
      name: 'a mocked RUNSUB takes its Default like any action: the sub-script is not visited',
      runs: () => [runOf('Main', {}, { mocks: { Call: { branch: 'Default' } } })],
      main: [],
      hours: ['Begin → Open? (Default)', 'Open? → Yes (True)', 'Open? → No (False)', 'Yes → Back (Default)', 'No → Back (Default)'],
      mainNodes: 4,
      hoursNodes: 0,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const coverage = computeCoverage([main, hours], c.runs());
      const of = (id: string) => coverage.find((f) => f.flow_id === id)!;
      const unvisited = (f: FlowCoverage) => f.unvisited_branches.map((b) => `${b.from} → ${b.to} (${b.label})`);
      assert.deepEqual(unvisited(of('Main')), c.main);
      assert.deepEqual(unvisited(of('Hours')), c.hours);
      assert.equal(of('Main').nodes.visited, c.mainNodes);
      assert.equal(of('Hours').nodes.visited, c.hoursNodes);
    });
  }
});
