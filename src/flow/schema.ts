// JSON Schema of flow definition files: the one description of their shape. The loader validates with it
// (flow/schema-check.ts) and editors check against the same file (schemas/flow.schema.json, written by
// scripts/write-schemas.ts), so a file an editor accepts is one the action accepts. What a schema cannot
// say (a target that is not a node, a regex that does not compile) is flow/reference-checks.ts's.
// `patternErrorMessage` (the editors' keyword for a pattern's words) is a noun phrase the loader's messages use too.
import { CONDITION_OPS, type ConditionOp } from '../domain/flow.ts';

/** DTMF digits a GatherInput takes per visit, at most: far above any menu, and an option key is that long. */
export const MAX_DIGITS = 32;

const NOT_BLANK = { pattern: '\\S', patternErrorMessage: 'a non-empty name' };

/** A name the file gives (an id, a variable, a queue): a string with something in it. */
const name = (description: string) => ({ type: 'string', minLength: 1, ...NOT_BLANK, description });
const ref = name('id of a node of this flow');
const refMap = (keys: object, description: string) => ({ type: 'object', description, propertyNames: keys, additionalProperties: ref });

/** Ops that order values: their value is a number or a string ("10" gt 9 compares numbers). */
const ORDERED: ConditionOp[] = ['gt', 'gte', 'lt', 'lte'];

function nodeSchema(type: string, properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: { type: { const: type }, ...properties },
    required: ['type', ...required],
    additionalProperties: false,
  };
}

/**
 * Each node type's schema applies when `type` names it: an `if` per type, not a oneOf of the node
 * schemas. Editors (yaml-language-server) and ajv then judge a node by its own type alone, so a typo in
 * `type` gets the one list of valid types, not also a "must be" for the branches that happened to fit best.
 */
function byNodeType(schemas: Record<string, unknown>[]): { if: unknown; then: unknown }[] {
  return schemas.map((schema) => {
    const type = (schema as { properties: { type: { const: string } } }).properties.type.const;
    return { if: { type: 'object', properties: { type: { const: type } }, required: ['type'] }, then: schema };
  });
}

/** When `op` is one of `ops`, `then` applies to the condition too. */
const whenOp = (ops: ConditionOp[], then: object) => ({ if: { properties: { op: { enum: ops } }, required: ['op'] }, then });

const condition = {
  type: 'object',
  description: 'variable <op> value',
  required: ['variable', 'op'],
  additionalProperties: false,
  properties: {
    variable: name('the variable compared'),
    op: { enum: CONDITION_OPS },
    value: { type: ['string', 'number', 'boolean', 'null'] },
  },
  allOf: [
    // `exists` alone may go without a value; false inverts it.
    whenOp(
      CONDITION_OPS.filter((op) => op !== 'exists'),
      { required: ['value'] },
    ),
    whenOp(['exists'], { properties: { value: { type: 'boolean' } } }),
    whenOp(ORDERED, { properties: { value: { type: ['number', 'string'] } } }),
  ],
};

const NODE_SCHEMAS = [
  nodeSchema('Start', { next: ref }, ['next']),
  nodeSchema(
    'GatherInput',
    {
      digits: { type: 'integer', minimum: 1, maximum: MAX_DIGITS, default: 1, description: 'DTMF digits taken per visit' },
      variable: name('stores the digits, the matched intent, or the utterance'),
      prompt: { type: 'string' },
      options: refMap({ pattern: '^[0-9*#]+$', patternErrorMessage: 'DTMF digits (0-9, * or #)' }, 'digits → node'),
      intents: refMap(
        { pattern: '\\S', patternErrorMessage: 'a word or phrase' },
        'keyword → node, matched case-insensitively in the utterance',
      ),
      noMatch: ref,
      noInput: ref,
    },
    [],
  ),
  {
    ...nodeSchema(
      'SetVariable',
      { set: { type: 'object', description: 'variable → value' }, increment: name('variable to add 1 to'), next: ref },
      ['next'],
    ),
    anyOf: [{ required: ['set'] }, { required: ['increment'] }],
  },
  nodeSchema('Condition', { if: condition, then: ref, else: ref }, ['if', 'then', 'else']),
  nodeSchema('Route', { target: name('the queue or skill the call is routed to'), next: ref }, ['target']),
  nodeSchema('Play', { prompt: { type: 'string' }, next: ref }, ['prompt', 'next']),
  nodeSchema('Exit', {}, []),
  nodeSchema(
    'External',
    {
      name: { type: 'string', description: 'what it calls (GET /accounts); the scenario mocks its outcome under the node id' },
      branches: refMap(
        // `next` is the edge taken without a branch: an outcome of that name could not be told from it.
        { pattern: '^(?!next$)[\\s\\S]*\\S', patternErrorMessage: 'an outcome name other than next' },
        "outcome name → node; a mock's branch names one, else next is taken",
      ),
      next: ref,
    },
    ['next'],
  ),
];

export const FLOW_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cxone-flow-test flow definition',
  type: 'object',
  required: ['id', 'start', 'nodes'],
  additionalProperties: false,
  properties: {
    id: name('flowId, as scenario files name it'),
    name: { type: 'string' },
    start: name('id of the node a call starts at'),
    nodes: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: NODE_SCHEMAS.map((s) => (s as { properties: { type: { const: string } } }).properties.type.const) } },
        allOf: byNodeType(NODE_SCHEMAS),
      },
    },
  },
};
