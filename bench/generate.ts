// Scenario generation benchmark: `generate`'s explorer and writer on a 200-node flow with 20 conditions
// (target: under 2 s), then, on the examples and a sample of random flows, the scenarios it writes per
// flow against the connectors they take and the lower bound: a run ends once, so it takes at most one
// connector into an ending node, and no suite can have fewer scenarios than there are such connectors
// to take. Each time is the best of three after one warm-up.
//   node_modules/.bin/node bench/generate.ts
import { isStudioScript, flowEdges, type LoadedFlow } from '../src/domain/flow.ts';
import { createFlowLookup } from '../src/domain/flow.ts';
import type { StudioScript } from '../src/domain/studio.ts';
import { loadFlows } from '../src/flow/load.ts';
import { exploreFlow, type Exploration } from '../src/generate/explore.ts';
import { staticReasons } from '../src/generate/static-reasons.ts';
import { renderSuite } from '../src/generate/suite.ts';
import { randomFlow } from '../__tests__/helpers/random-flows.ts';
import { printTable } from './lib/table.ts';

const TARGET_MS = 2000;
const NODES = 200;
const CONDITIONS = 20;

/** The first seeded flow with at least NODES nodes and CONDITIONS conditions. */
function benchFlow(): { flow: LoadedFlow; seed: number } {
  for (let seed = 1; ; seed++) {
    const { flow } = randomFlow(seed, { maxNodes: NODES, maxDepth: 14 });
    const nodes = Object.values(flow.nodes);
    if (nodes.length >= NODES && nodes.filter((n) => n.type === 'Condition').length >= CONDITIONS) return { flow, seed };
  }
}

/**
 * No suite is smaller: a run ends once, so it takes one connector into an ending node, and it says one
 * utterance, so it takes one intent (or ASRMENU case): each such connector that can be taken needs a
 * scenario of its own.
 */
function lowerBound(flow: LoadedFlow): number {
  const ruledOut = staticReasons(flow);
  const edges = flowEdges(flow);
  const ends = (id: string): boolean => {
    if (isStudioScript(flow)) return (flow.nodes[id]?.connectors.length ?? 1) === 0;
    const node = flow.nodes[id];
    return node?.type === 'Exit' || (node?.type === 'Route' && node.next === undefined);
  };
  const spoken = (from: string, label: string): boolean =>
    isStudioScript(flow) ? flow.nodes[from]?.type === 'ASRMENU' && label.startsWith('case ') : label.startsWith('intent ');
  const feasible = edges.filter((_, i) => !ruledOut.has(i));
  return Math.max(feasible.filter((e) => ends(e.to)).length, feasible.filter((e) => spoken(e.from, e.label)).length);
}

function best(run: () => void): number {
  run();
  let min = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    run();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const { flow, seed } = benchFlow();
const nodes = Object.values(flow.nodes);
let x: Exploration | undefined;
const ms = best(() => {
  x = exploreFlow(flow);
  renderSuite(flow, x, { command: 'bench' });
});
const done = x as Exploration;
console.log(
  `Flow of seed ${seed}: ${nodes.length} nodes, ${nodes.filter((n) => n.type === 'Condition').length} conditions, ${done.connectors} connectors (${done.feasible} can be taken)`,
);
printTable(
  ['generate (explore + write)', 'runs', 'scenarios', 'lower bound', 'covered', 'target'],
  [
    [
      `${ms.toFixed(0)} ms`,
      String(done.runs),
      String(done.scenarios.length),
      String(lowerBound(flow)),
      `${done.covered}/${done.feasible}`,
      `< ${TARGET_MS} ms`,
    ],
  ],
);

console.log('\nScenarios per flow against connectors:');
const loaded = await loadFlows({
  workspace: `${import.meta.dirname}/..`,
  patterns: ['examples/flows/*.yaml', 'examples/studio/**/*.json'],
});
const byName = createFlowLookup(loaded.flows);
const lookup = (name: string): StudioScript | undefined => {
  const f = byName(name);
  return f && isStudioScript(f) ? f : undefined;
};
const sample: [string, LoadedFlow][] = [
  ...loaded.flows.map((f): [string, LoadedFlow] => [f.source?.file ?? f.id, f]),
  ...[3, 17, 42, 99, 150].map((s): [string, LoadedFlow] => [`random seed ${s}`, randomFlow(s).flow]),
  [`random seed ${seed} (200 nodes)`, flow],
];
printTable(
  ['flow', 'connectors', 'can be taken', 'taken', 'scenarios', 'lower bound', 'runs'],
  sample.map(([name, f]) => {
    const e = exploreFlow(f, lookup);
    return [
      name,
      String(e.connectors),
      String(e.feasible),
      String(e.covered),
      String(e.scenarios.length),
      String(lowerBound(f)),
      String(e.runs),
    ];
  }),
);
if (ms >= TARGET_MS || done.covered !== done.feasible) {
  console.log(`MISSED: ${ms.toFixed(0)} ms, ${done.covered} of ${done.feasible} connectors`);
  process.exit(1);
}
