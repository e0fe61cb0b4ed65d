// CXone Studio scripts (the JSON Studio's version control commits; docs/studio.md): the shape the loader
// makes of a file, which the emulator executes and static analysis, coverage and charts read as they
// read a flow definition: `start`, `nodes` by path name with a `type`, `source` with each node's line.
import type { JsonValue } from './json.ts';

/** One connector of an action, as the file's `branches` lists it. */
export interface StudioConnector {
  /** 'default': the Default connector; 'case': a custom case (`value` is the case value, e.g. a MENU digit); 'branch': a named result (`value` is its name, e.g. OnTimeout). */
  kind: 'default' | 'case' | 'branch';
  value: string;
  /** The target action's id, as the file has it. */
  toId: string;
  /** The target's path name; `#<id>` when the script has no such action (a load problem, and a static finding). */
  to: string;
  /** How the trace's `branch`, coverage and charts name it: STUDIO_EDGE_LABEL. */
  label: string;
  /** 1-based line of this connector in the file. */
  line: number;
}

export interface StudioAction {
  /** The action's type, the file's `name` upper-cased: 'MENU', 'PLAY', … */
  type: string;
  /** The action id, as `actions` keys it. */
  actionId: string;
  /** The canvas caption; '' when none. */
  label: string;
  /** Property name → value, as the file has them (Studio stores every value as a string). Own keys only. */
  properties: Record<string, string>;
  connectors: StudioConnector[];
  /** 1-based line of the action's key in `actions`, and of each property's entry. */
  line: number;
  propertyLines: Record<string, number>;
}

export interface StudioScript {
  format: 'studio';
  /** The id scenarios name first: `header.scriptName`. */
  id: string;
  /** Every other id that names this script: its path relative to the workspace without `.json`, `masterId`. */
  aliases: string[];
  name: string;
  header: Record<string, JsonValue>;
  /** The BEGIN action's path name. */
  start: string;
  /** By path name (studioPathName): what paths, reports, diffs and charts show. */
  nodes: Record<string, StudioAction>;
  /** Action id → path name. */
  pathNames: Record<string, string>;
  source: { file: string; line: number; nodeLines: Record<string, number> };
}

/** How a connector is named in a trace's `branch`, in coverage and on charts. */
export const STUDIO_EDGE_LABEL = {
  default: () => 'Default',
  case: (value: string) => `case ${value}`,
  branch: (name: string) => name,
} as const;

/**
 * How paths name an action (our choice: nothing public says how CXone names them): its label when no other action of the script has it,
 * else `label#id`; an action without a label is `TYPE#id`. Readable in a diff and stable across saves.
 */
export function studioPathNames(actions: readonly { actionId: string; type: string; label: string }[]): Record<string, string> {
  const uses = new Map<string, number>();
  for (const a of actions) if (a.label !== '') uses.set(a.label, (uses.get(a.label) ?? 0) + 1);
  const names: Record<string, string> = Object.create(null);
  for (const a of actions) {
    names[a.actionId] = a.label === '' ? `${a.type}#${a.actionId}` : uses.get(a.label) === 1 ? a.label : `${a.label}#${a.actionId}`;
  }
  return names;
}
