// The shipped JSON Schema (schemas/flow.schema.json) is the contract editors check flow files against;
// the action checks the same schema, so a file an editor accepts is one the action accepts. The
// hand-written checks of flow/validate.ts run first for their clearer words; whatever the schema still
// finds is reported here, on its line.
import AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { YamlDoc } from '../yaml/parse.ts';
import { FLOW_SCHEMA } from './schema.ts';
import type { FlowProblem } from './load.ts';
import { excerpt } from '../text.ts';

const Ajv = AjvModule.default ?? AjvModule;
let compiled: ValidateFunction | undefined;
/** Compiled on first use, not at start-up: a run against CXone without flow files never needs it. */
const validator = (): ValidateFunction =>
  (compiled ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(FLOW_SCHEMA));

type SchemaError = ErrorObject;

/**
 * Node schemas apply by `if` on the node's type, so every error left is about the node's own type;
 * the `if` errors ("must match \"then\" schema") only repeat that one of them failed.
 */
function relevantError(errors: SchemaError[]): SchemaError | undefined {
  return errors.find((e) => e.keyword !== 'if') ?? errors[0];
}

export function checkFlowSchema(value: unknown, doc: YamlDoc, file: string): FlowProblem[] {
  const validate = validator();
  if (validate(value)) return [];
  const error = relevantError(validate.errors ?? []);
  if (!error) return [];
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty?: string }).additionalProperty : undefined;
  const at = extra ? [...segments, extra] : segments;
  const node = at[0] === 'nodes' ? at[1] : undefined;
  const key = at.map((s) => excerpt(s)).join('.');
  return [
    {
      code: 'FLOW_INVALID',
      file,
      line: doc.lineOf(at),
      ...(node ? { node } : {}),
      key,
      message: `${key || 'the flow'} ${extra ? `has unknown key '${excerpt(extra)}'` : excerpt(error.message ?? 'does not match the flow schema')} (schemas/flow.schema.json)`,
    },
  ];
}
