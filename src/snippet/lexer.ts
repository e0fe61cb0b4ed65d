// Snippet text to tokens, each with its 1-based line and column. Pure; linear in the text.
//
// Strings: "…" and '…' (https://help.nicecxone.com/content/studio/guide/variables.htm: string values go in
// single or double quotes; `{name}` inside substitutes a value). A brace part holds an expression, which may
// itself quote strings (public scripts write "{body.replace('"','\"')}"), so the lexer skips nested
// strings inside braces and the parser parses each part in place. A `$` before the quote turns on
// backslash escapes (\" \' \{ \} \\ \t \r \n \b \0), the way public scripts write JSON with `$"\{ …"`
// (observed; the variables page lists those characters as needing escape sequences).
import type { SnippetProblem } from './ast.ts';

/** Nesting of blocks, parentheses, braces in strings: far above hand-written code, far below a stack overflow. */
export const MAX_NESTING = 64;
/** Problems reported per snippet: the first ones are what a reader acts on. */
export const MAX_PROBLEMS = 50;

/** A piece of a string literal: literal text, or the source range of a `{…}` expression. */
export type StringPart = string | { from: number; to: number };

export type Token =
  | { type: 'num'; value: number; offset: number; nl: boolean }
  | { type: 'str'; parts: StringPart[]; offset: number; nl: boolean }
  | { type: 'ident'; text: string; offset: number; nl: boolean }
  | { type: 'op'; text: string; offset: number; nl: boolean }
  /** `what`: how a problem names the end (of the snippet, or of a brace part: its closing }). */
  | { type: 'eof'; offset: number; nl: boolean; what: string };

/** Offsets to 1-based lines and columns. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

const OPS = [
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '&&',
  '||',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  '.',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '\\',
  '^',
  '&',
  '|',
  '~',
  '!',
  ';',
];
// Sticky: each matches at lastIndex only, so a token is read in place (names may hold `$`, per the
// declaration page's naming guidelines). `global:` before a name is part of it: the RUNSUB page's way to
// keep a variable past a subscript (the emulator decides what it means; here it is a name).
const WORD = /(?:global:)?[A-Za-z_][A-Za-z0-9_$]*/iy;
const NUMBER = /(\d+(\.\d+)?|\.\d+)/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '{': '{',
  '}': '}',
  t: '\t',
  r: '\r',
  n: '\n',
  b: '\b',
  '0': '\0',
};

class LexFailure extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

interface Scanned {
  end: number;
  parts: StringPart[];
}

/** The string whose opening quote is at `i`; `end` is just past the closing quote. */
function scanString(src: string, i: number, to: number, escapes: boolean, depth: number, body = false): Scanned {
  if (depth > MAX_NESTING) throw new LexFailure(i, `strings and braces nest deeper than ${MAX_NESTING} levels`);
  // `body`: the text is all string body, with no quotes around it (a template).
  const quote = body ? undefined : src[i];
  const parts: StringPart[] = [];
  let text = '';
  let j = body ? i : i + 1;
  while (j < to) {
    const c = src[j] as string;
    if (c === quote) {
      if (text) parts.push(text);
      return { end: j + 1, parts };
    }
    if (escapes && c === '\\' && j + 1 < to) {
      const next = src[j + 1] as string;
      text += ESCAPES[next] ?? `\\${next}`;
      j += 2;
    } else if (c === '{') {
      const close = scanBraces(src, j, to, depth + 1);
      if (close === j + 1) text += '{}';
      else {
        if (text) parts.push(text);
        text = '';
        parts.push({ from: j + 1, to: close });
      }
      j = close + 1;
    } else {
      text += c;
      j++;
    }
  }
  if (quote === undefined) {
    if (text) parts.push(text);
    return { end: to, parts };
  }
  throw new LexFailure(i, `this string has no closing ${quote}`);
}

/** Text that is all string body, as ASSIGN's Value and PLAY's Sequence are: its text and `{…}` parts. */
export function templateParts(src: string, map: LineMap): { parts: StringPart[]; problems: SnippetProblem[] } {
  try {
    return { parts: scanString(src, 0, src.length, false, 0, true).parts, problems: [] };
  } catch (error) {
    if (!(error instanceof LexFailure)) throw error;
    return { parts: [], problems: [{ ...map.at(error.offset), message: error.message }] };
  }
}

/** The offset of the `}` that closes the `{` at `i`, skipping strings quoted inside. */
function scanBraces(src: string, i: number, to: number, depth: number): number {
  if (depth > MAX_NESTING) throw new LexFailure(i, `strings and braces nest deeper than ${MAX_NESTING} levels`);
  let j = i + 1;
  while (j < to) {
    const c = src[j];
    if (c === '}') return j;
    if (c === '"' || c === "'" || (c === '$' && (src[j + 1] === '"' || src[j + 1] === "'"))) {
      const dollar = c === '$' ? 1 : 0;
      try {
        j = scanString(src, j + dollar, to, dollar === 1, depth + 1).end;
      } catch (error) {
        // An unclosed quote inside braces most often means the } is missing: say so, at the {.
        if (error instanceof LexFailure && !error.message.startsWith('strings and braces nest')) break;
        throw error;
      }
    } else if (c === '{') j = scanBraces(src, j, to, depth + 1) + 1;
    else if (c === '\n') break;
    else j++;
  }
  throw new LexFailure(i, 'this { in a string has no closing } on its line');
}

/** Tokens of `src` between offsets `from` and `to` (a whole snippet, or one brace part of a string). */
export function lex(
  src: string,
  from: number,
  to: number,
  map: LineMap,
  endWhat = 'the end of the snippet',
): { tokens: Token[]; problems: SnippetProblem[] } {
  const tokens: Token[] = [];
  const problems: SnippetProblem[] = [];
  const fail = (offset: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ ...map.at(offset), message });
  };
  let nl = true;
  let i = from;
  while (i < to) {
    const c = src[i] as string;
    if (c === '\n') {
      nl = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < to && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    WORD.lastIndex = i;
    NUMBER.lastIndex = i;
    try {
      if (c === '"' || c === "'" || (c === '$' && (src[i + 1] === '"' || src[i + 1] === "'"))) {
        const scanned = c === '$' ? scanString(src, i + 1, to, true, 0) : scanString(src, i, to, false, 0);
        tokens.push({ type: 'str', parts: scanned.parts, offset: start, nl });
        i = scanned.end;
      } else if (c === '#' && src[i + 1] === '"') {
        throw new LexFailure(i, 'date/time literals (#"…") are not supported; quote the date as a string');
      } else if (NUMBER.test(src) && NUMBER.lastIndex <= to) {
        tokens.push({ type: 'num', value: Number(src.slice(i, NUMBER.lastIndex)), offset: start, nl });
        i = NUMBER.lastIndex;
      } else if (WORD.test(src) && WORD.lastIndex <= to) {
        tokens.push({ type: 'ident', text: src.slice(i, WORD.lastIndex), offset: start, nl });
        i = WORD.lastIndex;
      } else {
        const op = OPS.find((o) => src.startsWith(o, i) && i + o.length <= to);
        if (!op) throw new LexFailure(i, `unexpected character ${JSON.stringify(c)}`);
        tokens.push({ type: 'op', text: op, offset: start, nl });
        i += op.length;
      }
    } catch (error) {
      if (!(error instanceof LexFailure)) throw error;
      fail(error.offset, error.message);
      // Resume on the next line: what follows an unclosed quote is not code.
      while (i < to && src[i] !== '\n') i++;
    }
    nl = false;
  }
  tokens.push({ type: 'eof', offset: to, nl: true, what: endWhat });
  return { tokens, problems };
}
