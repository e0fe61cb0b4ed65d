// The text edits that put a new `expect` in place of the old one (update/rewrite.ts). In a block map only
// the values that changed are replaced, each in the style it was written in (a flow list stays a flow list on
// its line, a block list stays a block list), and new keys are added after the last one: comments and quoting
// of what did not change stay. Where that cannot be done safely the whole value is replaced: in block style
// under a block key, indented to fit, and in flow style inside a flow collection. Pure.
import { isDeepStrictEqual } from 'node:util';
import { expectLines, flowKey, flowValue } from '../report/observed.ts';
import type { Locate, ValueSpan } from '../yaml/ranges.ts';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

type Path = readonly (string | number)[];

/** The edits that turn the `expect` at `path` (its span and data) into `next`. */
export function spliceExpect(
  text: string,
  locate: Locate,
  path: Path,
  span: ValueSpan,
  current: unknown,
  next: Record<string, unknown>,
): Splice[] {
  if (isMap(current) && isBlockMap(span)) {
    const keyed = keyedSplices({ text, locate }, path, span, current, next, true);
    if (keyed) return keyed;
  }
  return [wholeSplice(text, span, next)];
}

/** Key by key inside a block map; null when some value cannot be replaced in place. */
function keyedSplices(
  source: { text: string; locate: Locate },
  path: Path,
  span: ValueSpan,
  current: Record<string, unknown>,
  next: Record<string, unknown>,
  top: boolean,
): Splice[] | null {
  if (Object.keys(current).some((key) => !Object.hasOwn(next, key))) return null;
  const { text, locate } = source;
  const splices: Splice[] = [];
  const added: [string, unknown][] = [];
  for (const [key, value] of Object.entries(next)) {
    if (!Object.hasOwn(current, key)) {
      added.push([key, value]);
      continue;
    }
    if (isDeepStrictEqual(current[key], value)) continue;
    const found = locate([...path, key]);
    const bad = !found.ok || found.span.sharing || found.span.kind === 'alias' || found.span.empty || found.span.blockScalar;
    if (bad || found.span.start < 0) return null;
    const inner = isMap(current[key]) && isMap(value) && isBlockMap(found.span);
    const edits = inner
      ? keyedSplices(source, [...path, key], found.span, current[key] as Record<string, unknown>, value as Record<string, unknown>, false)
      : valueSplice(text, found.span, value);
    if (!edits) return null;
    splices.push(...edits);
  }
  if (added.length > 0) {
    const lines = top ? expectLines(Object.fromEntries(added)) : added.map(([k, v]) => `${flowKey(k)}: ${flowValue(v)}`);
    const indent = ' '.repeat(span.start - lineStart(text, span.start));
    // A block scalar last in the map ends past its line break (and its kept blank lines): the keys go on the next line.
    if (afterLineBreak(text, span.end))
      splices.push({ start: span.end, end: span.end, text: lines.map((l) => `${indent}${l}\n`).join('') });
    else {
      const at = endOfLineComment(text, span.end);
      splices.push({ start: at, end: at, text: lines.map((l) => `\n${indent}${l}`).join('') });
    }
  }
  return splices;
}

/** One value replaced in the style it was written in: block lists and maps as block lines, the rest as flow text on its line. */
function valueSplice(text: string, span: ValueSpan, value: unknown): Splice[] | null {
  const block = (span.kind === 'sequence' || span.kind === 'mapping') && !span.flow;
  if (!block) return [{ start: span.start, end: span.end, text: flowValue(value) }];
  const lines = Array.isArray(value)
    ? value.map((item) => `- ${flowValue(item)}`)
    : isMap(value)
      ? Object.entries(value).map(([k, v]) => `${flowKey(k)}: ${flowValue(v)}`)
      : null;
  if (!lines || lines.length === 0) return null;
  const indent = ' '.repeat(span.start - lineStart(text, span.start));
  return [{ start: span.start, end: endOfLineComment(text, contentEnd(text, span)), text: lines.join(`\n${indent}`) }];
}

/** The whole value replaced: flow inside flow, else block lines indented to fit. */
export function wholeSplice(text: string, span: ValueSpan, expect: Record<string, unknown>): Splice {
  const lines = expectLines(expect);
  if (span.inFlow || span.flow || lines.length === 0) return { start: span.start, end: span.end, text: flowValue(expect) };
  const end = endOfLineComment(text, contentEnd(text, span));
  const startColumn = span.start - lineStart(text, span.start);
  if (span.kind === 'mapping') return { start: span.start, end, text: lines.join(`\n${' '.repeat(startColumn)}`) };
  // A scalar (`record`) on its key's line: the map goes on the lines below, indented past the key.
  const sameLine = span.keyStart >= 0 && lineStart(text, span.keyStart) === lineStart(text, span.start);
  const indent = ' '.repeat(sameLine ? span.keyStart - lineStart(text, span.keyStart) + 2 : startColumn);
  const body = lines.join(`\n${indent}`);
  return sameLine ? { start: blanksBefore(text, span.start), end, text: `\n${indent}${body}` } : { start: span.start, end, text: body };
}

function isBlockMap(span: ValueSpan): boolean {
  return span.kind === 'mapping' && !span.flow && !span.inFlow;
}

/** Where the blanks before `offset` on its line begin: `expect:` then the new lines, no trailing space. */
function blanksBefore(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** Whether `offset` is just past a line break: a block scalar's span takes its last line break (and kept blank lines). */
function afterLineBreak(text: string, offset: number): boolean {
  return offset > 0 && (text[offset - 1] === '\n' || text[offset - 1] === '\r');
}

/** Where the replaced value's text ends once the line breaks and blanks a block scalar ends with are left to the file. */
function contentEnd(text: string, span: ValueSpan): number {
  let end = span.end;
  while (end > span.start && /[ \t\r\n]/.test(text[end - 1] ?? '')) end--;
  return end;
}

/** The end of the line when only blanks and a comment follow `end`: that comment was about the value replaced. */
function endOfLineComment(text: string, end: number): number {
  let i = end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== '#') return end;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
