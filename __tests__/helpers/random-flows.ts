// Random flow definitions from a seed, each connector known by construction to be one some input can take
// or one none can: orphans, an intent shadowed by an earlier one, an option longer than the keys its menu
// takes, a condition on a constant the flow just set. For the generate corpus test and bench.
//
// What keeps "feasible" true: every variable a condition reads is its own (no two conditions share one,
// so no combination of sides is excluded); after an intent or a no-input the caller has no keys or words
// left, so those connectors lead only to parts without menus; retry loops count invalid keys up to their
// limit and leave by a connector that keys can still follow; every menu has a no-input connector.
import type { JsonValue } from '../../src/domain/json.ts';
import type { ConditionOp, FlowDefinition, FlowNode } from '../../src/domain/flow.ts';
import { evaluateCondition } from '../../src/emulator/conditions.ts';

export interface RandomFlow {
  flow: FlowDefinition;
  /** `from|label|to` of each connector some input takes, and of each none can. */
  feasible: Set<string>;
  infeasible: Set<string>;
}

export const edgeKey = (e: { from: string; label: string; to: string }): string => `${e.from}|${e.label}|${e.to}`;

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const WORDS = ['sales', 'support', 'billing', 'agent', 'cancel', 'balance', 'hours', 'orders'];
const TESTS: { op: ConditionOp; value?: JsonValue }[] = [
  { op: 'eq', value: 'gold' },
  { op: 'ne', value: 'gold' },
  { op: 'eq', value: true },
  { op: 'gt', value: 3 },
  { op: 'gte', value: 10 },
  { op: 'lt', value: 0 },
  { op: 'lte', value: 5 },
  { op: 'matches', value: '^VIP-' },
  { op: 'matches', value: '^[0-9]+$' },
  { op: 'exists' },
  { op: 'exists', value: false },
];

export interface RandomFlowOptions {
  /** Past this many nodes only leaves are added. */
  maxNodes?: number;
  maxDepth?: number;
}

export function randomFlow(seed: number, options: RandomFlowOptions = {}): RandomFlow {
  const rnd = seededRandom(seed);
  const maxNodes = options.maxNodes ?? 40;
  const maxDepth = options.maxDepth ?? 5;
  const nodes: Record<string, FlowNode> = {};
  const feasible = new Set<string>();
  const infeasible = new Set<string>();
  let n = 0;
  const id = (kind: string) => `${kind}_${n++}`;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const edge = (from: string, label: string, to: string, ok: boolean) => (ok ? feasible : infeasible).add(`${from}|${label}|${to}`);
  const exits = ['exit_a', 'exit_b'];
  for (const e of exits) nodes[e] = { type: 'Exit' };
  const full = () => Object.keys(nodes).length >= maxNodes;

  /** A part with no menu in it (after the caller's input ran out). `ok`: its connectors can be taken. */
  const leaf = (depth: number, ok: boolean): string => {
    const r = rnd();
    if (r < 0.35 || depth >= maxDepth || full()) return pick(exits);
    if (r < 0.55) {
      const p = id('play');
      const next = leaf(depth + 1, ok);
      nodes[p] = { type: 'Play', prompt: 'p', next };
      edge(p, 'next', next, ok);
      return p;
    }
    if (r < 0.7) {
      const q = id('route');
      nodes[q] = { type: 'Route', target: `queue_${q}` };
      return q;
    }
    if (r < 0.85 && ok) return condition(depth, () => leaf(depth + 1, true));
    const x = id('ext');
    const found = leaf(depth + 1, ok);
    const next = leaf(depth + 1, ok);
    nodes[x] = { type: 'External', branches: { found }, next };
    edge(x, 'found', found, ok);
    edge(x, 'next', next, ok);
    return x;
  };

  const condition = (_depth: number, child: () => string): string => {
    const c = id('cond');
    const test = pick(TESTS);
    const then = child();
    const otherwise = child();
    nodes[c] = {
      type: 'Condition',
      if: test.value === undefined ? { variable: `v_${c}`, op: test.op } : { variable: `v_${c}`, op: test.op, value: test.value },
      then,
      else: otherwise,
    };
    edge(c, 'then', then, true);
    edge(c, 'else', otherwise, true);
    return c;
  };

  const contradicted = (depth: number): string => {
    const s = id('set');
    const c = id('cond');
    const value = pick(['gold', 'silver', 7, 0]);
    const test = pick(TESTS.filter((t) => t.op !== 'exists' && t.op !== 'matches'));
    const result = evaluateCondition(test.op, value, test.value);
    const good = block(depth + 1);
    const bad = leaf(depth + 1, false);
    nodes[s] = { type: 'SetVariable', set: { [`k_${c}`]: value }, next: c };
    nodes[c] = {
      type: 'Condition',
      if: { variable: `k_${c}`, op: test.op, value: test.value as JsonValue },
      then: result ? good : bad,
      else: result ? bad : good,
    };
    edge(s, 'next', c, true);
    edge(c, result ? 'then' : 'else', good, true);
    edge(c, result ? 'else' : 'then', bad, false);
    return s;
  };

  const menu = (depth: number): string => {
    const m = id('menu');
    const node: FlowNode & { type: 'GatherInput' } = { type: 'GatherInput', options: {}, intents: {} };
    nodes[m] = node;
    const count = 1 + Math.floor(rnd() * 3);
    for (let k = 1; k <= count; k++) {
      const to = block(depth + 1);
      (node.options as Record<string, string>)[String(k)] = to;
      edge(m, `option ${k}`, to, true);
    }
    if (rnd() < 0.25) {
      const to = leaf(depth + 1, false);
      (node.options as Record<string, string>)['12'] = to;
      edge(m, 'option 12', to, false);
    }
    const words = [...WORDS].sort(() => rnd() - 0.5).slice(0, Math.floor(rnd() * 3));
    for (const w of words) {
      const to = leaf(depth + 1, true);
      (node.intents as Record<string, string>)[w] = to;
      edge(m, `intent ${w}`, to, true);
    }
    if (rnd() < 0.25) {
      const first = leaf(depth + 1, true);
      const second = leaf(depth + 1, false);
      (node.intents as Record<string, string>).pay = first;
      (node.intents as Record<string, string>)['pay bill'] = second;
      edge(m, 'intent pay', first, true);
      edge(m, 'intent pay bill', second, false);
    }
    const noMatch = block(depth + 1);
    node.noMatch = noMatch;
    edge(m, 'noMatch', noMatch, true);
    // Always wired: a run that reaches a menu with nothing left to give must still end (a missing
    // noInput makes every run through an earlier no-input fail, so nothing after it could be taken).
    const noInput = leaf(depth + 1, true);
    node.noInput = noInput;
    edge(m, 'noInput', noInput, true);
    return m;
  };

  /** A menu that counts invalid keys (and silence) up to a limit, then goes on. */
  const retry = (depth: number): string => {
    const init = id('init');
    const m = id('retry');
    const inc = id('count');
    const check = id('limit');
    const counter = `r_${m}`;
    const option = block(depth + 1);
    const after = block(depth + 1);
    nodes[init] = { type: 'SetVariable', set: { [counter]: 0 }, next: m };
    nodes[m] = { type: 'GatherInput', options: { 1: option }, noMatch: inc, noInput: inc };
    nodes[inc] = { type: 'SetVariable', increment: counter, next: check };
    nodes[check] = { type: 'Condition', if: { variable: counter, op: 'gte', value: 2 + Math.floor(rnd() * 2) }, then: after, else: m };
    edge(init, 'next', m, true);
    edge(m, 'option 1', option, true);
    edge(m, 'noMatch', inc, true);
    edge(m, 'noInput', inc, true);
    edge(inc, 'next', check, true);
    edge(check, 'then', after, true);
    edge(check, 'else', m, true);
    return init;
  };

  const block = (depth: number): string => {
    if (depth >= maxDepth || full()) return leaf(depth, true);
    const r = rnd();
    if (r < 0.12) return leaf(depth, true);
    if (r < 0.45) return menu(depth);
    if (r < 0.65) return condition(depth, () => block(depth + 1));
    if (r < 0.75) return contradicted(depth);
    if (r < 0.85) return retry(depth);
    const x = id('ext');
    const found = block(depth + 1);
    const next = block(depth + 1);
    nodes[x] = { type: 'External', branches: { found }, next };
    edge(x, 'found', found, true);
    edge(x, 'next', next, true);
    return x;
  };

  const first = block(0);
  nodes.start = { type: 'Start', next: first };
  edge('start', 'next', first, true);
  // Orphans: nothing leads to them; the second is led to by the first only.
  const orphans = Math.floor(rnd() * 3);
  for (let k = 0; k < orphans; k++) {
    const o = id('orphan');
    const next = k === 1 ? `orphan_${n - 2}` : pick(exits);
    nodes[o] = { type: 'Play', prompt: 'never', next: Object.hasOwn(nodes, next) ? next : pick(exits) };
    edge(o, 'next', (nodes[o] as { next: string }).next, false);
  }
  return { flow: { id: `random-${seed}`, name: `Random ${seed}`, start: 'start', nodes }, feasible, infeasible };
}
