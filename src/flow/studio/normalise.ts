// A Studio script file's JSON tree → StudioScript, with a problem for each thing that is wrong, named by
// file, line, the action's id and label, and the key. Pure. The shapes are the ones public integrations show
// (README, Studio scripts): keys Studio adds that we do not read are ignored. A branch to a missing action
// and an action type the emulator does not execute leave the script usable (the first answers a 500 when
// reached, the second stops the run unless mocked); anything else makes the file unusable.
import type { JsonValue } from '../../domain/json.ts';
import {
  STUDIO_EDGE_LABEL,
  STUDIO_EXECUTED_TYPES,
  studioPathNames,
  type StudioAction,
  type StudioConnector,
  type StudioScript,
} from '../../domain/studio.ts';
import { excerpt } from '../../text.ts';
import { formatKey } from '../../validation/schema-errors.ts';
import type { FlowProblem, FlowProblemCode } from '../load.ts';
import { entries, jsonType, member, type JsonNode } from './json-tree.ts';
import { checkActionLanguage } from './language-checks.ts';
import { describeLanguageProblem } from '../../domain/studio-properties.ts';

/** A file with more problems than this says how many more in one last problem: a hostile file is not a flood. */
export const MAX_STUDIO_PROBLEMS = 50;

const BRANCH_KINDS = new Set(['default', 'case', 'branch']);
const WHOLE_NUMBER = /^(0|[1-9][0-9]{0,15})$/;

interface RawAction {
  actionId: string;
  type: string;
  label: string;
  line: number;
}

interface Ctx {
  file: string;
  lineOf(offset: number): number;
  problems: FlowProblem[];
  unusable: boolean;
  /** Action id → what a problem says of it: `action 7 'Main Menu' (MENU)`. */
  named: Map<string, string>;
  pathNames: Record<string, string>;
  /** Action id → property name → the JSON path of its value and that value's line. */
  places: Map<string, Map<string, { path: (string | number)[]; line: number }>>;
}

/** `runs`: the script can still be used (its problem shows when a call gets there); otherwise the file is unusable. */
function report(ctx: Ctx, at: JsonNode | number, path: (string | number)[], text: string, runs?: { code: FlowProblemCode }): void {
  const actionId = typeof path[1] === 'string' && ['actions', 'properties', 'branches'].includes(String(path[0])) ? path[1] : undefined;
  const who = actionId === undefined ? undefined : ctx.named.get(actionId);
  const node = actionId === undefined ? undefined : ctx.pathNames[actionId];
  ctx.problems.push({
    code: runs?.code ?? 'FLOW_STUDIO_INVALID',
    file: ctx.file,
    line: typeof at === 'number' ? at : ctx.lineOf(at.offset),
    ...(node === undefined ? {} : { node }),
    key: formatKey(path),
    message: `${who === undefined ? '' : `${who}: `}${text}`,
  });
  if (!runs) ctx.unusable = true;
}

/** The JSON value of a node, built with own properties only (a `__proto__` key stays a key). Depth is bounded by the parser. */
function toJsonValue(node: JsonNode): JsonValue {
  if (node.type === 'array') return (node.children ?? []).map(toJsonValue);
  if (node.type === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const { key, value } of entries(node))
      Object.defineProperty(out, key, { value: toJsonValue(value), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return node.value as JsonValue;
}

/** A whole-number id, as `actionId` and `to` hold it (a number, or its digits as a string). */
function idOf(node: JsonNode | undefined): string | undefined {
  if (node?.type === 'number' && Number.isSafeInteger(node.value) && node.value >= 0) return String(node.value);
  if (node?.type === 'string' && WHOLE_NUMBER.test(node.value)) return node.value;
  return undefined;
}

function readHeader(ctx: Ctx, root: JsonNode): { header: Record<string, JsonValue>; id?: string; line: number } {
  const header = member(root, 'header');
  const line = ctx.lineOf((header ?? root).offset);
  if (header?.type !== 'object') {
    report(ctx, header ?? root, ['header'], `'header' is ${jsonType(header)}: expected an object with scriptName`);
    return { header: {}, line };
  }
  const name = member(header, 'scriptName');
  const value = toJsonValue(header) as Record<string, JsonValue>;
  if (name?.type !== 'string' || name.value.trim() === '') {
    report(
      ctx,
      name ?? header,
      ['header', 'scriptName'],
      `'header.scriptName' is ${jsonType(name)}: expected the script's name, its flow id`,
    );
    return { header: value, line };
  }
  return { header: value, id: name.value, line: ctx.lineOf(name.offset) };
}

function readAction(ctx: Ctx, key: string, keyNode: JsonNode, value: JsonNode): RawAction | undefined {
  const path = ['actions', key];
  if (value.type !== 'object') {
    report(ctx, value, path, `action ${excerpt(key)} is ${jsonType(value)}: expected an object with actionId, name and label`);
    return undefined;
  }
  const name = member(value, 'name');
  const labelNode = member(value, 'label');
  const type = name?.type === 'string' ? name.value.trim().toUpperCase() : '';
  const label = labelNode?.type === 'string' ? labelNode.value : labelNode?.type === 'number' ? String(labelNode.value) : '';
  ctx.named.set(key, `action ${excerpt(key)}${label === '' ? '' : ` '${excerpt(label)}'`}${type === '' ? '' : ` (${excerpt(type)})`}`);
  const actionId = idOf(member(value, 'actionId'));
  if (!WHOLE_NUMBER.test(key))
    report(ctx, keyNode, path, `the key ${JSON.stringify(excerpt(key))} is not an action id: expected a whole number`);
  else if (actionId !== key)
    report(
      ctx,
      member(value, 'actionId') ?? value,
      [...path, 'actionId'],
      `'actionId' is ${jsonType(member(value, 'actionId'))}: expected ${key}, the key it is filed under`,
    );
  if (type === '') report(ctx, name ?? value, [...path, 'name'], `'name' is ${jsonType(name)}: expected the action type, e.g. "MENU"`);
  if (labelNode && labelNode.type !== 'string' && labelNode.type !== 'number')
    report(ctx, labelNode, [...path, 'label'], `'label' is ${jsonType(labelNode)}: expected the caption, a string`);
  return { actionId: key, type, label, line: ctx.lineOf(keyNode.offset) };
}

/** A property's value as Studio writes it (a string); numbers, booleans and lists, seen in some saved files, as their JSON text. */
function propertyValue(node: JsonNode): string | undefined {
  if (node.type === 'string') return node.value;
  if (node.type === 'number' || node.type === 'boolean') return String(node.value);
  if (node.type === 'array') return JSON.stringify(toJsonValue(node));
  return undefined;
}

function readProperties(ctx: Ctx, action: StudioAction, node: JsonNode): void {
  const path = ['properties', action.actionId];
  if (node.type !== 'object')
    return report(ctx, node, path, `'properties.${action.actionId}' is ${jsonType(node)}: expected an object of {name, value} entries`);
  for (const { key, value } of entries(node)) {
    const name = member(value, 'name');
    const text = member(value, 'value');
    if (value.type !== 'object' || name?.type !== 'string' || name.value === '') {
      report(
        ctx,
        name ?? value,
        [...path, key, 'name'],
        `property ${excerpt(key)} has ${value.type === 'object' ? jsonType(name) : jsonType(value)} as its name: expected {"name": "<property>", "value": "…"}`,
      );
      continue;
    }
    const converted = text === undefined ? '' : propertyValue(text);
    if (converted === undefined) {
      report(ctx, text ?? value, [...path, key, 'value'], `property '${excerpt(name.value)}' is ${jsonType(text)}: expected a string`);
      continue;
    }
    Object.defineProperty(action.properties, name.value, { value: converted, enumerable: true, writable: true, configurable: true });
    Object.defineProperty(action.propertyLines, name.value, {
      value: ctx.lineOf(value.offset),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const places = ctx.places.get(action.actionId) ?? new Map();
    ctx.places.set(action.actionId, places);
    places.set(name.value, { path: [...path, key, 'value'], line: ctx.lineOf((text ?? value).offset) });
  }
}

/** Each property the executor evaluates that does not parse: the script runs, and stops at that action (language-checks.ts). */
function checkLanguage(ctx: Ctx, actions: Iterable<StudioAction>): void {
  for (const action of actions) {
    const places = ctx.places.get(action.actionId);
    const place = (name: string) => {
      const at = places?.get(name);
      return at && { key: formatKey(at.path), line: at.line };
    };
    for (const p of checkActionLanguage(action, place)) {
      const path = places?.get(p.property)?.path ?? ['properties', action.actionId];
      report(ctx, p.line, path, `${describeLanguageProblem(p)}; the emulator cannot run it, so a run that reaches it stops there`, {
        code: 'FLOW_STUDIO_LANGUAGE',
      });
    }
  }
}

function readConnector(ctx: Ctx, actionId: string, index: number, node: JsonNode): StudioConnector | undefined {
  const path = ['branches', actionId, index];
  if (node.type !== 'object') return void report(ctx, node, path, `connector ${index} is ${jsonType(node)}: expected {to, label, type}`);
  const typeNode = member(node, 'type');
  const kind = typeNode?.type === 'string' ? typeNode.value : undefined;
  if (kind === undefined || !BRANCH_KINDS.has(kind))
    return void report(
      ctx,
      typeNode ?? node,
      [...path, 'type'],
      `connector type is ${jsonType(typeNode)}: expected "default", "case" or "branch"`,
    );
  const labelNode = member(node, 'label');
  const value = labelNode?.type === 'string' || labelNode?.type === 'number' ? String(labelNode.value) : '';
  if (kind !== 'default' && value.trim() === '')
    return void report(
      ctx,
      labelNode ?? node,
      [...path, 'label'],
      `a "${kind}" connector's 'label' is ${jsonType(labelNode)}: expected its ${kind === 'case' ? 'case value' : 'name'}`,
    );
  const toId = idOf(member(node, 'to'));
  if (toId === undefined)
    return void report(ctx, member(node, 'to') ?? node, [...path, 'to'], `'to' is ${jsonType(member(node, 'to'))}: expected an action id`);
  const label =
    kind === 'default' ? STUDIO_EDGE_LABEL.default() : kind === 'case' ? STUDIO_EDGE_LABEL.case(value) : STUDIO_EDGE_LABEL.branch(value);
  const to = ctx.pathNames[toId] ?? `#${toId}`;
  if (ctx.pathNames[toId] === undefined)
    report(ctx, member(node, 'to') ?? node, [...path, 'to'], `'${label}' goes to action ${toId}, which is not an action of this script`, {
      code: 'FLOW_STUDIO_INVALID',
    });
  return { kind: kind as StudioConnector['kind'], value: kind === 'default' ? '' : value, toId, to, label, line: ctx.lineOf(node.offset) };
}

function readBranches(ctx: Ctx, action: StudioAction, node: JsonNode): void {
  if (node.type !== 'array')
    return report(
      ctx,
      node,
      ['branches', action.actionId],
      `'branches.${action.actionId}' is ${jsonType(node)}: expected a list of connectors`,
    );
  const seen = new Set<string>();
  (node.children ?? []).forEach((entry, i) => {
    const connector = readConnector(ctx, action.actionId, i, entry);
    if (!connector) return;
    if (seen.has(connector.label))
      return report(
        ctx,
        entry,
        ['branches', action.actionId, i],
        `connector '${excerpt(connector.label)}' is given twice: expected each connector once`,
      );
    seen.add(connector.label);
    action.connectors.push(connector);
  });
}

/** `properties` and `branches`: an object keyed by action id, each entry read by `read`. */
function readPerAction(
  ctx: Ctx,
  root: JsonNode,
  key: 'properties' | 'branches',
  actions: Map<string, StudioAction>,
  read: (a: StudioAction, n: JsonNode) => void,
): void {
  const node = member(root, key);
  if (node === undefined) return;
  if (node.type !== 'object') return report(ctx, node, [key], `'${key}' is ${jsonType(node)}: expected an object keyed by action id`);
  for (const { key: id, keyNode, value } of entries(node)) {
    const action = actions.get(id);
    if (action) read(action, value);
    else report(ctx, keyNode, [key, id], `'${key}' has an entry for action ${excerpt(id)}, which is not in 'actions'`);
  }
}

function checkActions(ctx: Ctx, script: { nodes: Record<string, StudioAction> }, at: number): string | undefined {
  const begins = Object.values(script.nodes).filter((a) => a.type === 'BEGIN');
  if (begins.length !== 1) {
    const where =
      begins.length === 0 ? 'has no BEGIN action' : `has ${begins.length} BEGIN actions (${begins.map((b) => b.actionId).join(', ')})`;
    report(
      ctx,
      begins[1]?.line ?? at,
      begins[1] ? ['actions', begins[1].actionId] : ['actions'],
      `the script ${where}: expected exactly one, where calls start`,
    );
  }
  for (const action of Object.values(script.nodes)) {
    if (action.type === '' || STUDIO_EXECUTED_TYPES.includes(action.type)) continue;
    const name = ctx.pathNames[action.actionId] ?? action.actionId;
    report(
      ctx,
      action.line,
      ['actions', action.actionId, 'name'],
      `the emulator does not execute ${excerpt(action.type)} actions: mock it in the scenario (mocks: { '${excerpt(name)}': { branch: … } }) or it stops the run`,
      { code: 'FLOW_STUDIO_UNEXECUTED' },
    );
  }
  return begins.length === 1 ? ctx.pathNames[begins[0]!.actionId] : undefined;
}

export interface NormaliseResult {
  script?: StudioScript;
  problems: FlowProblem[];
}

/** The script in `root` (an object with `header` and `actions`), or only problems when it cannot be used. `aliases`: the file's own names. */
export function normaliseStudio(root: JsonNode, file: string, lineOf: (offset: number) => number, aliases: string[]): NormaliseResult {
  const ctx: Ctx = { file, lineOf, problems: [], unusable: false, named: new Map(), pathNames: Object.create(null), places: new Map() };
  const head = readHeader(ctx, root);
  const actionsNode = member(root, 'actions');
  if (actionsNode?.type !== 'object') {
    report(
      ctx,
      actionsNode ?? root,
      ['actions'],
      `'actions' is ${jsonType(actionsNode)}: expected an object of actions keyed by action id`,
    );
    return { problems: ctx.problems };
  }
  const raw = entries(actionsNode).flatMap(({ key, keyNode, value }) => readAction(ctx, key, keyNode, value) ?? []);
  ctx.pathNames = studioPathNames(raw);
  const byId = new Map<string, StudioAction>();
  const nodes: Record<string, StudioAction> = Object.create(null);
  const nodeLines: Record<string, number> = Object.create(null);
  for (const a of raw) {
    const action: StudioAction = { ...a, properties: Object.create(null), connectors: [], propertyLines: Object.create(null) };
    const name = ctx.pathNames[a.actionId] as string;
    byId.set(a.actionId, action);
    nodes[name] = action;
    nodeLines[name] = a.line;
  }
  readPerAction(ctx, root, 'properties', byId, (a, n) => readProperties(ctx, a, n));
  readPerAction(ctx, root, 'branches', byId, (a, n) => readBranches(ctx, a, n));
  checkLanguage(ctx, byId.values());
  const start = checkActions(ctx, { nodes }, ctx.lineOf(actionsNode.offset));
  if (ctx.unusable || head.id === undefined || start === undefined) return { problems: ctx.problems };
  const masterId = head.header['masterId'];
  const names = [
    ...aliases,
    ...(typeof masterId === 'number' || (typeof masterId === 'string' && masterId !== '') ? [String(masterId)] : []),
  ];
  const script: StudioScript = {
    format: 'studio',
    id: head.id,
    aliases: [...new Set(names)].filter((n) => n !== head.id),
    name: head.id,
    header: head.header,
    start,
    nodes,
    pathNames: ctx.pathNames,
    source: { file, line: head.line, nodeLines },
  };
  return { script, problems: ctx.problems };
}
