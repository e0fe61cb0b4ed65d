// Runs a parsed snippet against the script's variables. Pure: the clock and the variables come from the
// host; every statement, loop turn, expression and copied value costs a step, so no snippet runs forever.
import type { Expression, Statement, StudioValue } from './ast.ts';
import { evalExpr, stepOn, type Run } from './evaluate.ts';
import {
  boundString,
  copyValue,
  getField,
  isObject,
  isTrue,
  looseEquals,
  MAX_ARRAY_ELEMENTS,
  setField,
  SnippetRuntimeError,
  toNumber,
  toText,
} from './values.ts';

const BREAK = Symbol('BREAK');

export function execBlock(run: Run, statements: Statement[]): void {
  for (const s of statements) {
    stepOn(run);
    try {
      execStatement(run, s);
    } catch (error) {
      if (error instanceof SnippetRuntimeError && error.line === undefined) error.line = s.line;
      throw error;
    }
  }
}

function execStatement(run: Run, s: Statement): void {
  const vars = run.host.vars;
  switch (s.kind) {
    case 'assign':
      return assignTo(
        run,
        s.target,
        copyValue(evalExpr(run, s.value), () => stepOn(run)),
      );
    case 'dynamic':
      return setField(vars, s.name, {});
    case 'call':
      evalExpr(run, s.call);
      return;
    case 'if':
      if (isTrue(evalExpr(run, s.condition))) execBlock(run, s.then);
      else if (s.else) execBlock(run, s.else);
      return;
    case 'switch': {
      const subject = evalExpr(run, s.subject);
      const clause = s.cases.find((c) => c.tests.some((t) => looseEquals(subject, evalExpr(run, t))));
      if (clause) execBlock(run, clause.body);
      else if (s.default) execBlock(run, s.default);
      return;
    }
    case 'select': {
      const clause = s.cases.find((c) => c.tests.some((t) => isTrue(evalExpr(run, t))));
      if (clause) execBlock(run, clause.body);
      else if (s.default) execBlock(run, s.default);
      return;
    }
    case 'for':
      return execFor(run, s);
    case 'foreach':
      for (const element of elementsOf(evalExpr(run, s.list))) {
        setField(
          vars,
          s.variable,
          copyValue(element, () => stepOn(run)),
        );
        if (loopTurn(run, s.body)) return;
      }
      return;
    case 'while':
      while (isTrue(evalExpr(run, s.condition))) if (loopTurn(run, s.body)) return;
      return;
    case 'break':
      throw BREAK;
  }
}

/** One turn of a loop's body; true when BREAK ended the loop. A turn costs a step even when the body is empty. */
function loopTurn(run: Run, body: Statement[]): boolean {
  stepOn(run);
  try {
    execBlock(run, body);
    return false;
  } catch (error) {
    if (error === BREAK) return true;
    throw error;
  }
}

/**
 * FOR runs once per whole number from start through end, counting down when end is below start, and always
 * at least once; start and end are evaluated once, and the body may change the variable
 * (https://help.nicecxone.com/Content/studio/guide/statementsloops.htm).
 */
function execFor(run: Run, s: Statement & { kind: 'for' }): void {
  const from = wholeNumber(evalExpr(run, s.from), 'the FOR start');
  const to = wholeNumber(evalExpr(run, s.to), 'the FOR end');
  const direction = to < from ? -1 : 1;
  setField(run.host.vars, s.variable, from);
  for (;;) {
    if (loopTurn(run, s.body)) return;
    const current = toNumber(getField(run.host.vars, s.variable));
    if (current === undefined) throw new SnippetRuntimeError(`the FOR variable ${s.variable} no longer holds a number`);
    if (direction > 0 ? current >= to : current <= to) return;
    setField(run.host.vars, s.variable, current + direction);
  }
}

function wholeNumber(v: StudioValue, what: string): number {
  const n = toNumber(v);
  if (n === undefined) throw new SnippetRuntimeError(`${what} must be a number, not ${JSON.stringify(toText(v).slice(0, 60))}`);
  return Math.trunc(n);
}

/** What FOREACH walks: a dynamic array's elements, or a string array's (pipe-delimited) ones. */
function elementsOf(v: StudioValue): StudioValue[] {
  if (Array.isArray(v)) return [...v];
  if (v === null || v === '') return [];
  if (isObject(v)) return [v];
  return toText(v).split('|');
}

/** The 1-based index an element access names (https://help.nicecxone.com/content/studio/guide/arrays.htm). */
export function arrayIndex(v: StudioValue): number {
  const n = toNumber(v);
  if (n === undefined || !Number.isInteger(n) || n < 1) {
    throw new SnippetRuntimeError(`an array index must be a whole number from 1, not ${JSON.stringify(toText(v).slice(0, 60))}`);
  }
  if (n > MAX_ARRAY_ELEMENTS) throw new SnippetRuntimeError(`array index ${n} is beyond the emulator's ${MAX_ARRAY_ELEMENTS} elements`);
  return n;
}

/** Stores an already-copied value at a variable, a field or an element, creating what the path needs. */
function assignTo(run: Run, target: Expression, value: StudioValue): void {
  if (target.kind === 'var') return setField(run.host.vars, target.name, value);
  if (target.kind === 'member') {
    const current = evalExpr(run, target.object);
    if (isObject(current)) return setField(current, target.name, value);
    if (current !== null && current !== '')
      throw new SnippetRuntimeError(`${target.name} cannot be set on a value that is not a dynamic object`);
    const created: { [k: string]: StudioValue } = {};
    setField(created, target.name, value);
    return assignTo(run, target.object, created);
  }
  if (target.kind !== 'index') throw new SnippetRuntimeError('only a variable, a field or an element can be assigned');
  const index = arrayIndex(evalExpr(run, target.index));
  const current = evalExpr(run, target.object);
  if (Array.isArray(current)) {
    while (current.length < index) current.push(null);
    current[index - 1] = value;
    return;
  }
  const structured = isObject(value) || Array.isArray(value);
  if ((isObject(current) && Object.keys(current).length === 0) || (current === null && structured)) {
    const created: StudioValue[] = Array.from({ length: index }, () => null);
    created[index - 1] = value;
    return assignTo(run, target.object, created);
  }
  if (current !== null && typeof current !== 'string' && typeof current !== 'number') {
    throw new SnippetRuntimeError('an element can only be set in an array or a string array');
  }
  // A string array: pipe-delimited text (the arrays page).
  const elements = current === null || current === '' ? [] : toText(current).split('|');
  while (elements.length < index) elements.push('');
  elements[index - 1] = toText(value);
  return assignTo(run, target.object, boundString(elements.join('|')));
}
