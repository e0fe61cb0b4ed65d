// Scenario files (README, Scenario files): find them, read them, and turn each into Scenarios plus problems that
// name file, line and key. One broken file or scenario never hides the others.
import { matchFiles, OUTSIDE_DIRECTORY, readMatchedFile } from '../match-files.ts';
import { boundProblem, NO_LINE, quoteValue } from '../text.ts';
import { YamlError, parseYaml } from '../yaml/parse.ts';
import type { YamlDoc } from '../yaml/parse.ts';
import { normalizeScenario } from './normalize.ts';
import type { RawDefaults, RawScenario } from './normalize.ts';
import type { LoadProblem, LoadResult, Scenario } from '../domain/scenario.ts';
import { validateScenarioFile } from './validate.ts';
import { formatKey } from '../validation/schema-errors.ts';
import { compileUserRegex } from '../user-regex.ts';
import { parseClock } from '../domain/clock.ts';

/** Far above any hand-written scenario file; larger files are refused unread. */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;
/** Per file: a generated file past this is better split, and reports stay readable. */
export const MAX_SCENARIOS_PER_FILE = 1000;

export interface LoadOptions {
  /** Root the patterns and the reported paths are relative to. */
  workspace: string;
  /** Globs; `!pattern` excludes. */
  patterns: string[];
}

export async function loadScenarios(opts: LoadOptions): Promise<LoadResult> {
  const { files, outside } = await matchFiles(opts.workspace, opts.patterns);
  const refused = outside.map(
    (dir): LoadProblem => ({ code: 'SCENARIO_READ', file: dir, line: NO_LINE, key: '', message: OUTSIDE_DIRECTORY }),
  );
  if (files.length === 0 && refused.length === 0) {
    const quoted = opts.patterns.map((p) => `"${p}"`).join(', ') || '(none)';
    const message = `no scenario file matched ${quoted} in ${opts.workspace}`;
    return { files, scenarios: [], problems: [{ code: 'SCENARIO_NONE_FOUND', file: '', line: NO_LINE, key: '', message }] };
  }
  const parsed = await Promise.all(
    files.map(async (file) => {
      const read = await readMatchedFile(opts.workspace, file, MAX_SCENARIO_FILE_BYTES);
      if (read.ok) return parseScenarioFile(read.text, file);
      const problem: LoadProblem = { code: 'SCENARIO_READ', file, line: NO_LINE, key: '', message: read.reason };
      return { scenarios: [], problems: [problem] };
    }),
  );
  return {
    files,
    scenarios: parsed.flatMap((p) => p.scenarios),
    problems: [...refused, ...parsed.flatMap((p) => p.problems)],
  };
}

/** Pure: the text of one file → its valid scenarios and every problem found. */
export function parseScenarioFile(text: string, file: string): { scenarios: Scenario[]; problems: LoadProblem[] } {
  let doc: YamlDoc;
  try {
    doc = parseYaml(text, file, { maxBytes: MAX_SCENARIO_FILE_BYTES });
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    return {
      scenarios: [],
      problems: [{ code: 'SCENARIO_YAML', file, line: error.line, column: error.column, key: '', message: error.reason }],
    };
  }
  const { scenarios, problems } = checkScenarioFile(doc, file);
  return { scenarios, problems: problems.map(boundProblem) };
}

function checkScenarioFile(doc: YamlDoc, file: string): { scenarios: Scenario[]; problems: LoadProblem[] } {
  const topProblem = checkTopLevel(doc, file);
  if (topProblem) return { scenarios: [], problems: [topProblem] };
  const value = doc.value as { scenarios?: unknown } & RawDefaults;
  const { fileProblems, byScenario, unlisted } = validateScenarioFile(value, doc, file);
  const rawScenarios = Array.isArray(value.scenarios) ? (value.scenarios as unknown[]) : [];
  // A file-level clock the schema let through but no calendar has: the file's problem, as a wrong type would be.
  if (fileProblems.length === 0) fileProblems.push(...checkClock(value.clock, ['clock'], doc, file));
  const problems = [...fileProblems, ...[...byScenario.values()].flat(), ...(unlisted ? [unlisted] : [])];
  rawScenarios.forEach((raw, index) => {
    // The clock's calendar only once its shape passed the schema (a wrong shape is said once, by it).
    const clock = byScenario.has(index) ? [] : checkClock(asMap(raw)?.['clock'], ['scenarios', index, 'clock'], doc, file);
    const regexProblems = [...checkRegexes(raw, index, doc, file), ...clock];
    if (regexProblems.length > 0) byScenario.set(index, [...(byScenario.get(index) ?? []), ...regexProblems]);
    for (const problem of regexProblems) problems.push(problem);
  });
  problems.push(...findDuplicateNames(rawScenarios, byScenario, doc, file));
  const scenarios: Scenario[] = [];
  if (fileProblems.length === 0) {
    const ctx = { file, doc, defaults: value };
    rawScenarios.forEach((raw, index) => {
      if (!byScenario.has(index)) scenarios.push(normalizeScenario(raw as RawScenario, index, ctx));
    });
  }
  return { scenarios, problems: problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)) };
}

/** Problems that make the rest meaningless: no map at the top, or too many scenarios to check. */
function checkTopLevel(doc: YamlDoc, file: string): LoadProblem | null {
  const value = doc.value;
  const problem = (line: number, key: string, message: string): LoadProblem => ({ code: 'SCENARIO_SCHEMA', file, line, key, message });
  if (value === null) return problem(1, '', `the file is empty: expected a map with a 'scenarios' list`);
  if (typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'a list' : quoteValue(value);
    return problem(doc.lineOf([]), '', `expected a map with a 'scenarios' list at the top of the file, got ${got}`);
  }
  const scenarios = (value as { scenarios?: unknown }).scenarios;
  if (Array.isArray(scenarios) && scenarios.length > MAX_SCENARIOS_PER_FILE) {
    const message = `'scenarios' lists ${scenarios.length} scenarios, more than the limit of ${MAX_SCENARIOS_PER_FILE} per file: split the file`;
    return problem(doc.lineOf(['scenarios']), 'scenarios', message);
  }
  return null;
}

/** `matches` must compile on the linear-time engine (user-regex.ts): the schema can only say it is a string. Runs on invalid scenarios too, to report everything at once. */
function checkRegexes(raw: unknown, index: number, doc: YamlDoc, file: string): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const expect = asMap(asMap(raw)?.['expect']);
  const check = (expectations: unknown, base: (string | number)[]): void => {
    for (const [name, expectation] of Object.entries(asMap(expectations) ?? {})) {
      const pattern = asMap(expectation)?.['matches'];
      if (typeof pattern !== 'string') continue;
      const { error } = compileUserRegex(pattern);
      if (error === undefined) continue;
      const path = [...base, name, 'matches'];
      // The pattern is the user's text, cut by quoteValue; `error` is our explanation (its quotes already cut): whole.
      const message = `'${formatKey(path)}' ${quoteValue(pattern)} ${error}`;
      const at = ['scenarios', index, ...path];
      problems.push({ code: 'SCENARIO_SCHEMA', file, line: doc.lineOf(at), key: formatKey(at), message });
    }
  };
  check(expect?.['variables'], ['expect', 'variables']);
  for (const [node, variables] of Object.entries(asMap(expect?.['variablesAt']) ?? {})) check(variables, ['expect', 'variablesAt', node]);
  return problems;
}

/** A clock of the right shape that is no real instant (February 30th, hour 25, zone +99:00): what the emulator would refuse. */
function checkClock(clock: unknown, at: (string | number)[], doc: YamlDoc, file: string): LoadProblem[] {
  if (typeof clock !== 'string') return [];
  const parsed = parseClock(clock);
  if (typeof parsed !== 'string') return [];
  const key = formatKey(at);
  return [
    {
      code: 'SCENARIO_SCHEMA',
      file,
      line: doc.lineOf(at),
      key,
      message: `'${key.replace(/^scenarios\[\d+\]\./, '')}' ${quoteValue(clock)} ${parsed}`,
    },
  ];
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Names key the report; a repeated name is a problem on the second, which is dropped. */
function findDuplicateNames(
  rawScenarios: readonly unknown[],
  invalid: Map<number, LoadProblem[]>,
  doc: YamlDoc,
  file: string,
): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const firstLine = new Map<string, number>();
  rawScenarios.forEach((raw, index) => {
    const name = (raw as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const line = doc.lineOf(['scenarios', index, 'name']);
    const first = firstLine.get(name);
    if (first === undefined) {
      firstLine.set(name, line);
      return;
    }
    const problem: LoadProblem = {
      code: 'SCENARIO_DUPLICATE_NAME',
      file,
      line,
      key: `scenarios[${index}].name`,
      message: `duplicate scenario name ${quoteValue(name)} (first at line ${first}): names must be unique within a file`,
    };
    problems.push(problem);
    invalid.set(index, [...(invalid.get(index) ?? []), problem]);
  });
  return problems;
}
