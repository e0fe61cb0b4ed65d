// Flow definition files (README, Flow definitions): read and validate with positions.
import { ACTION_NAMING, type InputNaming } from '../input-naming.ts';
import { matchFiles, OUTSIDE_DIRECTORY, readMatchedFile, type MatchedFiles, type ReadResult } from '../match-files.ts';
import { boundProblem, NO_LINE } from '../text.ts';
import { YamlError, parseYaml } from '../yaml/parse.ts';
import { validateFlow } from './validate.ts';
import { keepFirstOfEachId } from './reference-checks.ts';
import { nodeEdges, type FlowDefinition, type FlowNode, type LoadedFlow } from '../domain/flow.ts';
import { isJsonFile, MAX_STUDIO_FILE_BYTES, parseJsonFlowFile } from './studio/parse.ts';

/** FLOW_JSON: a `.json` file that is not JSON; FLOW_STUDIO_*: a Studio script's problems (UNEXECUTED: an action the emulator does not run, a warning; LANGUAGE: a property in Studio's language that the emulator cannot parse, the script still runs). */
export type FlowProblemCode =
  | 'FLOW_READ'
  | 'FLOW_YAML'
  | 'FLOW_JSON'
  | 'FLOW_INVALID'
  | 'FLOW_STUDIO_INVALID'
  | 'FLOW_STUDIO_UNEXECUTED'
  | 'FLOW_STUDIO_LANGUAGE'
  | 'FLOW_DUPLICATE_ID'
  | 'FLOW_NONE_FOUND';

/** Far above any hand-written flow file, as for scenario files; larger files are refused unread. */
export const MAX_FLOW_FILE_BYTES = 1024 * 1024;

export interface FlowProblem {
  code: FlowProblemCode;
  /** Relative to the workspace, forward slashes; '' when no file is involved. */
  file: string;
  /** 1-based. */
  line: number;
  node?: string;
  /** Dotted key inside the file, e.g. `nodes.node_menu.options.2`; '' for the whole file. */
  key: string;
  message: string;
}

export interface LoadFlowsResult {
  /** YAML flow definitions and Studio scripts alike (domain/flow.ts LoadedFlow). */
  flows: LoadedFlow[];
  problems: FlowProblem[];
  /** Every file matched, relative, sorted. */
  files: string[];
}

/** The lines a finding is anchored on: `id`, each node's key, `start`, and each key that names a node (references.ts). */
function sourceOf(flow: FlowDefinition, file: string, lineOf: (p: readonly (string | number)[]) => number): FlowDefinition['source'] {
  const ids = Object.keys(flow.nodes);
  // fromEntries, not assignment: a node named "__proto__" keeps its lines.
  const nodeLines = Object.fromEntries(ids.map((id) => [id, lineOf(['nodes', id])]));
  const edgeLines = Object.fromEntries(
    ids.map((id) => [id, nodeEdges(flow.nodes[id] as FlowNode).map((edge) => lineOf(['nodes', id, ...edge.key]))]),
  );
  return { file, line: lineOf(['id']), nodeLines, startLine: lineOf(['start']), edgeLines };
}

/**
 * Parses and checks one flow file. A flow comes back when it can run, even with reference problems
 * (a target that is not a node): running it then answers 500, as CXone does for a flow that does not compile.
 */
export function parseFlowFile(text: string, file: string): { flow?: FlowDefinition; problems: FlowProblem[] } {
  const { flow, problems } = checkFlowFile(text, file);
  return { ...(flow ? { flow } : {}), problems: problems.map(boundProblem) };
}

/** parseFlowFile, or for a `.json` file holding a Studio script (an object with header and actions) the script (flow/studio/). */
export function parseLoadedFlowFile(text: string, file: string): { flow?: LoadedFlow; problems: FlowProblem[] } {
  if (isJsonFile(file)) {
    const json = parseJsonFlowFile(text, file);
    if (json.kind === 'studio') {
      // The text stays with the script: the emulator serves it to `pull` as CXone would.
      const flow = json.script && { ...json.script, source: { ...json.script.source, text } };
      return { ...(flow ? { flow } : {}), problems: json.problems.map(boundProblem) };
    }
    // Not a Studio script: a flow definition written as JSON, read (and bounded) as YAML, as it always was.
  }
  return parseFlowFile(text, file);
}

function checkFlowFile(text: string, file: string): { flow?: FlowDefinition; problems: FlowProblem[] } {
  let doc;
  try {
    doc = parseYaml(text, file, { maxBytes: MAX_FLOW_FILE_BYTES });
  } catch (e) {
    if (!(e instanceof YamlError)) throw e;
    return { problems: [{ code: 'FLOW_YAML', file, line: e.line, key: '', message: e.reason }] };
  }
  const { usable, problems } = validateFlow(doc.value, doc, file);
  if (!usable) return { problems };
  const flow = doc.value as FlowDefinition;
  flow.source = sourceOf(flow, file, (p) => doc.lineOf(p));
  return { flow, problems };
}

/**
 * Where flow files come from: the workspace (match-files.ts), or the files of a commit for compare-to
 * (compare/flows-at-ref.ts). Either way the same globs, the same limits and the same parsing.
 */
export interface FlowFileSource {
  match(patterns: readonly string[]): Promise<MatchedFiles>;
  read(file: string, maxBytes: number): Promise<ReadResult>;
}

function workspaceSource(workspace: string): FlowFileSource {
  return { match: (patterns) => matchFiles(workspace, patterns), read: (file, max) => readMatchedFile(workspace, file, max) };
}

/** Read as scenario files are: inside the workspace, bounded, valid UTF-8, or a FLOW_READ problem naming the file. */
async function readFlowFile(source: FlowFileSource, file: string): Promise<{ flow?: LoadedFlow; problems: FlowProblem[] }> {
  const read = await source.read(file, isJsonFile(file) ? MAX_STUDIO_FILE_BYTES : MAX_FLOW_FILE_BYTES);
  if (!read.ok) return { problems: [{ code: 'FLOW_READ', file, line: NO_LINE, key: '', message: read.reason }] };
  return parseLoadedFlowFile(read.text, file);
}

/** Reads every flow file matched by `patterns` (globs relative to `workspace`); a bad file never stops the others. */
export async function loadFlows(opts: {
  workspace: string;
  patterns: string[];
  naming?: InputNaming;
  /** Default: the workspace's files. */
  source?: FlowFileSource;
  /** What the "no flow file matches" problem says the files were looked for in; default the workspace. */
  where?: string;
}): Promise<LoadFlowsResult> {
  const source = opts.source ?? workspaceSource(opts.workspace);
  const { files, outside } = await source.match(opts.patterns);
  const problems: FlowProblem[] = outside.map((dir) => ({
    code: 'FLOW_READ',
    file: dir,
    line: NO_LINE,
    key: '',
    message: OUTSIDE_DIRECTORY,
  }));
  if (files.length === 0 && outside.length === 0) {
    const message = `no flow file matches ${(opts.naming ?? ACTION_NAMING).setting('flows', opts.patterns.join(','))} in ${opts.where ?? opts.workspace}`;
    return { flows: [], files, problems: [{ code: 'FLOW_NONE_FOUND', file: '', line: NO_LINE, key: '', message }] };
  }
  const results = await Promise.all(files.map((f) => readFlowFile(source, f)));
  const unique = keepFirstOfEachId(results.flatMap((r) => (r.flow ? [r.flow] : [])));
  // Each file's problems in file order, a repeated id among them where its file is.
  const repeated = new Map(unique.problems.map((p) => [p.file, p]));
  results.forEach((result, i) => {
    for (const problem of result.problems) problems.push(problem);
    const again = repeated.get(files[i] ?? '');
    if (again) problems.push(again);
  });
  return { flows: unique.flows, problems, files };
}
