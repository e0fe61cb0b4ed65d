// Which mock a Studio action takes, and what a mock's outcome does to it. A key names an action by its
// label, path name or id; an action of another script (a sub-script, RUNSCRIPT's target) is named as its
// path reads, `<script>/<label|path name|id>`. A key naming no action is an error of the run.
import type { MockOutcome } from '../../domain/wire.ts';
import type { StudioAction, StudioConnector, StudioScript } from '../../domain/studio.ts';
import { didYouMean } from '../../validation/suggest.ts';
import type { MockBook } from '../mocks.ts';
import { unknownMockKey } from '../mocks.ts';
import type { StudioStep } from './run-state.ts';
import { caseConnector, defaultConnector, describeAction, prop } from './run-state.ts';

/** Scripts a run may reach from `main` by the names RUNSUB and RUNSCRIPT write (names with `{var}` cannot be known). */
export function reachableScripts(main: StudioScript, lookup: (name: string) => StudioScript | undefined): StudioScript[] {
  const seen = new Map<string, StudioScript>([[main.id, main]]);
  const queue = [main];
  for (let script = queue.shift(); script; script = queue.shift()) {
    for (const action of Object.values(script.nodes)) {
      if (action.type !== 'RUNSUB' && action.type !== 'RUNSCRIPT') continue;
      const name = prop(action, 'ScriptName', 'Script Name', 'Script').trim();
      if (name === '' || name.includes('{')) continue;
      const found = lookup(name) ?? lookup(name.replace(/\\/g, '/'));
      if (found && !seen.has(found.id)) {
        seen.set(found.id, found);
        queue.push(found);
      }
    }
  }
  return [...seen.values()];
}

/** An action's names a key may use, best first: path name, id, label. */
function namesOf(pathName: string, action: StudioAction, prefix: string): string[] {
  const names = [pathName, action.actionId];
  if (action.label !== '') names.push(action.label);
  return names.map((n) => prefix + n);
}

export interface MockIndex {
  /** Qualified path name → the key whose outcomes it takes. */
  keyOf: Map<string, string>;
}

/** The key each action takes, or the 500 message of the first key that names no action. */
export function indexMocks(scripts: StudioScript[], mainId: string, book: MockBook): MockIndex | string {
  const keyOf = new Map<string, string>();
  const used = new Set<string>();
  const all: string[] = [];
  for (const script of scripts) {
    const prefix = script.id === mainId ? '' : `${script.id}/`;
    for (const [pathName, action] of Object.entries(script.nodes)) {
      const names = namesOf(pathName, action, prefix);
      all.push(names[0]!, ...names.slice(2));
      const key = names.find((n) => book.has(n));
      if (key === undefined) continue;
      keyOf.set(prefix + pathName, key);
      used.add(key);
    }
  }
  const unknown = book.keys().find((k) => !used.has(k));
  return unknown === undefined ? { keyOf } : unknownMockKey(unknown, all, 'an action of the script or of a script it runs');
}

/** How a mock's `branch` names each connector: `Default`, the case value (or `case 1`), the branch name. */
function connectorNames(c: StudioConnector): string[] {
  if (c.kind === 'default') return ['Default'];
  if (c.kind === 'case') return [c.value, c.label];
  return [c.value];
}

function findBranch(action: StudioAction, branch: string): StudioConnector | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/^on(?=.)/, '');
  const named = action.connectors.filter((c) => c.kind !== 'case');
  return named.find((c) => connectorNames(c).some((n) => norm(n) === norm(branch))) ?? caseConnector(action, branch.replace(/^case /, ''));
}

/**
 * A mocked action: its variables are assigned by the caller, then it takes the connector `branch` names
 * (Default when none). An action without connectors ends the call there; a branch that is not one of the
 * action's connectors is an error (a typo must not take Default in silence).
 */
export function mockedStep(name: string, action: StudioAction, outcome: MockOutcome, key: string): StudioStep {
  const extras = { mock: key };
  if (outcome.branch === undefined || outcome.branch === 'Default') {
    const connector = defaultConnector(action);
    if (connector) return { connector, extras };
    if (action.connectors.length === 0) return { ends: true, extras };
    if (outcome.branch === undefined) {
      return { error: `mock '${key}' takes Default, which ${describeAction(name, action)} has not connected: give its branch`, extras };
    }
  }
  const connector = outcome.branch === undefined ? undefined : findBranch(action, outcome.branch);
  if (connector) return { connector, extras };
  const offered = action.connectors.map((c) => connectorNames(c)[0]!);
  return {
    error: `mock '${key}' takes branch '${outcome.branch}', which is not a connector of ${describeAction(name, action)}${didYouMean(
      outcome.branch ?? '',
      offered,
    )}; its connectors: ${offered.length ? offered.join(', ') : 'none'}`,
    extras,
  };
}
