// Studio's snippet language, as the emulator runs it: parse (with the static checks), list external
// calls, run, evaluate; and the truth, equality and braces substitution the IF, CASE, ASSIGN and PLAY
// actions share. Pure: no I/O, nothing runs at import. docs/snippet-language.md says what is supported.
import type { Expression, Program, SnippetProblem, StudioValue } from './ast.ts';
import { checkExpression, checkProgram } from './check.ts';
import { Cursor, describe, SyntaxFailure } from './cursor.ts';
import { DEFAULT_MAX_STEPS, evalExpr, type SnippetHost, startRun } from './evaluate.ts';
import { execBlock } from './interpret.ts';
import { LineMap, MAX_PROBLEMS, templateParts } from './lexer.ts';
import { parseExpr, parseTemplate as parseStringParts } from './parse-expression.ts';
import { parseStatements } from './parser.ts';
import { SnippetRuntimeError, toText } from './values.ts';

export type { Expression, Program, SnippetProblem, Statement, StudioValue } from './ast.ts';
export type { SnippetHost } from './evaluate.ts';
export { externalCalls } from './check.ts';
export { isTrue, looseEquals, toText, MAX_STRING_CHARS } from './values.ts';
export { DEFAULT_MAX_STEPS } from './evaluate.ts';
export { MAX_NESTING } from './lexer.ts';

/** The largest snippet parsed: a Snippet action's code is a few KiB; beyond this it is a problem. */
export const MAX_SNIPPET_CHARS = 64 * 1024;

function tooLong(text: string): SnippetProblem[] {
  return text.length > MAX_SNIPPET_CHARS
    ? [{ line: 1, column: 1, message: `the snippet has ${text.length} characters, more than the ${MAX_SNIPPET_CHARS} the emulator parses` }]
    : [];
}

function fatal(error: unknown, map: LineMap, problems: SnippetProblem[]): void {
  if (!(error instanceof SyntaxFailure)) throw error;
  if (problems.length < MAX_PROBLEMS) problems.push({ ...map.at(error.offset), message: error.message });
}

const sorted = (problems: SnippetProblem[]) => problems.sort((a, b) => a.line - b.line || a.column - b.column);

/** A Snippet action's code: the program when it has no problems, else the problems (line and column 1-based). */
export function parseSnippet(text: string): { program?: Program; problems: SnippetProblem[] } {
  const long = tooLong(text);
  if (long.length) return { problems: long };
  const map = new LineMap(text);
  const problems: SnippetProblem[] = [];
  let program: Program | undefined;
  try {
    program = { statements: parseStatements(Cursor.over(text, 0, text.length, map, problems), false) };
  } catch (error) {
    fatal(error, map, problems);
  }
  // The checks run on what parsed even when some lines did not: all the problems at once.
  if (program) problems.push(...checkProgram(program));
  return problems.length ? { problems: sorted(problems) } : { program, problems };
}

/** One expression, as an IF action's condition, an ASSIGN's value or a CASE's value holds it. */
export function parseExpression(text: string): { expr?: Expression; problems: SnippetProblem[] } {
  const long = tooLong(text);
  if (long.length) return { problems: long };
  const map = new LineMap(text);
  const problems: SnippetProblem[] = [];
  let expr: Expression | undefined;
  try {
    const c = Cursor.over(text, 0, text.length, map, problems);
    c.grouping = 1;
    expr = parseExpr(c);
    if (c.peek().type !== 'eof') c.fail(`expected the end of the expression, found ${describe(c.peek())}`);
  } catch (error) {
    fatal(error, map, problems);
  }
  if (expr && problems.length === 0) problems.push(...checkExpression(expr));
  return problems.length ? { problems: sorted(problems) } : { expr, problems };
}

/**
 * Text with `{…}` substitutions, as ASSIGN's Value and PLAY's Sequence hold it, parsed as the inside of a
 * double-quoted string. A template with problems has no expression.
 */
export function parseTemplate(text: string): { expr?: Expression; problems: SnippetProblem[] } {
  const long = tooLong(text);
  if (long.length) return { problems: long };
  const map = new LineMap(text);
  const { parts, problems } = templateParts(text, map);
  let expr: Expression | undefined;
  if (problems.length === 0) {
    try {
      expr = parseStringParts(new Cursor(text, map, [{ type: 'eof', offset: 0, nl: true, what: 'the end of the text' }], problems), parts, {
        line: 1,
        column: 1,
      });
    } catch (error) {
      fatal(error, map, problems);
    }
  }
  if (expr && problems.length === 0) problems.push(...checkExpression(expr));
  return problems.length ? { problems: sorted(problems) } : { expr, problems };
}

export function runSnippet(
  program: Program,
  host: SnippetHost,
  limits?: { maxSteps?: number },
): { ok: true } | { ok: false; line: number; message: string } {
  const run = startRun(host, limits?.maxSteps ?? DEFAULT_MAX_STEPS);
  try {
    execBlock(run, program.statements);
    return { ok: true };
  } catch (error) {
    if (error instanceof SnippetRuntimeError) return { ok: false, line: error.line ?? 1, message: error.message };
    if (typeof error === 'symbol') return { ok: true }; // a BREAK outside a loop (the checker reports it) ends the snippet
    throw error;
  }
}

export function evaluate(expr: Expression, host: SnippetHost): { ok: true; value: StudioValue } | { ok: false; message: string } {
  try {
    return { ok: true, value: evalExpr(startRun(host), expr) };
  } catch (error) {
    if (error instanceof SnippetRuntimeError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * `Hello {name}` substitution as ASSIGN's Value and PLAY's Sequence use it. Text whose braces do not parse
 * or run comes back as written: the loader reports those through parseTemplate.
 */
export function substitute(text: string, vars: Record<string, StudioValue>): string {
  const parsed = parseTemplate(text);
  if (!parsed.expr) return text;
  const result = evaluate(parsed.expr, { vars, now: () => new Date(0) });
  return result.ok ? toText(result.value) : text;
}
