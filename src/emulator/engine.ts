// The emulator's flow executor (README, Flow definitions): a pure function of a flow definition and a debug request.
// Cost is linear in the steps taken; the only per-step copy is the optional variables snapshot.
import type { DebugRequest, TraceEntry } from '../domain/wire.ts';
import type { JsonValue } from '../domain/json.ts';
import { compileKeyword, evaluateCondition, toNumber } from './conditions.ts';
import {
  EDGE_LABEL,
  type ConditionNode,
  type ExternalNode,
  type FlowDefinition,
  type FlowNode,
  type GatherInputNode,
  type SetVariableNode,
  type LoadedFlow,
  isStudioScript,
} from '../domain/flow.ts';
import type { StudioScript } from '../domain/studio.ts';
import { executeStudio } from './studio/execute.ts';
import { compileUserRegex } from '../user-regex.ts';
import { didYouMean } from '../validation/suggest.ts';
import type { UserRegex } from '../user-regex.ts';
import { type EngineResult, readOptions } from './run-options.ts';
import { createMockBook, type MockBook, mockHint, unknownMockKey } from './mocks.ts';

export { DEFAULT_MAX_LOOPS, type EngineResult } from './run-options.ts';

/**
 * Simulated milliseconds each node type takes; a node's timestamp is when it was entered.
 * Start, GatherInput and Route reproduce the tutorial's example trace (0, 45, 90, 145; README, Where it comes from).
 */
export const NODE_COST_MS: Readonly<Record<FlowNode['type'], number>> = {
  Start: 45,
  GatherInput: 45,
  Route: 55,
  Play: 40,
  SetVariable: 5,
  Condition: 5,
  Exit: 0,
  // Assumed: a typical round trip of a REST call or data dip.
  External: 50,
};

interface RunState {
  readonly flow: FlowDefinition;
  readonly vars: Record<string, JsonValue>;
  readonly dtmf: string;
  readonly speech: string;
  dtmfPos: number;
  speechUsed: boolean;
  readonly mocks: MockBook;
}

/** What running one node decided: where to go, that the call ends, or why the flow cannot go on. */
interface Step {
  next?: string;
  /** The edge label taken, as flowEdges names it (only where a node chooses between edges). */
  branch?: string;
  ends?: boolean;
  error?: string;
  extras?: Partial<TraceEntry>;
}

const keywordCache = new WeakMap<GatherInputNode, [string, RegExp][]>();
const regexCache = new WeakMap<ConditionNode, UserRegex>();

/** An own property even for `__proto__`, which plain assignment would take as the object's prototype. */
function setVar(vars: Record<string, JsonValue>, name: string, value: JsonValue): void {
  Object.defineProperty(vars, name, { value, writable: true, enumerable: true, configurable: true });
}

function takeBranch(id: string, node: GatherInputNode, branch: 'noMatch' | 'noInput', what: string): Step {
  const next = node[branch];
  if (next !== undefined) return { next, branch: EDGE_LABEL[branch] };
  return { error: `GatherInput '${id}' ${what} and has no '${branch}' branch` };
}

function matchIntent(node: GatherInputNode, utterance: string): string | undefined {
  let compiled = keywordCache.get(node);
  if (!compiled) {
    compiled = Object.keys(node.intents ?? {}).map((k): [string, RegExp] => [k, compileKeyword(k)]);
    keywordCache.set(node, compiled);
  }
  // Definition order decides when an utterance names two intents.
  return compiled.find(([, re]) => re.test(utterance))?.[0];
}

function runGather(id: string, node: GatherInputNode, s: RunState): Step {
  if (s.dtmfPos < s.dtmf.length) {
    const taken = s.dtmf.slice(s.dtmfPos, s.dtmfPos + (node.digits ?? 1));
    s.dtmfPos += taken.length;
    if (node.variable) setVar(s.vars, node.variable, taken);
    const extras = { input: taken };
    const target = node.options && Object.hasOwn(node.options, taken) ? node.options[taken] : undefined;
    if (target !== undefined) return { next: target, branch: EDGE_LABEL.option(taken), extras };
    return { ...takeBranch(id, node, 'noMatch', `got DTMF "${taken}" that matches no option`), extras };
  }
  if (!s.speechUsed && s.speech.trim() !== '') {
    s.speechUsed = true;
    const intent = matchIntent(node, s.speech);
    if (node.variable) setVar(s.vars, node.variable, intent ?? s.speech);
    const extras = { input: s.speech };
    if (intent !== undefined) return { next: node.intents?.[intent], branch: EDGE_LABEL.intent(intent), extras };
    return { ...takeBranch(id, node, 'noMatch', `got speech "${s.speech}" that matches no intent`), extras };
  }
  return takeBranch(id, node, 'noInput', 'got no input (DTMF and speech used up)');
}

function runSetVariable(id: string, node: SetVariableNode, s: RunState): Step {
  for (const [name, value] of Object.entries(node.set ?? {})) {
    // A copy, so a caller mutating the response cannot change the flow definition.
    setVar(s.vars, name, typeof value === 'object' && value !== null ? structuredClone(value) : value);
  }
  if (node.increment !== undefined) {
    const current = Object.hasOwn(s.vars, node.increment) ? s.vars[node.increment] : undefined;
    const n = current === undefined || current === null ? 0 : toNumber(current);
    if (n === undefined) {
      return { error: `SetVariable '${id}' cannot increment '${node.increment}': its value ${JSON.stringify(current)} is not a number` };
    }
    setVar(s.vars, node.increment, n + 1);
  }
  return { next: node.next };
}

function runCondition(id: string, node: ConditionNode, s: RunState): Step {
  const { variable, op, value } = node.if;
  let regex: UserRegex | undefined;
  if (op === 'matches') {
    regex = regexCache.get(node);
    if (!regex) {
      // Linear time (user-regex.ts); flow/reference-checks.ts already refused what does not compile.
      const compiled = compileUserRegex(String(value));
      if (compiled.error !== undefined) return { error: `Condition '${id}': the pattern ${JSON.stringify(value)} ${compiled.error}` };
      regex = compiled.regex;
      regexCache.set(node, regex);
    }
  }
  const actual = Object.hasOwn(s.vars, variable) ? s.vars[variable] : undefined;
  const result = evaluateCondition(op, actual, value, regex);
  return { next: result ? node.then : node.else, branch: result ? EDGE_LABEL.then : EDGE_LABEL.else };
}

/** External: the mock under the node's id assigns its variables and names a branch; none given, `next`. */
function runExternal(id: string, node: ExternalNode, s: RunState): Step {
  const what = node.name ? ` (${node.name})` : '';
  if (!s.mocks.has(id)) return { error: `External node '${id}'${what} has no mock: ${mockHint(id, 'next')}` };
  const outcome = s.mocks.take(id);
  for (const [name, value] of Object.entries(outcome.variables ?? {})) setVar(s.vars, name, structuredClone(value));
  const extras = { mock: id };
  if (outcome.branch === undefined || outcome.branch === 'next') return { next: node.next, branch: EDGE_LABEL.next, extras };
  const branches = node.branches ?? {};
  if (Object.hasOwn(branches, outcome.branch)) return { next: branches[outcome.branch], branch: EDGE_LABEL.branch(outcome.branch), extras };
  const names = [...Object.keys(branches), 'next'];
  return {
    error: `mock '${id}' takes branch '${outcome.branch}', which is not a branch of External node '${id}'${didYouMean(outcome.branch, names)}; its branches: ${names.join(', ')}`,
    extras,
  };
}

/** The 500 message of a mock key that names no External node, or undefined when every key does. */
function checkMockKeys(flow: FlowDefinition, mocks: MockBook): string | undefined {
  const externals = Object.keys(flow.nodes).filter((id) => flow.nodes[id]?.type === 'External');
  for (const key of mocks.keys()) {
    if (externals.includes(key)) continue;
    const node = Object.hasOwn(flow.nodes, key) ? flow.nodes[key] : undefined;
    if (node) return `mocks names '${key}', a ${node.type} node: only External nodes take mocks`;
    return unknownMockKey(key, externals, 'an External node of the flow');
  }
  return undefined;
}

function runNode(id: string, node: FlowNode, s: RunState): Step {
  switch (node.type) {
    case 'Start':
      return { next: node.next };
    case 'GatherInput':
      return runGather(id, node, s);
    case 'SetVariable':
      return runSetVariable(id, node, s);
    case 'Condition':
      return runCondition(id, node, s);
    case 'Route':
      return node.next === undefined
        ? { ends: true, extras: { target: node.target } }
        : { next: node.next, extras: { target: node.target } };
    case 'Play':
      return { next: node.next, extras: { prompt: node.prompt } };
    case 'Exit':
      return { ends: true };
    case 'External':
      return runExternal(id, node, s);
    default:
      return { error: `node '${id}' has unknown type ${JSON.stringify((node as { type: unknown }).type)}` };
  }
}

function failure(flow: FlowDefinition, message: string, trace: TraceEntry[]): EngineResult {
  return { status: 500, body: { error: 'FlowCompilationFailure', message: `Flow '${flow.id}' failed: ${message}`, trace } };
}

/**
 * Runs `flow` with the request's inputs, as CXone's Flow Debug API would answer it (README, The emulator). A Studio
 * script runs on the Studio executor, which finds the scripts RUNSUB and RUNSCRIPT name with `lookup`.
 */
export function executeFlow(flow: LoadedFlow, request: DebugRequest, lookup?: (name: string) => StudioScript | undefined): EngineResult {
  return isStudioScript(flow) ? executeStudio(flow, request, lookup) : executeDefinition(flow, request);
}

function startState(flow: FlowDefinition, request: DebugRequest): RunState {
  return {
    flow,
    vars: request.variables ? structuredClone(request.variables) : {},
    dtmf: request.input?.dtmf ?? '',
    speech: request.input?.speech ?? '',
    dtmfPos: 0,
    speechUsed: false,
    mocks: createMockBook(request.mocks),
  };
}

/** The path and, when the request asks for it, the trace (with a variables snapshot per step if asked). */
interface Recorder {
  path: string[];
  trace: TraceEntry[];
  record(id: string, type: string, time: number, extras: Partial<TraceEntry>): void;
  /** Adds to the last trace entry: how the run ended there. */
  markLast(fields: Partial<TraceEntry>): void;
}

function recorder(opts: { trace: boolean; includeVariables: boolean }, vars: Record<string, JsonValue>): Recorder {
  const path: string[] = [];
  const trace: TraceEntry[] = [];
  return {
    path,
    trace,
    record: (id, type, time, extras) => {
      path.push(id);
      if (!opts.trace) return;
      const entry: TraceEntry = { nodeId: id, type, timestamp: time, ...extras };
      if (opts.includeVariables) entry.variables = { ...vars };
      trace.push(entry);
    },
    markLast: (fields) => {
      const last = trace[trace.length - 1];
      if (last) Object.assign(last, fields);
    },
  };
}

/** Why a step cannot go on to its next node, or undefined when it can. */
function nextError(flow: FlowDefinition, id: string, node: FlowNode, step: Step): string | undefined {
  const next = step.next;
  if (typeof next === 'string' && Object.hasOwn(flow.nodes, next)) return undefined;
  const via = step.branch ? ` (${step.branch})` : '';
  return typeof next === 'string'
    ? `${node.type} '${id}' goes to '${next}'${via}, which is not a node of the flow`
    : `${node.type} '${id}' has no next node${via}`;
}

function executeDefinition(flow: FlowDefinition, request: DebugRequest): EngineResult {
  const opts = readOptions(request);
  const s = startState(flow, request);
  const { path, trace, record, markLast } = recorder(opts, s.vars);
  const visits = new Map<string, number>();
  const badKey = checkMockKeys(flow, s.mocks);
  if (badKey !== undefined) return failure(flow, badKey, trace);
  if (!Object.hasOwn(flow.nodes, flow.start)) {
    const error = `start node '${flow.start}' is not a node of the flow`;
    record(flow.start, 'Unknown', 0, { status: 'Error', error });
    return failure(flow, error, trace);
  }
  let id = flow.start;
  let time = 0;
  for (;;) {
    const node = flow.nodes[id] as FlowNode;
    const count = (visits.get(id) ?? 0) + 1;
    visits.set(id, count);
    if (count > opts.maxLoops) {
      record(id, node.type, time, { status: 'MaxLoopsExceeded' });
      return { status: 200, body: { path, variables: s.vars, exitNode: null, duration: time, trace } };
    }
    const step = runNode(id, node, s);
    record(id, node.type, time, step.branch === undefined ? { ...step.extras } : { ...step.extras, branch: step.branch });
    const error = step.error ?? (step.ends ? undefined : nextError(flow, id, node, step));
    if (error !== undefined) {
      markLast({ status: 'Error', error });
      return failure(flow, error, trace);
    }
    if (step.ends) {
      markLast({ status: 'Completed' });
      return { status: 200, body: { path, variables: s.vars, exitNode: id, duration: time, trace } };
    }
    time += NODE_COST_MS[node.type] ?? 0;
    id = step.next as string;
  }
}
