// A schema-valid scenario plus the file's defaults → the Scenario the runner uses.
import type { YamlDoc, YamlPath } from '../yaml/parse.ts';
import { RECORD_EXPECT, type Expectations, type Scenario } from '../domain/scenario.ts';
import type { JsonValue } from '../domain/json.ts';
import type { MockOutcome } from '../domain/wire.ts';

/** The shape the schema guarantees; only the keys this module reads. */
export interface RawDefaults {
  flow?: string;
  variables?: Record<string, JsonValue>;
  mocks?: Record<string, MockOutcome | MockOutcome[]>;
  clock?: string;
  input?: { dtmf?: string; speech?: string };
  tags?: string[];
  skip?: boolean;
  loopThreshold?: number;
  maxLoops?: number;
}

export interface RawScenario extends RawDefaults {
  name: string;
  expect?: Expectations | typeof RECORD_EXPECT;
}

/** File-level keys that are defaults for each scenario. */
export const DEFAULTABLE_KEYS = ['flow', 'variables', 'mocks', 'clock', 'input', 'tags', 'skip', 'loopThreshold', 'maxLoops'] as const;

export interface NormalizeContext {
  file: string;
  doc: YamlDoc;
  defaults: RawDefaults;
}

export function normalizeScenario(raw: RawScenario, index: number, ctx: NormalizeContext): Scenario {
  const { defaults } = ctx;
  const input = raw.input ?? defaults.input ?? {};
  const scenario: Scenario = {
    id: `${ctx.file}#${index}`,
    name: raw.name,
    file: ctx.file,
    index,
    line: ctx.doc.lineOf(['scenarios', index]),
    // The schema requires a flow on the scenario when the file has none.
    flow: raw.flow ?? defaults.flow ?? '',
    input: { dtmf: input.dtmf ?? '', speech: input.speech ?? '' },
    // Cloned: YAML aliases share objects between scenarios, and consumers must not see each other's edits.
    variables: structuredClone({ ...defaults.variables, ...raw.variables }),
    expect: raw.expect === RECORD_EXPECT ? {} : structuredClone(raw.expect ?? {}),
    tags: [...new Set([...(defaults.tags ?? []), ...(raw.tags ?? [])])],
    skip: raw.skip ?? defaults.skip ?? false,
    lines: collectLines(raw, index, ctx),
  };
  // By key, as variables: a file can mock the hours check once and a scenario its own lookup.
  if (raw.expect === RECORD_EXPECT) scenario.record = true;
  const mocks = { ...defaults.mocks, ...raw.mocks };
  if (Object.keys(mocks).length > 0) scenario.mocks = structuredClone(mocks);
  const clock = raw.clock ?? defaults.clock;
  if (clock !== undefined) scenario.clock = clock;
  const loopThreshold = raw.loopThreshold ?? defaults.loopThreshold;
  const maxLoops = raw.maxLoops ?? defaults.maxLoops;
  if (loopThreshold !== undefined) scenario.loopThreshold = loopThreshold;
  if (maxLoops !== undefined) scenario.maxLoops = maxLoops;
  return scenario;
}

/**
 * Lines of every key the scenario uses, its own or inherited: an inherited key points at the
 * file-level line, so an annotation lands where the value was written.
 */
function collectLines(raw: RawScenario, index: number, ctx: NormalizeContext): Record<string, number> {
  const lines: Record<string, number> = {};
  const rawRecord = raw as unknown as Record<string, unknown>;
  const defaultsRecord = ctx.defaults as unknown as Record<string, unknown>;
  for (const key of DEFAULTABLE_KEYS) {
    const own = key in rawRecord;
    // Variables and mocks merge key by key, so file-level names stay visible under the scenario's.
    if (key in defaultsRecord && (!own || key === 'variables' || key === 'mocks')) {
      recordLines(defaultsRecord[key], [key], key, ctx.doc, lines);
    }
  }
  for (const [key, value] of Object.entries(rawRecord)) {
    recordLines(value, ['scenarios', index, key], key, ctx.doc, lines);
  }
  return lines;
}

function recordLines(value: unknown, path: YamlPath, key: string, doc: YamlDoc, lines: Record<string, number>): void {
  lines[key] = doc.lineOf(path);
  if (Array.isArray(value)) {
    value.forEach((item, i) => recordLines(item, [...path, i], `${key}[${i}]`, doc, lines));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, child] of Object.entries(value)) recordLines(child, [...path, name], `${key}.${name}`, doc, lines);
  }
}
