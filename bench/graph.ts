// Flow graph benchmark: static checks and coverage on random menu graphs of growing size, to show they
// are linear (time per node + edge stays flat) and iterative (no stack overflow on deep graphs).
// Times are also given relative to flowEdges alone, the floor any check over the edges pays, for
// scale. Each figure is the best of three runs after one warm-up.
//   node_modules/.bin/node bench/graph.ts
import { checkFlowGraph } from '../src/analysis/graph.ts';
import { computeCoverage, type CoverageRun } from '../src/analysis/coverage.ts';
import { flowEdges } from '../src/domain/flow.ts';
import type { TraceEntry } from '../src/domain/wire.ts';
import type { FlowDefinition, FlowNode } from '../src/domain/flow.ts';
import { printTable } from './lib/table.ts';

const SIZES = [10_000, 40_000, 160_000];
const RUNS = 200;
const REPEATS = 3;
const STEPS_PER_RUN = 1_000;
/**
 * Time per node + edge at the largest size over the smallest: about 1 when linear, 16 when quadratic
 * (the graph grows 16-fold); cache misses and GC on big graphs account for up to about 2.
 */
const MAX_GROWTH = 4;

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * n menus: three options to random nodes, noMatch to the next one (so every node is reachable and
 * one big strongly connected component forms), the last an Exit, or with `trap` a menu back to the first.
 */
function buildFlow(n: number, trap: boolean): FlowDefinition {
  const rnd = random(42);
  const nodes: Record<string, FlowNode> = {};
  for (let i = 0; i < n - 1; i++) {
    const pick = (): string => `n${Math.floor(rnd() * n)}`;
    nodes[`n${i}`] = { type: 'GatherInput', options: { 1: pick(), 2: pick(), 3: pick() }, noMatch: `n${i + 1}` };
  }
  nodes[`n${n - 1}`] = trap ? { type: 'GatherInput', noMatch: 'n0' } : { type: 'Exit' };
  return { id: `bench-${n}`, start: 'n0', nodes };
}

/** Random walks along the flow's edges, with branch labels in the trace as the engine writes them. */
function buildRuns(flow: FlowDefinition): CoverageRun[] {
  const rnd = random(7);
  const labels = ['option 1', 'option 2', 'option 3', 'noMatch'];
  const runs: CoverageRun[] = [];
  for (let r = 0; r < RUNS; r++) {
    const path: string[] = [];
    const trace: TraceEntry[] = [];
    let id = flow.start;
    for (let step = 0; step < STEPS_PER_RUN; step++) {
      const node = flow.nodes[id];
      path.push(id);
      if (node?.type !== 'GatherInput') break;
      const label = labels[Math.floor(rnd() * labels.length)] as string;
      trace.push({ nodeId: id, type: node.type, timestamp: step, branch: label });
      id = label === 'noMatch' ? (node.noMatch as string) : (node.options?.[label.slice(7)] as string);
    }
    runs.push({ flowId: flow.id, path, trace });
  }
  return runs;
}

/** Best of REPEATS: on a shared machine the fastest run is the one least disturbed by others. */
function time<T>(fn: () => T): { ms: number; value: T } {
  let best = Infinity;
  let value = fn();
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, value };
}

/** perItem: ns per node + edge for the checks, per path step for coverage. */
interface Row {
  size: string;
  what: string;
  ms: number;
  perItem: number;
  ratio: number;
  result: string;
}

function measureSize(n: number): Row[] {
  const rows: Row[] = [];
  for (const trap of [false, true]) {
    const flow = buildFlow(n, trap);
    const edges = time(() => flowEdges(flow));
    const items = n + edges.value.length;
    const check = time(() => checkFlowGraph(flow));
    const codes = check.value.map((f) => f.code).join(', ') || 'no finding';
    const row = (what: string, ms: number, result: string): Row => ({
      size: `${n.toLocaleString('en')} nodes`,
      what,
      ms,
      perItem: (ms * 1e6) / items,
      ratio: ms / edges.ms,
      result,
    });
    rows.push(row(`flowEdges${trap ? ' (trap)' : ''}`, edges.ms, `${edges.value.length.toLocaleString('en')} edges`));
    rows.push(row(`checkFlowGraph${trap ? ' (trap)' : ''}`, check.ms, codes));
    if (trap) continue;
    const runs = buildRuns(flow);
    const steps = runs.reduce((sum, r) => sum + r.path.length, 0);
    const cover = time(() => computeCoverage([flow], runs));
    // Per step, not per node: the steps are fixed, so this shows what a bigger graph costs each step (cache misses).
    rows.push({
      ...row(`computeCoverage (${steps.toLocaleString('en')} steps)`, cover.ms, `${cover.value[0]?.nodes.percent}% nodes`),
      perItem: (cover.ms * 1e6) / steps,
    });
  }
  return rows;
}

function printGraphTable(rows: Row[]): void {
  const cells = rows.map((r) => [
    r.size,
    r.what,
    `${r.ms.toFixed(0)} ms`,
    `${r.perItem.toFixed(0)} ns`,
    r.what.startsWith('flowEdges') ? '1.0' : r.ratio.toFixed(1),
    r.result,
  ]);
  printTable(['graph', 'what', 'time', 'per node+edge (per step)', '× flowEdges', 'result'], cells);
}

const rows = SIZES.flatMap(measureSize);
printGraphTable(rows);
const problems: string[] = [];
for (const what of new Set(rows.map((r) => r.what).filter((w) => w.startsWith('checkFlowGraph')))) {
  const series = rows.filter((r) => r.what === what);
  const growth = (series.at(-1)?.perItem ?? 0) / (series[0]?.perItem ?? 1);
  if (growth > MAX_GROWTH) problems.push(`${what}: time per node+edge grew ×${growth.toFixed(1)} from the smallest graph to the largest`);
}
console.log(
  problems.length === 0
    ? `\nok: checkFlowGraph is linear (time per node + edge grew at most ×${MAX_GROWTH} over a 16-fold graph)`
    : `\n${problems.join('\n')}`,
);
if (problems.length > 0) process.exitCode = 1;
