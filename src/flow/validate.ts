// Checks a parsed flow definition file and says exactly where it is wrong. Pure. Its shape is the JSON
// Schema's to judge (schema-check.ts); what a schema cannot say, reference-checks.ts's. A schema problem
// makes the file unusable; a target that is not a node does not (the flow runs, to its 500).
import type { YamlDoc } from '../yaml/parse.ts';
import type { FlowDefinition } from '../domain/flow.ts';
import { quoteValue } from '../text.ts';
import type { FlowProblem } from './load.ts';
import { checkFlowSchema } from './schema-check.ts';
import { checkReferences } from './reference-checks.ts';

/** Checks `value` (a parsed flow file); returns whether it can be used as a FlowDefinition. */
export function validateFlow(value: unknown, doc: YamlDoc, file: string): { usable: boolean; problems: FlowProblem[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    // Said as what the file should be: "must be a map" alone would not say a map of what.
    const what = value === null ? 'the file is empty' : `the file holds ${Array.isArray(value) ? 'a list' : quoteValue(value)}`;
    const message = `${what}: expected a flow definition (a map with id, start and nodes)`;
    return { usable: false, problems: [{ code: 'FLOW_INVALID', file, line: doc.lineOf([]), key: '', message }] };
  }
  const schema = checkFlowSchema(value, doc, file);
  const references = checkReferences(value as Partial<FlowDefinition>, doc, file, schema.invalid);
  const problems = [...schema.problems, ...references.problems].sort((a, b) => a.line - b.line);
  return { usable: schema.problems.length === 0 && !references.unusable, problems };
}
