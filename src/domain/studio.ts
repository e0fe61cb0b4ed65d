// CXone Studio scripts (the JSON Studio's version control commits; README, Studio scripts): the shape the loader
// makes of a file, which the emulator executes and static analysis, coverage and charts read as they
// read a flow definition: `start`, `nodes` by path name with a `type`, `source` with each node's line.
import type { JsonValue } from './json.ts';
import type { StudioLanguageProblem } from './studio-properties.ts';

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
  /** Set by the loader: each property the executor evaluates that does not parse; a run stops here with these words. */
  languageProblems?: StudioLanguageProblem[];
  /** Set by the loader: a SNIPPET's first call outside the script (GetRESTProxy, …), which only a mock can answer offline. */
  externalCall?: { name: string; line: number };
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
  /**
   * `text`: the file as read (bounded by the loader's MAX_STUDIO_FILE_BYTES), which the emulator answers a
   * script read with, byte for byte (README, Pulling a script); absent for a script not loaded from a file.
   */
  source: { file: string; line: number; nodeLines: Record<string, number>; text?: string };
}

/** How a connector is named in a trace's `branch`, in coverage and on charts. */
export const STUDIO_EDGE_LABEL = {
  default: () => 'Default',
  case: (value: string) => `case ${value}`,
  branch: (name: string) => name,
} as const;

/**
 * The action types the emulator executes (src/emulator/studio/). Any other type is a load-time warning and,
 * unless the scenario mocks it, stops the run there: never skipped in silence.
 */
export const STUDIO_EXECUTED_TYPES: readonly string[] = [
  'BEGIN',
  'MENU',
  'ASRMENU',
  'PLAY',
  'ASSIGN',
  'IF',
  'CASE',
  'LOOP',
  'SNIPPET',
  'RUNSUB',
  'RETURN',
  'RUNSCRIPT',
  'REQAGENT',
  'VOICEMAIL',
  'MUSIC',
  'WAIT',
  'HANGUP',
  'END',
];

/**
 * Action types after which a call needs no connector to end well, for static checks (dead ends, trap
 * cycles). HANGUP and END end the call or script (help.nice-incontact.com/content/studio/guide/technicalguide.htm:
 * a script ends with a terminating action; a subscript with Return); RUNSCRIPT hands the call to another
 * script for good (help.nicecxone.com/Content/studio/actionscx/runscript/runscript.htm); RETURN goes back
 * to the caller of a subscript. Assumed: VOICEMAIL ends the call once the message is left, and REQAGENT
 * without a connector leaves the contact queued for an agent (its Default usually leads to a hold loop).
 */
export const STUDIO_CALL_ENDS: readonly string[] = ['HANGUP', 'END', 'RUNSCRIPT', 'RETURN', 'VOICEMAIL', 'REQAGENT'];

/**
 * How paths name an action (our choice: nothing public says how CXone names them): its label when no other action of the script has it,
 * else `label#id`; an action without a label is `TYPE#id`. Readable in a diff and stable across saves.
 * Never two actions with one name: a label that reads like another action's generated name (`Menu#7`
 * beside two actions labelled `Menu`, one of them id 7) is qualified too, as `Menu#7#<its id>`.
 */
export function studioPathNames(actions: readonly { actionId: string; type: string; label: string }[]): Record<string, string> {
  const uses = new Map<string, number>();
  for (const a of actions) if (a.label !== '') uses.set(a.label, (uses.get(a.label) ?? 0) + 1);
  // Generated names end in `#<id>`, and ids differ, so only a bare label can collide with one: qualify
  // such labels until none does (each round qualifies at least one, so at most one round per action).
  const qualified = new Set(actions.filter((a) => a.label === '' || uses.get(a.label) !== 1).map((a) => a.actionId));
  const nameOf = (a: { actionId: string; type: string; label: string }): string =>
    a.label === '' ? `${a.type}#${a.actionId}` : qualified.has(a.actionId) ? `${a.label}#${a.actionId}` : a.label;
  for (let changed = true; changed; ) {
    changed = false;
    const generated = new Set(actions.filter((a) => qualified.has(a.actionId)).map(nameOf));
    for (const a of actions) {
      if (qualified.has(a.actionId) || !generated.has(a.label)) continue;
      qualified.add(a.actionId);
      changed = true;
    }
  }
  const names: Record<string, string> = Object.create(null);
  const taken = new Set<string>();
  for (const a of actions) {
    let name = nameOf(a);
    // Only ids that are not whole numbers (never Studio's own) can still collide: count them apart.
    for (let n = 2; taken.has(name); n++) name = `${nameOf(a)}~${n}`;
    taken.add(name);
    names[a.actionId] = name;
  }
  return names;
}

/**
 * The shape that makes a JSON file a Studio script: `header` or `actions`, and no `nodes` (a flow
 * definition's). One rule for the loader and for `pull`'s check of what CXone answered.
 */
export function hasStudioShape(has: (key: string) => boolean): boolean {
  return (has('header') || has('actions')) && !has('nodes');
}
