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

/** The key each action takes, or the 500 message of the first key that names no action. */
export function indexMocks(scripts: StudioScript[], mainId: string, book: MockBook): MockIndex | string {
  const keyOf = new Map<string, string>();
  const used = new Set<string>();
  const all: string[] = [];
  for (const script of scripts) {
    const prefix = scriptPrefix(script, mainId);
    for (const [pathName, action] of Object.entries(script.nodes)) {
      const names = mockNames(pathName, action, prefix);
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
