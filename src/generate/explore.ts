// The explorer behind `generate` (README, Generating scenarios): runs the emulator's engine on an input,
// reads off the trace where input, mocks and conditions decided the way, and tries the alternatives there
// (input tree exploration), connectors not yet covered first, within a hard budget of runs and steps.
// Then a greedy cover picks few runs that take every connector taken. Pure and deterministic: the same
// flow and budget give the same scenarios, in the same order.
import { flowEdges, type LoadedFlow } from '../domain/flow.ts';
import type { DebugResponse, MockOutcome } from '../domain/wire.ts';
import { computeCoverage } from '../analysis/coverage.ts';
import { executeFlow } from '../emulator/engine.ts';
import { type GenInput, inputKey, toRequest } from './input.ts';
import { proposeChildren } from './proposals.ts';
import { staticReasons, type UnreachableConnector } from './static-reasons.ts';
import { describeFlow, type FlowInfo, type StudioLookup } from './studio-info.ts';
import { nameScenario } from './names.ts';

export interface ExploreBudget {
  /** Engine runs at most. */
  maxRuns: number;
  /** Steps (path entries) over all runs at most. */
  maxSteps: number;
}

/** Runs a run that took something new is followed on for at most (see the search loop). */
const MAX_ONWARD = 32;

export const DEFAULT_BUDGET: ExploreBudget = { maxRuns: 3000, maxSteps: 3_000_000 };

export interface ExploredScenario {
  flowId: string;
  name: string;
  input: GenInput;
  /** What the emulator answered for the input: the expectations are recorded from it. */
  response: DebugResponse;
  /** The connectors (flowEdges indexes) this scenario was the first of the chosen ones to take. */
  newConnectors: number[];
}

export interface Exploration {
  flowId: string;
  scenarios: ExploredScenario[];
  unreachable: UnreachableConnector[];
  /** Connectors of the flow, those not ruled out by its shape, and those the scenarios take. */
  connectors: number;
  feasible: number;
  covered: number;
  runs: number;
  /** The search stopped at the budget with connectors left. */
  budgetSpent: boolean;
}

interface Pending {
  input: GenInput;
  /** The node where it differs from the run it came from ('' for the first input). */
  from: string;
  /** The edge it aims at, or -1. */
  target: number;
  rank: 0 | 1;
  /** Steps from where it leads to the nearest connector not yet taken (a lower bound: it only grows). */
  distance: number;
  depth: number;
  seq: number;
}

interface Done {
  input: GenInput;
  edges: number[];
  clean: boolean;
  steps: number;
}

export function exploreFlow(flow: LoadedFlow, lookup: StudioLookup = () => undefined, budget: ExploreBudget = DEFAULT_BUDGET): Exploration {
  const info = describeFlow(flow, lookup);
  const edges = flowEdges(flow);
  const byLabel = new Map<string, number>();
  edges.forEach((e, i) => {
    const key = `${e.from}\u0000${e.label}`;
    if (!byLabel.has(key)) byLabel.set(key, i);
  });
  const ruledOut = staticReasons(flow);
  const goal = edges.map((_, i) => !ruledOut.has(i));
  let left = goal.filter(Boolean).length;
  const covered = new Uint8Array(edges.length);
  const heap = new Heap();
  // Each input once: queued (a later child aiming at an untaken connector queues it again, ahead), or run.
  const seen = new Map<string, 'queued' | 'ran'>();
  const root = rootInput(info);
  seen.set(inputKey(root), 'queued');
  let seq = 0;
  const near = nearness(edges, goal, covered);
  /** Where a child leads: the far end of the connector it aims at, else the node it changes. */
  const distanceOf = (from: string, target: number): number => near.of(target >= 0 ? (edges[target]?.to as string) : from);
  heap.push({ input: root, from: '', target: -1, rank: 1, distance: 0, depth: 0, seq: seq++ });
  const done: Done[] = [];
  let runs = 0;
  let steps = 0;
  interface Ran {
    input: GenInput;
    fresh: boolean;
    children: { input: GenInput; from: string; target: number; rank: 0 | 1 }[];
  }
  const queueChildren = (ran: Ran, depth: number): void => {
    for (const child of ran.children) {
      const key = inputKey(child.input);
      const rank = child.target >= 0 && covered[child.target] !== 1 && goal[child.target] ? 0 : 1;
      const state = seen.get(key);
      if (state === 'ran' || (state === 'queued' && rank === 1)) continue;
      seen.set(key, 'queued');
      const distance = rank === 0 ? 0 : distanceOf(child.from, child.target);
      heap.push({ input: child.input, from: child.from, target: child.target, rank, distance, depth: depth + 1, seq: seq++ });
    }
  };
  /** Runs one input and records what it took; `queue`: its children join the search. */
  const runOne = (input: GenInput, depth: number, queue = true): Ran => {
    runs++;
    const result = executeFlow(flow, toRequest(flow.id, input), lookup);
    const trace = result.body.trace;
    steps += trace.length;
    let fresh = false;
    if (result.status === 200) {
      const taken = takenEdges(flow, edges, result.body);
      done.push({ input, edges: taken, clean: result.body.exitNode !== null, steps: result.body.path.length });
      for (const i of taken) {
        if (covered[i] === 1) continue;
        covered[i] = 1;
        fresh = true;
        if (goal[i]) left--;
      }
      if (fresh) near.update();
    }
    const children = proposeChildren(info, input, trace).map((child) => {
      const target = child.label === undefined ? -1 : (byLabel.get(`${child.from}\u0000${child.label}`) ?? -1);
      const rank: 0 | 1 = target >= 0 && covered[target] !== 1 && goal[target] ? 0 : 1;
      return { input: child.input, from: child.from, target, rank };
    });
    const ran = { input, fresh, children };
    if (queue) queueChildren(ran, depth);
    return ran;
  };
  while (heap.size() > 0 && left > 0 && runs < budget.maxRuns && steps < budget.maxSteps) {
    const next = heap.pop() as Pending;
    const key = inputKey(next.input);
    if (seen.get(key) === 'ran') continue;
    if (next.rank === 0 && covered[next.target] === 1) {
      heap.push({ ...next, rank: 1 });
      continue;
    }
    const distance = next.rank === 0 ? 0 : distanceOf(next.from, next.target);
    if (distance > next.distance) {
      heap.push({ ...next, distance });
      continue;
    }
    seen.set(key, 'ran');
    let current = runOne(next.input, next.depth);
    // A run that took something new is followed on: the first next input that keeps all of it and aims at
    // a connector not yet taken further on (the next menu's untaken key, the next condition's other side),
    // so one scenario takes the connectors of many menus or conditions, not one scenario each.
    // At most MAX_ONWARD runs on: each queues its children, copies of an input that grows with each run on.
    for (let depth = next.depth + 1; depth <= next.depth + MAX_ONWARD; depth++) {
      if (!current.fresh || left === 0 || runs >= budget.maxRuns || steps >= budget.maxSteps) break;
      const onward = current.children.find(
        (c) => c.rank === 0 && seen.get(inputKey(c.input)) !== 'ran' && keepsAll(c.input, current.input),
      );
      if (!onward) break;
      seen.set(inputKey(onward.input), 'ran');
      current = runOne(onward.input, depth);
    }
  }
  const scenarios = chooseCover(done, goal).map(({ run, fresh }) => record(flow, lookup, info, run, fresh));
  const unreachable: UnreachableConnector[] = [];
  const budgetSpent = left > 0 && (heap.size() > 0 || runs >= budget.maxRuns || steps >= budget.maxSteps);
  edges.forEach((e, i) => {
    const line = flow.source?.nodeLines[e.from];
    const at = line === undefined ? {} : { line };
    const reason = ruledOut.get(i);
    if (reason) unreachable.push({ ...e, ...at, reason });
    else if (covered[i] !== 1)
      unreachable.push({ ...e, ...at, reason: { code: 'not_reached', params: { runs, budget_spent: budgetSpent } } });
  });
  const feasible = goal.filter(Boolean).length;
  return { flowId: flow.id, scenarios, unreachable, connectors: edges.length, feasible, covered: feasible - left, runs, budgetSpent };
}

/**
 * Steps from each node to the nearest node with a goal connector not yet taken, over the flow's edges
 * (a reverse breadth-first search, redone when a run takes something new). A node the flow does not
 * have (a sub-script's action) counts as 1: near, but behind what is known to be near.
 */
function nearness(edges: ReturnType<typeof flowEdges>, goal: boolean[], covered: Uint8Array): { of(node: string): number; update(): void } {
  const into = new Map<string, string[]>();
  for (const e of edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  let dist = new Map<string, number>();
  const update = (): void => {
    dist = new Map();
    const queue: string[] = [];
    edges.forEach((e, i) => {
      if (goal[i] && covered[i] !== 1 && !dist.has(e.from)) {
        dist.set(e.from, 0);
        queue.push(e.from);
      }
    });
    for (let k = 0; k < queue.length; k++) {
      const n = queue[k] as string;
      const d = (dist.get(n) as number) + 1;
      for (const from of into.get(n) ?? []) {
        if (dist.has(from)) continue;
        dist.set(from, d);
        queue.push(from);
      }
    }
  };
  update();
  const known = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { of: (node) => dist.get(node) ?? (known.has(node) ? Number.MAX_SAFE_INTEGER : 1), update };
}

/** No keys, no words, no variables; each action that needs a mock takes its Default (or first) connector. */
function rootInput(info: FlowInfo): GenInput {
  const mocks: Record<string, MockOutcome[]> = {};
  for (const m of info.mockables) if (!m.optional) mocks[m.key] = [structuredClone(m.fallback)];
  return { dtmf: '', speech: '', variables: {}, mocks };
}

/**
 * Whether `next` gives everything `input` gave, and maybe more: the same keys and then others, the same
 * words (or words where there were none), the same variables and clock, each mock's outcomes and then others.
 */
function keepsAll(next: GenInput, input: GenInput): boolean {
  if (!next.dtmf.startsWith(input.dtmf) || (input.speech !== '' && next.speech !== input.speech)) return false;
  if (next.clock !== input.clock) return false;
  for (const [k, v] of Object.entries(input.variables))
    if (!Object.hasOwn(next.variables, k) || JSON.stringify(next.variables[k]) !== JSON.stringify(v)) return false;
  for (const [k, list] of Object.entries(input.mocks)) {
    const after = next.mocks[k];
    if (!after || after.length < list.length || list.some((o, i) => JSON.stringify(o) !== JSON.stringify(after[i]))) return false;
  }
  return true;
}

/** The connectors a run took, as coverage counts them (flowEdges indexes). */
function takenEdges(flow: LoadedFlow, edges: ReturnType<typeof flowEdges>, body: DebugResponse): number[] {
  const [cov] = computeCoverage([flow], [{ flowId: flow.id, path: body.path, trace: body.trace }]);
  const missed = cov?.unvisited_branches ?? [];
  const out: number[] = [];
  let u = 0;
  edges.forEach((e, i) => {
    const m = missed[u];
    if (m && m.from === e.from && m.to === e.to && m.label === e.label) u++;
    else out.push(i);
  });
  return out;
}

/**
 * Greedy set cover: the run that takes most connectors still untaken, ties to runs that end (not at
 * maxLoops), then the shorter, then the earlier found. Only connectors of the goal count.
 */
function chooseCover(done: Done[], goal: boolean[]): { run: Done; fresh: number[] }[] {
  const open = new Uint8Array(goal.length);
  for (const d of done) for (const i of d.edges) if (goal[i]) open[i] = 1;
  const picked: { run: Done; fresh: number[] }[] = [];
  const used = new Uint8Array(done.length);
  for (;;) {
    let best = -1;
    let bestCount = 0;
    done.forEach((d, k) => {
      if (used[k] === 1) return;
      let count = 0;
      for (const i of d.edges) if (open[i] === 1) count++;
      if (count === 0) return;
      const b = done[best];
      const better =
        best < 0 ||
        (d.clean && !b?.clean) ||
        (d.clean === b?.clean && (count > bestCount || (count === bestCount && d.steps < (b?.steps ?? 0))));
      if (better) {
        best = k;
        bestCount = count;
      }
    });
    if (best < 0) return picked;
    used[best] = 1;
    const run = done[best] as Done;
    const fresh = run.edges.filter((i) => open[i] === 1);
    for (const i of fresh) open[i] = 0;
    picked.push({ run, fresh });
  }
}

/** The chosen input with only the mocks its run visited, run again for the answer its expectations come from. */
function record(flow: LoadedFlow, lookup: StudioLookup, info: FlowInfo, run: Done, fresh: number[]): ExploredScenario {
  const first = executeFlow(flow, toRequest(flow.id, run.input), lookup);
  const visits = new Map<string, number>();
  for (const t of first.body.trace) if (typeof t.mock === 'string') visits.set(t.mock, (visits.get(t.mock) ?? 0) + 1);
  const mocks: Record<string, MockOutcome[]> = {};
  for (const [key, list] of Object.entries(run.input.mocks)) {
    const n = visits.get(key) ?? 0;
    if (n === 0) continue;
    const kept = list.slice(0, n);
    while (kept.length > 1 && JSON.stringify(kept[kept.length - 1]) === JSON.stringify(kept[kept.length - 2])) kept.pop();
    mocks[key] = kept;
  }
  const input = { ...run.input, mocks };
  const answer = executeFlow(flow, toRequest(flow.id, input), lookup);
  const response = answer.body as DebugResponse;
  return { flowId: flow.id, name: nameScenario(info, input, response), input, response, newConnectors: fresh };
}

/** A binary heap of pending inputs: rank, then depth, then the order they were found in. */
class Heap {
  private readonly items: Pending[] = [];
  size(): number {
    return this.items.length;
  }
  push(p: Pending): void {
    const a = this.items;
    a.push(p);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(a[i] as Pending, a[parent] as Pending)) break;
      [a[i], a[parent]] = [a[parent] as Pending, a[i] as Pending];
      i = parent;
    }
  }
  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l] as Pending, a[m] as Pending)) m = l;
        if (r < a.length && less(a[r] as Pending, a[m] as Pending)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Pending, a[i] as Pending];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Pending, b: Pending): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.depth !== b.depth) return a.depth < b.depth;
  return a.seq < b.seq;
}
