// JSON Schema of flow definition files (SPEC 5), for editors (`# yaml-language-server: $schema=…`).
// The loader's own checks (flow/validate.ts) give the better messages; this mirrors them.

const ref = { type: 'string', minLength: 1, description: 'id of a node of this flow' };
const refMap = { type: 'object', additionalProperties: ref };

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
    return { if: { properties: { type: { const: type } }, required: ['type'] }, then: schema };
  });
}

export const FLOW_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cxone-flow-test flow definition',
  type: 'object',
  required: ['id', 'start', 'nodes'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, description: 'flowId, as scenario files name it' },
    name: { type: 'string' },
    start: ref,
    nodes: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: ['Start', 'GatherInput', 'SetVariable', 'Condition', 'Route', 'Play', 'Exit'] } },
        allOf: byNodeType([
          nodeSchema('Start', { next: ref }, ['next']),
          nodeSchema(
            'GatherInput',
            {
              digits: { type: 'integer', minimum: 1, maximum: 32, default: 1 },
              variable: { type: 'string', minLength: 1 },
              prompt: { type: 'string' },
              options: { ...refMap, propertyNames: { pattern: '^[0-9*#]+$' } },
              intents: refMap,
              noMatch: ref,
              noInput: ref,
            },
            [],
          ),
          {
            ...nodeSchema('SetVariable', { set: { type: 'object' }, increment: { type: 'string', minLength: 1 }, next: ref }, ['next']),
            anyOf: [{ required: ['set'] }, { required: ['increment'] }],
          },
          nodeSchema(
            'Condition',
            {
              if: {
                type: 'object',
                required: ['variable', 'op'],
                additionalProperties: false,
                properties: {
                  variable: { type: 'string', minLength: 1 },
                  op: { enum: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'matches', 'exists'] },
                  value: { type: ['string', 'number', 'boolean', 'null'] },
                },
              },
              then: ref,
              else: ref,
            },
            ['if', 'then', 'else'],
          ),
          nodeSchema('Route', { target: { type: 'string', minLength: 1 }, next: ref }, ['target']),
          nodeSchema('Play', { prompt: { type: 'string' }, next: ref }, ['prompt', 'next']),
          nodeSchema('Exit', {}, []),
        ]),
      },
    },
  },
} as const;
