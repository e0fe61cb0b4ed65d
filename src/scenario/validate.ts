// Schema validation of a parsed scenario file, with ajv's errors rewritten for the person who
// wrote the file: one message per location, the key's line, and a suggestion for typos.
import AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import type { YamlDoc } from '../yaml/parse.ts';
import type { LoadProblem } from '../domain/scenario.ts';
import { scenarioFileSchema } from './schema.ts';
import { excerpt, quoteValue } from '../text.ts';

// ajv is CommonJS: under Node's ESM loader the class sits on `.default`, under bundlers on the module.
const Ajv = AjvModule.default ?? AjvModule;
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validateFile = ajv.compile(inlineLocalRefs(scenarioFileSchema));

/**
 * The schema with every `$ref: '#/definitions/x'` replaced by the definition itself. ajv compiles a
 * $ref into a call whose errors it appends with `concat`, once per list item or map entry: quadratic
 * in the error count, so one scenario with 10,000 bad variables took seconds. Inlined, errors are
 * pushed. The definitions are not recursive, and the shipped schema keeps its $refs.
 */
function inlineLocalRefs<T>(schema: T): T {
  const { definitions = {}, ...root } = schema as { definitions?: Record<string, unknown> };
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) return inline(definitions[ref.slice('#/definitions/'.length)]);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value)]));
  };
  return inline(root) as T;
}

export type PathSegment = string | number;

/**
 * Schema problems listed per file. A generated or garbled file can hold 300,000 (a long list of
 * wrong items), which took seconds to word and no one reads; past this they are counted, not listed.
 */
export const MAX_LISTED_PROBLEMS = 1000;

export interface SchemaProblems {
  /** Problems outside `scenarios[i]`: the whole file is unusable. */
  fileProblems: LoadProblem[];
  /** Problems inside a scenario, by its index: that scenario alone is dropped (its list is empty when all were past the cap). */
  byScenario: Map<number, LoadProblem[]>;
  /** Past MAX_LISTED_PROBLEMS: how many more there were, and a problem that says so at the first of them. */
  unlisted?: LoadProblem;
}

export function validateScenarioFile(value: unknown, doc: YamlDoc, file: string): SchemaProblems {
  const result: SchemaProblems = { fileProblems: [], byScenario: new Map() };
  if (validateFile(value)) return result;
  const seen = new Set<string>();
  // An `if` error ("must match \"then\" schema") says less than the errors of the branch it chose.
  const errors = (validateFile.errors ?? []).filter((error) => error.keyword !== 'if');
  for (const [i, error] of errors.entries()) {
    if (seen.size >= MAX_LISTED_PROBLEMS) {
      markUnlisted(result, errors.slice(i), value, doc, file);
      break;
    }
    const problem = toProblem(error, value, doc, file);
    const where = `${problem.key}|${error.keyword === 'additionalProperties' || error.keyword === 'required' ? error.message : ''}`;
    if (seen.has(where)) continue;
    seen.add(where);
    const index = scenarioIndexOf(problem.key);
    if (index === null) result.fileProblems.push(problem);
    else {
      // Pushed in place: copying the list per problem was quadratic in a scenario with thousands of them.
      const list = result.byScenario.get(index);
      if (list) list.push(problem);
      else result.byScenario.set(index, [problem]);
    }
  }
  return result;
}

function toProblem(error: ErrorObject, root: unknown, doc: YamlDoc, file: string): LoadProblem {
  const path = toSegments(error.instancePath, root);
  const extra = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : null;
  const at = extra === null ? path : [...path, extra];
  return {
    code: 'SCENARIO_SCHEMA',
    file,
    line: doc.lineOf(at),
    key: formatKey(at),
    message: explain(error, formatKey(scenarioRelative(at)), extra, doc.sourceOf(path)),
  };
}

/** JSON pointer → segments, with list positions as numbers (so keys read `scenarios[2]`). */
export function toSegments(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const name = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) ? Number(name) : name;
    segments.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
  }
  return segments;
}

/** A dotted key for messages and reports; a name over MAX_EXCERPT_CHARS characters is cut (it is a locator, not data). */
export function formatKey(segments: readonly PathSegment[]): string {
  let key = '';
  for (const segment of segments) {
    const name = typeof segment === 'string' ? quoteKey(segment) : segment;
    key += typeof name === 'number' ? `[${name}]` : key === '' ? name : `.${name}`;
  }
  return key;
}

function scenarioRelative(segments: readonly PathSegment[]): readonly PathSegment[] {
  return segments[0] === 'scenarios' && typeof segments[1] === 'number' && segments.length > 2 ? segments.slice(2) : segments;
}

/** The errors past the cap still drop the scenarios they are in (or the whole file), cheaply, without wording them. */
function markUnlisted(result: SchemaProblems, rest: readonly ErrorObject[], root: unknown, doc: YamlDoc, file: string): void {
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
  const first = toProblem(rest[0] as ErrorObject, root, doc, file);
  const message = `${rest.length} more schema problems from here on are not listed (the first ${MAX_LISTED_PROBLEMS} are): fix those first`;
  // An unlisted file-level problem still makes the whole file unusable, as it would have listed.
  if (fileLevel) result.fileProblems.push({ ...first, message });
  else result.unlisted = { ...first, message };
}

function scenarioIndexOf(key: string): number | null {
  const match = /^scenarios\[(\d+)\]/.exec(key);
  return match ? Number(match[1]) : null;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  null: 'null',
};

/** `source`: the value as written in the file, when it is a scalar (`0123` for the number 123). */
function explain(error: ErrorObject, key: string, unknownKey: string | null, source?: string): string {
  const got = describe(error.data);
  const isDtmf = key === 'input.dtmf';
  switch (error.keyword) {
    case 'additionalProperties':
      return explainUnknownKey(unknownKey ?? '', error.parentSchema);
    case 'required': {
      const missing = String(error.params.missingProperty);
      if (missing === 'flow') return `missing 'flow' (set it on the scenario or at file level)`;
      return key === '' ? `missing '${missing}'` : `'${key}' is missing '${missing}'`;
    }
    case 'type':
    case 'pattern':
      if (isDtmf) {
        // Quoted as written: `dtmf: 0123` reads as the number 123, and "123" would lose the very zero.
        const hint =
          typeof error.data === 'number'
            ? `: quote it (dtmf: ${JSON.stringify(source ?? String(error.data))}) so leading zeros survive`
            : `, got ${got}`;
        return `'${key}' must be a string of digits 0-9, * or #${hint}`;
      }
      if (error.keyword === 'pattern') return `'${key}' must match ${String(error.params.pattern)}, got ${got}`;
      return `'${key}' must be ${typeList(error.params.type)}, got ${got}${listValueHint(error)}`;
    case 'minItems':
      return error.params.limit === 1 ? `'${key}' must not be empty` : `'${key}' must list at least ${String(error.params.limit)} items`;
    case 'minLength':
      return `'${key}' must not be empty`;
    case 'minProperties':
      return `'${key}' must have at least one of ${Object.keys(propertiesOf(error.parentSchema)).join(', ')}`;
    case 'minimum':
      return `'${key}' must be at least ${String(error.params.limit)}, got ${got}`;
    case 'maximum':
      return `'${key}' must be at most ${String(error.params.limit)}, got ${got}`;
    case 'enum':
      return `'${key}' must be one of ${(error.params.allowedValues as unknown[]).map((v) => String(v)).join(', ')}, got ${got}`;
    default:
      return `'${key}' ${error.message ?? 'is invalid'}`;
  }
}

/** A list where a scalar or a matcher map is expected: the value was meant literally. */
function listValueHint(error: ErrorObject): string {
  const types = String(error.params.type).split(',');
  if (Array.isArray(error.data) && types.includes('object') && !types.includes('array'))
    return ' (to expect a list value, write { equals: [...] })';
  return '';
}

function typeList(type: unknown): string {
  const names = [...new Set((Array.isArray(type) ? type : String(type).split(',')).map((t) => TYPE_NAMES[String(t)] ?? String(t)))];
  return names.length <= 1 ? (names[0] ?? 'valid') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ?? {};
}

/** A key quoted in a message: a pasted megabyte must not become a megabyte annotation. */
const quoteKey = (name: string): string => excerpt(name);

function explainUnknownKey(name: string, parentSchema: unknown): string {
  const allowed = Object.keys(propertiesOf(parentSchema));
  const suggestion = suggestKey(name, allowed);
  if (suggestion) return `unknown key '${quoteKey(name)}' (did you mean '${suggestion}'?)`;
  const isMatcher = (parentSchema as { title?: string } | undefined)?.title === scenarioFileSchema.definitions.matcher.title;
  const hint = isMatcher ? ' (to expect a map value, write { equals: {...} })' : '';
  return `unknown key '${quoteKey(name)}': expected one of ${allowed.join(', ')}${hint}`;
}

/** The closest allowed key, when it is close enough to be a typo (case and `_` are forgiven). */
export function suggestKey(name: string, allowed: readonly string[]): string | null {
  const wanted = name.toLowerCase().replace(/[_-]/g, '');
  const limit = Math.min(2, Math.floor(wanted.length / 2));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const other = candidate.toLowerCase();
    // The distance is at least the difference in length: a 1 MB key must not build a 1 MB table.
    if (Math.abs(other.length - wanted.length) > limit) continue;
    const distance = measureEditDistance(wanted, other);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= limit ? best : null;
}

/** Optimal string alignment distance: a swapped pair of letters counts as one edit. */
export function measureEditDistance(a: string, b: string): number {
  // Three rolling rows (the transposition looks two back): no table per call, as a file can ask thousands.
  let older = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (older[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    [older, prev, row] = [prev, row, older];
  }
  return prev[b.length] ?? 0;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  return quoteValue(value);
}
