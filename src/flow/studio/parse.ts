// A `.json` file matched by `flows`: a Studio script (an object with `header` and `actions`, the JSON
// Studio's version control commits; help.nicecxone.com/Content/studio/management/versioncontrol.htm), or
// a flow definition in our own format written as JSON (YAML reads JSON, so flow/load.ts reads those as
// it always has). Pure.
import { hasStudioShape, type StudioScript } from '../../domain/studio.ts';
import { excerpt, plural } from '../../text.ts';
import { formatKey } from '../../validation/schema-errors.ts';
import type { FlowProblem } from '../load.ts';
import { member, parseJsonTree, type JsonNode } from './json-tree.ts';
import { MAX_STUDIO_PROBLEMS, normaliseStudio } from './normalise.ts';

/**
 * Studio files are bigger than hand-written flows: a 2,000-action script is about 2 MB pretty-printed
 * (bench/), so they get their own bound, far above that; larger files are refused unread.
 */
export const MAX_STUDIO_FILE_BYTES = 8 * 1024 * 1024;

export function isJsonFile(file: string): boolean {
  return file.toLowerCase().endsWith('.json');
}

/** What a JSON file holds: a Studio script by its shape, a flow definition (`nodes`), or neither. */
function kindOf(root: JsonNode): 'studio' | 'flow' | 'neither' {
  if (root.type !== 'object') return 'neither';
  if (hasStudioShape((key) => member(root, key) !== undefined)) return 'studio';
  if (member(root, 'header') !== undefined || member(root, 'actions') !== undefined) return 'flow';
  return member(root, 'nodes') !== undefined || member(root, 'id') !== undefined ? 'flow' : 'neither';
}

export type JsonFlowFile =
  | { kind: 'studio'; script?: StudioScript; problems: FlowProblem[] }
  /** Not a Studio script: read it as a flow definition file. */
  | { kind: 'flow' };

function capped(problems: FlowProblem[]): FlowProblem[] {
  if (problems.length <= MAX_STUDIO_PROBLEMS) return problems;
  const kept = problems.slice(0, MAX_STUDIO_PROBLEMS);
  const last = kept.at(-1) as FlowProblem;
  const more = problems.length - kept.length;
  return [
    ...kept,
    { code: last.code, file: last.file, line: last.line, key: '', message: `and ${plural(more, 'more problem')} in this file` },
  ];
}

/**
 * Reads a `.json` flow file. A Studio script comes back when it can run, even with problems that only
 * matter when a call gets there (a connector to a missing action, an action type the emulator does not execute).
 */
export function parseJsonFlowFile(text: string, file: string): JsonFlowFile {
  const tree = parseJsonTree(text);
  const problem = (line: number, key: string, message: string, code: FlowProblem['code'] = 'FLOW_STUDIO_INVALID'): JsonFlowFile => ({
    kind: 'studio',
    problems: [{ code, file, line, key, message }],
  });
  if (tree.error) return problem(tree.error.line, '', `column ${tree.error.column}: ${tree.error.message}`, 'FLOW_JSON');
  const root = tree.root as JsonNode;
  const kind = kindOf(root);
  if (kind === 'flow') return { kind };
  if (kind === 'neither') {
    const what = root.type === 'object' ? 'an object without header and actions' : `a JSON ${root.type}`;
    return problem(
      tree.lineOf(root.offset),
      '',
      `the file holds ${what}: expected a Studio script (an object with "header" and "actions") or a flow definition (id, start and nodes)`,
      'FLOW_INVALID',
    );
  }
  if (tree.duplicates.length > 0) {
    const problems = tree.duplicates.map(({ node, path }) => ({
      code: 'FLOW_STUDIO_INVALID' as const,
      file,
      line: tree.lineOf(node.offset),
      key: formatKey(path),
      message: `the key ${JSON.stringify(excerpt(String(path.at(-1))))} is given twice in one object: JSON readers disagree on which one counts`,
    }));
    return { kind: 'studio', problems: capped(problems) };
  }
  const { script, problems } = normaliseStudio(root, file, tree.lineOf, [file.replace(/\.json$/i, '')]);
  return { kind: 'studio', ...(script ? { script } : {}), problems: capped(problems) };
}
