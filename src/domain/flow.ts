// Flow definition files (README, Flow definitions), as the emulator executes them and static analysis reads them.
import type { JsonValue } from './json.ts';
import type { StudioScript } from './studio.ts';

export type ConditionOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'matches' | 'exists';
export const CONDITION_OPS: readonly ConditionOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'matches', 'exists'];

export interface StartNode {
  type: 'Start';
  next: string;
}
export interface GatherInputNode {
  type: 'GatherInput';
  /** DTMF digits taken per visit (default 1). */
  digits?: number;
  variable?: string;
  prompt?: string;
  options?: Record<string, string>;
  /** keyword → node; matched case-insensitively in the speech utterance. */
  intents?: Record<string, string>;
  noMatch?: string;
  noInput?: string;
}
export interface SetVariableNode {
  type: 'SetVariable';
  set?: Record<string, JsonValue>;
  increment?: string;
  next: string;
}
export interface ConditionNode {
  type: 'Condition';
  if: { variable: string; op: ConditionOp; value?: JsonValue };
  then: string;
  else: string;
}
export interface RouteNode {
  type: 'Route';
  target: string;
  next?: string;
}
export interface PlayNode {
  type: 'Play';
  prompt: string;
  next: string;
}
export interface ExitNode {
  type: 'Exit';
}
/**
 * A call outside the flow (a REST lookup, a data dip, an hours check): the emulator takes its outcome from
 * the scenario's `mocks` under the node's id; `branch` names one of `branches`, else `next` is taken.
 */
export interface ExternalNode {
  type: 'External';
  /** What it calls, for people and for the error of an unmocked run (`GET /accounts`). */
  name?: string;
  /** outcome name → node (`found`, `notFound`, `error`). */
  branches?: Record<string, string>;
  next: string;
}

export type FlowNode = StartNode | GatherInputNode | SetVariableNode | ConditionNode | RouteNode | PlayNode | ExitNode | ExternalNode;
export type FlowNodeType = FlowNode['type'];

/** Each key of `T` and whether it must be given, read off the type itself (no key at all: an empty map, nothing else). */
type Presence<T> = [keyof T] extends [never]
  ? Record<string, never>
  : { readonly [K in keyof T]-?: {} extends Pick<T, K> ? 'optional' : 'required' };
type NodeFields<T extends FlowNodeType> = Presence<Omit<Extract<FlowNode, { type: T }>, 'type'>>;

/**
 * Every node type with its keys, as the interfaces above have them (the type checker holds this list to
 * them: a key added, dropped or made optional there fails to compile here). The JSON Schema that
 * validates flow files (flow/schema.ts) is tested against this list, so schema and types cannot drift.
 */
export const NODE_FIELDS = {
  Start: { next: 'required' },
  GatherInput: {
    digits: 'optional',
    variable: 'optional',
    prompt: 'optional',
    options: 'optional',
    intents: 'optional',
    noMatch: 'optional',
    noInput: 'optional',
  },
  SetVariable: { set: 'optional', increment: 'optional', next: 'required' },
  Condition: { if: 'required', then: 'required', else: 'required' },
  Route: { target: 'required', next: 'optional' },
  Play: { prompt: 'required', next: 'required' },
  Exit: {},
  External: { name: 'optional', branches: 'optional', next: 'required' },
} as const satisfies { readonly [T in FlowNodeType]: NodeFields<T> };

/** The keys of a Condition's `if`, held to ConditionNode as NODE_FIELDS is to the nodes. */
export const CONDITION_FIELDS = { variable: 'required', op: 'required', value: 'optional' } as const satisfies ConditionPresence;
type ConditionPresence = Presence<ConditionNode['if']>;

/** The keys of a flow definition file, held to FlowDefinition (`source` is the loader's, not the file's). */
export const FLOW_FIELDS = { id: 'required', name: 'optional', start: 'required', nodes: 'required' } as const satisfies FilePresence;
type FilePresence = Presence<Omit<FlowDefinition, 'source'>>;

export interface FlowDefinition {
  id: string;
  name?: string;
  start: string;
  nodes: Record<string, FlowNode>;
  /**
   * Where it came from: relative file path, the 1-based line of `id`, of each node's key, of `start`, and of
   * each key that names a node (a node's edges, in nodeEdges order).
   */
  source?: { file: string; line: number; nodeLines: Record<string, number>; startLine?: number; edgeLines?: Record<string, number[]> };
}

/** One outgoing edge of a node, for static analysis and coverage. */
export interface FlowEdge {
  from: string;
  to: string;
  label: string;
}

/**
 * How the engine's trace `branch` and every edge (nodeEdges: static checks, coverage, charts) name a branch
 * taken: one spelling for both. An External node's outcome is named as its `branches` key names it.
 */
export const EDGE_LABEL = {
  option: (digits: string) => `option ${digits}`,
  intent: (keyword: string) => `intent ${keyword}`,
  noMatch: 'noMatch',
  noInput: 'noInput',
  then: 'then',
  else: 'else',
  next: 'next',
  branch: (name: string) => name,
} as const;

/** An edge as its node writes it: the key inside the node (`['options', '1']`), its label and its target. */
export interface NodeEdge {
  key: readonly string[];
  label: string;
  to: string;
}

/** A node's outgoing edges, labelled as the engine's trace `branch` names them ('option 1', 'intent billing', 'then', …). */
export function nodeEdges(node: FlowNode): NodeEdge[] {
  const edges: NodeEdge[] = [];
  const add = (key: readonly string[], to: string | undefined, label: string): void => {
    if (to !== undefined) edges.push({ key, to, label });
  };
  switch (node.type) {
    case 'GatherInput':
      for (const [digits, to] of Object.entries(node.options ?? {})) add(['options', digits], to, EDGE_LABEL.option(digits));
      for (const [keyword, to] of Object.entries(node.intents ?? {})) add(['intents', keyword], to, EDGE_LABEL.intent(keyword));
      add(['noMatch'], node.noMatch, EDGE_LABEL.noMatch);
      add(['noInput'], node.noInput, EDGE_LABEL.noInput);
      break;
    case 'Condition':
      add(['then'], node.then, EDGE_LABEL.then);
      add(['else'], node.else, EDGE_LABEL.else);
      break;
    case 'Exit':
      break;
    case 'External':
      for (const [name, to] of Object.entries(node.branches ?? {})) add(['branches', name], to, EDGE_LABEL.branch(name));
      add(['next'], node.next, EDGE_LABEL.next);
      break;
    default:
      add(['next'], node.next, EDGE_LABEL.next);
  }
  return edges;
}

/** A flow as the loader makes it: a flow definition file, or a Studio script (domain/studio.ts). */
export type LoadedFlow = FlowDefinition | StudioScript;

export function isStudioScript(flow: LoadedFlow): flow is StudioScript {
  return (flow as Partial<StudioScript>).format === 'studio';
}

/** Every outgoing edge of the flow, in definition order (a Studio action's: in its connectors' order). */
export function flowEdges(flow: LoadedFlow): FlowEdge[] {
  const edges: FlowEdge[] = [];
  if (isStudioScript(flow)) {
    for (const [from, action] of Object.entries(flow.nodes)) {
      for (const { to, label } of action.connectors) edges.push({ from, to, label });
    }
    return edges;
  }
  for (const [from, node] of Object.entries(flow.nodes)) {
    for (const { to, label } of nodeEdges(node)) edges.push({ from, to, label });
  }
  return edges;
}

/**
 * Every name a scenario may give a flow: its id, then (a Studio script's) aliases. Studio's folder paths use
 * backslashes (`Sales\\Main IVR`), aliases forward slashes: a path alias is also named with backslashes.
 */
export function flowNames(flow: LoadedFlow): string[] {
  if (!isStudioScript(flow)) return [flow.id];
  const backslashed = flow.aliases.filter((a) => a.includes('/')).map((a) => a.replaceAll('/', '\\'));
  return [...new Set([flow.id, ...flow.aliases, ...backslashed])];
}

/** Finds a flow by any of its names (flowNames). The first flow to claim a name keeps it. */
export function createFlowLookup(flows: readonly LoadedFlow[]): (name: string) => LoadedFlow | undefined {
  const byName = new Map<string, LoadedFlow>();
  for (const flow of flows) for (const name of flowNames(flow)) if (!byName.has(name)) byName.set(name, flow);
  return (name) => byName.get(name);
}
