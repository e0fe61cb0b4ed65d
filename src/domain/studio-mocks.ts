// How a scenario's mock key names a Studio action, and how a mock's `branch` names a connector: one
// reading for the emulator (src/emulator/studio/mock-keys.ts, at run time) and the preflight
// (src/flow/mock-checks.ts, before any call). Pure.
import type { StudioAction, StudioConnector, StudioScript } from './studio.ts';
import { studioProp } from './studio-properties.ts';

/** The names a script's RUNSUB and RUNSCRIPT actions write (names with `{var}` cannot be known), once per script. */
const calledNames = new WeakMap<StudioScript, string[]>();
function scriptsCalledBy(script: StudioScript): string[] {
  const known = calledNames.get(script);
  if (known) return known;
  const names: string[] = [];
  for (const action of Object.values(script.nodes)) {
    if (action.type !== 'RUNSUB' && action.type !== 'RUNSCRIPT') continue;
    const name = studioProp(action, 'scriptName').trim();
    if (name !== '' && !name.includes('{')) names.push(name);
  }
  calledNames.set(script, names);
  return names;
}

/** Scripts a run may reach from `main` by the names RUNSUB and RUNSCRIPT write. */
export function reachableScripts(main: StudioScript, lookup: (name: string) => unknown): StudioScript[] {
  const seen = new Map<string, StudioScript>([[main.id, main]]);
  const queue = [main];
  for (let script = queue.shift(); script; script = queue.shift()) {
    for (const name of scriptsCalledBy(script)) {
      const found = (lookup(name) ?? lookup(name.replace(/\\/g, '/'))) as StudioScript | undefined;
      if (found?.format === 'studio' && !seen.has(found.id)) {
        seen.set(found.id, found);
        queue.push(found);
      }
    }
  }
  return [...seen.values()];
}

/** How paths name the actions of a script the run reaches: '' for the script the scenario names, else `<id>/`. */
export function scriptPrefix(script: StudioScript, mainId: string): string {
  return script.id === mainId ? '' : `${script.id}/`;
}

/** The names a mock key may give an action, best first: path name, id, label; each after the script's prefix. */
export function mockNames(pathName: string, action: StudioAction, prefix: string): string[] {
  const names = [pathName, action.actionId];
  if (action.label !== '') names.push(action.label);
  return names.map((n) => prefix + n);
}

/** How a mock's `branch` names each connector: `Default`, the case value (or `case 1`), the branch name. */
export function connectorNames(c: StudioConnector): string[] {
  if (c.kind === 'default') return ['Default'];
  if (c.kind === 'case') return [c.value, c.label];
  return [c.value];
}

/** The custom case whose value is `value`: as written first, then ignoring case and surrounding blanks (assumed). */
export function caseConnector(
  action: StudioAction,
  value: string,
  equals?: (a: string, b: string) => boolean,
): StudioConnector | undefined {
  const cases = action.connectors.filter((c) => c.kind === 'case');
  const loose = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return cases.find((c) => c.value === value) ?? cases.find((c) => (equals ?? loose)(c.value, value));
}

/** The connector a mock's `branch` names; `OnTimeout` and `Timeout`, any case, are one (web and Desktop pages spell both). */
export function findMockBranch(action: StudioAction, branch: string): StudioConnector | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/^on(?=.)/, '');
  const named = action.connectors.filter((c) => c.kind !== 'case');
  return named.find((c) => connectorNames(c).some((n) => norm(n) === norm(branch))) ?? caseConnector(action, branch.replace(/^case /, ''));
}

/**
 * Why a mock's `branch` cannot be taken at `action`, or undefined when it can: no branch means Default,
 * which an action with connectors but no Default cannot take; an action without connectors ends the call.
 */
export function mockBranchProblem(action: StudioAction, branch: string | undefined): 'no-default' | 'unknown' | undefined {
  if (branch === undefined || branch === 'Default') {
    if (action.connectors.some((c) => c.kind === 'default') || action.connectors.length === 0) return undefined;
    if (branch === undefined) return 'no-default';
  }
  return branch !== undefined && findMockBranch(action, branch) ? undefined : 'unknown';
}
