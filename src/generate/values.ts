// Values that make a comparison come out one way or the other, for the explorer's proposals: a Condition
// node's `variable op value`, a Studio IF's `var = 3`, a CASE's values. Each proposal is checked by
// running the flow, so a wrong guess costs one run, never a wrong scenario. Pure.
import type { JsonValue } from '../domain/json.ts';
import type { ConditionOp } from '../domain/flow.ts';
import { evaluateCondition, toNumber } from '../emulator/conditions.ts';

/** `unset`: the variable must not be given at all (`exists`). */
export type Proposal = { value: JsonValue } | { unset: true };

/** Values of the variable for which `variable op expected` is `want`, best guess first; each checked here. */
export function satisfying(op: ConditionOp, expected: JsonValue | undefined, want: boolean): Proposal[] {
  const out: Proposal[] = [];
  const seen = new Set<string>();
  const push = (p: Proposal): void => {
    const key = 'unset' in p ? 'unset' : JSON.stringify(p.value);
    if (seen.has(key)) return;
    const actual = 'unset' in p ? undefined : p.value;
    if (evaluateCondition(op, actual, expected) !== want) return;
    seen.add(key);
    out.push(p);
  };
  for (const value of guesses(op, expected)) push({ value });
  push({ unset: true });
  return out;
}

function guesses(op: ConditionOp, expected: JsonValue | undefined): JsonValue[] {
  const n = toNumber(expected ?? null);
  const list: JsonValue[] = [];
  if (op === 'matches') list.push(...regexExamples(String(expected ?? '')));
  if (op === 'exists') list.push(typeof expected === 'string' || typeof expected === 'number' ? expected : 'yes');
  if (expected !== undefined) list.push(expected);
  if (n !== undefined) list.push(n + 1, n - 1, n);
  if (typeof expected === 'boolean') list.push(!expected);
  if (typeof expected === 'string' && n === undefined) list.push(`${expected}~`, `~${expected}`, '');
  list.push('other', 0);
  return list;
}

/**
 * Strings a simple pattern matches, and one it does not: literals, `^` `$`, `\d` `\w` `\s` `.`, classes,
 * `?` `*` `+` `{n}`, and the first branch of an alternation. Anything else yields what it can; the caller
 * checks each against the real pattern.
 */
export function regexExamples(pattern: string): string[] {
  const built = buildExample(pattern);
  return built === undefined ? ['x'] : [built, `x${built}`];
}

function buildExample(pattern: string): string | undefined {
  let out = '';
  let i = 0;
  const top = pattern.split('|')[0] ?? '';
  const p = top;
  while (i < p.length) {
    const c = p[i] as string;
    let atom: string | undefined;
    let next = i + 1;
    if (c === '^' || c === '$') {
      i += 1;
      continue;
    }
    if (c === '\\') {
      const e = p[i + 1] ?? '';
      next = i + 2;
      atom = e === 'd' ? '1' : e === 'w' ? 'a' : e === 's' ? ' ' : /[DWS]/.test(e) ? '-' : e;
    } else if (c === '.') atom = 'a';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) return undefined;
      const body = p.slice(i + 1, end);
      next = end + 1;
      atom = body.startsWith('^') ? (body.includes('a') ? '1' : 'a') : (body.replace(/^\\/, '')[0] ?? 'a');
    } else if (c === '(') {
      const end = p.indexOf(')', i + 1);
      if (end < 0) return undefined;
      const inner = buildExample(p.slice(i + 1, end).replace(/^\?:/, ''));
      if (inner === undefined) return undefined;
      atom = inner;
      next = end + 1;
    } else atom = c;
    const q = p[next];
    if (q === '?' || q === '*') {
      next += 1;
      atom = '';
    } else if (q === '+') next += 1;
    else if (q === '{') {
      const end = p.indexOf('}', next);
      const count = Number.parseInt(p.slice(next + 1, end), 10);
      if (end < 0 || !Number.isInteger(count) || count > 100) return undefined;
      atom = atom.repeat(count);
      next = end + 1;
    }
    out += atom;
    i = next;
  }
  return out;
}
