// A flow file against its JSON Schema (flow/schema.ts), the errors worded by validation/schema-errors.ts
// as scenario files' are: on the key's line, about the node they are in (`node 'a': 'digits' must be …`).
import type { ErrorObject } from 'ajv';
import type { YamlDoc } from '../yaml/parse.ts';
import { flowValidator } from '../schema-validators.ts';
import { NODE_FIELDS } from '../domain/flow.ts';
import type { FlowProblem } from './load.ts';
import { excerpt } from '../text.ts';
import { rewriteSchemaErrors, type RewriteOptions, type SchemaProblem } from '../validation/schema-errors.ts';

/** Inside a node, messages name it and the key from it (`node 'menu': 'options.12' …`), and its type needs what it lacks. */
const REWRITE: RewriteOptions = {
  scope: (path, root) => {
    if (path[0] !== 'nodes' || path.length < 2) return { prefix: '', path, noun: 'the flow definition', owner: 'a flow definition' };
    const id = String(path[1]);
    const type = nodeType(root, id);
    return {
      prefix: `node '${excerpt(id)}': `,
      path: path.slice(2),
      noun: 'the node',
      ...(type === undefined ? {} : { owner: `a ${type} node` }),
    };
  },
};

/** The node's `type` when it is one: only then does "a <type> node needs" say something true. */
function nodeType(root: unknown, id: string): string | undefined {
  const nodes = (root as { nodes?: unknown }).nodes;
  const node = nodes !== null && typeof nodes === 'object' && Object.hasOwn(nodes, id) ? (nodes as Record<string, unknown>)[id] : undefined;
  const type = node !== null && typeof node === 'object' ? (node as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(NODE_FIELDS, type) ? type : undefined;
}

export interface FlowSchemaResult {
  problems: FlowProblem[];
  /** What the schema found wrong, listed or not: nodes with any error, top-level keys with their own. The checks beyond the schema skip them. */
  invalid: { nodes: Set<string>; keys: Set<string> };
}

export function checkFlowSchema(value: unknown, doc: YamlDoc, file: string): FlowSchemaResult {
  const validate = flowValidator();
  if (validate(value)) return { problems: [], invalid: { nodes: new Set(), keys: new Set() } };
  const errors = validate.errors ?? [];
  const { problems, unlistedProblem } = rewriteSchemaErrors(errors, value, doc, REWRITE);
  const listed = unlistedProblem ? [...problems, unlistedProblem] : problems;
  return { problems: listed.map((p) => toFlowProblem(p, file)), invalid: invalidParts(errors) };
}

function toFlowProblem(problem: SchemaProblem, file: string): FlowProblem {
  const node = problem.path[0] === 'nodes' && problem.path.length >= 2 ? String(problem.path[1]) : undefined;
  return {
    code: 'FLOW_INVALID',
    file,
    line: problem.line,
    ...(node === undefined ? {} : { node }),
    key: problem.key,
    message: problem.message,
  };
}

function invalidParts(errors: readonly ErrorObject[]): FlowSchemaResult['invalid'] {
  const invalid: FlowSchemaResult['invalid'] = { nodes: new Set(), keys: new Set() };
  const unpointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');
  for (const { instancePath } of errors) {
    if (instancePath === '') continue;
    const end = instancePath.indexOf('/', 1);
    const top = unpointer(end === -1 ? instancePath.slice(1) : instancePath.slice(1, end));
    if (top !== 'nodes' || end === -1) {
      invalid.keys.add(top);
      continue;
    }
    const next = instancePath.indexOf('/', end + 1);
    invalid.nodes.add(unpointer(next === -1 ? instancePath.slice(end + 1) : instancePath.slice(end + 1, next)));
  }
  return invalid;
}
