// The inputs worth trying next, read off one run: at each point where the run consumed input, took a mock's
// outcome or decided a condition, the alternatives that would take another connector there. A condition's
// variable is changed where its value came from (the scenario's variables, a mock's outcome, the caller's
// keys or words), found by walking the trace's variable snapshots back. Pure.
import type { JsonValue } from '../domain/json.ts';
import type { StudioAction } from '../domain/studio.ts';
import type { MockOutcome, TraceEntry } from '../domain/wire.ts';
import { parseClock } from '../domain/clock.ts';
import { caseConnector } from '../domain/studio-mocks.ts';
import { studioProp } from '../domain/studio-properties.ts';
import { evaluate, looseEquals, parseExpression, type Expression, type StudioValue } from '../snippet/index.ts';
import { CLOCKS, type GenInput, outcomesUpTo } from './input.ts';
import { MOCK_VALUE, readVar, type FlowInfo } from './studio-info.ts';
import { type Proposal, satisfying } from './values.ts';

/** A next input, and the connector (from, label) it is meant to take: undefined when it aims at nothing in particular. */
export interface Child {
  input: GenInput;
  from: string;
  label?: string;
}

/** Where one trace entry stood in the caller's input. */
interface Point {
  entry: TraceEntry;
  index: number;
  /** DTMF keys consumed before it. */
  pos: number;
  /** Whether an earlier entry consumed the utterance. */
  speechBefore: boolean;
  /** This entry's visit number of its mock key. */
  mockVisit: number;
  /**
   * The keys to give before new input here: those consumed so far, plus, for each earlier input action
   * that heard nothing, keys that take it where it went (an invalid key where noMatch and noInput lead
   * to one node), so that the new input is heard here and not there. undefined: no such keys.
   */
  prefix: string | undefined;
}

const INVALID_KEYS = ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0', '*', '#'];
const NO_MATCH_WORDS = 'something else';

function isInputPoint(info: FlowInfo, entry: TraceEntry): boolean {
  return info.studio ? entry.type === 'MENU' || entry.type === 'ASRMENU' : entry.type === 'GatherInput';
}

function points(info: FlowInfo, input: GenInput, trace: TraceEntry[]): Point[] {
  let pos = 0;
  let speechUsed = false;
  let prefix: string | undefined = '';
  const visits = new Map<string, number>();
  return trace.map((entry, index) => {
    const mockKey = typeof entry.mock === 'string' ? entry.mock : undefined;
    const mockVisit = mockKey === undefined ? 0 : (visits.get(mockKey) ?? 0);
    if (mockKey !== undefined) visits.set(mockKey, mockVisit + 1);
    const point = { entry, index, pos, speechBefore: speechUsed, mockVisit, prefix };
    if (isInputPoint(info, entry) && mockKey === undefined) {
      if (typeof entry.input === 'string' && entry.type !== 'ASRMENU' && pos < input.dtmf.length) {
        if (prefix !== undefined) prefix += input.dtmf.slice(pos, pos + entry.input.length);
        pos += entry.input.length;
      } else if (typeof entry.input === 'string') speechUsed = true;
      else if (prefix !== undefined) {
        const keys = keysTo(info, entry, trace[index + 1]?.nodeId);
        prefix = keys === undefined ? undefined : prefix + keys;
      }
    }
    return point;
  });
}

/** Keys that take the input action of `entry` to `next`, as its silence did; undefined when none do. */
function keysTo(info: FlowInfo, entry: TraceEntry, next: string | undefined): string | undefined {
  const visited = info.visited.get(entry.nodeId);
  if (!visited || next === undefined) return undefined;
  if (visited.kind === 'yaml') {
    const node = visited.node;
    if (node.type !== 'GatherInput') return undefined;
    const options = node.options ?? {};
    const digits = node.digits ?? 1;
    const bad = INVALID_KEYS.map((c) => c.repeat(digits)).find((d) => !Object.hasOwn(options, d));
    if (node.noMatch === next && bad !== undefined) return bad;
    return Object.keys(options).find((k) => options[k] === next && k.length === digits);
  }
  const action = visited.action;
  if (action.type !== 'MENU') return undefined;
  const prefix = entry.nodeId.slice(0, entry.nodeId.length - (visited.script.pathNames[action.actionId] ?? '').length);
  const reaches = (to: string | undefined) => to !== undefined && prefix + to === next;
  const invalid = INVALID_KEYS.find((k) => !caseConnector(action, k));
  const onInvalid =
    action.connectors.find((c) => c.kind === 'branch' && /^(on)?invalid$/i.test(c.value)) ??
    action.connectors.find((c) => c.kind === 'default');
  if (invalid !== undefined && reaches(onInvalid?.to)) return menuKeys(action, invalid);
  const c = action.connectors.find((k) => k.kind === 'case' && reaches(k.to));
  return c ? menuKeys(action, c.value) : undefined;
}

/** Every child of one run, in trace order. */
export function proposeChildren(info: FlowInfo, input: GenInput, trace: TraceEntry[]): Child[] {
  const all = points(info, input, trace);
  const writers = changeIndex(info, input, all);
  const out: Child[] = [];
  for (const p of all) {
    const visited = info.visited.get(p.entry.nodeId);
    if (!visited) continue;
    const from = p.entry.nodeId;
    if (typeof p.entry.mock === 'string') {
      out.push(...mockChildren(info, input, p, p.entry.mock));
      continue;
    }
    if (visited.kind === 'yaml') {
      const node = visited.node;
      if (node.type === 'GatherInput') {
        for (const k of Object.keys(node.options ?? {})) push(out, dtmfAt(input, p, k), from, `option ${k}`);
        for (const k of Object.keys(node.intents ?? {})) push(out, speechAt(input, p, k), from, `intent ${k}`);
        const digits = node.digits ?? 1;
        const bad = INVALID_KEYS.map((c) => c.repeat(digits)).find((d) => !Object.hasOwn(node.options ?? {}, d));
        if (bad !== undefined) push(out, dtmfAt(input, p, bad), from, 'noMatch');
        push(out, speechAt(input, p, NO_MATCH_WORDS), from, 'noMatch');
        push(out, silentAt(input, p), from, 'noInput');
      } else if (node.type === 'Condition') {
        const taken = p.entry.branch === 'then';
        const label = taken ? 'else' : 'then';
        for (const proposal of satisfying(node.if.op, node.if.value, !taken).slice(0, 3))
          push(out, applyVariable(info, input, all, writers, p.index, node.if.variable, proposal), from, label);
      }
      continue;
    }
    const action = visited.action;
    const optional = info.mockables.find((m) => m.optional && m.key === from);
    if (optional)
      for (const branch of optional.branches) {
        const outcome: MockOutcome = branch === undefined ? {} : { branch };
        push(out, { ...input, mocks: { ...input.mocks, [from]: [outcome] } }, from, labelOf(info, from, branch ?? 'Default'));
      }
    if (action.type === 'MENU') out.push(...menuChildren(input, p, action, from));
    else if (action.type === 'ASRMENU') {
      for (const c of action.connectors) if (c.kind === 'case') push(out, speechAt(input, p, c.value), from, c.label);
      push(out, speechAt(input, p, NO_MATCH_WORDS), from, 'OnNoMatch');
      push(out, silentAt(input, p), from, 'OnTimeout');
    } else if (action.type === 'IF' || action.type === 'CASE') {
      const other = action.type === 'IF' ? (p.entry.branch === 'True' ? 'False' : 'True') : undefined;
      if (action.type === 'IF')
        for (const [name, proposal] of ifProposals(input, trace, p, action))
          push(out, applyVariable(info, input, all, writers, p.index, name, proposal), from, other);
      else out.push(...caseChildren(info, input, all, writers, p, action, from));
      if (info.readsClock) for (const c of CLOCKS) if (c.clock !== input.clock) push(out, { ...input, clock: c.clock }, from, other);
    }
  }
  return out;
}

function push(out: Child[], input: GenInput | undefined, from: string, label: string | undefined): void {
  if (input) out.push(label === undefined ? { input, from } : { input, from, label });
}

function dtmfAt(input: GenInput, p: Point, keys: string): GenInput | undefined {
  if (p.speechBefore || p.prefix === undefined) return undefined;
  return { ...input, dtmf: p.prefix + keys, speech: '' };
}

function speechAt(input: GenInput, p: Point, words: string): GenInput | undefined {
  if (p.speechBefore || p.prefix === undefined) return undefined;
  return { ...input, dtmf: p.prefix, speech: words };
}

function silentAt(input: GenInput, p: Point): GenInput {
  return { ...input, dtmf: input.dtmf.slice(0, p.pos), speech: p.speechBefore ? input.speech : '' };
}

/** A MENU's keys for `value`: a value shorter than MaxDigits is ended by the Terminator, when there is one. */
function menuKeys(action: StudioAction, value: string): string {
  const max = Math.max(1, Number.parseInt(studioProp(action, 'maxDigits'), 10) || 1);
  const terminator = studioProp(action, 'terminator').charAt(0);
  return value.length < max && terminator !== '' && terminator !== '-' ? value + terminator : value;
}

function menuChildren(input: GenInput, p: Point, action: StudioAction, from: string): Child[] {
  const out: Child[] = [];
  const cases = action.connectors.filter((c) => c.kind === 'case');
  for (const c of cases) push(out, dtmfAt(input, p, menuKeys(action, c.value)), from, c.label);
  const invalid = INVALID_KEYS.find((k) => !caseConnector(action, k));
  const onInvalid = action.connectors.find((c) => c.kind === 'branch' && /^(on)?invalid$/i.test(c.value));
  if (invalid !== undefined) push(out, dtmfAt(input, p, menuKeys(action, invalid)), from, onInvalid ? onInvalid.label : 'Default');
  push(out, silentAt(input, p), from, 'OnTimeout');
  return out;
}

function caseChildren(
  info: FlowInfo,
  input: GenInput,
  all: Point[],
  writers: Writers,
  p: Point,
  action: StudioAction,
  from: string,
): Child[] {
  const out: Child[] = [];
  const variable = studioProp(action, 'caseVariable');
  const cases = action.connectors.filter((c) => c.kind === 'case');
  for (const c of cases) push(out, applyVariable(info, input, all, writers, p.index, variable, { value: c.value }), from, c.label);
  const other = ['other', 'other-1', 'other-2'].find((v) => !cases.some((c) => looseEquals(c.value, v)));
  if (other !== undefined) push(out, applyVariable(info, input, all, writers, p.index, variable, { value: other }), from, 'Default');
  return out;
}

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** For each `var op expr` of an IF's expression (and a bare `var`), values of var that may flip it. */
function ifProposals(input: GenInput, trace: TraceEntry[], p: Point, action: StudioAction): [string, Proposal][] {
  const parsed = parseExpression(studioProp(action, 'expression'));
  if (!parsed.expr) return [];
  const vars = (p.index > 0 ? trace[p.index - 1]?.variables : input.variables) ?? {};
  const clock = parseClock(input.clock);
  const host = {
    vars: vars as Record<string, StudioValue>,
    now: () => (typeof clock === 'string' ? new Date(0) : new Date(clock.date.getTime())),
    utcOffsetMinutes: typeof clock === 'string' ? 0 : clock.utcOffsetMinutes,
  };
  const out: [string, Proposal][] = [];
  const visit = (e: Expression): void => {
    if (e.kind === 'var') {
      for (const value of [1, 0, 'yes', '']) out.push([e.name, { value }]);
      return;
    }
    if (e.kind === 'unary') return visit(e.operand);
    if (e.kind !== 'binary') return;
    if (e.op === '&' || e.op === '|') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (!COMPARISONS.has(e.op)) return;
    for (const [side, rest] of [
      [e.left, e.right],
      [e.right, e.left],
    ] as const) {
      if (side.kind !== 'var' || mentions(rest, side.name)) continue;
      // `pin = right(accountId, 4)` with accountId unset: give it a value first, then the next run proposes pin.
      for (const name of varsIn(rest)) if (readVar(vars, name, true) === undefined) out.push([name, { value: MOCK_VALUE }]);
      const result = evaluate(rest, host);
      if (!result.ok) continue;
      for (const value of nearby(result.value)) out.push([side.name, { value }]);
      out.push([side.name, { unset: true }]);
    }
  };
  visit(parsed.expr);
  return out;
}

function nearby(value: StudioValue): JsonValue[] {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (Number.isFinite(n)) return [value as JsonValue, n + 1, n - 1];
  if (typeof value === 'string') return [value, `${value}~`, 'other'];
  return [value as JsonValue, 'other'];
}

function mentions(e: Expression, name: string): boolean {
  const lower = name.toLowerCase();
  return varsIn(e).some((n) => n.toLowerCase() === lower);
}

/** The variables an expression reads, in order. */
function varsIn(e: Expression): string[] {
  const names: string[] = [];
  const walk = (x: Expression): boolean => {
    switch (x.kind) {
      case 'var':
        if (!names.includes(x.name)) names.push(x.name);
        return false;
      case 'member':
        return walk(x.object);
      case 'index':
        return walk(x.object) || walk(x.index);
      case 'call':
        return (x.receiver !== undefined && walk(x.receiver)) || x.args.some(walk);
      case 'unary':
        return walk(x.operand);
      case 'binary':
        return walk(x.left) || walk(x.right);
      case 'template':
        return x.parts.some((part) => typeof part !== 'string' && walk(part));
      default:
        return false;
    }
  };
  walk(e);
  return names;
}

function mockChildren(info: FlowInfo, input: GenInput, p: Point, key: string): Child[] {
  const mockable = info.mockables.find((m) => m.key === key);
  if (!mockable) return [];
  const out: Child[] = [];
  const before = outcomesUpTo(input, key, p.mockVisit + 1);
  const current = before[p.mockVisit] ?? {};
  for (const branch of mockable.branches) {
    if (branch === current.branch) continue;
    const outcome: MockOutcome = { ...current };
    if (branch === undefined) delete outcome.branch;
    else outcome.branch = branch;
    const list = [...before.slice(0, p.mockVisit), outcome];
    const label = branch ?? (info.studio ? 'Default' : 'next');
    out.push({
      input: { ...input, mocks: { ...input.mocks, [key]: list } },
      from: p.entry.nodeId,
      label: labelOf(info, p.entry.nodeId, label),
    });
  }
  return out;
}

/** The connector label a mock branch name takes (a Studio case is labelled `case <value>`). */
function labelOf(info: FlowInfo, node: string, branch: string): string {
  const visited = info.visited.get(node);
  if (visited?.kind !== 'studio') return branch;
  const c = visited.action.connectors.find((k) => k.value === branch && k.kind !== 'default');
  return c ? c.label : branch;
}

/** Where each variable changed in a run's trace: entry indexes by exact name, and names by lower case (Studio reads them so). */
interface Writers {
  byName: Map<string, number[]>;
  byLower: Map<string, Set<string>>;
}

/**
 * One pass over the trace's snapshots, each compared with the one before (the scenario's variables before
 * the first): work in proportion to the trace and its variables, however many conditions ask later. A
 * value the engine did not set again is the same reference, so only the ones that did are compared as text.
 */
function changeIndex(info: FlowInfo, input: GenInput, all: Point[]): Writers {
  const byName = new Map<string, number[]>();
  const byLower = new Map<string, Set<string>>();
  let before: Record<string, JsonValue> = input.variables;
  all.forEach((p, j) => {
    const now = p.entry.variables ?? {};
    const mark = (k: string): void => {
      const list = byName.get(k);
      if (list) {
        if (list[list.length - 1] !== j) list.push(j);
      } else byName.set(k, [j]);
      if (!info.studio) return;
      const lower = k.toLowerCase();
      byLower.set(lower, (byLower.get(lower) ?? new Set()).add(k));
    };
    for (const k of Object.keys(now)) {
      const a = Object.hasOwn(before, k) ? before[k] : undefined;
      if (a !== now[k] && JSON.stringify(a) !== JSON.stringify(now[k])) mark(k);
    }
    for (const k of Object.keys(before)) if (!Object.hasOwn(now, k)) mark(k);
    before = now;
  });
  return { byName, byLower };
}

/**
 * The input in which `name` holds the proposal when entry `at` reads it: changed where its value last
 * changed before `at` (the scenario's variables when nothing changed it, a mock's variables, the keys
 * or words an input action stored), or undefined when the flow itself set it.
 */
function applyVariable(
  info: FlowInfo,
  input: GenInput,
  all: Point[],
  writers: Writers,
  at: number,
  name: string,
  proposal: Proposal,
): GenInput | undefined {
  const snapshot = (i: number) => JSON.stringify(readVar(i < 0 ? input.variables : all[i]?.entry.variables, name, info.studio) ?? null);
  // Only where a variable readVar may answer `name` with changed can the answer have changed: those, latest first.
  const names = new Set([name, ...(info.studio ? (writers.byLower.get(name.replace(/^global:/i, '').toLowerCase()) ?? []) : [])]);
  let writer = -1;
  for (const n of names) {
    const list = writers.byName.get(n) ?? [];
    // The last change before `at` (binary search), then back while the answer for `name` did not change.
    let lo = 0;
    for (let hi = list.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) < at) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && (list[k] as number) > writer; k--) {
      const j = list[k] as number;
      if (snapshot(j) !== snapshot(j - 1)) {
        writer = j;
        break;
      }
    }
  }
  if (writer < 0) {
    const variables = { ...input.variables };
    const existing = info.studio ? Object.keys(variables).find((k) => k.toLowerCase() === name.toLowerCase()) : undefined;
    if (existing !== undefined) delete variables[existing];
    if (!('unset' in proposal)) variables[name] = proposal.value;
    return { ...input, variables };
  }
  const p = all[writer] as Point;
  if (typeof p.entry.mock === 'string') {
    const key = p.entry.mock;
    const list = outcomesUpTo(input, key, p.mockVisit + 1);
    const outcome = list[p.mockVisit] as MockOutcome;
    const variables = { ...(outcome.variables ?? {}) };
    const existing = Object.keys(variables).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    if ('unset' in proposal) delete variables[existing];
    else variables[existing] = proposal.value;
    list[p.mockVisit] = { ...outcome, variables };
    const tail = (input.mocks[key] ?? []).slice(p.mockVisit + 1);
    return { ...input, mocks: { ...input.mocks, [key]: [...list, ...tail] } };
  }
  if (!isInputPoint(info, p.entry)) return undefined;
  if ('unset' in proposal) return silentAt(input, p);
  const text = typeof proposal.value === 'string' ? proposal.value : JSON.stringify(proposal.value);
  const visited = info.visited.get(p.entry.nodeId);
  if (/^[0-9*#]+$/.test(text) && p.entry.type !== 'ASRMENU')
    return dtmfAt(input, p, visited?.kind === 'studio' ? menuKeys(visited.action, text) : text);
  return text.trim() === '' ? silentAt(input, p) : speechAt(input, p, text);
}
