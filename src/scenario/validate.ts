// Schema validation of a parsed scenario file; the errors are worded by validation/schema-errors.ts, as
// for flow definitions, and grouped here by the scenario they are in.
import type { ErrorObject } from 'ajv';
import type { YamlDoc } from '../yaml/parse.ts';
import type { LoadProblem } from '../domain/scenario.ts';
import { scenarioFileSchema } from './schema.ts';
import { scenarioFileValidator } from '../schema-validators.ts';
import { rewriteSchemaErrors, type PathSegment, type RewriteOptions, type SchemaProblem } from '../validation/schema-errors.ts';

export interface SchemaProblems {
  /** Problems outside `scenarios[i]`: the whole file is unusable. */
  fileProblems: LoadProblem[];
  /** Problems inside a scenario, by its index: that scenario alone is dropped (its list is empty when all were past the cap). */
  byScenario: Map<number, LoadProblem[]>;
  /** Past MAX_LISTED_PROBLEMS: how many more there were, and a problem that says so at the first of them. */
  unlisted?: LoadProblem;
}

const REWRITE: RewriteOptions = {
  // Inside a scenario, messages name the key from the scenario (`'input.dtmf'`): the problem's key has the rest.
  scope: (path) =>
    scenarioIndexOf(path) === null ? { prefix: '', path, noun: 'the file' } : { prefix: '', path: path.slice(2), noun: 'the scenario' },
  hints: {
    unknownKey: matcherHint,
    // Required only when the file has no default: the schema's `if` says so, this says where to put it.
    missingKey: (name) => (name === 'flow' ? ' (set it on the scenario or at file level)' : ''),
    wrongType: listValueHint,
  },
};

export function validateScenarioFile(value: unknown, doc: YamlDoc, file: string): SchemaProblems {
  const result: SchemaProblems = { fileProblems: [], byScenario: new Map() };
  const validate = scenarioFileValidator();
  if (validate(value)) return result;
  const { problems, unlisted, unlistedProblem } = rewriteSchemaErrors(validate.errors ?? [], value, doc, REWRITE);
  for (const problem of problems) {
    const index = scenarioIndexOf(problem.path);
    const loadProblem = toLoadProblem(problem, file);
    if (index === null) result.fileProblems.push(loadProblem);
    else {
      // Pushed in place: copying the list per problem was quadratic in a scenario with thousands of them.
      const list = result.byScenario.get(index);
      if (list) list.push(loadProblem);
      else result.byScenario.set(index, [loadProblem]);
    }
  }
  if (unlistedProblem) markUnlisted(result, unlisted, toLoadProblem(unlistedProblem, file), value);
  return result;
}

function toLoadProblem(problem: SchemaProblem, file: string): LoadProblem {
  return { code: 'SCENARIO_SCHEMA', file, line: problem.line, key: problem.key, message: problem.message };
}

/** The errors past the cap still drop the scenarios they are in (or the whole file), cheaply, without wording them. */
function markUnlisted(result: SchemaProblems, rest: readonly ErrorObject[], summary: LoadProblem, root: unknown): void {
  const inList = Array.isArray((root as { scenarios?: unknown } | null)?.scenarios);
  let fileLevel = false;
  for (const error of rest) {
    const match = /^\/scenarios\/(\d+)(?:\/|$)/.exec(error.instancePath);
    if (!inList || !match) {
      fileLevel = true;
      continue;
    }
    const index = Number(match[1]);
    if (!result.byScenario.has(index)) result.byScenario.set(index, []);
  }
  // An unlisted file-level problem still makes the whole file unusable, as it would have listed.
  if (fileLevel) result.fileProblems.push(summary);
  else result.unlisted = summary;
}

function scenarioIndexOf(path: readonly PathSegment[]): number | null {
  return path[0] === 'scenarios' && typeof path[1] === 'number' ? path[1] : null;
}

/** A map where a matcher is expected was meant as the value: say how to expect a map. */
function matcherHint(parentSchema: unknown): string {
  const isMatcher = (parentSchema as { title?: string } | undefined)?.title === scenarioFileSchema.definitions.matcher.title;
  return isMatcher ? ' (to expect a map value, write { equals: {...} })' : '';
}

/** A list where a scalar or a matcher map is expected: the value was meant literally. */
function listValueHint(error: ErrorObject): string {
  const types = String(error.params.type).split(',');
  // A map alone (a scenario, `expect`) is no expectation: the hint is for a scalar-or-matcher value.
  const expectation = types.includes('object') && types.length > 1 && !types.includes('array');
  if (Array.isArray(error.data) && expectation) return ' (to expect a list value, write { equals: [...] })';
  return '';
}
