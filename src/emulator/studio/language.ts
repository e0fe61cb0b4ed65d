// The one door from the Studio executor to Studio's language (src/snippet/): IF's Expression, ASSIGN's
// Value, CASE's comparison, PLAY's and MENU's Sequence, SNIPPET's Data. Placeholder until the snippet
// branch is merged: every call says the language is missing, so nothing runs half-evaluated.
import type { JsonValue } from '../../domain/json.ts';
import type { RunClock } from '../clock.ts';
import type { Vars } from './run-state.ts';

export type Evaluated = { ok: true; value: JsonValue } | { ok: false; message: string };
export interface Snippet {
  readonly external: { name: string; line: number }[];
}

const MISSING = 'the snippet language is not part of this build';

export function evaluateExpression(_text: string, _vars: Vars, _clock: RunClock): Evaluated {
  return { ok: false, message: MISSING };
}

export function truthOf(value: JsonValue): boolean {
  return value === true || value === 1 || value === '1' || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function substituteText(text: string, _vars: Vars, _clock: RunClock): string {
  return text;
}

export function looselyEqual(a: string, b: JsonValue): boolean {
  return a.trim().toLowerCase() === String(b).trim().toLowerCase();
}

export function parseSnippetData(_text: string): { snippet?: Snippet; problem?: string } {
  return { problem: MISSING };
}

export function runSnippetData(_snippet: Snippet, _vars: Vars, _clock: RunClock): { ok: true } | { ok: false; line: number; message: string } {
  return { ok: false, line: 1, message: MISSING };
}
