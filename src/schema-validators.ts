// The JSON Schemas' validate functions, one per schema, each with the ajv options its error rewriter
// relies on. Run from source (the tests), ajv compiles a schema on its first use. The build
// (scripts/build-validators.ts) replaces this module in lib/ with ajv's standalone code for the same
// schemas and options: the bundles carry neither ajv's compiler nor a compile at start-up (176 ms), and
// the errors are the same objects, made by the same generated code.
import AjvModule from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import { FLOW_SCHEMA } from './flow/schema.ts';
import { scenarioFileSchema } from './scenario/schema.ts';

/**
 * What validation/schema-errors.ts needs of ajv: every error (`allErrors`), each with its value and schema
 * (`verbose`); `strictRequired` off for `required` under `if`; `patternErrorMessage` is the editors'
 * keyword for a pattern's words, declared so strict mode accepts it.
 */
const REWRITER_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  keywords: ['patternErrorMessage'],
};

/** What the build compiles: the schema and the options, by the name of the function that returns it. */
export const SCHEMA_VALIDATORS = {
  scenarioFileValidator: { schema: () => inlineLocalRefs(scenarioFileSchema), options: REWRITER_OPTIONS },
  flowValidator: { schema: () => FLOW_SCHEMA, options: REWRITER_OPTIONS },
} satisfies Record<string, { schema: () => object; options: Options }>;

export type ValidatorName = keyof typeof SCHEMA_VALIDATORS;

// ajv is CommonJS: under Node's ESM loader the class sits on `.default`, under bundlers on the module.
const Ajv = AjvModule.default ?? AjvModule;
const compiled = new Map<ValidatorName, ValidateFunction>();

function compile(name: ValidatorName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    const { schema, options } = SCHEMA_VALIDATORS[name];
    validate = new Ajv(options).compile(schema());
    compiled.set(name, validate);
  }
  return validate;
}

export const scenarioFileValidator = (): ValidateFunction => compile('scenarioFileValidator');
export const flowValidator = (): ValidateFunction => compile('flowValidator');

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
