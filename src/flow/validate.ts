// Checks a parsed flow definition file (SPEC 5) and says exactly where it is wrong. Pure.
// Structural problems make the file unusable; reference problems (a target that is not a node) are kept
// as problems but the flow still runs, because CXone answers such a run with a 500 compilation failure.
import type { YamlDoc } from '../yaml/parse.ts';
import { CONDITION_OPS } from '../domain/flow.ts';
import { compileUserRegex } from '../user-regex.ts';
import type { FlowProblem } from './load.ts';
import { excerpt, quoteValue } from '../text.ts';

type FieldKind = 'ref' | 'refMap' | 'text' | 'name' | 'digits' | 'values' | 'condition';

interface NodeSpec { fields: Record<string, FieldKind>; required: string[] }

/** The fields each node type takes; anything else is flagged. */
export const NODE_SPECS: Readonly<Record<string, NodeSpec>> = {
  Start: { fields: { next: 'ref' }, required: ['next'] },
  GatherInput: {
    fields: { digits: 'digits', variable: 'name', prompt: 'text', options: 'refMap', intents: 'refMap', noMatch: 'ref', noInput: 'ref' },
    required: [],
  },
  SetVariable: { fields: { set: 'values', increment: 'name', next: 'ref' }, required: ['next'] },
  Condition: { fields: { if: 'condition', then: 'ref', else: 'ref' }, required: ['if', 'then', 'else'] },
  Route: { fields: { target: 'name', next: 'ref' }, required: ['target'] },
  Play: { fields: { prompt: 'text', next: 'ref' }, required: ['prompt', 'next'] },
  Exit: { fields: {}, required: [] },
};

const TOP_FIELDS = ['id', 'name', 'start', 'nodes'];
const CONDITION_FIELDS = ['variable', 'op', 'value'];
const MAX_DIGITS = 32;

type Path = (string | number)[];

interface Ctx {
  file: string;
  doc: YamlDoc;
  problems: FlowProblem[];
  /** Set by any structural problem: the flow is then not returned. */
  unusable: boolean;
  /** Reference edges to check once every node id is known. */
  refs: { path: Path; node?: string; what: string; target: string }[];
  /** What is left of MAX_SUGGESTION_CELLS for hints on node ids. */
  hints: SuggestBudget;
}

export function describeValue(value: unknown): string {
  return value === undefined ? 'missing' : quoteValue(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Work left for typo hints, in edit-distance table cells; spent as hints are searched. */
export interface SuggestBudget { cells: number }

/** ` (did you mean 'x'?)` when a candidate is a likely typo of `word`; '' when none is, or the budget runs out first. */
export function suggest(word: string, candidates: Iterable<string>, budget?: SuggestBudget): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    // Lowercasing a candidate is work too: the budget also bounds the scans that compare nothing.
    if (budget && (budget.cells -= c.length + 1) < 0) return '';
    const other = c.toLowerCase();
    // The distance is at least the difference in length: skip what cannot win (a 1 MB word costs nothing).
    if (Math.abs(other.length - lower.length) >= bestDistance) continue;
    if (budget && (budget.cells -= (lower.length + 1) * (other.length + 1)) < 0) return '';
    const d = editDistance(lower, other);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best === undefined ? '' : ` (did you mean '${excerpt(best)}'?)`;
}

/**
 * Work for "did you mean" hints on node ids, per file. Each dangling reference is compared with every
 * node id, so a generated flow with thousands of both took minutes; past the budget hints are left out.
 */
export const MAX_SUGGESTION_CELLS = 1_000_000;

function report(ctx: Ctx, path: Path, node: string | undefined, text: string, structural = true): void {
  const line = ctx.doc.lineOf(path);
  // Node ids and keys are the file's own text: quoted in part, like any value.
  const where = node === undefined ? '' : `node '${excerpt(node)}': `;
  const key = path.map((p) => (typeof p === 'number' ? `[${p}]` : excerpt(p))).join('.').replace(/\.\[/g, '[');
  ctx.problems.push({ code: 'FLOW_INVALID', file: ctx.file, line, ...(node === undefined ? {} : { node }), key, message: `${where}${text}` });
  if (structural) ctx.unusable = true;
}

function checkUnknownKeys(ctx: Ctx, map: Record<string, unknown>, known: string[], path: Path, node: string | undefined, what: string): void {
  for (const key of Object.keys(map)) {
    if (known.includes(key)) continue;
    const expected = known.length ? `expected one of ${known.join(', ')}` : 'it takes no other keys';
    report(ctx, [...path, key], node, `unknown key '${excerpt(key)}' in ${what}${suggest(key, known)}; ${expected}`);
  }
}

function checkText(ctx: Ctx, value: unknown, path: Path, node: string | undefined, label: string, kind: 'text' | 'name'): boolean {
  if (typeof value === 'string' && (kind === 'text' || value.trim() !== '')) return true;
  const expected = kind === 'name' ? 'a non-empty name' : 'a string';
  report(ctx, path, node, `'${label}' is ${describeValue(value)}, expected ${expected}`);
  return false;
}

function checkRef(ctx: Ctx, value: unknown, path: Path, node: string, what: string): void {
  if (!checkText(ctx, value, path, node, String(path[path.length - 1]), 'name')) return;
  ctx.refs.push({ path, node, what, target: value as string });
}

function checkRefMap(ctx: Ctx, value: unknown, path: Path, node: string, field: string, digits: number | undefined): void {
  if (!isMap(value)) {
    report(ctx, path, node, `'${field}' is ${describeValue(value)}, expected a map of ${field === 'options' ? 'digits' : 'keywords'} to node ids`);
    return;
  }
  for (const [key, target] of Object.entries(value)) {
    if (field === 'options' && digits !== undefined && !new RegExp(`^[0-9*#]{${digits}}$`).test(key)) {
      report(ctx, [...path, key], node, `option ${describeValue(key)} can never match: expected ${digits} DTMF digit(s) (0-9, *, #) as 'digits' is ${digits}`);
      continue;
    }
    if (field === 'intents' && key.trim() === '') {
      report(ctx, [...path, key], node, 'an intent keyword is empty, expected a word or phrase');
      continue;
    }
    checkRef(ctx, target, [...path, key], node, field === 'options' ? `option "${excerpt(key)}"` : `intent "${excerpt(key)}"`);
  }
}

function checkConditionValue(ctx: Ctx, cond: Record<string, unknown>, path: Path, node: string): void {
  const { op, value } = cond;
  const at = [...path, 'value'];
  if (op === 'exists') {
    if (value !== undefined && typeof value !== 'boolean') report(ctx, at, node, `'value' of 'exists' is ${describeValue(value)}, expected true, false or no value`);
  } else if (value === undefined) {
    report(ctx, path, node, `condition '${excerpt(String(op))}' needs a 'value'`);
  } else if (op === 'matches') {
    // Compiled as the engine will run it (linear time, user-regex.ts), so what it cannot run fails at load.
    const { error } = compileUserRegex(String(value));
    // describeValue cuts the pattern (the user's text); the explanation is ours, whole.
    if (error !== undefined) report(ctx, at, node, `'value' ${describeValue(value)} ${error}`);
  } else if (['gt', 'gte', 'lt', 'lte'].includes(String(op)) && typeof value !== 'number' && typeof value !== 'string') {
    report(ctx, at, node, `'value' of '${excerpt(String(op))}' is ${describeValue(value)}, expected a number or a string`);
  } else if (isMap(value) || Array.isArray(value)) {
    report(ctx, at, node, `'value' is ${describeValue(value)}, expected a scalar (string, number, boolean or null)`);
  }
}

function checkCondition(ctx: Ctx, value: unknown, path: Path, node: string): void {
  if (!isMap(value)) {
    report(ctx, path, node, `'if' is ${describeValue(value)}, expected a map { variable, op, value }`);
    return;
  }
  checkUnknownKeys(ctx, value, CONDITION_FIELDS, path, node, "'if'");
  checkText(ctx, value.variable, [...path, 'variable'], node, 'variable', 'name');
  if (!CONDITION_OPS.includes(value.op as never)) {
    report(ctx, [...path, 'op'], node, `'op' is ${describeValue(value.op)}, expected one of ${CONDITION_OPS.join(' ')}`);
    return;
  }
  checkConditionValue(ctx, value, path, node);
}

function checkField(ctx: Ctx, kind: FieldKind, value: unknown, path: Path, node: string, field: string, digits: number | undefined): void {
  switch (kind) {
    case 'ref': return checkRef(ctx, value, path, node, `'${field}'`);
    case 'refMap': return checkRefMap(ctx, value, path, node, field, digits);
    case 'text':
    case 'name': checkText(ctx, value, path, node, field, kind); return;
    case 'digits':
      if (validDigits(value) === undefined) {
        report(ctx, path, node, `'digits' is ${describeValue(value)}, expected a whole number from 1 to ${MAX_DIGITS}`);
      }
      return;
    case 'values':
      if (!isMap(value)) report(ctx, path, node, `'set' is ${describeValue(value)}, expected a map of variable names to values`);
      return;
    case 'condition': return checkCondition(ctx, value, path, node);
  }
}

function validDigits(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_DIGITS ? (value as number) : undefined;
}

function checkNode(ctx: Ctx, id: string, node: unknown): void {
  const path = ['nodes', id];
  if (!isMap(node)) return report(ctx, path, id, `is ${describeValue(node)}, expected a map with a 'type'`);
  const types = Object.keys(NODE_SPECS);
  // Own keys only: a type named 'constructor' or 'toString' must not find Object.prototype's members.
  const spec = typeof node.type === 'string' && Object.hasOwn(NODE_SPECS, node.type) ? NODE_SPECS[node.type] : undefined;
  if (!spec) {
    const hint = typeof node.type === 'string' ? suggest(node.type, types) : '';
    return report(ctx, [...path, 'type'], id, `'type' is ${describeValue(node.type)}${hint}, expected one of ${types.join(', ')}`);
  }
  const fields = Object.keys(spec.fields);
  checkUnknownKeys(ctx, node, ['type', ...fields], path, id, `a ${String(node.type)} node`);
  const unknown = Object.keys(node).filter((k) => k !== 'type' && !fields.includes(k));
  for (const field of spec.required) {
    // A misspelt required key is already reported as unknown, with the suggestion.
    const misspelt = unknown.some((k) => suggest(k, [field]) !== '');
    if (node[field] === undefined && !misspelt) report(ctx, path, id, `a ${String(node.type)} node needs '${field}'`);
  }
  if (node.type === 'SetVariable' && node.set === undefined && node.increment === undefined) {
    report(ctx, path, id, "a SetVariable node needs 'set', 'increment' or both");
  }
  const digits = node.digits === undefined ? 1 : validDigits(node.digits);
  for (const [field, kind] of Object.entries(spec.fields)) {
    if (node[field] !== undefined) checkField(ctx, kind, node[field], [...path, field], id, field, digits);
  }
}

function checkTop(ctx: Ctx, value: Record<string, unknown>): void {
  checkUnknownKeys(ctx, value, TOP_FIELDS, [], undefined, 'a flow definition');
  for (const field of ['id', 'start']) {
    if (value[field] === undefined) report(ctx, [], undefined, `a flow definition needs '${field}'`);
    else checkText(ctx, value[field], [field], undefined, field, 'name');
  }
  if (value.name !== undefined) checkText(ctx, value.name, ['name'], undefined, 'name', 'text');
}

/** Checks `value` (a parsed flow file); returns whether it can be used as a FlowDefinition. */
export function validateFlow(value: unknown, doc: YamlDoc, file: string): { usable: boolean; problems: FlowProblem[] } {
  const ctx: Ctx = { file, doc, problems: [], unusable: false, refs: [], hints: { cells: MAX_SUGGESTION_CELLS } };
  if (!isMap(value)) {
    report(ctx, [], undefined, `the file holds ${describeValue(value)}, expected a flow definition (a map with id, start and nodes)`);
    return { usable: false, problems: ctx.problems };
  }
  checkTop(ctx, value);
  const nodes = value.nodes;
  if (!isMap(nodes) || Object.keys(nodes).length === 0) {
    report(ctx, nodes === undefined ? [] : ['nodes'], undefined, `'nodes' is ${describeValue(nodes)}, expected a map of node ids to nodes`);
    return { usable: false, problems: ctx.problems };
  }
  for (const [id, node] of Object.entries(nodes)) checkNode(ctx, id, node);
  const ids = Object.keys(nodes);
  if (typeof value.start === 'string' && value.start.trim() !== '' && !Object.hasOwn(nodes, value.start)) {
    report(ctx, ['start'], undefined, `start node '${excerpt(value.start)}' is not a node of this flow${suggest(value.start, ids, ctx.hints)}`, false);
  }
  for (const ref of ctx.refs) {
    if (Object.hasOwn(nodes, ref.target)) continue;
    report(ctx, ref.path, ref.node, `${ref.what} goes to '${excerpt(ref.target)}', which is not a node of this flow${suggest(ref.target, ids, ctx.hints)}`, false);
  }
  ctx.problems.sort((a, b) => a.line - b.line);
  return { usable: !ctx.unusable, problems: ctx.problems };
}
