// Scenario mocks (the debug request's `mocks`, an emulator extension): the outcome of an action that
// reaches outside the flow, one per visit. Shared by the YAML engine (External nodes) and the Studio
// executor (any action). Pure; one book per run, as each visit takes the next outcome of its key.
import type { DebugRequest, MockOutcome } from '../domain/wire.ts';
import { excerpt } from '../text.ts';
import { didYouMean } from '../validation/suggest.ts';

export interface MockBook {
  /** The outcome for this visit of `key`: a list gives one per visit, and its last repeats past its end (assumed). */
  take(key: string): MockOutcome;
  has(key: string): boolean;
  keys(): string[];
}

export function createMockBook(mocks: DebugRequest['mocks']): MockBook {
  const table = new Map<string, MockOutcome[]>();
  for (const [key, value] of Object.entries(mocks ?? {})) table.set(key, Array.isArray(value) ? value : [value]);
  const visits = new Map<string, number>();
  return {
    take(key) {
      const list = table.get(key) ?? [];
      const n = visits.get(key) ?? 0;
      visits.set(key, n + 1);
      // An empty list is refused by the request check; {} (take Default) is the safe reading regardless.
      return list[Math.min(n, list.length - 1)] ?? {};
    },
    has: (key) => table.has(key),
    keys: () => [...table.keys()],
  };
}

/** The 500 message for a mock key that names nothing in the flow, with the nearest name. */
export function unknownMockKey(key: string, names: Iterable<string>, what: string): string {
  return `mocks names '${excerpt(key)}', which is not ${what}${didYouMean(key, names)}; a mock's key is ${
    what.includes('External') ? 'the id of an External node' : "an action's label, path name or id"
  }`;
}

/** How to mock `key` in a scenario file, for the error of an action that needs a mock and has none. */
export function mockHint(key: string, branch: string): string {
  const quoted = /^[A-Za-z_][\w-]*$/.test(key) ? key : `'${key.replace(/'/g, "''")}'`;
  return `add mocks: { ${quoted}: { branch: ${branch}, variables: {…} } } to the scenario`;
}
