// Regular expressions written by users (`matches` in scenario expectations and in emulator Conditions). Pure.
//
// They run on re2js, a JavaScript port of RE2, not on V8's RegExp: V8 backtracks, so `^(a+)+$` against 40
// a's and a "!" takes minutes inside one synchronous call, and no signal handler, timer or step timeout can
// run until it returns. RE2 matches in time linear in the input by construction (automata, no
// backtracking), so no pattern can block the event loop. re2js is plain JavaScript: no native binary to
// build for each runner, it bundles with ncc, and it needs no worker thread or time budget around a match.
//
// The pattern language stays JavaScript's (a RegExp source without flags): a pattern must first compile
// as one, then it is rewritten into RE2 syntax with JavaScript's meaning. What RE2 cannot do in linear
// time (backreferences, lookahead, lookbehind) and the few places where the two would disagree are
// refused with a reason, so a pattern never silently matches differently. Known remaining differences:
// a character outside the Basic Multilingual Plane (an emoji) is one character, as with the `u` flag;
// case-insensitive `(?i:...)` folds case by Unicode's simple folding rather than by toUpperCase; repeat
// counts are at most 1000.
import { RE2JS } from 're2js';
import { excerpt } from './text.ts';

export interface UserRegex {
  /** The pattern as the user wrote it. */
  readonly source: string;
  /** Whether the pattern matches anywhere in `text`, as RegExp.prototype.test does. */
  test(text: string): boolean;
}

export type CompiledUserRegex = { regex: UserRegex; error?: undefined } | { regex?: undefined; error: string };

/** Far above a hand-written pattern (a 400-word alternation is 2,000 characters). */
export const MAX_PATTERN_CHARS = 10_000;
/**
 * RE2 instructions: matching costs at most this many steps per input character, so this bounds a match of
 * the largest value (8 MB) to seconds. `a{1000}` is 1,000 of them; repeat counts multiply.
 */
export const MAX_PROGRAM_SIZE = 20_000;

/** Compiled patterns by source: a Condition in a loop or a matcher over many scenarios compiles once. */
const cache = new Map<string, CompiledUserRegex>();
const MAX_CACHED = 1000;

/**
 * The pattern compiled, or why it cannot be used: `error` reads after the quoted pattern ("is not a valid
 * regular expression: ..." or "is not supported: ...").
 */
export function compileUserRegex(pattern: string): CompiledUserRegex {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = compile(pattern);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

function compile(source: string): CompiledUserRegex {
  if (source.length > MAX_PATTERN_CHARS)
    return { error: `is not supported: it is ${source.length} characters long, more than the limit of ${MAX_PATTERN_CHARS}` };
  try {
    // Syntax is checked by V8 (its messages are the familiar ones); V8 only compiles here, it never matches.
    new RegExp(source);
  } catch (error) {
    // V8 says "Invalid regular expression: /<pattern>/: <reason>"; callers quote the pattern already.
    const message = (error as Error).message;
    return { error: `is not a valid regular expression: ${excerpt(message.slice(message.lastIndexOf(': ') + 2))}` };
  }
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(translate(source));
  } catch (error) {
    if (error instanceof Unsupported) return { error: `is not supported: ${error.message}` };
    // RE2 quotes the part it refuses (`…`): the user's text, cut as any quote of it is; our words stay whole.
    const message = (error as Error).message
      .replace(/^error parsing regexp: /, '')
      .replace(/`([^`]*)`/g, (_, part: string) => `\`${excerpt(part)}\``);
    return { error: `is not supported: ${message}${/invalid repeat count/.test(message) ? ' (a repeat count is at most 1000)' : ''}` };
  }
  const size = re2.programSize();
  if (size > MAX_PROGRAM_SIZE)
    return { error: `is not supported: it compiles to ${size} steps, more than the limit of ${MAX_PROGRAM_SIZE} (repeat counts multiply)` };
  return { regex: { source, test: (text: string) => re2.test(text) } };
}

class Unsupported extends Error {}

const LINEAR = 'patterns run on a linear-time engine (RE2), which has no backreferences, lookahead or lookbehind';

/** JavaScript's \s: RE2's is ASCII only. */
const JS_SPACES = '\\t\\n\\x{b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
/** JavaScript's `.` without the s flag. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const QUANTIFIER = /\{\d+(?:,\d*)?\}/y;
const HEX2 = /^[0-9a-fA-F]{2}/;
const HEX4 = /^[0-9a-fA-F]{4}/;

/** A literal code point in RE2 syntax: never mistaken for syntax, in or out of a class (letters and digits as they are). */
function lit(cp: number): string {
  const plain = (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  return plain ? String.fromCharCode(cp) : `\\x{${cp.toString(16)}}`;
}

interface Cursor {
  src: string;
  i: number;
}

/** Rewrites a valid JavaScript (non-`u`) RegExp source into RE2 syntax with the same meaning. */
export function translate(src: string): string {
  const c: Cursor = { src, i: 0 };
  let out = '';
  while (c.i < src.length) {
    const ch = src[c.i] as string;
    if (ch === '\\') out += translateEscape(c);
    else if (ch === '[') out += translateClass(c);
    else if (ch === '(') out += translateGroup(c);
    else if (ch === '.') {
      out += JS_DOT;
      c.i++;
    } else if (ch === '{' && quantifierAt(c)) {
      const quantifier = quantifierAt(c) as string;
      out += quantifier;
      c.i += quantifier.length;
    } else if ('^$|)*+?'.includes(ch)) {
      out += ch;
      c.i++;
    } else out += lit(readCodePoint(c));
  }
  return out;
}

/** `{n}`, `{n,}` or `{n,m}` at the cursor; any other `{` is a literal brace, as in JavaScript without the u flag. */
function quantifierAt(c: Cursor): string | undefined {
  QUANTIFIER.lastIndex = c.i;
  return QUANTIFIER.exec(c.src)?.[0];
}

/** One literal character; a surrogate pair is one character (RE2 sees code points). */
function readCodePoint(c: Cursor): number {
  const cp = c.src.codePointAt(c.i) as number;
  c.i += cp > 0xffff ? 2 : 1;
  return cp;
}

function translateGroup(c: Cursor): string {
  const rest = c.src.slice(c.i, c.i + 4);
  if (rest.startsWith('(?=') || rest.startsWith('(?!')) throw new Unsupported(`${rest.slice(0, 3)}...) is a lookahead: ${LINEAR}`);
  if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) throw new Unsupported(`${rest}...) is a lookbehind: ${LINEAR}`);
  if (rest.startsWith('(?<')) {
    // Names only matter to backreferences, which are refused; a plain group keeps RE2 out of name syntax.
    c.i = c.src.indexOf('>', c.i) + 1;
    return '(?:';
  }
  const modifiers = /^\(\?([ims]*)(?:-([ims]*))?:/.exec(c.src.slice(c.i, c.i + 12));
  if (modifiers) {
    const [whole, on = '', off = ''] = modifiers;
    if (/[ms]/.test(on + off))
      throw new Unsupported(`${whole}...) sets the m or s flag, which is not supported: only i can be set in a pattern`);
    c.i += whole.length;
    return on.includes('i') ? '(?i:' : off.includes('i') ? '(?-i:' : '(?:';
  }
  // Captures are never read, only whether the pattern matches: every group is non-capturing.
  c.i += 1;
  return '(?:';
}

/** An escape outside a character class (c.i at the backslash). */
function translateEscape(c: Cursor): string {
  const next = c.src[c.i + 1] as string;
  const after = c.src.slice(c.i + 2, c.i + 12);
  c.i += 2;
  if ('dDwWbB'.includes(next)) return `\\${next}`; // ASCII in both engines
  if (next === 's') return `[${JS_SPACES}]`;
  if (next === 'S') return `[^${JS_SPACES}]`;
  if (/[1-9]/.test(next)) throw new Unsupported(`\\${next} is a backreference (or an octal escape): ${LINEAR}`);
  if (next === 'k' && after.startsWith('<')) throw new Unsupported(`\\k<...> is a named backreference: ${LINEAR}`);
  if (next === 'c' && !/^[a-zA-Z]/.test(after)) {
    c.i -= 1; // `\c` without a letter is a backslash, and the c is read next
    return lit(0x5c);
  }
  return lit(escapedCodePoint(c, next, after, false));
}

/** The character an escape stands for, in or out of a class (c.i just past `\` and `next`). */
function escapedCodePoint(c: Cursor, next: string, after: string, inClass: boolean): number {
  const controls: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };
  if (Object.hasOwn(controls, next)) return controls[next] as number;
  if (next === '0') {
    if (/^[0-9]/.test(after))
      throw new Unsupported(`\\0${after[0]} is an octal escape, which is not supported: write the character as \\xHH`);
    return 0;
  }
  if (inClass && /[1-7]/.test(next))
    throw new Unsupported(`\\${next} in a character class is an octal escape, which is not supported: write \\x0${next}`);
  if (next === 'c') {
    c.i += 1;
    return (after.codePointAt(0) as number) % 32;
  }
  if (next === 'x' && HEX2.test(after)) {
    c.i += 2;
    return parseInt(after.slice(0, 2), 16);
  }
  if (next === 'u' && HEX4.test(after)) return unicodeEscape(c, after);
  if (next === 'p' || next === 'P') {
    throw new Unsupported(
      `\\${next} is a Unicode property escape only with the u flag, which patterns do not take (here it would match the letter ${next})`,
    );
  }
  // An identity escape (`\-`, `\A`, `\z`): the character itself, as JavaScript reads it without the u flag.
  c.i -= 1;
  return readCodePoint(c);
}

/** `\uXXXX`, joined with a following `\uXXXX` low surrogate into one code point. */
function unicodeEscape(c: Cursor, after: string): number {
  const unit = parseInt(after.slice(0, 4), 16);
  c.i += 4;
  const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(after.slice(4));
  if (unit >= 0xd800 && unit <= 0xdbff && low) {
    c.i += 6;
    return 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low[1] as string, 16) - 0xdc00);
  }
  return unit;
}

type ClassItem = { kind: 'char'; cp: number; dash: boolean } | { kind: 'set'; re2: string; negatedSpace?: boolean };

/** `[...]`, with JavaScript's rules: `[]` matches nothing, `[^]` anything, and `-` next to a class escape is a dash. */
function translateClass(c: Cursor): string {
  c.i += 1;
  const negated = c.src[c.i] === '^';
  if (negated) c.i += 1;
  const items: ClassItem[] = [];
  while (c.src[c.i] !== ']') items.push(classAtom(c));
  c.i += 1;
  let body = '';
  let spaceComplement = false;
  for (let k = 0; k < items.length; k++) {
    const item = items[k] as ClassItem;
    const dash = items[k + 1];
    const end = items[k + 2];
    if (item.kind === 'char' && dash?.kind === 'char' && dash.dash && end?.kind === 'char') {
      body += `${lit(item.cp)}-${lit(end.cp)}`;
      k += 2;
    } else if (item.kind === 'char') body += lit(item.cp);
    else if (item.negatedSpace) spaceComplement = true;
    else body += item.re2;
  }
  if (!spaceComplement)
    return body === '' ? (negated ? '[\\x{0}-\\x{10ffff}]' : '[^\\x{0}-\\x{10ffff}]') : `[${negated ? '^' : ''}${body}]`;
  if (negated) throw new Unsupported(`\\S inside a negated character class [^...] is not supported: write the class without it`);
  return body === '' ? `[^${JS_SPACES}]` : `(?:[^${JS_SPACES}]|[${body}])`;
}

function classAtom(c: Cursor): ClassItem {
  if (c.src[c.i] !== '\\') {
    const dash = c.src[c.i] === '-';
    return { kind: 'char', cp: readCodePoint(c), dash };
  }
  const next = c.src[c.i + 1] as string;
  const after = c.src.slice(c.i + 2, c.i + 12);
  c.i += 2;
  if ('dDwW'.includes(next)) return { kind: 'set', re2: `\\${next}` };
  if (next === 's') return { kind: 'set', re2: JS_SPACES };
  if (next === 'S') return { kind: 'set', re2: '', negatedSpace: true };
  if (next === 'b') return { kind: 'char', cp: 0x08, dash: false };
  if (next === 'c' && !/^[a-zA-Z0-9_]/.test(after)) {
    c.i -= 1;
    return { kind: 'char', cp: 0x5c, dash: false };
  }
  return { kind: 'char', cp: escapedCodePoint(c, next, after, true), dash: false };
}
