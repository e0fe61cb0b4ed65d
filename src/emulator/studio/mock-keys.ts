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

/** The names a script's RUNSUB and RUNSCRIPT actions write (names with `{var}` cannot be known), once per script. */
const calledNames = new WeakMap<StudioScript, string[]>();
function scriptsCalledBy(script: StudioScript): string[] {
  let names = calledNames.get(script);
  if (names) return names;
  names = [];
  for (const action of Object.values(script.nodes)) {
    if (action.type !== 'RUNSUB' && action.type !== 'RUNSCRIPT') continue;
    const name = prop(action, 'ScriptName', 'Script Name', 'Script').trim();
    if (name !== '' && !name.includes('{')) names.push(name);
  }
  calledNames.set(script, names);
  return names;
}

/** Scripts a run may reach from `main` by the names RUNSUB and RUNSCRIPT write. */
export function reachableScripts(main: StudioScript, lookup: (name: string) => StudioScript | undefined): StudioScript[] {
  const seen = new Map<string, StudioScript>([[main.id, main]]);
  const queue = [main];
  for (let script = queue.shift(); script; script = queue.shift()) {
    for (const name of scriptsCalledBy(script)) {
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
function namesOf(pathName: string, action: StudioAction): string[] {
  const names = [pathName, action.actionId];
  if (action.label !== '') names.push(action.label);
  return names;
}

/** By each name a key may use (namesOf), the actions it names and how well (0 best), once per script. */
type NameTable = Map<string, { pathName: string; rank: number }[]>;
const nameTables = new WeakMap<StudioScript, NameTable>();
function nameTable(script: StudioScript): NameTable {
  let table = nameTables.get(script);
  if (table) return table;
  table = new Map();
  for (const [pathName, action] of Object.entries(script.nodes))
    namesOf(pathName, action).forEach((name, rank) => {
      const list = table!.get(name);
      if (list) list.push({ pathName, rank });
      else table!.set(name, [{ pathName, rank }]);
    });
  nameTables.set(script, table);
  return table;
}

export interface MockIndex {
  /** Qualified path name → the key whose outcomes it takes. */
  keyOf: Map<string, string>;
}

/**
 * The key each action takes (its best-named key: path name, then id, then label), or the 500 message of
 * the first key that names no action. Per request it costs the keys, not the script's size: a debug call
 * for a script of thousands of actions must not pay for all of them.
 */
export function indexMocks(scripts: StudioScript[], mainId: string, book: MockBook): MockIndex | string {
  const best = new Map<string, { key: string; rank: number }>();
  const keys = book.keys();
  for (const script of scripts) {
    const prefix = script.id === mainId ? '' : `${script.id}/`;
    const table = nameTable(script);
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      for (const { pathName, rank } of table.get(key.slice(prefix.length)) ?? []) {
        const qualified = prefix + pathName;
        const held = best.get(qualified);
        if (!held || rank < held.rank) best.set(qualified, { key, rank });
      }
    }
  }
  const keyOf = new Map([...best].map(([qualified, { key }]) => [qualified, key]));
  // A key only outranked by another key of the same action names nothing the run uses: an error, as before.
  const used = new Set(keyOf.values());
  const unknown = keys.find((k) => !used.has(k));
  if (unknown === undefined) return { keyOf };
  const all = scripts.flatMap((script) => {
    const prefix = script.id === mainId ? '' : `${script.id}/`;
    return Object.entries(script.nodes).flatMap(([pathName, action]) => {
      const names = namesOf(pathName, action).map((n) => prefix + n);
      return [names[0]!, ...names.slice(2)];
    });
  });
  return unknownMockKey(unknown, all, 'an action of the script or of a script it runs');
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
