// What one run of a Studio script holds while it runs, what an action's step decides, and how a step
// picks a connector. Shared by the action modules; pure.
import type { JsonValue } from '../../domain/json.ts';
import type { StudioAction, StudioConnector, StudioScript } from '../../domain/studio.ts';
import type { TraceEntry } from '../../domain/wire.ts';
import type { RunClock } from '../../domain/clock.ts';
import { studioProp, type StudioPropertyRole } from '../../domain/studio-properties.ts';

export type Vars = Record<string, JsonValue>;

/** One script being run: the main one, a sub-script entered by RUNSUB, or a script RUNSCRIPT moved to. */
export interface Frame {
  script: StudioScript;
  /** '' for the script the request names; `<script id>/` for any other, so its actions read `Sub/Label` in paths. */
  prefix: string;
  vars: Vars;
  /** Where a RETURN goes back to (RUNSUB): the caller's frame and its RUNSUB action. */
  caller?: { frame: Frame; action: StudioAction; name: string };
  /** Variables the script assigned as `global:name`: they outlive a sub-script (RUNSUB help page). */
  globals: Set<string>;
}

export interface StudioRun {
  frame: Frame;
  readonly dtmf: string;
  dtmfPos: number;
  /** Digits at dtmfPos the caller pressed during an earlier action (PLAY with DetectDTMF): type-ahead. */
  typedAhead: number;
  readonly speech: string;
  speechUsed: boolean;
  readonly clock: RunClock;
  readonly lookup: (name: string) => StudioScript | undefined;
  /** LOOP executions, by qualified path name. */
  readonly loops: Map<string, number>;
}

/** What running one action decided. */
export interface StudioStep {
  connector?: StudioConnector;
  ends?: boolean;
  error?: string;
  extras?: Partial<TraceEntry>;
  /** Simulated milliseconds this action took, when not its type's usual cost (WAIT's Seconds). */
  costMs?: number;
  /** RUNSUB (returns: true) enters a sub-script; RUNSCRIPT (returns: false) continues in another for good. */
  enter?: { script: StudioScript; vars: Vars; returns: boolean };
  /** RETURN: back to the caller's RUNSUB with this value. */
  returns?: { value: string };
}

/** `'Main Menu' (MENU #2)`: how every message names an action. */
export function describeAction(name: string, action: StudioAction): string {
  return `'${name}' (${action.type} #${action.actionId})`;
}

/** `OnTimeout` and `Timeout`, any case, are one branch: web and Desktop Studio pages spell them both ways. */
function sameBranch(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/^on(?=.)/, '');
  return norm(a) === norm(b);
}

export function defaultConnector(action: StudioAction): StudioConnector | undefined {
  return action.connectors.find((c) => c.kind === 'default');
}

export function branchConnector(action: StudioAction, ...names: string[]): StudioConnector | undefined {
  return action.connectors.find((c) => c.kind === 'branch' && names.some((n) => sameBranch(c.value, n)));
}

export { caseConnector } from '../../domain/studio-mocks.ts';

/**
 * Takes `wanted`, or the Default connector when `wanted` is not wired: "Default … is also taken if the
 * action's other branches are not defined" (every action's page, e.g.
 * https://help.nicecxone.com/content/studio/actionscx/leave/leave.htm). Neither: the run cannot go on.
 */
export function take(name: string, action: StudioAction, wanted: StudioConnector | undefined, what: string): StudioStep {
  const connector = wanted ?? defaultConnector(action);
  if (connector) return { connector };
  return { error: `${describeAction(name, action)} ${what}, and neither that branch nor Default is connected` };
}

/** The property the executor reads for `role` (domain/studio-properties.ts), as the file has it; '' when absent. */
export function prop(action: StudioAction, role: StudioPropertyRole): string {
  return studioProp(action, role);
}

/** An own property even for `__proto__`, which plain assignment would take as the object's prototype. */
export function setVar(frame: Frame, name: string, value: JsonValue): void {
  // `global:name` outlives a sub-script (https://help.nicecxone.com/content/studio/actionscx/runsub/runsub.htm).
  const global = /^global:/i.exec(name);
  const bare = global ? name.slice(global[0].length) : name;
  const key = keyOf(frame.vars, bare) ?? bare;
  if (global) frame.globals.add(key);
  Object.defineProperty(frame.vars, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Studio names ignore case (as the snippet language reads them): the own key `name` means. */
function keyOf(vars: Vars, name: string): string | undefined {
  if (Object.hasOwn(vars, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(vars).find((k) => k.toLowerCase() === lower);
}

export function getVar(frame: Frame, name: string): JsonValue | undefined {
  const key = keyOf(frame.vars, name.replace(/^global:/i, ''));
  return key === undefined ? undefined : frame.vars[key];
}
