// Node and branch coverage of each known flow graph across the whole run (the report's `coverage`, the
// `min-coverage` input). Pure. snake_case because the result goes into the YAML report as it is.
import type { TraceEntry } from '../domain/wire.ts';
import { STUDIO_EDGE_LABEL } from '../domain/studio.ts';
import { flowEdges, isStudioScript } from '../domain/flow.ts';
import { flowNames, type FlowEdge, type LoadedFlow } from '../domain/flow.ts';
import type { UnreachableReason } from '../domain/unreachable.ts';

export interface CoverageCount {
  visited: number;
  total: number;
  percent: number;
}

export interface UnvisitedBranch {
  from: string;
  to: string;
  label: string;
  /** The line of the `from` node's key: flow sources keep node lines only. Absent without a source. */
  line?: number;
}

export interface FlowCoverage {
  flow_id: string;
  name?: string;
  file?: string;
  nodes: CoverageCount;
  edges: CoverageCount;
  /** Definition order. */
  unvisited_nodes: string[];
  /** flowEdges order: by node in definition order, then options, intents, noMatch, noInput / then, else / next. */
  unvisited_branches: UnvisitedBranch[];
  /**
   * The unvisited branches no input can take, and why (generate/static-reasons.ts): flow defects, shown as
   * warnings. Absent when there is none.
   */
  unreachable?: (UnvisitedBranch & { reason: UnreachableReason })[];
}

export interface CoverageRun {
  flowId: string;
  path: string[];
  trace: TraceEntry[];
}

export interface CoverageShortfall {
  flow_id: string;
  percent: number;
  message: string;
}

/**
 * Percent with one decimal, rounded down as istanbul does: it never reads 100.0 while something is left
 * (9,999 of 10,000 is 99.9), and a flow reported below min-coverage never prints a percent at or above
 * the threshold. Nothing to cover counts as fully covered.
 */
export function coveragePercent(visited: number, total: number): number {
  if (total === 0) return 100;
  return Math.floor((visited * 1000) / total) / 10;
}

/**
 * The percent as every output writes it (summary headline and tables, PR comment, console, min-coverage):
 * made from the counts by coveragePercent, never from a stored percent, so all of them agree.
 */
export function formatPercent(visited: number, total: number): string {
  return `${coveragePercent(visited, total)}%`;
}

/** Above this many branches a node gets lookup maps; below, scanning its few edges is cheaper than hashing. */
const SCAN_LIMIT = 8;

/** The edges out of one node, by index into the flow's edge list. */
interface Outgoing {
  edges: number[];
  byLabel?: Map<string, number>;
  byTarget?: Map<number, number[]>;
}

/** The flow with integer node ids, so that a step of a path costs one hash lookup, not string keys built per step. */
interface FlowIndex {
  ids: Map<string, number>;
  labels: string[];
  /** Target node of each edge; -1 for a reference to a missing node (never visited). */
  edgeTo: Int32Array;
  out: Outgoing[];
}

function indexFlow(nodeIds: string[], edges: FlowEdge[]): FlowIndex {
  const ids = new Map(nodeIds.map((id, i) => [id, i]));
  const out: Outgoing[] = nodeIds.map(() => ({ edges: [] }));
  const edgeTo = new Int32Array(edges.length);
  edges.forEach((e, k) => {
    edgeTo[k] = ids.get(e.to) ?? -1;
    out[ids.get(e.from) as number]?.edges.push(k);
  });
  for (const o of out) {
    if (o.edges.length <= SCAN_LIMIT) continue;
    o.byLabel = new Map(o.edges.map((k) => [edges[k]?.label as string, k]));
    o.byTarget = new Map();
    for (const k of o.edges) {
      const to = edgeTo[k] as number;
      const list = o.byTarget.get(to);
      if (list) list.push(k);
      else o.byTarget.set(to, [k]);
    }
  }
  return { ids, labels: edges.map((e) => e.label), edgeTo, out };
}

/** Marks the edge(s) one step from `from` to `to` took (see markVisits). */
function markStep(fx: FlowIndex, from: number, to: number, branch: string | undefined, edgeSeen: Uint8Array): void {
  const out = fx.out[from] as Outgoing;
  if (branch !== undefined) {
    const k = out.byLabel ? out.byLabel.get(branch) : out.edges.find((e) => fx.labels[e] === branch);
    if (k !== undefined && fx.edgeTo[k] === to) {
      edgeSeen[k] = 1;
      return;
    }
  }
  if (out.byTarget) {
    for (const k of out.byTarget.get(to) ?? []) edgeSeen[k] = 1;
    return;
  }
  for (const k of out.edges) if (fx.edgeTo[k] === to) edgeSeen[k] = 1;
}

/**
 * What the runs of one flow visited, without the runs themselves: a 12 MB answer is analysed as it
 * arrives and dropped, and coverage needs only this. Node ids are numbered per flow, so a step of a
 * path costs one string lookup and one number-keyed set, as the whole answers did before.
 */
export interface FlowVisits {
  numbers: Map<string, number>;
  /** By number. */
  names: string[];
  /** unlabelled[from]: the nodes steps from `from` went to, where the trace entry named no branch... */
  unlabelled: Steps;
  /** ...and those whose entry did, by label. */
  labelled: Map<string, Steps>;
}

/** By the number of the node a step left, the numbers of the nodes it reached: small integers, no strings hashed. */
type Steps = (Set<number> | undefined)[];

/** By flow id; `size` counts distinct nodes and steps of every flow, against MAX_COVERAGE_VISITS. */
export interface CoverageVisits {
  flows: Map<string, FlowVisits>;
  size: number;
  /** Set once MAX_COVERAGE_VISITS was reached: visits after it were not counted. */
  cut: boolean;
}

/**
 * Distinct nodes and steps remembered for a run, about 60 bytes each. Far above real flows (a 1 MB
 * flow file holds some 30,000 nodes); it bounds what answers naming millions of made-up nodes can hold.
 */
export const MAX_COVERAGE_VISITS = 4_000_000;

export function createCoverageVisits(): CoverageVisits {
  return { flows: new Map(), size: 0, cut: false };
}

/**
 * Records what one run visited. Step i → i+1 of the path is recorded with the `branch` label of the
 * trace entry for step i (trace[i], if its nodeId is path[i]), without one when there is none (see
 * markVisits).
 */
export function recordRun(visits: CoverageVisits, run: CoverageRun): void {
  const { path, trace } = run;
  let flow = visits.flows.get(run.flowId);
  if (!flow) visits.flows.set(run.flowId, (flow = { numbers: new Map(), names: [], unlabelled: [], labelled: new Map() }));
  const { numbers, names, unlabelled, labelled } = flow;
  const number = (node: string): number => {
    let n = numbers.get(node);
    if (n === undefined) {
      n = names.length;
      numbers.set(node, n);
      names.push(node);
      visits.size++;
    }
    return n;
  };
  if (path.length > 0 && visits.size >= MAX_COVERAGE_VISITS) visits.cut = true;
  if (path.length === 0 || visits.cut) return;
  const step = (from: number, to: number, branch: string | undefined): void => {
    let steps = unlabelled;
    if (branch !== undefined) {
      steps = labelled.get(branch) ?? [];
      if (steps.length === 0) labelled.set(branch, steps);
    }
    const targets = steps[from] ?? (steps[from] = new Set());
    if (!targets.has(to)) {
      targets.add(to);
      visits.size++;
    }
  };
  // The RUNSUB actions whose sub-script is running: its RETURN comes back along the RUNSUB's Default.
  const calls: number[] = [];
  let from = number(path[0] as string);
  for (let i = 0; i + 1 < path.length; i++) {
    // A step adds at most a node and two steps (the step, and a RUNSUB's Default on a RETURN).
    if (visits.size + 3 > MAX_COVERAGE_VISITS) {
      visits.cut = true;
      return;
    }
    const to = number(path[i + 1] as string);
    const entry = trace[i]?.nodeId === path[i] ? trace[i] : undefined;
    const branch = typeof entry?.branch === 'string' ? entry.branch : undefined;
    step(from, to, branch);
    // A RUNSUB that took no connector entered its sub-script (a mocked one takes its branch); a RETURN
    // that took none went back to the caller: the step RUNSUB → the action after it, along Default.
    if (branch === undefined && entry?.type === 'RUNSUB') calls.push(from);
    else if (branch === undefined && entry?.type === 'RETURN' && calls.length > 0)
      step(calls.pop() as number, to, STUDIO_EDGE_LABEL.default());
    from = to;
  }
}

/**
 * Marks what the runs visited. A recorded step from → to covers:
 * - with a branch label that names an edge from `from` to `to`, that edge alone: noMatch and noInput
 *   to the same node differ;
 * - otherwise (no trace, no label, or a label this flow does not have for that step) every edge from
 *   `from` to `to`: the step is known to have happened, not which of the parallel edges it took.
 * Visited nodes that are not nodes of the flow (the graph and the deployed flow differ) are ignored, and
 * so are the steps into and out of them.
 */
function markVisits(visits: FlowVisits, fx: FlowIndex, nodeSeen: Uint8Array, edgeSeen: Uint8Array, how: VisitSource): void {
  // The flow's number of each visited node, or -1 when the flow has no such node. Names `<this script's
  // id>/<node>` are its actions run as a sub-script (or by RUNSCRIPT) of the flow the visits are under.
  const { own, prefix } = how;
  const sub = (name: string) => (prefix !== undefined && name.startsWith(prefix) ? fx.ids.get(name.slice(prefix.length)) : undefined);
  const ids = visits.names.map((name) => (own ? fx.ids.get(name) : undefined) ?? sub(name) ?? -1);
  for (const id of ids) if (id >= 0) nodeSeen[id] = 1;
  const mark = (steps: Steps, branch: string | undefined) => {
    steps.forEach((targets, n) => {
      const from = ids[n]!;
      if (from < 0 || !targets) return;
      for (const t of targets) if (ids[t]! >= 0) markStep(fx, from, ids[t]!, branch, edgeSeen);
    });
  };
  mark(visits.unlabelled, undefined);
  for (const [branch, keys] of visits.labelled) mark(keys, branch);
}

/** Visits under the flow's own names (`own`), or another flow's, of which only the names after `prefix` count. */
interface VisitSource {
  own: boolean;
  prefix?: string;
}

function coverFlow(flow: LoadedFlow, visits: FlowVisits[], others: FlowVisits[]): FlowCoverage {
  const ids = Object.keys(flow.nodes);
  const edges = flowEdges(flow);
  const fx = indexFlow(ids, edges);
  const nodeSeen = new Uint8Array(ids.length);
  const edgeSeen = new Uint8Array(edges.length);
  const prefix = isStudioScript(flow) ? `${flow.id}/` : undefined;
  for (const v of visits) markVisits(v, fx, nodeSeen, edgeSeen, { own: true, ...(prefix ? { prefix } : {}) });
  for (const v of others) if (!visits.includes(v)) markVisits(v, fx, nodeSeen, edgeSeen, { own: false, ...(prefix ? { prefix } : {}) });

  const unvisited_nodes = ids.filter((_, i) => nodeSeen[i] !== 1);
  const unvisited_branches: UnvisitedBranch[] = [];
  edges.forEach((e, i) => {
    if (edgeSeen[i] === 1) return;
    const line = flow.source?.nodeLines[e.from];
    unvisited_branches.push(line === undefined ? { ...e } : { ...e, line });
  });
  const nodesVisited = ids.length - unvisited_nodes.length;
  const edgesVisited = edges.length - unvisited_branches.length;
  // Keys are left out rather than set to undefined: the YAML dumper rejects undefined values.
  const out: FlowCoverage = {
    flow_id: flow.id,
    ...(flow.name !== undefined ? { name: flow.name } : {}),
    ...(flow.source?.file ? { file: flow.source.file } : {}),
    nodes: { visited: nodesVisited, total: ids.length, percent: coveragePercent(nodesVisited, ids.length) },
    edges: { visited: edgesVisited, total: edges.length, percent: coveragePercent(edgesVisited, edges.length) },
    unvisited_nodes,
    unvisited_branches,
  };
  return out;
}

function compareFlows(a: LoadedFlow, b: LoadedFlow): number {
  // Files first, in path order; graphs from the API (no file) after them; then by id.
  const fa = a.source?.file || '\uffff';
  const fb = b.source?.file || '\uffff';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Coverage of every flow in `flows`, including those no run reached (0%), ordered by file then id.
 * Visits of flows whose graph is not known are skipped: there is nothing to measure them against.
 * Linear in nodes + edges + distinct visits.
 */
export function coverageOfVisits(flows: readonly LoadedFlow[], visits: CoverageVisits): FlowCoverage[] {
  // Scenarios may name a Studio script by an alias: the visits under each of its names count. A script run
  // as a sub-script is visited under the caller's flow, as `<its id>/<action>`: those count too.
  const bySubPrefix = subScriptVisits(flows, visits);
  return [...flows].sort(compareFlows).map((flow) =>
    coverFlow(
      flow,
      flowNames(flow).flatMap((n) => visits.flows.get(n) ?? []),
      isStudioScript(flow) ? (bySubPrefix.get(`${flow.id}/`) ?? []) : [],
    ),
  );
}

/** By `<script id>/`, the visits (of any flow) that name an action of that script as a sub-script's. One pass over the names. */
function subScriptVisits(flows: readonly LoadedFlow[], visits: CoverageVisits): Map<string, FlowVisits[]> {
  const prefixes = new Set(flows.filter(isStudioScript).map((f) => `${f.id}/`));
  const out = new Map<string, FlowVisits[]>();
  if (prefixes.size === 0) return out;
  for (const v of visits.flows.values()) {
    const found = new Set<string>();
    for (const name of v.names) {
      for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
        const prefix = name.slice(0, i + 1);
        if (prefixes.has(prefix)) found.add(prefix);
      }
    }
    for (const prefix of found) out.set(prefix, [...(out.get(prefix) ?? []), v]);
  }
  return out;
}

/** coverageOfVisits for runs at hand. Linear in nodes + edges + steps. */
export function computeCoverage(flows: readonly LoadedFlow[], runs: CoverageRun[]): FlowCoverage[] {
  const visits = createCoverageVisits();
  for (const run of runs) recordRun(visits, run);
  return coverageOfVisits(flows, visits);
}

/**
 * Flows whose node coverage is below `minPercent` (the `min-coverage` input). The comparison uses the
 * exact counts, not the printed percent (a threshold may have more decimals than the percent shows).
 */
export function checkMinCoverage(coverage: FlowCoverage[], minPercent: number): CoverageShortfall[] {
  return coverage
    .filter((c) => c.nodes.visited * 100 < minPercent * c.nodes.total)
    .map((c) => {
      const what = c.name === undefined ? `flow ${c.flow_id}` : `flow '${c.name}' (${c.flow_id})`;
      const where = c.file === undefined ? '' : ` in ${c.file}`;
      const message =
        `${what}${where} covers ${c.nodes.visited} of ${c.nodes.total} nodes (${formatPercent(c.nodes.visited, c.nodes.total)}), ` +
        `below min-coverage ${minPercent}%`;
      return { flow_id: c.flow_id, percent: c.nodes.percent, message };
    });
}
