// Strict JSON with positions, for Studio script files. Pure. jsonc-parser (Microsoft's, the parser behind
// VS Code's JSON support) keeps every value's offset; comments and trailing commas are refused, as
// JSON.parse would refuse them. Its parser recurses per nesting level, so a scanner pass bounds the
// depth first: a hostile file of a million `[` is one problem, not a stack overflow.
import { createScanner, getNodePath, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from '../../json-depth.ts';
import { excerpt } from '../../text.ts';

export type { Node as JsonNode } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a `const enum`, which type stripping cannot inline: its values, as main.d.ts has them.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

export interface JsonTree {
  root?: Node;
  error?: JsonSyntaxError;
  /** Every key given twice in one object (the JSON text would mean different things to different readers). */
  duplicates: { node: Node; path: (string | number)[] }[];
  lineOf(offset: number): number;
}

/** 1-based line and column of each offset, by binary search over the line starts. */
export function lineIndex(text: string): { line(offset: number): number; column(offset: number): number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  const line = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return { line, column: (offset) => offset - (starts[line(offset) - 1] as number) + 1 };
}

/** The offset where nesting first exceeds `maxDepth` (the root container is level 1), or -1. */
function tooDeepAt(text: string, maxDepth: number): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      if (++depth > maxDepth) return scanner.getTokenOffset();
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  return -1;
}

function describeError(error: ParseError, text: string): string {
  const found = text.slice(error.offset, error.offset + Math.max(1, Math.min(error.length, 20)));
  const what: Record<string, string> = {
    InvalidCommentToken: 'a comment, which JSON does not allow',
    PropertyNameExpected: 'expected a key in double quotes',
    ValueExpected: 'expected a value',
    CommaExpected: 'expected a comma',
    ColonExpected: 'expected a colon',
    CloseBraceExpected: 'expected }',
    CloseBracketExpected: 'expected ]',
    EndOfFileExpected: 'expected the end of the file after the top-level value',
    InvalidSymbol: 'not JSON',
  };
  const code = printParseErrorCode(error.error);
  const reason = what[code] ?? `JSON syntax error (${code})`;
  return found === '' ? `${reason}, found the end of the file` : `${reason}, found ${JSON.stringify(excerpt(found, 20))}`;
}

/** Every key that an object has twice, iteratively (a deep file cannot overflow the stack here either). */
function findDuplicates(root: Node): { node: Node; path: (string | number)[] }[] {
  const out: { node: Node; path: (string | number)[] }[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const seen = node.type === 'object' ? new Set<string>() : undefined;
    for (const child of node.children ?? []) {
      if (child.type === 'property') {
        const [key, value] = child.children ?? [];
        const name = String(key?.value);
        if (seen?.has(name) && value) out.push({ node: child, path: getNodePath(value) });
        seen?.add(name);
        if (value) stack.push(value);
      } else stack.push(child);
    }
  }
  return out;
}

/** Parses `text` as strict JSON (no comments, no trailing commas), at most `maxDepth` levels deep. */
export function parseJsonTree(text: string, maxDepth = MAX_JSON_DEPTH): JsonTree {
  const lines = lineIndex(text);
  const at = (offset: number, message: string): JsonTree => ({
    error: { line: lines.line(offset), column: lines.column(offset), message },
    duplicates: [],
    lineOf: lines.line,
  });
  const deep = tooDeepAt(text, maxDepth);
  if (deep !== -1) return at(deep, `nests deeper than ${maxDepth} levels of objects and lists`);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) return at(first.offset, describeError(first, text));
  if (!root) return at(0, 'the file is empty: expected a JSON value');
  return { root, duplicates: findDuplicates(root), lineOf: lines.line };
}

/** The value of `key` in an object node, or undefined (also for a node that is not an object). */
export function member(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  for (const child of node.children ?? []) {
    if (child.children?.[0]?.value === key) return child.children[1];
  }
  return undefined;
}

/** Each key and value of an object node, in file order; the key's node carries the entry's position. */
export function entries(node: Node | undefined): { key: string; keyNode: Node; value: Node }[] {
  if (node?.type !== 'object') return [];
  const out: { key: string; keyNode: Node; value: Node }[] = [];
  for (const child of node.children ?? []) {
    const [keyNode, value] = child.children ?? [];
    if (keyNode && value) out.push({ key: String(keyNode.value), keyNode, value });
  }
  return out;
}

/** How a value is named in a problem: its JSON type. */
export function jsonType(node: Node | undefined): string {
  if (!node) return 'nothing';
  if (node.type === 'object') return 'an object';
  if (node.type === 'array') return 'a list';
  if (node.type === 'null') return 'null';
  return `${node.type === 'string' ? 'the string' : `the ${node.type}`} ${JSON.stringify(excerpt(String(node.value), 40))}`;
}
