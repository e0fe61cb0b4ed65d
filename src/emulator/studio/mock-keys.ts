// Which mock a Studio action takes, and what a mock's outcome does to it. A key names an action by its
// label, path name or id; an action of another script (a sub-script, RUNSCRIPT's target) is named as its
// path reads, `<script>/<label|path name|id>`. A key naming no action is an error of the run.
import type { MockOutcome } from '../../domain/wire.ts';
import type { StudioAction, StudioScript } from '../../domain/studio.ts';
import { didYouMean } from '../../validation/suggest.ts';
import type { MockBook } from '../mocks.ts';
import { unknownMockKey } from '../mocks.ts';
import type { StudioStep } from './run-state.ts';
import { defaultConnector, describeAction } from './run-state.ts';
import { connectorNames, findMockBranch, mockNames, reachableScripts, scriptPrefix } from '../../domain/studio-mocks.ts';

export { reachableScripts };

export interface MockIndex {
  /** Qualified path name → the key whose outcomes it takes. */
  keyOf: Map<string, string>;
}

/** By each name a key may use (mockNames, unprefixed), the actions it names and how well (0 best). */
interface NameTable {
  byName: Map<string, { pathName: string; rank: number }[]>;
  /** Every name, for the nearest one to a key that names nothing (path names and labels). */
  all: string[];
}

/** Built once per script, not at every debug call: a run's index then costs its keys, not the script's size. */
const nameTables = new WeakMap<StudioScript, NameTable>();
function nameTable(script: StudioScript): NameTable {
  const known = nameTables.get(script);
  if (known) return known;
  const table: NameTable = { byName: new Map(), all: [] };
  for (const [pathName, action] of Object.entries(script.nodes)) {
    const names = mockNames(pathName, action, '');
    table.all.push(names[0]!, ...names.slice(2));
    names.forEach((name, rank) => {
      const list = table.byName.get(name);
      if (list) list.push({ pathName, rank });
      else table.byName.set(name, [{ pathName, rank }]);
    });
  }
  nameTables.set(script, table);
  return table;
}

/** The key each action takes, or the 500 message of the first key that names no action. */
export function indexMocks(scripts: StudioScript[], mainId: string, book: MockBook): MockIndex | string {
  const keys = book.keys();
  const best = new Map<string, { key: string; rank: number }>();
  const used = new Set<string>();
  for (const script of scripts) {
    const prefix = scriptPrefix(script, mainId);
    const table = nameTable(script);
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      for (const { pathName, rank } of table.byName.get(key.slice(prefix.length)) ?? []) {
        used.add(key);
        const held = best.get(prefix + pathName);
        if (!held || rank < held.rank) best.set(prefix + pathName, { key, rank });
      }
    }
  }
  const unknown = keys.find((k) => !used.has(k));
  if (unknown === undefined) return { keyOf: new Map([...best].map(([name, { key }]) => [name, key])) };
  const all = scripts.flatMap((script) => nameTable(script).all.map((n) => scriptPrefix(script, mainId) + n));
  return unknownMockKey(unknown, all, 'an action of the script or of a script it runs');
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
  const connector = outcome.branch === undefined ? undefined : findMockBranch(action, outcome.branch);
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
