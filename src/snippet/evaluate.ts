// Expressions to values, with Studio's loose typing (values.ts) and the operators page's semantics
// (https://help-beta.niceincontact.com/spring19/Content/Studio/GeneralReference/Operators.htm).
import type { BinaryOp, Expression, StudioValue } from './ast.ts';
import { findBuiltin, type FunctionContext } from './functions.ts';
import {
  boundString,
  compareValues,
  getField,
  isObject,
  isTrue,
  looseEquals,
  SnippetRuntimeError,
  toArithmetic,
  toNumber,
  toText,
} from './values.ts';

export interface SnippetHost {
  /** The script's variables; read and written in place (own properties only; `__proto__` is a name like any other). */
  vars: Record<string, StudioValue>;
  /** The scenario's clock (ISO date-time with zone given by the scenario) or a fixed default. */
  now(): Date;
  /** The clock's UTC offset in minutes east, for now() and dates without a zone (default 0, UTC). */
  utcOffsetMinutes?: number;
}

export interface Run {
  host: SnippetHost;
  ctx: FunctionContext;
  steps: number;
  maxSteps: number;
}

export const DEFAULT_MAX_STEPS = 100_000;

export function startRun(host: SnippetHost, maxSteps = DEFAULT_MAX_STEPS): Run {
  return { host, ctx: { now: () => host.now(), utcOffsetMinutes: host.utcOffsetMinutes ?? 0 }, steps: 0, maxSteps };
}

export function stepOn(run: Run): void {
  if (++run.steps > run.maxSteps) throw new SnippetRuntimeError(`snippet ran more than ${run.maxSteps} steps`);
}

export function evalExpr(run: Run, e: Expression): StudioValue {
  stepOn(run);
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'template': {
      let out = '';
      for (const part of e.parts) out = boundString(out + (typeof part === 'string' ? part : toText(evalExpr(run, part))));
      return out;
    }
    case 'var':
      return getField(run.host.vars, e.name);
    case 'member':
      return member(evalExpr(run, e.object), e.name);
    case 'index':
      return element(evalExpr(run, e.object), evalExpr(run, e.index));
    case 'call':
      return call(run, e);
    case 'unary': {
      const v = evalExpr(run, e.operand);
      if (e.op === '!') return !isTrue(v);
      return -arithmetic(v, '-');
    }
    case 'binary':
      return binary(run, e.op, e.left, e.right);
  }
}

/** A field of a dynamic object; `size` of an array is its length (the loops page's `Names.size`). */
function member(object: StudioValue, name: string): StudioValue {
  if (isObject(object)) return getField(object, name);
  if (name.toLowerCase() === 'size') {
    if (Array.isArray(object)) return object.length;
    if (object === null || object === '') return 0;
    return toText(object).split('|').length;
  }
  return null;
}

function element(object: StudioValue, indexValue: StudioValue): StudioValue {
  const n = toNumber(indexValue);
  if (n === undefined || !Number.isInteger(n) || n < 1) {
    throw new SnippetRuntimeError(`an array index must be a whole number from 1, not ${JSON.stringify(toText(indexValue).slice(0, 60))}`);
  }
  if (Array.isArray(object)) return object[n - 1] ?? null;
  if (object === null || isObject(object)) return null;
  return toText(object).split('|')[n - 1] ?? null;
}

function call(run: Run, e: Expression & { kind: 'call' }): StudioValue {
  if (e.external) {
    const error = new SnippetRuntimeError(`${e.name}() reaches outside the script: the scenario must mock this snippet`);
    error.line = e.line;
    throw error;
  }
  const builtin = findBuiltin(e.name);
  if (!builtin) throw new SnippetRuntimeError(`unknown function ${e.name}()`);
  const args = [...(e.receiver ? [evalExpr(run, e.receiver)] : []), ...e.args.map((a) => evalExpr(run, a))];
  if (args.length < builtin.min || args.length > builtin.max)
    throw new SnippetRuntimeError(`${e.name}() takes ${builtin.min} to ${builtin.max} arguments`);
  return builtin.run(args, run.ctx);
}

function arithmetic(v: StudioValue, op: string): number {
  const n = toArithmetic(v);
  if (n === undefined) throw new SnippetRuntimeError(`${JSON.stringify(toText(v).slice(0, 60))} is not a number, so ${op} cannot use it`);
  return n;
}

function finite(n: number, op: string): number {
  if (!Number.isFinite(n)) throw new SnippetRuntimeError(`the result of ${op} is not a finite number`);
  return n;
}

function binary(run: Run, op: BinaryOp, l: Expression, r: Expression): StudioValue {
  // & and | decide on the left when they can (assumed: the page does not say whether they short-circuit).
  if (op === '&') return isTrue(evalExpr(run, l)) && isTrue(evalExpr(run, r));
  if (op === '|') return isTrue(evalExpr(run, l)) || isTrue(evalExpr(run, r));
  const a = evalExpr(run, l);
  const b = evalExpr(run, r);
  switch (op) {
    case '~':
      return isTrue(a) !== isTrue(b);
    case '=':
      return looseEquals(a, b);
    case '!=':
      return !looseEquals(a, b);
    case '<':
      return compareValues(a, b) < 0;
    case '<=':
      return compareValues(a, b) <= 0;
    case '>':
      return compareValues(a, b) > 0;
    case '>=':
      return compareValues(a, b) >= 0;
    case '+':
      return plus(a, b);
  }
  const x = arithmetic(a, op);
  const y = arithmetic(b, op);
  if ((op === '/' || op === '%' || op === '\\') && y === 0) throw new SnippetRuntimeError(`division by zero (${op})`);
  if (op === '-') return finite(x - y, op);
  if (op === '*') return finite(x * y, op);
  if (op === '/') return finite(x / y, op);
  if (op === '%') return finite(x % y, op);
  if (op === '\\') return finite(Math.trunc(x / y), op);
  return finite(x ** y, op);
}

/**
 * `+` adds when both sides read as numbers (empty and null count as 0 beside a number) and joins the text
 * otherwise (assumed: the operators page documents + for numbers only; public scripts join text with braces).
 */
function plus(a: StudioValue, b: StudioValue): StudioValue {
  const x = toArithmetic(a);
  const y = toArithmetic(b);
  const bothEmpty = (a === null || a === '') && (b === null || b === '');
  if (x !== undefined && y !== undefined && !bothEmpty) return finite(x + y, '+');
  return boundString(toText(a) + toText(b));
}
