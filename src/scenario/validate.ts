// Schema validation of a parsed scenario file, with ajv's errors rewritten for the person who
// wrote the file: one message per location, the key's line, and a suggestion for typos.
import AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import type { YamlDoc } from '../yaml/parse.ts';
import type { LoadProblem } from './types.ts';
import { scenarioFileSchema } from './schema.ts';

// ajv is CommonJS: under Node's ESM loader the class sits on `.default`, under bundlers on the module.
const Ajv = AjvModule.default ?? AjvModule;
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validateFile = ajv.compile(scenarioFileSchema);

export type PathSegment = string | number;

export interface SchemaProblems {
  /** Problems outside `scenarios[i]`: the whole file is unusable. */
  fileProblems: LoadProblem[];
  /** Problems inside a scenario, by its index: that scenario alone is dropped. */
  byScenario: Map<number, LoadProblem[]>;
}

export function validateScenarioFile(value: unknown, doc: YamlDoc, file: string): SchemaProblems {
  const result: SchemaProblems = { fileProblems: [], byScenario: new Map() };
  if (validateFile(value)) return result;
  const seen = new Set<string>();
  for (const error of collapseAlternatives(validateFile.errors ?? [])) {
    const problem = toProblem(error, value, doc, file);
    const where = `${problem.key}|${error.keyword === 'additionalProperties' || error.keyword === 'required' ? error.message : ''}`;
    if (seen.has(where)) continue;
    seen.add(where);
    const index = scenarioIndexOf(problem.key);
    if (index === null) result.fileProblems.push(problem);
    else result.byScenario.set(index, [...(result.byScenario.get(index) ?? []), problem]);
  }
  return result;
}

/**
 * Replaces each failed anyOf by the errors of the alternative whose type fits the value, or by
 * the anyOf error alone when none fits. ajv reports an anyOf after its branches' errors, and our
 * anyOf subschemas hold no other keyword, so the branch errors are the run just before it.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue; // its `then` error says it better
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      out.push(error);
      continue;
    }
    const branch: ErrorObject[] = [];
    while (out.length > 0 && isWithin(out[out.length - 1]?.instancePath ?? '', error.instancePath)) branch.unshift(out.pop() as ErrorObject);
    const fits = branchTypes(error.schema).some((type) => fitsType(error.data, type));
    if (fits) out.push(...branch.filter((e) => !(e.keyword === 'type' && e.instancePath === error.instancePath)));
    else out.push(error);
  }
  return out;
}

function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function branchTypes(branches: unknown): string[] {
  if (!Array.isArray(branches)) return [];
  return branches.flatMap((branch: { type?: string | string[]; $ref?: string }) => {
    const target = branch.$ref ? resolveRef(branch.$ref) : branch;
    const type = target?.type;
    return type === undefined ? [] : Array.isArray(type) ? type : [type];
  });
}

function resolveRef(ref: string): { type?: string | string[] } | undefined {
  const name = ref.replace('#/definitions/', '') as keyof typeof scenarioFileSchema.definitions;
  return scenarioFileSchema.definitions[name] as { type?: string | string[] } | undefined;
}

function fitsType(value: unknown, type: string): boolean {
  return type === jsonType(value) || (type === 'number' && jsonType(value) === 'integer') || (type === 'integer' && Number.isInteger(value));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
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
    message: explain(error, formatKey(scenarioRelative(at)), extra),
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

export function formatKey(segments: readonly PathSegment[]): string {
  let key = '';
  for (const segment of segments) key += typeof segment === 'number' ? `[${segment}]` : key === '' ? segment : `.${segment}`;
  return key;
}

function scenarioRelative(segments: readonly PathSegment[]): readonly PathSegment[] {
  return segments[0] === 'scenarios' && typeof segments[1] === 'number' && segments.length > 2 ? segments.slice(2) : segments;
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

function explain(error: ErrorObject, key: string, unknownKey: string | null): string {
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
        const hint = typeof error.data === 'number' ? `: quote it (dtmf: "${error.data}") so leading zeros survive` : `, got ${got}`;
        return `'${key}' must be a string of digits 0-9, * or #${hint}`;
      }
      if (error.keyword === 'pattern') return `'${key}' must match ${String(error.params.pattern)}, got ${got}`;
      return `'${key}' must be ${typeList(error.params.type)}, got ${got}`;
    case 'anyOf':
    case 'oneOf':
      return `'${key}' must be ${typeList(branchTypes(error.schema))}, got ${got}${anyOfHint(error)}`;
    case 'minItems':
      return error.params.limit === 1 ? `'${key}' must not be empty` : `'${key}' must list at least ${String(error.params.limit)} items`;
    case 'minLength':
      return `'${key}' must not be empty`;
    case 'minProperties':
      return `'${key}' must have at least one of ${Object.keys(propertiesOf(error.parentSchema)).join(', ')}`;
    case 'minimum':
      return `'${key}' must be at least ${String(error.params.limit)}, got ${got}`;
    case 'enum':
      return `'${key}' must be one of ${(error.params.allowedValues as unknown[]).map((v) => String(v)).join(', ')}, got ${got}`;
    default:
      return `'${key}' ${error.message ?? 'is invalid'}`;
  }
}

function anyOfHint(error: ErrorObject): string {
  const types = branchTypes(error.schema);
  if (Array.isArray(error.data) && types.includes('object') && !types.includes('array')) return ' (to expect a list value, write { equals: [...] })';
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

function explainUnknownKey(name: string, parentSchema: unknown): string {
  const allowed = Object.keys(propertiesOf(parentSchema));
  const suggestion = suggestKey(name, allowed);
  if (suggestion) return `unknown key '${name}' (did you mean '${suggestion}'?)`;
  const isMatcher = (parentSchema as { title?: string } | undefined)?.title === scenarioFileSchema.definitions.matcher.title;
  const hint = isMatcher ? ' (to expect a map value, write { equals: {...} })' : '';
  return `unknown key '${name}': expected one of ${allowed.join(', ')}${hint}`;
}

/** The closest allowed key, when it is close enough to be a typo (case and `_` are forgiven). */
export function suggestKey(name: string, allowed: readonly string[]): string | null {
  const wanted = name.toLowerCase().replace(/[_-]/g, '');
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = measureEditDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.min(2, Math.floor(wanted.length / 2)) ? best : null;
}

/** Optimal string alignment distance: a swapped pair of letters counts as one edit. */
export function measureEditDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
