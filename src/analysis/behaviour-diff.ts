// The behavioural diff (compare-to, baseline-report; README, Behaviour changes): the same inputs through
// two versions of the flows, and every input whose path, exit or final variables differ, grouped by what
// changed for a caller ("press 2 now reaches X, was Y"), with the path diff of each. Pure: findings as
// data (a code and its facts); the words are made in report/wording.ts.
import { alignPath } from './path-align.ts';
import { EditCollector, sortEdits } from './path-edits.ts';
import { deepEqual } from './format.ts';
import { createFlowLookup, isStudioScript, type LoadedFlow } from '../domain/flow.ts';
import type { JsonValue } from '../domain/json.ts';
import type { PathEdit } from '../domain/findings.ts';
import type { MockOutcome } from '../domain/wire.ts';

/** One input to run through both versions: a scenario's, or one an explorer made (generate). */
export interface CompareInput {
  name: string;
  flowId: string;
  dtmf: string;
  speech: string;
  variables: Record<string, JsonValue>;
  mocks?: Record<string, MockOutcome | MockOutcome[]>;
  clock?: string;
  maxLoops?: number;
  /** 'scenario': a scenario of the run (file and line set); 'explored': an input the explorer made. */
  origin: 'scenario' | 'explored';
  file?: string;
  line?: number;
}

/** What one version did with an input. `steps` counts the whole path; `path` may keep only its first MAX_COMPARED_STEPS. */
export type InputOutcome =
  | { kind: 'ran'; path: string[]; steps: number; exit: string | null; variables: Record<string, JsonValue> }
  /** `signature` (the error's code and status) is what is compared: the words may name a version's own address. */
  | { kind: 'failed'; message: string; signature: string }
  /** The input's flow is in no flow file of this version (or the scenario is not in the baseline report). */
  | { kind: 'absent' }
  /** Nothing to compare: skipped, not run, or its path was cut in a report. */
  | { kind: 'unknown' };

/** Steps of a path kept for the comparison; past it, the paths compare by their first steps and their lengths. */
export const MAX_COMPARED_STEPS = 100_000;
/** Path edits kept per changed input. */
export const MAX_CHANGE_EDITS = 50;
/** Changed variables kept per changed input. */
export const MAX_CHANGED_VARIABLES = 20;

export type BehaviourCode = 'REROUTED' | 'PATH_CHANGED' | 'VARIABLES_CHANGED' | 'OUTCOME_CHANGED' | 'ADDED' | 'REMOVED';

/** Where a call ends up: the last Route node (a YAML flow) or routing action (a Studio script) it ran, else its exit. */
export interface Destination {
  node: string | null;
  /** A Route node's `target` (its queue). */
  target?: string;
}

export interface OutcomeFacts {
  kind: 'ran' | 'failed' | 'absent';
  exit?: string | null;
  destination?: Destination;
  steps?: number;
  message?: string;
}

export interface VariableChange {
  name: string;
  before?: JsonValue;
  after?: JsonValue;
}

export interface BehaviourChange {
  code: BehaviourCode;
  name: string;
  flow_id: string;
  origin: CompareInput['origin'];
  file?: string;
  line?: number;
  input: { dtmf: string; speech: string };
  before: OutcomeFacts;
  after: OutcomeFacts;
  /** The path diff: `missing` = a step the earlier version took and this one does not, `unexpected` = a new step. */
  path_edits: PathEdit[];
  path_edit_count: number;
  variables: VariableChange[];
}

export interface BehaviourGroup {
  code: BehaviourCode;
  flow_id: string;
  count: number;
  /** The inputs of the group as written (dtmf, speech), first ones only. */
  inputs: { dtmf: string; speech: string }[];
  before?: Destination;
  after?: Destination;
}

export interface InputDiff {
  compared: number;
  changed: BehaviourChange[];
  unchanged: number;
  /** Inputs with nothing to compare on one side (skipped, not run, a path cut in a report). */
  not_compared: number;
}

/** Inputs of a group named in its line; the changes below list them all. */
export const MAX_GROUP_INPUTS = 3;

const STUDIO_ROUTING = new Set(['REQAGENT', 'TRANSFER', 'BLINDTRANSFER', 'VOICEMAIL']);

/** The pairs of outcomes, input by input (same order as `inputs`). */
export function diffInputs(
  inputs: readonly CompareInput[],
  before: readonly InputOutcome[],
  after: readonly InputOutcome[],
  flows: { before: readonly LoadedFlow[]; after: readonly LoadedFlow[] },
): InputDiff {
  const lookBefore = createFlowLookup(flows.before);
  const lookAfter = createFlowLookup(flows.after);
  const changed: BehaviourChange[] = [];
  let unchanged = 0;
  let notCompared = 0;
  inputs.forEach((input, i) => {
    const b = before[i] ?? { kind: 'unknown' };
    const a = after[i] ?? { kind: 'unknown' };
    if (b.kind === 'unknown' || a.kind === 'unknown' || (b.kind === 'absent' && a.kind === 'absent')) {
      notCompared++;
      return;
    }
    const change = diffOne(input, b, a, lookBefore(input.flowId), lookAfter(input.flowId));
    if (change) changed.push(change);
    else unchanged++;
  });
  return { compared: inputs.length - notCompared, changed, unchanged, not_compared: notCompared };
}

type Known = Exclude<InputOutcome, { kind: 'unknown' }>;

function diffOne(input: CompareInput, b: Known, a: Known, flowBefore?: LoadedFlow, flowAfter?: LoadedFlow): BehaviourChange | null {
  const factsB = factsOf(b, flowBefore);
  const factsA = factsOf(a, flowAfter);
  let code: BehaviourCode | null = null;
  let edits: PathEdit[] = [];
  let editCount = 0;
  let variables: VariableChange[] = [];
  if (b.kind === 'absent') code = 'ADDED';
  else if (a.kind === 'absent') code = 'REMOVED';
  else if (b.kind !== a.kind) code = 'OUTCOME_CHANGED';
  else if (b.kind === 'failed' && a.kind === 'failed') code = b.signature === a.signature ? null : 'OUTCOME_CHANGED';
  else if (b.kind === 'ran' && a.kind === 'ran') {
    const samePath = b.steps === a.steps && b.path.length === a.path.length && b.path.every((n, j) => n === a.path[j]);
    variables = changedVariables(b.variables, a.variables);
    if (!samePath) {
      const collector = new EditCollector(MAX_CHANGE_EDITS);
      alignPath(b.path, a.path, collector);
      edits = sortEdits(collector.edits);
      editCount = collector.total;
    }
    if (!sameDestination(factsB.destination, factsA.destination)) code = 'REROUTED';
    else if (!samePath || b.exit !== a.exit) code = 'PATH_CHANGED';
    else if (variables.length > 0) code = 'VARIABLES_CHANGED';
  }
  if (code === null) return null;
  return {
    code,
    name: input.name,
    flow_id: input.flowId,
    origin: input.origin,
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.line !== undefined ? { line: input.line } : {}),
    input: { dtmf: input.dtmf, speech: input.speech },
    before: factsB,
    after: factsA,
    path_edits: edits,
    path_edit_count: editCount,
    variables: variables.slice(0, MAX_CHANGED_VARIABLES),
  };
}

function factsOf(o: Known, flow: LoadedFlow | undefined): OutcomeFacts {
  if (o.kind === 'absent') return { kind: 'absent' };
  if (o.kind === 'failed') return { kind: 'failed', message: o.message };
  return { kind: 'ran', exit: o.exit, destination: destinationOf(o.path, o.exit, flow), steps: o.steps };
}

/**
 * The last routing step of the path (a Route node, a Studio routing action), else the exit node. A run
 * with no exit hit maxLoops: the call never ends, wherever it was routed before the loop.
 */
export function destinationOf(path: readonly string[], exit: string | null, flow: LoadedFlow | undefined): Destination {
  if (exit === null) return { node: null };
  if (flow) {
    for (let i = path.length - 1; i >= 0; i--) {
      const id = path[i]!;
      if (!Object.hasOwn(flow.nodes, id)) continue;
      if (isStudioScript(flow)) {
        const action = flow.nodes[id]!;
        if (STUDIO_ROUTING.has(action.type)) return { node: id };
      } else {
        const node = flow.nodes[id]!;
        if (node.type === 'Route') return { node: id, target: node.target };
      }
    }
  }
  return { node: exit };
}

function sameDestination(x: Destination | undefined, y: Destination | undefined): boolean {
  return (x?.node ?? null) === (y?.node ?? null) && x?.target === y?.target;
}

/** Variables whose final value differs, in name order: added, removed or changed. */
export function changedVariables(before: Record<string, JsonValue>, after: Record<string, JsonValue>): VariableChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: VariableChange[] = [];
  for (const name of names) {
    const inB = Object.hasOwn(before, name);
    const inA = Object.hasOwn(after, name);
    if (inB && inA && deepEqual(before[name], after[name])) continue;
    out.push({ name, ...(inB ? { before: before[name] } : {}), ...(inA ? { after: after[name] } : {}) });
  }
  return out;
}

/**
 * The changes grouped by what a caller sees: one group per kind of change, flow, and (re-routed) the
 * destinations before and after. In order of the first change of each group.
 */
export function groupChanges(changes: readonly BehaviourChange[]): BehaviourGroup[] {
  const groups = new Map<string, BehaviourGroup>();
  for (const c of changes) {
    const rerouted = c.code === 'REROUTED';
    const key = JSON.stringify([c.code, c.flow_id, rerouted ? c.before.destination : null, rerouted ? c.after.destination : null]);
    let group = groups.get(key);
    if (!group) {
      group = {
        code: c.code,
        flow_id: c.flow_id,
        count: 0,
        inputs: [],
        ...(rerouted && c.before.destination ? { before: c.before.destination } : {}),
        ...(rerouted && c.after.destination ? { after: c.after.destination } : {}),
      };
      groups.set(key, group);
    }
    group.count++;
    const seen = group.inputs.some((x) => x.dtmf === c.input.dtmf && x.speech === c.input.speech);
    if (!seen && group.inputs.length < MAX_GROUP_INPUTS + 1) group.inputs.push(c.input);
  }
  return [...groups.values()];
}
