// The shipped JSON Schema (schemas/flow.schema.json) is the contract editors check flow files against;
// the action checks the same schema, so a file an editor accepts is one the action accepts. The
// hand-written checks of flow-validate.ts run first for their clearer words; whatever the schema still
// finds is reported here, on its line.
import AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { YamlDoc } from '../yaml/parse.ts';
import { FLOW_SCHEMA } from './flow-schema.ts';
import type { FlowProblem } from './flow.ts';
import { excerpt } from '../text.ts';

const Ajv = AjvModule.default ?? AjvModule;
let compiled: ValidateFunction | undefined;
/** Compiled on first use, not at start-up: a run against CXone without flow files never needs it. */
const validator = (): ValidateFunction => (compiled ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(FLOW_SCHEMA));

/** The node types in the order of the schema's `oneOf` branches. */
const BRANCH_TYPES = FLOW_SCHEMA.properties.nodes.additionalProperties.oneOf.map((b) => ((b as { properties: { type: { const: string } } }).properties.type.const));

type SchemaError = ErrorObject;

/**
 * Node schemas are a `oneOf` by type, so ajv reports every branch's complaint. Only the branch of the
 * node's own type speaks about it; the generic "must match exactly one schema" goes last.
 */
function relevantError(errors: SchemaError[], value: unknown): SchemaError | undefined {
  const nodes = (value as { nodes?: Record<string, { type?: unknown }> }).nodes ?? {};
  const own = errors.filter((e) => {
    const branch = /\/oneOf\/(\d+)\//.exec(e.schemaPath)?.[1];
    if (branch === undefined) return e.keyword !== 'oneOf';
    const node = e.instancePath.split('/')[2] ?? '';
    return BRANCH_TYPES[Number(branch)] === nodes[node]?.type;
  });
  return own[0] ?? errors[0];
}

export function checkFlowSchema(value: unknown, doc: YamlDoc, file: string): FlowProblem[] {
  const validate = validator();
  if (validate(value)) return [];
  const error = relevantError(validate.errors ?? [], value);
  if (!error) return [];
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty?: string }).additionalProperty : undefined;
  const at = extra ? [...segments, extra] : segments;
  const node = at[0] === 'nodes' ? at[1] : undefined;
  const key = at.map((s) => excerpt(s)).join('.');
  return [{ code: 'FLOW_INVALID', file, line: doc.lineOf(at), ...(node ? { node } : {}), key, message: `${key || 'the flow'} ${extra ? `has unknown key '${excerpt(extra)}'` : excerpt(error.message ?? 'does not match the flow schema')} (schemas/flow.schema.json)` }];
}
