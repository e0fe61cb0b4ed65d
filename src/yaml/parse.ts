// YAML text → plain data plus the source line of every key, for errors that point at file:line.
// js-yaml builds the value; a second pass over its event stream (which carries source offsets)
// records positions and enforces the limits that keep hostile input cheap.
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, YAMLException, constructFromEvents, getScalarValue, mergeTag, parseEvents } from 'js-yaml';
import type { Event } from 'js-yaml';
import { excerpt, location, NO_LINE } from '../text.ts';

/** Larger than any hand-written scenario or flow file; bigger input is refused before parsing. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Collection nesting, counted through aliases too. */
export const MAX_DEPTH = 64;
/** Alias nodes (`*name`) per document. */
export const MAX_ALIASES = 100;
/** Nodes that aliases may add once expanded: stops `&a [*a, *a, …]` chains (billion laughs). */
export const MAX_ALIAS_EXPANSION = 100_000;

export interface YamlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxAliasExpansion: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxBytes: MAX_YAML_BYTES,
  maxDepth: MAX_DEPTH,
  maxAliases: MAX_ALIASES,
  maxAliasExpansion: MAX_ALIAS_EXPANSION,
};

export type YamlPath = readonly (string | number)[];

export interface YamlDoc {
  /** Plain JS data (core schema plus `<<` merge keys); `null` for an empty file. */
  value: unknown;
  /** 1-based line of the node at `path` (for a map entry: the line of its KEY), or of the nearest ancestor that exists. [] = document root. */
  lineOf(path: YamlPath): number;
  /**
   * The source text of the scalar at `path` as written (`0123`, where the value is the number 123), cut
   * by excerpt(); undefined when `path` is not a scalar written in the file (a collection, an alias).
   */
  sourceOf(path: YamlPath): string | undefined;
}

export type YamlErrorCode = 'YAML_SYNTAX' | 'YAML_LIMIT';

export class YamlError extends Error {
  readonly code: YamlErrorCode;
  readonly file: string;
  /** 1-based; NO_LINE when the problem is the whole file (its size). */
  readonly line: number;
  /** 1-based; NO_LINE with the line. */
  readonly column: number;
  /** The parser's own wording, without the position prefix. */
  readonly reason: string;

  constructor(code: YamlErrorCode, file: string, line: number, column: number, reason: string) {
    super(`${location(file, line)}${line > NO_LINE ? `:${column}` : ''}: ${reason}`);
    this.name = 'YamlError';
    this.code = code;
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** Position of one node: `line` of the node (of the key, for a map entry) and its children by key or index. */
interface PosNode {
  line: number;
  /** A scalar's value in the text, [start, end): kept as offsets, sliced only when a message asks. */
  span?: [number, number];
  kind: 'scalar' | 'sequence' | 'mapping';
  /** By key, or by index as a string for a sequence; shared with the anchor for an alias. */
  children: Map<string, PosNode> | null;
}

const SCHEMA = CORE_SCHEMA.withTags(mergeTag);
const NO_RANGE = -1;

export function parseYaml(text: string, file: string, limits: Partial<YamlLimits> = {}): YamlDoc {
  const lim: YamlLimits = { ...DEFAULT_YAML_LIMITS, ...limits };
  const lines = indexLines(text);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > lim.maxBytes) {
    throw new YamlError('YAML_LIMIT', file, NO_LINE, NO_LINE, `file is ${bytes} bytes, more than the limit of ${lim.maxBytes}`);
  }
  const events = parseOrThrow(() => parseEvents(text, { filename: file, maxDepth: lim.maxDepth }), file);
  rejectSecondDocument(events, text, file, lines);
  const root = recordPositions(events, { text, file, lines, limits: lim });
  const [value] = parseOrThrow(() => constructFromEvents(events, { source: text, filename: file, schema: SCHEMA }), file);
  return {
    value: value ?? null,
    lineOf: (path) => lookUpLine(root, path),
    sourceOf: (path) => {
      const span = findNode(root, path)?.span;
      return span ? excerpt(text.slice(span[0], span[1])) : undefined;
    },
  };
}

function parseOrThrow<T>(parse: () => T, file: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof YAMLException) {
      // js-yaml quotes the tag or alias it stumbled on: a hostile line must not come back whole.
      const reason = excerpt(error.reason || error.message);
      const code = /^nesting exceeded|exceeded max/.test(reason) ? 'YAML_LIMIT' : 'YAML_SYNTAX';
      throw new YamlError(code, file, (error.mark?.line ?? 0) + 1, (error.mark?.column ?? 0) + 1, reason);
    }
    // js-yaml documents that non-YAMLException errors can escape (e.g. from tag hooks).
    const reason = error instanceof Error ? error.message : String(error);
    throw new YamlError('YAML_SYNTAX', file, NO_LINE, NO_LINE, excerpt(reason));
  }
}

/** Offsets where each line starts; `\r\n`, `\r` and `\n` all end a line, as in js-yaml. */
function indexLines(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (ch === 10 || ch === 13) starts.push(i + 1);
  }
  return starts;
}

function lineAt(lines: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Offset an event starts at (its tag or anchor comes before the value), or -1 for an empty scalar. */
function eventOffset(event: Event): number {
  switch (event.type) {
    case EVENT_ID.DOCUMENT:
    case EVENT_ID.POP:
      return NO_RANGE;
    case EVENT_ID.ALIAS:
      return event.anchorStart;
    default: {
      const value = event.type === EVENT_ID.SCALAR ? event.valueStart : event.start;
      return [event.tagStart, event.anchorStart, value].find((o) => o !== NO_RANGE) ?? NO_RANGE;
    }
  }
}

function eventEnd(event: Event): number {
  if (event.type === EVENT_ID.SCALAR) return Math.max(event.valueEnd, event.anchorEnd, event.tagEnd);
  if (event.type === EVENT_ID.ALIAS) return event.anchorEnd;
  return eventOffset(event);
}

/** One scenario or flow per file: a second `---` document is almost always a paste accident. */
function rejectSecondDocument(events: readonly Event[], text: string, file: string, lines: readonly number[]): void {
  let documents = 0;
  let endOfFirst = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Event;
    if (event.type !== EVENT_ID.DOCUMENT) {
      if (documents === 1) endOfFirst = Math.max(endOfFirst, eventEnd(event));
      continue;
    }
    if (++documents < 2) continue;
    const found = /^---(?=[ \t\r\n]|$)/m.exec(text.slice(endOfFirst));
    const next = events
      .slice(i + 1)
      .map(eventOffset)
      .find((o) => o !== NO_RANGE);
    const offset = found ? endOfFirst + found.index : (next ?? endOfFirst);
    throw new YamlError('YAML_SYNTAX', file, lineAt(lines, offset), 1, 'a second YAML document starts here; put one document per file');
  }
}

interface WalkContext {
  text: string;
  file: string;
  lines: readonly number[];
  limits: YamlLimits;
}

interface Frame {
  kind: 'document' | 'sequence' | 'mapping';
  node: PosNode;
  anchor: string | null;
  /** Nodes in this subtree once aliases are expanded. */
  size: number;
  /** Deepest nesting among the children, aliases expanded. */
  height: number;
  index: number;
  key: { text: string | null; line: number; merge: boolean } | null;
  merges: PosNode[];
}

interface Walked {
  node: PosNode;
  size: number;
  height: number;
}

interface WalkState {
  ctx: WalkContext;
  anchors: Map<string, Walked>;
  stack: Frame[];
  root: PosNode | null;
  aliases: number;
  /** Nodes added by aliases so far, expanded. */
  expansion: number;
  /** Offset of the latest event that had one: empty scalars have none and take their neighbour's line. */
  offset: number;
}

/** Walks the event stream once, building the position tree and enforcing alias and depth limits. */
function recordPositions(events: readonly Event[], ctx: WalkContext): PosNode | null {
  const state: WalkState = { ctx, anchors: new Map(), stack: [], root: null, aliases: 0, expansion: 0, offset: 0 };
  for (const event of events) {
    const offset = eventOffset(event);
    if (offset !== NO_RANGE) state.offset = offset;
    const line = lineAt(ctx.lines, state.offset);
    const anchor =
      event.type !== EVENT_ID.ALIAS && 'anchorStart' in event && event.anchorStart !== NO_RANGE
        ? ctx.text.slice(event.anchorStart, event.anchorEnd)
        : null;
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        state.stack.push(newFrame('document', 1, null));
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        state.stack.push(newFrame(event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence', line, anchor));
        break;
      case EVENT_ID.SCALAR: {
        const span: [number, number] | undefined = event.valueStart !== NO_RANGE ? [event.valueStart, event.valueEnd] : undefined;
        const walked: Walked = { node: { line, kind: 'scalar', children: null, ...(span ? { span } : {}) }, size: 1, height: 0 };
        if (anchor !== null) state.anchors.set(anchor, walked);
        const plain = event.style === SCALAR_STYLE.PLAIN && event.tagStart === NO_RANGE;
        addNode(state, walked, getScalarValue(ctx.text, event), plain);
        break;
      }
      case EVENT_ID.ALIAS:
        walkAlias(state, ctx.text.slice(event.anchorStart, event.anchorEnd), line);
        break;
      case EVENT_ID.POP: {
        const frame = state.stack.pop();
        if (!frame || frame.kind === 'document') break;
        applyMerges(frame);
        const walked: Walked = { node: frame.node, size: frame.size, height: frame.height + 1 };
        if (frame.anchor !== null) state.anchors.set(frame.anchor, walked);
        addNode(state, walked, null, false);
        break;
      }
    }
  }
  return state.root;
}

function walkAlias(state: WalkState, name: string, line: number): void {
  const { limits } = state.ctx;
  if (++state.aliases > limits.maxAliases) failLimit(state, `more than ${limits.maxAliases} aliases`);
  // js-yaml would build a cyclic value, which no JSON consumer can walk.
  if (state.stack.some((f) => f.anchor === name)) failLimit(state, `alias *${name} refers to a collection that contains it`);
  // An unknown alias is left for js-yaml to report in its own words.
  const target = state.anchors.get(name);
  const size = target?.size ?? 1;
  state.expansion += size;
  if (state.expansion > limits.maxAliasExpansion) failLimit(state, `aliases expand to more than ${limits.maxAliasExpansion} nodes`);
  const node: PosNode = { line, kind: target?.node.kind ?? 'scalar', children: target?.node.children ?? null };
  addNode(state, { node, size, height: target?.height ?? 0 }, null, false);
}

function addNode(state: WalkState, walked: Walked, keyText: string | null, plainKey: boolean): void {
  const { stack, ctx } = state;
  const top = stack[stack.length - 1];
  if (!top) return;
  // stack[0] is the document; every other frame is an enclosing collection.
  if (stack.length - 1 + walked.height > ctx.limits.maxDepth)
    failLimit(state, `nesting deeper than ${ctx.limits.maxDepth} levels once aliases are expanded`);
  top.size += walked.size;
  top.height = Math.max(top.height, walked.height);
  placeChild(top, walked.node, keyText, plainKey, lineAt(ctx.lines, state.offset));
  if (top.kind === 'document') state.root = walked.node;
}

function failLimit(state: WalkState, reason: string): never {
  const { lines, file } = state.ctx;
  const line = lineAt(lines, state.offset);
  throw new YamlError('YAML_LIMIT', file, line, state.offset - (lines[line - 1] ?? 0) + 1, reason);
}

function newFrame(kind: Frame['kind'], line: number, anchor: string | null): Frame {
  const node: PosNode = kind === 'document' ? { line, kind: 'scalar', children: null } : { line, kind, children: new Map() };
  return { kind, node, anchor, size: 1, height: 0, index: 0, key: null, merges: [] };
}

function placeChild(top: Frame, node: PosNode, keyText: string | null, plainKey: boolean, line: number): void {
  const children = top.node.children;
  if (!children) return;
  if (top.kind === 'sequence') {
    children.set(String(top.index++), node);
    return;
  }
  if (!top.key) {
    top.key = { text: keyText, line, merge: plainKey && keyText === '<<' };
    return;
  }
  const key = top.key;
  top.key = null;
  if (key.merge) top.merges.push(node);
  // Explicit keys win over merged ones, as js-yaml's merge does; a complex key has no path.
  else if (key.text !== null)
    children.set(key.text, { line: key.line, kind: node.kind, children: node.children, ...(node.span ? { span: node.span } : {}) });
}

/** `<<: *defaults` or `<<: [*a, *b]`: merged keys point at where they were written. */
function applyMerges(frame: Frame): void {
  const children = frame.node.children;
  if (!children) return;
  for (const source of frame.merges) {
    const sources = source.kind === 'sequence' ? [...(source.children?.values() ?? [])] : [source];
    for (const one of sources) {
      for (const [key, child] of one.children ?? []) if (!children.has(key)) children.set(key, child);
    }
  }
}

/** The node at exactly `path`, or undefined. */
function findNode(root: PosNode | null, path: YamlPath): PosNode | undefined {
  let node = root ?? undefined;
  for (const segment of path) {
    node = node?.children?.get(String(segment));
    if (!node) return undefined;
  }
  return node;
}

function lookUpLine(root: PosNode | null, path: YamlPath): number {
  let node = root;
  if (!node) return 1;
  for (const segment of path) {
    const child: PosNode | undefined = node.children?.get(String(segment));
    if (!child) break;
    node = child;
  }
  return node.line;
}
