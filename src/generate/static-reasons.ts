// Connectors no input can take, and why, read off the flow alone: an option or case value shadowed by an
// earlier one (or longer than the keys the menu takes), a condition decided by a constant the flow set on
// every path to it, an action nothing leads to. These are flow defects: `generate` lists them, and a run's
// coverage section warns of them. Pure; linear in the flow but for the constants (a fixpoint over nodes).
import type { JsonValue } from '../domain/json.ts';
import type { UnreachableReason } from '../domain/unreachable.ts';
import { type FlowDefinition, flowEdges, isStudioScript, type LoadedFlow, nodeEdges } from '../domain/flow.ts';
import type { StudioScript } from '../domain/studio.ts';
import { studioProp } from '../domain/studio-properties.ts';
import { compileKeyword, evaluateCondition } from '../emulator/conditions.ts';

/** By edge index (flowEdges order), the connectors that cannot be taken and why. */
export function staticReasons(flow: LoadedFlow): Map<number, UnreachableReason> {
  const edges = flowEdges(flow);
  const out = new Map<number, UnreachableReason>();
  const index = new Map<string, number[]>();
  edges.forEach((e, i) => index.set(e.from, [...(index.get(e.from) ?? []), i]));
  const edgeAt = (from: string, label: string) => (index.get(from) ?? []).find((i) => edges[i]?.label === label);
  const mark = (i: number | undefined, reason: UnreachableReason) => {
    if (i !== undefined && !out.has(i)) out.set(i, reason);
  };
  if (isStudioScript(flow)) shadowedStudio(flow, mark);
  else {
    shadowedYaml(flow, edgeAt, mark);
    contradictedYaml(flow, edgeAt, mark);
  }
  edges.forEach((e, i) => {
    if (!Object.hasOwn(flow.nodes, e.to)) mark(i, { code: 'missing_target', params: { to: e.to } });
  });
  // What the start reaches over every edge, and over the edges that can be taken.
  const reach = (usable: (i: number) => boolean): Set<string> => {
    const seen = new Set<string>([flow.start]);
    const queue = [flow.start];
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      for (const i of index.get(n) ?? []) {
        const to = edges[i]?.to as string;
        if (!usable(i) || seen.has(to)) continue;
        seen.add(to);
        queue.push(to);
      }
    }
    return seen;
  };
  const all = reach(() => true);
  const feasible = reach((i) => !out.has(i));
  const entered = new Set(edges.filter((e) => e.from !== e.to).map((e) => e.to));
  edges.forEach((e, i) => {
    if (feasible.has(e.from)) return;
    const code = !entered.has(e.from) ? 'orphan' : !all.has(e.from) ? 'no_path' : 'only_through_unreachable';
    mark(i, { code, params: { node: e.from } });
  });
  return out;
}

type EdgeAt = (from: string, label: string) => number | undefined;
type Mark = (i: number | undefined, reason: UnreachableReason) => void;

function shadowedYaml(flow: FlowDefinition, edgeAt: EdgeAt, mark: Mark): void {
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (node.type !== 'GatherInput') continue;
    const digits = node.digits ?? 1;
    for (const option of Object.keys(node.options ?? {}))
      if (option.length > digits) mark(edgeAt(id, `option ${option}`), { code: 'option_too_long', params: { node: id, option, digits } });
    const intents = Object.keys(node.intents ?? {});
    intents.forEach((intent, k) => {
      const by = intents.slice(0, k).find((earlier) => compileKeyword(earlier).test(intent.trim()));
      if (by !== undefined) mark(edgeAt(id, `intent ${intent}`), { code: 'shadowed', params: { node: id, value: intent, by } });
    });
  }
}

function shadowedStudio(script: StudioScript, mark: Mark): void {
  let base = 0;
  for (const [id, action] of Object.entries(script.nodes)) {
    const first = base;
    base += action.connectors.length;
    if (action.type !== 'MENU' && action.type !== 'CASE' && action.type !== 'ASRMENU') continue;
    const max = Math.max(1, Number.parseInt(studioProp(action, 'maxDigits'), 10) || 1);
    // MENU and CASE take the case written exactly as the value first (domain/studio-mocks.ts caseConnector),
    // so only the same value twice is shadowed; ASRMENU takes the first whose words the utterance holds.
    const same = (a: string, b: string) => (action.type === 'ASRMENU' ? compileKeyword(a).test(b.trim()) : a === b);
    const cases = action.connectors.filter((c) => c.kind === 'case');
    action.connectors.forEach((c, k) => {
      if (c.kind !== 'case') return;
      const by = action.connectors.slice(0, k).find((e) => e.kind === 'case' && same(e.value, c.value));
      if (by !== undefined) mark(first + k, { code: 'shadowed', params: { node: id, value: c.value, by: by.value } });
      else if (action.type === 'MENU') {
        // Keys no case has exactly go to the first case equal to them ignoring blanks and case: ' 1' is
        // taken by the key 1 when no case is '1', and shadowed by the one that is.
        const keys = c.value.trim().toLowerCase();
        const exact = cases.find((e) => e.value === keys);
        const loose = cases.find((e) => e.value.trim().toLowerCase() === keys);
        if (c.value.length <= max || (keys.length <= max && exact === undefined && loose === c)) return;
        const taker = exact ?? loose;
        if (keys.length <= max && taker !== undefined && taker !== c)
          mark(first + k, { code: 'shadowed', params: { node: id, value: c.value, by: taker.value } });
        else mark(first + k, { code: 'option_too_long', params: { node: id, option: c.value, digits: max } });
      }
    });
  }
}

/** Map entries the constant analysis may visit (nodes × watched variables²): far above hand-made flows. */
const MAX_CONSTANT_WORK = 50_000_000;

/** Variable → the constant it holds on every path so far; a variable not in the map may hold anything. */
type Constants = Map<string, JsonValue>;

/**
 * Constants the flow set on every path to each node (the scenario's own variables may be anything, and
 * a mock may set any variable), and the Condition sides they rule out. A forward fixpoint: a variable
 * only ever loses its constant, so each node's map shrinks at most once per variable.
 */
function contradictedYaml(flow: FlowDefinition, edgeAt: EdgeAt, mark: Mark): void {
  // Only the variables some Condition reads matter; the work is at most nodes × (watched + 1) visits of
  // a map of at most `watched` entries (each node's map only loses entries), so it is bounded up front.
  const watched = new Set<string>();
  for (const node of Object.values(flow.nodes)) if (node.type === 'Condition') watched.add(node.if.variable);
  const size = Object.keys(flow.nodes).length;
  if (watched.size === 0 || size * (watched.size + 1) * watched.size > MAX_CONSTANT_WORK) return;
  const atEntry = new Map<string, Constants>([[flow.start, new Map()]]);
  const queue = [flow.start];
  const decided = new Map<string, boolean>();
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k] as string;
    const node = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
    if (!node) continue;
    const state = new Map(atEntry.get(id));
    let targets = nodeEdges(node).map((e) => e.to);
    if (node.type === 'SetVariable') {
      for (const [k2, v] of Object.entries(node.set ?? {})) if (watched.has(k2)) state.set(k2, v);
      if (node.increment !== undefined) {
        const current = state.get(node.increment);
        if (typeof current === 'number') state.set(node.increment, current + 1);
        else state.delete(node.increment);
      }
    } else if (node.type === 'GatherInput' && node.variable !== undefined) state.delete(node.variable);
    else if (node.type === 'External') state.clear();
    else if (node.type === 'Condition') {
      decided.delete(id);
      if (state.has(node.if.variable)) {
        const result = evaluateCondition(node.if.op, state.get(node.if.variable), node.if.value);
        decided.set(id, result);
        targets = [result ? node.then : node.else];
      }
    }
    for (const to of targets) {
      const before = atEntry.get(to);
      if (!before) {
        atEntry.set(to, new Map(state));
        queue.push(to);
        continue;
      }
      let changed = false;
      for (const [k2, v] of before) {
        if (!state.has(k2) || JSON.stringify(state.get(k2)) !== JSON.stringify(v)) {
          before.delete(k2);
          changed = true;
        }
      }
      if (changed) queue.push(to);
    }
  }
  for (const [id, result] of decided) {
    const node = flow.nodes[id];
    if (node?.type !== 'Condition') continue;
    const constant = atEntry.get(id)?.get(node.if.variable) as JsonValue;
    mark(edgeAt(id, result ? 'else' : 'then'), { code: 'contradicted', params: { node: id, variable: node.if.variable, constant } });
  }
}

export type { UnreachableConnector, UnreachableReason } from '../domain/unreachable.ts';
