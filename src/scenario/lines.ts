// Where a scenario key was written, for annotations on the exact line that failed.
import type { Scenario } from '../domain/scenario.ts';

/**
 * 1-based line of `key` (dotted, relative to the scenario: 'expect.path',
 * 'expect.variables.selected_option', 'expect.path[2]'), else of its nearest recorded
 * ancestor key, else the scenario's own line.
 */
export function lineOf(scenario: Scenario, key?: string): number {
  let current = key ?? '';
  while (current !== '') {
    const line = scenario.lines[current];
    if (line !== undefined) return line;
    current = parentKey(current);
  }
  return scenario.line;
}

/** 'a.b[2]' → 'a.b' → 'a' → ''. Names may hold dots, so the whole key is always tried first. */
function parentKey(key: string): string {
  const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
  return cut <= 0 ? '' : key.slice(0, cut);
}
