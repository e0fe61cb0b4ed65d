// The one door from the Studio executor to Studio's language (src/snippet/): IF's Expression, ASSIGN's
// Value, CASE's comparison, the Sequence of PLAY and MENU, SNIPPET's Data. Each call gets the run's
// variables and clock (never the wall clock: the date and time functions read the scenario's `clock`).
import type { JsonValue } from '../../domain/json.ts';
import type { Program, SnippetHost, StudioValue } from '../../snippet/index.ts';
import {
  evaluate,
  externalCalls,
  isTrue,
  looseEquals,
  parseExpression,
  parseSnippet,
  parseTemplate,
  runSnippet,
  toText,
} from '../../snippet/index.ts';
import type { RunClock } from '../../domain/clock.ts';
import type { Vars } from './run-state.ts';

export type Evaluated = { ok: true; value: JsonValue } | { ok: false; message: string };
export interface Snippet {
  readonly program: Program;
  readonly external: { name: string; line: number }[];
}

function hostOf(vars: Vars, clock: RunClock): SnippetHost {
  // Studio values are JSON values; the language reads and writes the run's own table in place.
  return { vars: vars as Record<string, StudioValue>, now: () => new Date(clock.date.getTime()), utcOffsetMinutes: clock.utcOffsetMinutes };
}

const problemText = (p: { line: number; column: number; message: string }) => `line ${p.line}, column ${p.column}: ${p.message}`;

export function evaluateExpression(text: string, vars: Vars, clock: RunClock): Evaluated {
  const parsed = parseExpression(text);
  if (!parsed.expr) return { ok: false, message: parsed.problems.map(problemText).join('; ') };
  const result = evaluate(parsed.expr, hostOf(vars, clock));
  return result.ok ? { ok: true, value: result.value as JsonValue } : result;
}

export function truthOf(value: JsonValue): boolean {
  return isTrue(value as StudioValue);
}

/** `{var}` filled in; text whose braces do not parse or run is kept as written (the loader reports it). */
export function substituteText(text: string, vars: Vars, clock: RunClock): string {
  if (!text.includes('{')) return text;
  const parsed = parseTemplate(text);
  if (!parsed.expr) return text;
  const result = evaluate(parsed.expr, hostOf(vars, clock));
  return result.ok ? toText(result.value) : text;
}

export function looselyEqual(a: string, b: JsonValue): boolean {
  return looseEquals(a, b as StudioValue);
}

export function parseSnippetData(text: string): { snippet?: Snippet; problem?: string } {
  const parsed = parseSnippet(text);
  if (!parsed.program) return { problem: parsed.problems.map(problemText).join('; ') };
  return { snippet: { program: parsed.program, external: externalCalls(parsed.program) } };
}

export function runSnippetData(snippet: Snippet, vars: Vars, clock: RunClock): { ok: true } | { ok: false; line: number; message: string } {
  return runSnippet(snippet.program, hostOf(vars, clock));
}
