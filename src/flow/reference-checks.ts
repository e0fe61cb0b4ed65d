// What a JSON Schema cannot say about flow files, in one place: a target or `start` that names no node
// (found by references.ts, which static analysis uses too), a `matches` pattern that does not compile, an
// option longer or shorter than the node's `digits`, a flow id defined twice. Pure. Only nodes the schema accepted are read, so each is a FlowNode as typed.
// A target that is not a node is a problem, but the flow still runs: CXone answers such a run with a 500
// compilation failure, and so does the emulator. The others make the file unusable.
import { flowNames, isStudioScript, type FlowDefinition, type FlowNode, type LoadedFlow } from '../domain/flow.ts';
import type { YamlDoc } from '../yaml/parse.ts';
import { compileUserRegex } from '../user-regex.ts';
import { excerpt, quoteValue } from '../text.ts';
import { meantHint } from '../validation/suggest.ts';
import { formatKey } from '../validation/schema-errors.ts';
import type { FlowProblem } from './load.ts';
import { danglingReferences } from './references.ts';

export interface ReferenceResult {
  problems: FlowProblem[];
  /** A problem that makes the file unusable (a regex, an option), not only a dangling reference. */
  unusable: boolean;
}

interface Ctx {
  doc: YamlDoc;
  file: string;
  result: ReferenceResult;
}

/**
 * Checks `flow` (a parsed file, valid or not) past its schema. `invalid`: the nodes and top-level keys
 * the schema found wrong, left alone here: their problem is already reported.
 */
export function checkReferences(
  flow: Partial<FlowDefinition>,
  doc: YamlDoc,
  file: string,
  invalid: { nodes: Set<string>; keys: Set<string> },
): ReferenceResult {
  const nodes = flow.nodes;
  const result: ReferenceResult = { problems: [], unusable: false };
  if (invalid.keys.has('nodes') || nodes === null || typeof nodes !== 'object') return result;
  const ctx: Ctx = { doc, file, result };
  // An option of the wrong length is reported as that, not also as a reference: option keys by node id.
  const wrongLength = new Map<string, Set<string>>();
  for (const [id, node] of Object.entries(nodes)) {
    if (!invalid.nodes.has(id)) checkNode(ctx, id, node, wrongLength);
  }
  const scope = { node: (id: string) => !invalid.nodes.has(id), start: !invalid.keys.has('start') };
  for (const ref of danglingReferences(flow as FlowDefinition, scope)) {
    if (ref.from !== undefined && ref.key[2] === 'options' && wrongLength.get(ref.from)?.has(String(ref.key[3]))) continue;
    const hint = meantHint(ref.suggestion);
    if (ref.from === undefined) report(ctx, ref.key, undefined, `start node '${excerpt(ref.to)}' is not a node of this flow${hint}`, false);
    else report(ctx, ref.key, ref.from, `'${ref.label}' goes to '${excerpt(ref.to)}', which is not a node of this flow${hint}`, false);
  }
  return result;
}

function checkNode(ctx: Ctx, id: string, node: FlowNode, wrongLength: Map<string, Set<string>>): void {
  const path = ['nodes', id];
  if (node.type === 'Condition' && node.if.op === 'matches') {
    // Compiled as the engine will run it (linear time, user-regex.ts), so what it cannot run fails at load.
    const { error } = compileUserRegex(String(node.if.value));
    // quoteValue cuts the pattern (the user's text); the explanation is ours, and stays whole.
    if (error !== undefined) report(ctx, [...path, 'if', 'value'], id, `'if.value' ${quoteValue(node.if.value)} ${error}`);
  }
  if (node.type === 'GatherInput') wrongLength.set(id, checkOptionLengths(ctx, id, node.options ?? {}, node.digits));
}

/** An option key of another length than `digits` can never match: the digits are taken `digits` at a time. */
function checkOptionLengths(ctx: Ctx, id: string, options: Record<string, string>, digits: number | undefined): Set<string> {
  const wrong = new Set<string>();
  const length = digits ?? 1;
  for (const key of Object.keys(options)) {
    if (key.length === length) continue;
    wrong.add(key);
    const why = digits === undefined ? "'digits' is 1 by default" : `'digits' is ${digits}`;
    report(
      ctx,
      ['nodes', id, 'options', key],
      id,
      `option ${quoteValue(key)} can never match: expected ${length} DTMF digit(s) (0-9, *, #) as ${why}`,
    );
  }
  return wrong;
}

function report(ctx: Ctx, path: readonly (string | number)[], node: string | undefined, text: string, unusable = true): void {
  const where = node === undefined ? '' : `node '${excerpt(node)}': `;
  ctx.result.problems.push({
    code: 'FLOW_INVALID',
    file: ctx.file,
    line: ctx.doc.lineOf(path),
    ...(node === undefined ? {} : { node }),
    key: formatKey(path),
    message: `${where}${text}`,
  });
  if (unusable) ctx.result.unusable = true;
}

/**
 * The first flow of each id, in the order given; a later one claiming an id or alias already taken (a Studio
 * script's path or masterId counts) is a problem at its id's line, and dropped.
 */
export function keepFirstOfEachId<F extends LoadedFlow>(flows: readonly F[]): { flows: F[]; problems: FlowProblem[] } {
  const byName = new Map<string, F>();
  const kept: F[] = [];
  const problems: FlowProblem[] = [];
  for (const flow of flows) {
    const names = flowNames(flow);
    const taken = names.find((n) => byName.has(n));
    if (taken === undefined) {
      for (const n of names) byName.set(n, flow);
      kept.push(flow);
      continue;
    }
    const first = byName.get(taken) as F;
    const where = `${first.source?.file}:${first.source?.line}`;
    const message =
      taken === flow.id && taken === first.id
        ? `flow id '${excerpt(taken)}' is already defined in ${where}; expected each flow id once (this file is ignored)`
        : `flow ${taken === flow.id ? 'id' : 'alias'} '${excerpt(taken)}' already names flow '${excerpt(first.id)}' in ${where}; expected each flow id and alias once (this file is ignored)`;
    const key = isStudioScript(flow) ? 'header.scriptName' : 'id';
    problems.push({ code: 'FLOW_DUPLICATE_ID', file: flow.source?.file ?? '', line: flow.source?.line ?? 1, key, message });
  }
  return { flows: kept, problems };
}
