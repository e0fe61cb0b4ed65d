// `run --update` on the text of one scenario file (README, Accepting new behaviour): each scenario's `expect` value
// is replaced by its observed expectation (report/observed.ts), spliced into the byte range it was written
// at (yaml/ranges.ts), so comments, order, quoting and anchors elsewhere stay byte for byte. A value that is
// an alias, is anchored, holds a merge or an alias, or cannot be found is left alone, with the reason. The
// new text is parsed again and must give the same data but for the new expectations, and load as the old
// did, or nothing is written. Pure: text in, text out.
import { isDeepStrictEqual } from 'node:util';
import { RECORD_EXPECT } from '../domain/scenario.ts';
import type { JsonValue } from '../domain/json.ts';
import { withheldKey, type ObservedExpect } from '../report/observed.ts';
import { parseScenarioFile } from '../scenario/load.ts';
import { parseYaml } from '../yaml/parse.ts';
import { createLocator, type ValueSpan } from '../yaml/ranges.ts';
import { spliceExpect, type Splice } from './splice.ts';

export interface ScenarioUpdate {
  index: number;
  name: string;
  observed: ObservedExpect;
}

/** Why a scenario's expect was left as it was. */
export type Refusal = 'moved' | 'no_expect' | 'alias' | 'anchor' | 'merge' | 'tag' | 'empty' | 'not_a_map';

export type UpdateOutcome =
  | { index: number; name: string; refused: Refusal }
  | { index: number; name: string; changed: string[]; observed: ObservedExpect };

export interface FileRewrite {
  /** The new text; null when nothing changed or the check of the new text failed. */
  text: string | null;
  outcomes: UpdateOutcome[];
  /** The check of the new text failed: nothing is written, and this says why. */
  failure?: string;
}

type Expect = Record<string, unknown>;

export function rewriteExpectations(text: string, file: string, updates: readonly ScenarioUpdate[]): FileRewrite {
  const before = parseYaml(text, file).value as { scenarios?: unknown[] } | null;
  const scenarios = Array.isArray(before?.scenarios) ? before.scenarios : [];
  const splices: Splice[] = [];
  const expected = new Map<number, Expect>();
  const locate = createLocator(text);
  const outcomes: UpdateOutcome[] = [];
  for (const update of updates) {
    const raw = scenarios[update.index] as { name?: unknown; expect?: unknown } | undefined;
    const refuse = (refused: Refusal) => outcomes.push({ index: update.index, name: update.name, refused });
    if (!isMap(raw) || raw.name !== update.name) {
      refuse('moved');
      continue;
    }
    const item = locate(['scenarios', update.index]);
    if (!item.ok || item.span.kind === 'alias') {
      refuse('alias');
      continue;
    }
    const found = locate(['scenarios', update.index, 'expect']);
    if (!found.ok) {
      refuse(found.reason === 'merged' ? 'merge' : found.reason === 'alias' ? 'alias' : 'no_expect');
      continue;
    }
    const span = found.span;
    const refusal = found.anchoredAbove ? 'anchor' : spanRefusal(span, raw.expect);
    if (refusal) {
      refuse(refusal);
      continue;
    }
    const next = mergeExpect(raw.expect, update.observed);
    const changed = changedKeys(raw.expect, next);
    outcomes.push({ index: update.index, name: update.name, changed, observed: update.observed });
    if (changed.length === 0) continue;
    expected.set(update.index, next);
    splices.push(...spliceExpect(text, locate, ['scenarios', update.index, 'expect'], span, raw.expect, next));
  }
  if (splices.length === 0) return { text: null, outcomes };
  // The splices break lines with LF; a file written with CRLF keeps CRLF (new text holds no other line break).
  const eol = lineBreakOf(text);
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start))
    out = out.slice(0, s.start) + (eol === '\n' ? s.text : s.text.replaceAll('\n', eol)) + out.slice(s.end);
  const failure = checkRewrite(text, out, file, expected);
  return failure ? { text: null, outcomes, failure } : { text: out, outcomes };
}

/** The file's own line break: that of its first line. */
function lineBreakOf(text: string): '\n' | '\r\n' {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

function spanRefusal(span: ValueSpan, value: unknown): Refusal | undefined {
  if (span.kind === 'alias') return 'alias';
  if (span.sharing) return span.sharing;
  if (span.empty || span.start < 0) return 'empty';
  if (value !== RECORD_EXPECT && !isMap(value)) return 'not_a_map';
  return undefined;
}

/**
 * The scenario's expect with the observed path, exit and variables in it, in its own key order: what the
 * observation withholds, and every other key (variablesAt, maxDurationMs, loops), stays as written.
 */
export function mergeExpect(current: unknown, observed: ObservedExpect): Expect {
  const own: Expect = isMap(current) ? current : {};
  const kept = new Set(observed.withheld.map(withheldKey));
  const take: Expect = { ...observed.expect };
  if (kept.has('path')) delete take['path'];
  if (kept.has('variablesAt')) delete take['variablesAt'];
  const variables = (): Record<string, JsonValue> | undefined => {
    const was = isMap(own['variables']) ? (own['variables'] as Record<string, JsonValue>) : {};
    const seen = observed.expect.variables ?? {};
    const out: [string, JsonValue][] = [];
    for (const name of Object.keys(was)) {
      if (Object.hasOwn(seen, name)) out.push([name, seen[name]!]);
      else if (kept.has(`variables.${name}`)) out.push([name, was[name]!]);
    }
    for (const [name, value] of Object.entries(seen)) if (!Object.hasOwn(was, name)) out.push([name, value]);
    return out.length > 0 || Object.hasOwn(own, 'variables') ? Object.fromEntries(out) : undefined;
  };
  const merged: [string, unknown][] = [];
  const placed = new Set<string>();
  const put = (key: string) => {
    if (placed.has(key)) return;
    placed.add(key);
    const value = key === 'variables' ? variables() : Object.hasOwn(take, key) ? take[key] : own[key];
    if (value !== undefined) merged.push([key, value]);
  };
  for (const key of Object.keys(own)) put(key);
  for (const key of Object.keys(take)) put(key);
  return Object.fromEntries(merged);
}

function changedKeys(current: unknown, next: Expect): string[] {
  const own: Expect = isMap(current) ? current : {};
  if (!isMap(current)) return Object.keys(next);
  return [...new Set([...Object.keys(own), ...Object.keys(next)])].filter((k) => !isDeepStrictEqual(own[k], next[k]));
}

/** The new text must parse to the old data with only the new expectations in it, and load every scenario the old text loaded. */
function checkRewrite(oldText: string, newText: string, file: string, expected: Map<number, Expect>): string | undefined {
  let after: { scenarios?: unknown[] } & Record<string, unknown>;
  try {
    after = parseYaml(newText, file).value as typeof after;
  } catch (error) {
    return `the new text does not parse (${(error as Error).message})`;
  }
  const before = parseYaml(oldText, file).value as { scenarios: unknown[] } & Record<string, unknown>;
  const want = {
    ...before,
    scenarios: before.scenarios.map((s, i) => (expected.has(i) ? { ...(s as object), expect: expected.get(i) } : s)),
  };
  if (!isDeepStrictEqual(after, want)) return 'the new text does not read back as the old one with the new expectations';
  const loadedBefore = new Set(parseScenarioFile(oldText, file).scenarios.map((s) => s.index));
  const loadedAfter = new Set(parseScenarioFile(newText, file).scenarios.map((s) => s.index));
  for (const index of [...loadedBefore, ...expected.keys()])
    if (!loadedAfter.has(index)) return `scenario ${index + 1} would no longer load with its new expectation`;
  return undefined;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
