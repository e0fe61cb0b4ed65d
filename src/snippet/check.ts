// The static checks on a parsed snippet: every function known with the right number of arguments,
// BREAK only inside a loop; and the list of calls that reach outside the script. Pure.
import type { Expression, Program, SnippetProblem, Statement } from './ast.ts';
import { findBuiltin } from './functions.ts';

/** Each expression of a statement list, statements in order, nested blocks included. */
function* expressionsOf(statements: Statement[]): Generator<Expression> {
  for (const s of statements) {
    switch (s.kind) {
      case 'assign':
        yield s.target;
        yield s.value;
        break;
      case 'if':
        yield s.condition;
        yield* expressionsOf(s.then);
        if (s.else) yield* expressionsOf(s.else);
        break;
      case 'switch':
      case 'select':
        if (s.kind === 'switch') yield s.subject;
        for (const clause of s.cases) {
          yield* clause.tests;
          yield* expressionsOf(clause.body);
        }
        if (s.default) yield* expressionsOf(s.default);
        break;
      case 'for':
        yield s.from;
        yield s.to;
        yield* expressionsOf(s.body);
        break;
      case 'foreach':
        yield s.list;
        yield* expressionsOf(s.body);
        break;
      case 'while':
        yield s.condition;
        yield* expressionsOf(s.body);
        break;
      case 'call':
        yield s.call;
        break;
      case 'dynamic':
      case 'break':
        break;
    }
  }
}

/** An expression and everything inside it. */
function* subExpressions(e: Expression): Generator<Expression> {
  yield e;
  switch (e.kind) {
    case 'template':
      for (const part of e.parts) if (typeof part !== 'string') yield* subExpressions(part);
      break;
    case 'member':
      yield* subExpressions(e.object);
      break;
    case 'index':
      yield* subExpressions(e.object);
      yield* subExpressions(e.index);
      break;
    case 'call':
      if (e.receiver) yield* subExpressions(e.receiver);
      for (const arg of e.args) yield* subExpressions(arg);
      break;
    case 'unary':
      yield* subExpressions(e.operand);
      break;
    case 'binary':
      yield* subExpressions(e.left);
      yield* subExpressions(e.right);
      break;
    case 'literal':
    case 'var':
      break;
  }
}

function* callsOf(roots: Iterable<Expression>): Generator<Expression & { kind: 'call' }> {
  for (const root of roots) for (const e of subExpressions(root)) if (e.kind === 'call') yield e;
}

/** Problems with the calls of an expression: unknown functions and wrong argument counts. */
export function checkExpression(expr: Expression): SnippetProblem[] {
  return checkCalls(callsOf([expr]));
}

function checkCalls(calls: Iterable<Expression & { kind: 'call' }>): SnippetProblem[] {
  const problems: SnippetProblem[] = [];
  for (const call of calls) {
    if (call.external) continue;
    const builtin = findBuiltin(call.name);
    const at = { line: call.line, column: call.column };
    if (!builtin) {
      problems.push({ ...at, message: `unknown function ${call.name}(): the emulator's snippet subset does not have it` });
      continue;
    }
    const count = call.args.length + (call.receiver ? 1 : 0);
    if (count < builtin.min || count > builtin.max) {
      const wanted = builtin.min === builtin.max ? `${builtin.min}` : `${builtin.min} to ${builtin.max}`;
      const form = call.receiver ? ' (the value before the dot counts as the first)' : '';
      problems.push({ ...at, message: `${call.name}() takes ${wanted} argument${builtin.max === 1 ? '' : 's'}${form}, not ${count}` });
    }
  }
  return problems;
}

function breaksOutsideLoops(statements: Statement[], inLoop: boolean, out: SnippetProblem[]): void {
  for (const s of statements) {
    if (s.kind === 'break' && !inLoop) out.push({ line: s.line, column: s.column, message: 'BREAK outside a FOR, FOREACH or WHILE loop' });
    const loop = s.kind === 'for' || s.kind === 'foreach' || s.kind === 'while';
    for (const body of blocksOf(s)) breaksOutsideLoops(body, inLoop || loop, out);
  }
}

function blocksOf(s: Statement): Statement[][] {
  switch (s.kind) {
    case 'if':
      return s.else ? [s.then, s.else] : [s.then];
    case 'switch':
    case 'select':
      return [...s.cases.map((clause) => clause.body), ...(s.default ? [s.default] : [])];
    case 'for':
    case 'foreach':
    case 'while':
      return [s.body];
    default:
      return [];
  }
}

export function checkProgram(program: Program): SnippetProblem[] {
  const problems = checkCalls(callsOf(expressionsOf(program.statements)));
  breaksOutsideLoops(program.statements, false, problems);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The calls that reach outside the script, in order: a snippet with any must be mocked by the scenario. */
export function externalCalls(program: Program): { name: string; line: number }[] {
  return [...callsOf(expressionsOf(program.statements))].filter((c) => c.external).map((c) => ({ name: c.name, line: c.line }));
}
