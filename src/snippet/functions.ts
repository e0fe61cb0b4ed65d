// The built-in functions the emulator runs, and which calls reach outside the script. Pure.
//
// Names and meanings: https://help.nicecxone.com/Content/studio/guide/functionsbuiltin.htm. Names are
// not case-sensitive. Each works as `f(value, args)` and as `value.f(args)` (public scripts write
// `mailbody.left(32)`, `s.contains("x")`). Where the page gives no detail (1-based or 0-based positions,
// case of comparisons), the choice is marked assumed.
import type { StudioValue } from './ast.ts';
import { dayOfWeek, formatDate, formatIso, fromClock, parseDate, type WallTime } from './dates.ts';
import { boundString, isNumeric, isObject, MAX_STRING_CHARS, SnippetRuntimeError, toNumber, toText } from './values.ts';

export interface FunctionContext {
  now(): Date;
  /** The clock's UTC offset in minutes east: dates without a zone are read in it, now() is given in it. */
  utcOffsetMinutes: number;
}

interface Builtin {
  min: number;
  max: number;
  run(args: StudioValue[], ctx: FunctionContext): StudioValue;
}

const text = (v: StudioValue | undefined) => toText(v ?? null);

function whole(v: StudioValue | undefined, what: string): number {
  const n = toNumber(v ?? null);
  if (n === undefined || !Number.isInteger(n))
    throw new SnippetRuntimeError(`${what} must be a whole number, not ${JSON.stringify(text(v))}`);
  return n;
}

function numberArg(v: StudioValue | undefined, fn: string): number {
  const n = toNumber(v ?? null);
  if (n === undefined) throw new SnippetRuntimeError(`${fn}() needs a number, not ${JSON.stringify(text(v).slice(0, 60))}`);
  return n;
}

function dateArg(v: StudioValue | undefined, ctx: FunctionContext): WallTime {
  return parseDate(text(v), ctx.utcOffsetMinutes);
}

/** Characters from 1-based `start`, `length` of them (assumed 1-based, as Studio's array indexes are). */
function mid(s: string, start: number, length?: number): string {
  const from = Math.max(0, start - 1);
  return length === undefined ? s.slice(from) : s.slice(from, from + Math.max(0, length));
}

/** Round half away from zero (assumed: the page does not say how halves round). */
function round(n: number, digits: number): number {
  const f = 10 ** Math.min(15, Math.max(0, digits));
  return (Math.sign(n) * Math.round(Math.abs(n) * f)) / f;
}

type Entry = [name: string, min: number, max: number, run: Builtin['run']];

// A table of literals: the map is built on first use (nothing runs at import).
const TABLE: Entry[] = [
  ['len', 1, 1, ([v]) => (Array.isArray(v) ? v.length : text(v).length)],
  ['length', 1, 1, ([v]) => (Array.isArray(v) ? v.length : text(v).length)],
  ['upper', 1, 1, ([v]) => text(v).toUpperCase()],
  ['lower', 1, 1, ([v]) => text(v).toLowerCase()],
  ['trim', 1, 1, ([v]) => text(v).trim()],
  ['ltrim', 1, 1, ([v]) => text(v).trimStart()],
  ['rtrim', 1, 1, ([v]) => text(v).trimEnd()],
  ['left', 2, 2, ([v, n]) => text(v).slice(0, Math.max(0, whole(n, 'left() count')))],
  [
    'right',
    2,
    2,
    ([v, n]) => {
      const count = Math.max(0, whole(n, 'right() count'));
      return count === 0 ? '' : text(v).slice(-count);
    },
  ],
  ['mid', 2, 3, ([v, s, l]) => mid(text(v), whole(s, 'mid() start'), l === undefined ? undefined : whole(l, 'mid() length'))],
  ['substr', 2, 3, ([v, s, l]) => mid(text(v), whole(s, 'substr() start'), l === undefined ? undefined : whole(l, 'substr() length'))],
  // The arrays page: indexof() gives an element's (1-based) index. On text: the 1-based position, 0 when absent (assumed).
  ['indexof', 2, 2, ([v, x]) => (Array.isArray(v) ? v.findIndex((e) => text(e) === text(x)) + 1 : text(v).indexOf(text(x)) + 1)],
  ['contains', 2, 2, ([v, x]) => text(v).includes(text(x))],
  [
    'replace',
    3,
    3,
    ([v, a, b]) => {
      const from = text(a);
      if (from === '') return text(v);
      const parts = text(v).split(from);
      if (parts.length * text(b).length > MAX_STRING_CHARS)
        throw new SnippetRuntimeError(`a string grew past ${MAX_STRING_CHARS} characters`);
      return boundString(parts.join(text(b)));
    },
  ],
  [
    'char',
    1,
    1,
    ([n]) => {
      const code = whole(n, 'char() code');
      if (code < 0 || code > 0x10ffff) throw new SnippetRuntimeError(`char() code ${code} is not a character`);
      return String.fromCodePoint(code);
    },
  ],
  ['isnumeric', 1, 1, ([v]) => isNumeric(v ?? null)],
  ['abs', 1, 1, ([v]) => Math.abs(numberArg(v, 'abs'))],
  ['round', 1, 2, ([v, d]) => round(numberArg(v, 'round'), d === undefined ? 0 : whole(d, 'round() digits'))],
  ['floor', 1, 1, ([v]) => Math.floor(numberArg(v, 'floor'))],
  ['ceiling', 1, 1, ([v]) => Math.ceil(numberArg(v, 'ceiling'))],
  ['now', 0, 0, (_, ctx) => formatIso(fromClock(ctx.now(), ctx.utcOffsetMinutes))],
  ['asisodatetime', 1, 1, ([v], ctx) => formatIso(dateArg(v, ctx))],
  ['asdatetime', 2, 2, ([v, f], ctx) => boundString(formatDate(dateArg(v, ctx), text(f)))],
  ['dow', 1, 1, ([v], ctx) => dayOfWeek(dateArg(v, ctx))],
  ['asjson', 1, 1, ([v]) => (isObject(v ?? null) || Array.isArray(v) ? boundString(JSON.stringify(v)) : JSON.stringify(text(v)))],
];

let builtins: Map<string, Builtin> | undefined;
function table(): Map<string, Builtin> {
  builtins ??= new Map(TABLE.map(([name, min, max, run]) => [name, { min, max, run }]));
  return builtins;
}

export function findBuiltin(name: string): Builtin | undefined {
  return table().get(name.toLowerCase());
}

/** Functions that hand back a proxy to the outside: GetRESTProxy() and its kin (https://help.nicecxone.com/Content/studio/guide/restproxy.htm). */
const PROXY_FACTORY = /^get\w*proxy$/i;
/** Methods of such a proxy that reach the outside (observed in public scripts). */
const PROXY_METHODS = new Set(['makerestrequest', 'makerequest', 'addheader', 'clearheaders', 'setheader']);

/** Whether a call reaches outside the script, so the scenario must mock the snippet that makes it. */
export function isExternalCall(name: string, hasReceiver: boolean): boolean {
  if (PROXY_FACTORY.test(name)) return true;
  return hasReceiver && !table().has(name.toLowerCase()) && PROXY_METHODS.has(name.toLowerCase());
}
