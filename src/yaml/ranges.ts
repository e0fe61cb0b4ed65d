// Where a value is written in YAML text, as offsets [start, end): what `run --update` needs to replace one
// value of a scenario file and leave every other byte as it was. A walk of js-yaml's event stream (which
// carries source offsets, end-exclusive, -1 when absent). Only the text of one parse() that passed is
// walked here, so its limits (parse.ts) already held. Pure.
import { COLLECTION_STYLE, EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';
import type { Event } from 'js-yaml';
import { MAX_DEPTH } from './parse.ts';

/** What in a value shares it with another part of the file, so that replacing it would change more than it. */
export type Sharing = 'alias' | 'anchor' | 'merge' | 'tag';

export interface ValueSpan {
  /** The value's first offset (its anchor or tag, when it has one). */
  start: number;
  /** One past its last character: a closing quote or bracket included. */
  end: number;
  kind: 'scalar' | 'sequence' | 'mapping' | 'alias';
  /** A flow collection (`{…}`, `[…]`). */
  flow: boolean;
  /** Inside a flow collection: whatever replaces it must be flow too. */
  inFlow: boolean;
  /** Offset of the map key this value belongs to (-1 in a sequence or at the root). */
  keyStart: number;
  /** An empty value (`expect:` with nothing after it). */
  empty: boolean;
  /** The first thing in or on the value that another part of the file may share. */
  sharing: Sharing | null;
  /** The value has an anchor of its own (`&name`). */
  anchored: boolean;
  /** A literal or folded block scalar (`|`, `>`): its span is its content, not its indicator. */
  blockScalar: boolean;
}

/** Where the value at a path is, or why it cannot be pointed at. */
export type Located =
  | {
      ok: true;
      span: ValueSpan /** A collection on the way to it is anchored: an alias elsewhere may share the value. */;
      anchoredAbove: boolean;
    }
  | { ok: false; reason: 'missing' | 'merged' | 'alias' };

interface Node {
  span: ValueSpan;
  /** A mapping's values by key (plain keys as text), a sequence's by index; null for a scalar or an alias. */
  children: Map<string, Node> | null;
  /** The mapping has a `<<` merge key: a key it lacks may come from the merge. */
  merges: boolean;
}

interface Frame {
  node: Node;
  /** A mapping's key waiting for its value. */
  key: { text: string | null; start: number; merge: boolean } | null;
  index: number;
  /** One past the last character of the latest child. */
  last: number;
}

const NONE = -1;

/** Looks a path (keys and indexes from the root) up in the text a locator was made for. */
export type Locate = (path: readonly (string | number)[]) => Located;

/** Walks `text` once; each lookup then only follows its path. */
export function createLocator(text: string): Locate {
  const root = walk(text);
  return (path) => {
    let node: Node | undefined = root ?? undefined;
    let anchoredAbove = false;
    for (const segment of path) {
      if (!node) return { ok: false, reason: 'missing' };
      anchoredAbove ||= node.span.anchored;
      if (node.span.kind === 'alias') return { ok: false, reason: 'alias' };
      const child: Node | undefined = node.children?.get(String(segment));
      if (!child) return { ok: false, reason: node.merges ? 'merged' : 'missing' };
      node = child;
    }
    return node ? { ok: true, span: node.span, anchoredAbove } : { ok: false, reason: 'missing' };
  };
}

/** The value at `path` in `text`, or why not (one lookup: createLocator for many). */
export function locateValue(text: string, path: readonly (string | number)[]): Located {
  return createLocator(text)(path);
}

function walk(text: string): Node | null {
  const stack: Frame[] = [];
  let root: Node | null = null;
  const add = (node: Node, keyText: string | null, plain: boolean) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= node;
      return;
    }
    top.last = Math.max(top.last, node.span.end);
    const children = top.node.children!;
    const parentSpan = top.node.span;
    if (parentSpan.kind === 'sequence') {
      node.span.inFlow = parentSpan.flow;
      children.set(String(top.index++), node);
    } else if (!top.key) {
      top.key = { text: keyText, start: node.span.start, merge: plain && keyText === '<<' };
    } else {
      const key = top.key;
      top.key = null;
      node.span.inFlow = parentSpan.flow;
      node.span.keyStart = key.start;
      if (key.merge) {
        top.node.merges = true;
        parentSpan.sharing ??= 'merge';
      } else if (key.text !== null && !children.has(key.text)) children.set(key.text, node);
    }
    if (node.span.sharing) parentSpan.sharing ??= node.span.sharing;
  };
  for (const event of parseEvents(text, { maxDepth: MAX_DEPTH }) as Event[]) {
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        const node = leaf(text, event);
        const plain = event.style === SCALAR_STYLE.PLAIN && event.tagStart === NONE;
        add(node, getScalarValue(text, event), plain);
        break;
      }
      case EVENT_ID.ALIAS: {
        const span = blankSpan(event.anchorStart - 1, event.anchorEnd, 'alias');
        span.sharing = 'alias';
        add({ span, children: null, merges: false }, null, false);
        break;
      }
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const start = firstOffset([event.tagStart - 1, event.anchorStart - 1, event.start]);
        const span = blankSpan(start, event.start + 1, event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence');
        span.flow = event.style === COLLECTION_STYLE.FLOW;
        span.sharing = sharingOf(event);
        span.anchored = event.anchorStart !== NONE;
        stack.push({ node: { span, children: new Map(), merges: false }, key: null, index: 0, last: event.start });
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break;
        const { span } = frame.node;
        span.end = span.flow ? closingBracket(text, Math.max(frame.last, span.end)) : Math.max(frame.last, span.start);
        add(frame.node, null, false);
        break;
      }
      default:
        break;
    }
  }
  return root;
}

function leaf(text: string, event: Extract<Event, { type: typeof EVENT_ID.SCALAR }>): Node {
  const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
  const valueStart = event.valueStart === NONE ? NONE : event.valueStart - (quoted ? 1 : 0);
  const valueEnd = event.valueEnd === NONE ? NONE : event.valueEnd + (quoted ? 1 : 0);
  const start = firstOffset([event.tagStart - 1, event.anchorStart - 1, valueStart]);
  const end = Math.max(valueEnd, event.anchorEnd, event.tagEnd);
  const span = blankSpan(start, end, 'scalar');
  span.empty = event.valueStart === NONE || (event.valueStart === event.valueEnd && !quoted && text.slice(start, end).trim() === '');
  span.sharing = sharingOf(event);
  span.anchored = event.anchorStart !== NONE;
  span.blockScalar = event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK;
  return { span, children: null, merges: false };
}

function sharingOf(event: { anchorStart: number; tagStart: number }): Sharing | null {
  if (event.anchorStart !== NONE) return 'anchor';
  return event.tagStart !== NONE ? 'tag' : null;
}

function blankSpan(start: number, end: number, kind: ValueSpan['kind']): ValueSpan {
  return { start, end, kind, flow: false, inFlow: false, keyStart: NONE, empty: false, sharing: null, anchored: false, blockScalar: false };
}

/** The smallest offset that is set (the markers before a value come first). */
function firstOffset(offsets: number[]): number {
  const set = offsets.filter((o) => o >= 0);
  return set.length > 0 ? Math.min(...set) : NONE;
}

/** One past the `]` or `}` that closes a flow collection whose last child ends at `from`: commas, blanks and comments between. */
function closingBracket(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ']' || ch === '}') return i + 1;
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    i++;
  }
  return text.length;
}
