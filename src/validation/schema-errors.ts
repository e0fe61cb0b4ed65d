// ajv's errors rewritten for the person who wrote the file, for every file format checked by a JSON
// Schema (scenario files, flow definitions): one message per location, the key's line, the words the
// schema gives (`patternErrorMessage`, which editors show too), and "did you mean" for typos. Pure: the
// formats say only where a message is about (their scope) and add hints of their own.
import type { ErrorObject } from 'ajv';
import type { YamlDoc } from '../yaml/parse.ts';
import { excerpt, quoteValue } from '../text.ts';
import { didYouMean, suggest, suggestBudget, type SuggestBudget } from './suggest.ts';

export type PathSegment = string | number;

/**
 * Schema problems listed per file. A generated or garbled file can hold 300,000 (a long list of
 * wrong items), which took seconds to word and no one reads; past this they are counted, not listed.
 */
export const MAX_LISTED_PROBLEMS = 1000;

export interface SchemaProblem {
  /** Where in the file: the value's path, plus the offending key for an unknown or invalid key. */
  path: PathSegment[];
  line: number;
  /** `formatKey(path)`. */
  key: string;
  message: string;
}

/** What a message is about: `prefix` opens it (`node 'a': `), `path` is the key as the message names it. */
export interface Scope {
  prefix: string;
  path: readonly PathSegment[];
  /** The subject when `path` is empty (`the node must be a map`). */
  noun: string;
  /** Who needs a missing key, when the format names it (`a Condition node needs 'else'`); else `missing 'else'`. */
  owner?: string;
}

export interface RewriteOptions {
  scope(path: readonly PathSegment[], root: unknown): Scope;
  /** A format's own advice, appended to the message of an unknown key or a value of the wrong type. */
  hints?: { unknownKey?(parentSchema: unknown): string; missingKey?(name: string): string; wrongType?(error: ErrorObject): string };
}

export interface RewriteResult {
  problems: SchemaProblem[];
  /** The errors past MAX_LISTED_PROBLEMS, unworded (a format may still need where they are). */
  unlisted: ErrorObject[];
  /** At the first unlisted error: how many more there are. */
  unlistedProblem?: SchemaProblem;
}

/** Errors that only repeat others: an `if`'s "must match then", a key's "property name must be valid". */
const ECHOES = new Set(['if', 'propertyNames']);

export function rewriteSchemaErrors(errors: readonly ErrorObject[], root: unknown, doc: YamlDoc, options: RewriteOptions): RewriteResult {
  const ctx: Ctx = { root, doc, options, budget: suggestBudget(), meant: new Map() };
  const kept = dropEchoes(errors, ctx);
  const result: RewriteResult = { problems: [], unlisted: [] };
  const seen = new Set<string>();
  for (const [i, error] of kept.entries()) {
    if (seen.size >= MAX_LISTED_PROBLEMS) {
      result.unlisted = kept.slice(i);
      const first = toProblem(error, ctx);
      const message = `${result.unlisted.length} more schema problems from here on are not listed (the first ${MAX_LISTED_PROBLEMS} are): fix those first`;
      result.unlistedProblem = { ...first, message };
      break;
    }
    const problem = toProblem(error, ctx);
    const where = `${problem.key}|${error.keyword === 'additionalProperties' || error.keyword === 'required' ? problem.message : ''}`;
    if (seen.has(where)) continue;
    seen.add(where);
    result.problems.push(problem);
  }
  return result;
}

interface Ctx {
  root: unknown;
  doc: YamlDoc;
  options: RewriteOptions;
  budget: SuggestBudget;
  /** The key each unknown key is taken for (error → suggestion), found once and used twice. */
  meant: Map<ErrorObject, string | undefined>;
}

/**
 * Without the errors that say nothing new: echoes; the branches of an anyOf that failed (its own error
 * says it); and a missing key that an unknown key beside it is a typo of (`promt` for `prompt`: the
 * unknown key, with its suggestion, is the one mistake).
 */
function dropEchoes(errors: readonly ErrorObject[], ctx: Ctx): ErrorObject[] {
  // Schema paths, not instance paths: a few, however many nodes failed the same anyOf. ajv keeps a
  // branch's errors only when the whole anyOf failed.
  const anyOfs = [...new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`))];
  const misspelt = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const meant = suggest(String(error.params.additionalProperty), allowedKeys(error.parentSchema), ctx.budget);
    ctx.meant.set(error, meant);
    if (meant !== undefined) misspelt.add(`${error.instancePath}\u0000${meant}`);
  }
  return errors.filter((e) => {
    if (ECHOES.has(e.keyword)) return false;
    if (anyOfs.length > 0 && anyOfs.some((prefix) => e.schemaPath.startsWith(prefix))) return false;
    return !(e.keyword === 'required' && misspelt.has(`${e.instancePath}\u0000${String(e.params.missingProperty)}`));
  });
}

function toProblem(error: ErrorObject, ctx: Ctx): SchemaProblem {
  const path = toSegments(error.instancePath, ctx.root);
  // An unknown key, or a key that breaks `propertyNames`: the problem is on the key, not on its map.
  const badKey = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : error.propertyName;
  const at = badKey === undefined ? path : [...path, badKey];
  const scope = ctx.options.scope(at, ctx.root);
  const key = formatKey(scope.path);
  const message =
    badKey !== undefined && error.keyword !== 'additionalProperties'
      ? explainKey(error, formatKey(scope.path.slice(0, -1)), badKey)
      : explain(error, { key, noun: scope.noun, owner: scope.owner }, ctx, ctx.doc.sourceOf(path));
  return { path: at, line: ctx.doc.lineOf(at), key: formatKey(at), message: `${scope.prefix}${message}` };
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
    const name = typeof segment === 'string' ? excerpt(segment) : segment;
    key += typeof name === 'number' ? `[${name}]` : key === '' ? name : `.${name}`;
  }
  return key;
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

/** What a message is about: a key inside the scope (`input.dtmf`), or '' for the scope itself. */
interface Subject {
  key: string;
  noun: string;
  owner?: string | undefined;
}

/** `source`: the value as written in the file, when it is a scalar (`0123` for the number 123). */
function explain(error: ErrorObject, about: Subject, ctx: Ctx, source?: string): string {
  const subject = about.key === '' ? about.noun : `'${about.key}'`;
  const got = describe(error.data);
  const words = patternWords(error.parentSchema);
  switch (error.keyword) {
    case 'additionalProperties':
      return explainUnknownKey(error, ctx);
    case 'required':
      return explainMissing(String(error.params.missingProperty), about, error.parentSchema, ctx);
    case 'anyOf':
      return explainAnyOf(error, about);
    case 'type':
      // A string with a pattern is best described by the pattern's words (`a string of digits 0-9, * or #`).
      return `${subject} must be ${words ?? typeList(error.params.type)}${quoteHint(error, source) || `, got ${got}`}${ctx.options.hints?.wrongType?.(error) ?? ''}`;
    case 'pattern':
      return `${subject} ${words === undefined ? `must match ${String(error.params.pattern)}` : `must be ${words}`}, got ${got}`;
    case 'minItems':
      return error.params.limit === 1
        ? `${subject} must not be empty`
        : `${subject} must list at least ${String(error.params.limit)} items`;
    case 'minLength':
      return `${subject} must not be empty`;
    case 'minProperties': {
      const keys = allowedKeys(error.parentSchema);
      return keys.length > 0 ? `${subject} must have at least one of ${keys.join(', ')}` : `${subject} must not be empty`;
    }
    case 'minimum':
      return `${subject} must be at least ${String(error.params.limit)}, got ${got}`;
    case 'maximum':
      return `${subject} must be at most ${String(error.params.limit)}, got ${got}`;
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => String(v));
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed, ctx.budget) : '';
      return `${subject} must be ${words ?? `one of ${allowed.join(', ')}`}, got ${got}${hint}`;
    }
    case 'const':
      return `${subject} must be ${quoteValue(error.params.allowedValue)}, got ${got}`;
    default:
      return `${subject} ${error.message ?? 'is invalid'}`;
  }
}

/** A key that `propertyNames` refuses (an option that is not DTMF digits). */
function explainKey(error: ErrorObject, mapKey: string, name: string): string {
  const words = patternWords(error.parentSchema);
  const wanted =
    words !== undefined
      ? `must be ${words}`
      : error.keyword === 'pattern'
        ? `must match ${String(error.params.pattern)}`
        : (error.message ?? 'is invalid');
  return `key ${quoteValue(name)}${mapKey === '' ? '' : ` of '${mapKey}'`} ${wanted}`;
}

function explainUnknownKey(error: ErrorObject, ctx: Ctx): string {
  const name = String(error.params.additionalProperty);
  const meant = ctx.meant.get(error);
  if (meant !== undefined) return `unknown key '${excerpt(name)}' (did you mean '${excerpt(meant)}'?)`;
  const allowed = allowedKeys(error.parentSchema);
  const expected = allowed.length > 0 ? `: expected one of ${allowed.join(', ')}` : ': it takes no keys';
  return `unknown key '${excerpt(name)}'${expected}${ctx.options.hints?.unknownKey?.(error.parentSchema) ?? ''}`;
}

function explainMissing(missing: string, about: Subject, parentSchema: unknown, ctx: Ctx): string {
  // A missing key with a fixed set of values (a node's `type`) says which.
  const values = (propertiesOf(parentSchema)[missing] as { enum?: unknown[] } | undefined)?.enum;
  const choices = values ? ` (one of ${values.map((v) => String(v)).join(', ')})` : (ctx.options.hints?.missingKey?.(missing) ?? '');
  if (about.key !== '') return `'${about.key}' is missing '${missing}'${choices}`;
  return about.owner === undefined ? `missing '${missing}'${choices}` : `${about.owner} needs '${missing}'${choices}`;
}

/** An anyOf of `required` alone is "at least one of these keys"; any other anyOf is left to ajv's words. */
function explainAnyOf(error: ErrorObject, about: Subject): string {
  const branches = ((error.parentSchema as { anyOf?: unknown[] } | undefined)?.anyOf ?? []) as { required?: string[] }[];
  const keys = branches.map((b) => (Object.keys(b).length === 1 && b.required?.length === 1 ? b.required[0] : undefined));
  const where = about.key !== '' ? `'${about.key}' ` : about.owner === undefined ? '' : `${about.owner} `;
  if (keys.length === 0 || keys.some((k) => k === undefined)) return `${where}${error.message ?? 'is invalid'}`;
  const quoted = keys.map((k) => `'${k}'`);
  const list = quoted.length === 2 ? `${quoted[0]}, ${quoted[1]} or both` : `at least one of ${quoted.join(', ')}`;
  return `${where}needs ${list}`;
}

/**
 * A number written where a string is expected: quote it as written. `dtmf: 0123` is the number 123 to
 * YAML, and "123" would lose the very zero.
 */
function quoteHint(error: ErrorObject, source: string | undefined): string {
  if (typeof error.data !== 'number' || !String(error.params.type).split(',').includes('string')) return '';
  const written = source ?? String(error.data);
  const name = (error.instancePath.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  const survive = /^[+-]?0\d/.test(written) ? ' so leading zeros survive' : '';
  return `: quote it (${excerpt(name)}: ${JSON.stringify(written)})${survive}`;
}

/** The schema's own words for what a pattern wants (`patternErrorMessage`, which editors show): a noun phrase, `a non-empty name`. */
function patternWords(schema: unknown): string | undefined {
  const words = (schema as { patternErrorMessage?: unknown } | undefined)?.patternErrorMessage;
  return typeof words === 'string' ? words : undefined;
}

function typeList(type: unknown): string {
  const names = [...new Set((Array.isArray(type) ? type : String(type).split(',')).map((t) => TYPE_NAMES[String(t)] ?? String(t)))];
  return names.length <= 1 ? (names[0] ?? 'valid') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ?? {};
}

function allowedKeys(schema: unknown): string[] {
  return Object.keys(propertiesOf(schema));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  return quoteValue(value);
}
