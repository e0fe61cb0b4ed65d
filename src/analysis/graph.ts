// Static checks on a flow's node graph (README, How findings are decided: Flow graphs), found before a single call runs. Pure.
// Every check is O(nodes + edges) and iterative: flows can be big, and a recursive DFS over a long
// chain of nodes would overflow the stack.
import { flowEdges, isStudioScript } from '../domain/flow.ts';
import type { FlowEdge, LoadedFlow } from '../domain/flow.ts';
import { STUDIO_CALL_ENDS, STUDIO_EXECUTED_TYPES } from '../domain/studio.ts';
import { danglingReferences } from '../flow/references.ts';
import { makeFinding, type FindingParams, type FlowFinding, type FlowFindingCode } from '../domain/findings.ts';

/** A finding names at most this many nodes, then counts the rest: its words never list a whole big component. */
export const MAX_NAMED_NODES = 10;

/** The flow with integer node ids, so the checks index arrays instead of hashing strings. */
interface Graph {
  flow: LoadedFlow;
  ids: string[];
  succ: number[][];
  pred: number[][];
  /** 1 where a call stops: Exit, Route without `next` (Studio: callEnds), or a reference to a missing node (a 500, reported apart). */
  ends: Uint8Array;
}

function lineOf(flow: LoadedFlow, node?: string): number {
  const nodeLine = node === undefined ? undefined : flow.source?.nodeLines[node];
  return nodeLine ?? flow.source?.line ?? 1;
}

/**
 * On `line` when given, else the node's line in the flow file ('' for a graph that came from the API), else the
 * flow's `id` line, else 1.
 */
function finding<C extends FlowFindingCode>(
  flow: LoadedFlow,
  code: C,
  params: FindingParams[C],
  node?: string,
  line?: number,
): FlowFinding {
  const f: FlowFinding = {
    ...makeFinding(code, params, { file: flow.source?.file ?? '', line: line ?? lineOf(flow, node) }),
    flow_id: flow.id,
  } as FlowFinding;
  if (node !== undefined) f.node = node;
  return f;
}

/** Where a YAML flow's call ends: Exit, and a Route with no `next` (the call is handed over). */
function yamlEnds(flow: LoadedFlow, ends: Uint8Array): void {
  if (isStudioScript(flow)) return;
  Object.values(flow.nodes).forEach((node, i) => {
    if (node.type === 'Exit' || (node.type === 'Route' && node.next === undefined)) ends[i] = 1;
  });
}

/**
 * Where a Studio script's call may end: STUDIO_CALL_ENDS, and every action a REQAGENT leads to. Once the
 * contact is queued the script plays its hold loop (MUSIC, WAIT and back) until an agent answers
 * (help.nicecxone.com/content/studio/actionscx/reqagent/reqagent.htm): such a loop is no trap.
 */
function studioEnds(g: Graph): void {
  if (!isStudioScript(g.flow)) return;
  const queued: number[] = [];
  Object.values(g.flow.nodes).forEach((action, i) => {
    if (STUDIO_CALL_ENDS.includes(action.type)) g.ends[i] = 1;
    if (action.type === 'REQAGENT') queued.push(i);
  });
  const { rank } = bfs(g.succ, queued);
  rank.forEach((r, i) => {
    if (r !== -1) g.ends[i] = 1;
  });
}

function buildGraph(flow: LoadedFlow, edges: FlowEdge[]): Graph {
  const ids = Object.keys(flow.nodes);
  const index = new Map(ids.map((id, i) => [id, i]));
  const succ: number[][] = ids.map(() => []);
  const pred: number[][] = ids.map(() => []);
  const ends = new Uint8Array(ids.length);
  yamlEnds(flow, ends);
  for (const edge of edges) {
    const from = index.get(edge.from) as number;
    const to = index.get(edge.to);
    if (to === undefined) {
      ends[from] = 1;
      continue;
    }
    succ[from]?.push(to);
    pred[to]?.push(from);
  }
  const graph = { flow, ids, succ, pred, ends };
  studioEnds(graph);
  return graph;
}

/** Breadth-first from `roots` over `adj`: the visit rank of each node (-1 if not reached) and the node it was reached from. */
function bfs(adj: number[][], roots: number[]): { rank: Int32Array; parent: Int32Array } {
  const rank = new Int32Array(adj.length).fill(-1);
  const parent = new Int32Array(adj.length).fill(-1);
  const queue = roots.slice();
  queue.forEach((r, i) => (rank[r] = i));
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number;
    for (const w of adj[v] ?? []) {
      if (rank[w] !== -1) continue;
      rank[w] = queue.length;
      parent[w] = v;
      queue.push(w);
    }
  }
  return { rank, parent };
}

/** Groups of unreachable nodes connected to each other by an edge either way, each in definition order. */
function unreachableGroups(g: Graph, reach: Int32Array): number[][] {
  const group = new Int32Array(g.ids.length).fill(-1);
  let groups = 0;
  for (let root = 0; root < g.ids.length; root++) {
    if (reach[root] !== -1 || group[root] !== -1) continue;
    group[root] = groups;
    const queue = [root];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head] as number;
      for (const w of [...(g.succ[v] ?? []), ...(g.pred[v] ?? [])]) {
        if (reach[w] !== -1 || group[w] !== -1) continue;
        group[w] = groups;
        queue.push(w);
      }
    }
    groups++;
  }
  // One pass in index order keeps each group in definition order without a sort.
  const out: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < group.length; i++) if (group[i] !== -1) out[group[i] as number]?.push(i);
  return out;
}

function checkUnreachable(g: Graph, reach: Int32Array): FlowFinding[] {
  const start = g.flow.start;
  return unreachableGroups(g, reach).map((members) => {
    // Anchor on the orphaned head (nothing leads to it) when there is one: that is where a branch was cut off.
    const head = members.find((i) => g.pred[i]?.length === 0) ?? (members[0] as number);
    const nodes = members.slice(0, MAX_NAMED_NODES).map((i) => g.ids[i] as string);
    return finding(g.flow, 'FLOW_UNREACHABLE', { start, nodes, count: members.length }, g.ids[head]);
  });
}

/**
 * Tarjan's strongly connected components over the nodes where `scope` is 1, with an explicit stack.
 * Components come out in reverse topological order, each as a list of node indexes.
 */
export function stronglyConnected(succ: number[][], scope: Uint8Array): number[][] {
  const n = succ.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const frames: number[] = [];
  const cursor: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const enter = (v: number): void => {
    order[v] = low[v] = counter++;
    onStack[v] = 1;
    stack.push(v);
    frames.push(v);
    cursor.push(0);
  };
  for (let root = 0; root < n; root++) {
    if (scope[root] !== 1 || order[root] !== -1) continue;
    enter(root);
    while (frames.length > 0) {
      const top = frames.length - 1;
      const v = frames[top] as number;
      const edges = succ[v] ?? [];
      const i = cursor[top] as number;
      if (i < edges.length) {
        cursor[top] = i + 1;
        const w = edges[i] as number;
        if (scope[w] !== 1) continue;
        if (order[w] === -1) enter(w);
        else if (onStack[w] === 1) low[v] = Math.min(low[v] as number, order[w] as number);
        continue;
      }
      frames.pop();
      cursor.pop();
      const parent = frames.at(-1);
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[v] as number);
      if (low[v] !== order[v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop() as number;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  }
  return components;
}

/**
 * The first nodes of a component breadth-first from `entry`, so that a simple cycle reads in the order a
 * call goes round it. Stops once there are enough to name: a message never lists a whole big component.
 */
function cycleOrder(g: Graph, inside: (v: number) => boolean, entry: number): string[] {
  const seen = new Set([entry]);
  const queue = [entry];
  for (let head = 0; head < queue.length && queue.length < MAX_NAMED_NODES; head++) {
    for (const w of g.succ[queue[head] as number] ?? []) {
      if (queue.length >= MAX_NAMED_NODES) break;
      if (!inside(w) || seen.has(w)) continue;
      seen.add(w);
      queue.push(w);
    }
  }
  return queue.map((i) => g.ids[i] as string);
}

interface Sink {
  members: number[];
  entry: number;
  inside: (v: number) => boolean;
}

function trapFinding(g: Graph, sink: Sink, parent: Int32Array): FlowFinding {
  const { members, entry } = sink;
  const id = g.ids[entry] as string;
  const from = parent[entry] as number;
  const via = from === -1 ? {} : { from: g.ids[from] as string };
  const cyclic = members.length > 1 || (g.succ[entry] ?? []).includes(entry);
  if (!cyclic) return finding(g.flow, 'FLOW_DEAD_END', { node: id, type: g.flow.nodes[id]?.type ?? 'node', ...via }, id);
  return finding(g.flow, 'FLOW_TRAP_CYCLE', { nodes: cycleOrder(g, sink.inside, entry), count: members.length, entry: id, ...via }, id);
}

/**
 * Reachable parts of the flow from which no call can end. Every successor of such a node is such a node,
 * so each of them drains into a component with no edge out: only those are reported (the loop to fix,
 * not every node in front of it). A component with a cycle is a trap; a lone node with no edges a dead end.
 */
function checkTraps(g: Graph, reach: { rank: Int32Array; parent: Int32Array }): FlowFinding[] {
  const canEnd = bfs(
    g.pred,
    [...g.ends.keys()].filter((i) => g.ends[i] === 1),
  ).rank;
  const scope = new Uint8Array(g.ids.length);
  for (let i = 0; i < scope.length; i++) scope[i] = reach.rank[i] !== -1 && canEnd[i] === -1 ? 1 : 0;
  const components = stronglyConnected(g.succ, scope);
  const componentOf = new Int32Array(g.ids.length).fill(-1);
  components.forEach((members, k) => members.forEach((v) => (componentOf[v] = k)));
  const sinks: Sink[] = [];
  components.forEach((members, k) => {
    const inside = (w: number): boolean => componentOf[w] === k;
    if (!members.every((v) => (g.succ[v] ?? []).every(inside))) return;
    // The node a call reaches first (fewest steps from start) is where the loop is entered.
    const entry = members.reduce((a, b) => ((reach.rank[b] as number) < (reach.rank[a] as number) ? b : a));
    sinks.push({ members, entry, inside });
  });
  sinks.sort((a, b) => (reach.rank[a.entry] as number) - (reach.rank[b.entry] as number));
  return sinks.map((sink) => trapFinding(g, sink, reach.parent));
}

/** On the line of the key that names the missing node, with the node id it is likely a typo of. */
function checkReferences(flow: LoadedFlow): FlowFinding[] {
  return danglingReferences(flow).map(({ from, label, to, line, suggestion }) => {
    const params: FindingParams['FLOW_REFERENCE'] = {
      to,
      ...(from === undefined ? {} : { from, label: label as string }),
      ...(suggestion === undefined ? {} : { suggestion }),
    };
    return finding(flow, 'FLOW_REFERENCE', params, from, line);
  });
}

/**
 * The static checks, in this order: missing references (definition order), unreachable
 * groups (by their first node), then traps and dead ends (by distance from start). With a missing start
 * only the references are reported: every node would be "unreachable" because of that one defect.
 */
export function checkFlowGraph(flow: LoadedFlow, context: FlowCheckContext = {}): FlowFinding[] {
  const graph = buildGraph(flow, flowEdges(flow));
  const start = graph.ids.indexOf(flow.start);
  const findings = checkReferences(flow);
  if (start === -1) return findings;
  const reach = bfs(graph.succ, [start]);
  return [...findings, ...checkUnreachable(graph, reach.rank), ...checkTraps(graph, reach), ...checkEmulation(graph, reach.rank, context)];
}

/** What the run around the checks decides: where it runs, and which actions its scenarios mock. */
export interface FlowCheckContext {
  /** 'api': CXone runs every action and parses every snippet itself, so the emulator's limits are no finding. Default 'emulator'. */
  target?: 'api' | 'emulator';
  /** Path names of this flow's actions that some scenario of the run mocks (flow/mock-checks.ts): the emulator never runs them. */
  mocked?: ReadonlySet<string>;
}

/**
 * What the emulator cannot run, on reachable Studio actions that no scenario mocks: a type it does not
 * execute or a SNIPPET that calls out (a warning: a mock supplies their outcome), and a property in Studio's
 * language it cannot parse (an error: the loader said it, and a run that gets there stops). Unreachable
 * ones are already dead configuration.
 */
function checkEmulation(g: Graph, reach: Int32Array, context: FlowCheckContext): FlowFinding[] {
  if (!isStudioScript(g.flow) || context.target === 'api') return [];
  const out: FlowFinding[] = [];
  Object.values(g.flow.nodes).forEach((action, i) => {
    const node = g.ids[i] as string;
    if (reach[i] === -1 || context.mocked?.has(node)) return;
    const { type } = action;
    if (!STUDIO_EXECUTED_TYPES.includes(type)) out.push(finding(g.flow, 'FLOW_UNEXECUTED_ACTION', { node, type }, node));
    else if (action.externalCall) out.push(finding(g.flow, 'FLOW_UNEXECUTED_ACTION', { node, type, call: action.externalCall.name }, node));
    for (const p of action.languageProblems ?? []) {
      const params = {
        node,
        type,
        property: p.property,
        language: p.language,
        key: p.key,
        text_line: p.textLine,
        column: p.column,
        message: p.message,
        ...(p.item === undefined ? {} : { item: p.item }),
      };
      out.push({ ...finding(g.flow, 'FLOW_LANGUAGE', params, node), line: p.line });
    }
  });
  return out;
}
