// Scenario selection (the `tags` and `grep` inputs): which of the loaded scenarios this run is about.
// run.ts applies it after loading and before the shard split, so "matched nothing" is judged on the whole
// suite, and every shard of one selection counts the same `selected` of the same `total`. Pure.
import type { Scenario } from '../domain/scenario.ts';
import { excerpt } from '../text.ts';
import { compileUserRegex } from '../user-regex.ts';

/** The selection as the settings hold it: the `tags` items as written (`smoke`, `!slow`), the `grep` pattern. */
export interface SelectionSettings {
  tags: string[];
  grep?: string | undefined;
}

/** What the report keeps (report_metadata.selection): the filter, and how many scenarios it selected of how many. */
export interface SelectionFacts {
  tags: string[];
  grep: string | null;
  /** Scenarios that match the filter, in the whole suite (before the shard split). */
  selected: number;
  /** Scenarios loaded from every scenario file. */
  total: number;
}

export interface TagFilter {
  include: string[];
  exclude: string[];
}

/** The `tags` items split into included and `!`-excluded tags, or what is wrong with an item. */
export function parseTags(items: readonly string[]): { filter: TagFilter; error?: undefined } | { filter?: undefined; error: string } {
  const filter: TagFilter = { include: [], exclude: [] };
  for (const item of items) {
    const excluded = item.startsWith('!');
    const tag = (excluded ? item.slice(1) : item).trim();
    if (!tag || tag.startsWith('!'))
      return { error: `"${excerpt(item)}" is not a tag: write a tag to select it, or !tag to leave its scenarios out` };
    (excluded ? filter.exclude : filter.include).push(tag);
  }
  return { filter };
}

/**
 * A scenario is selected when it carries one of the included tags (any; every scenario when only `!` items
 * are given), none of the excluded ones, and its name matches `grep`. Tags are the file's and the
 * scenario's own together (normalize.ts), compared exactly. Settings were validated by inputs.ts.
 */
export function selectScenarios(
  scenarios: readonly Scenario[],
  settings: SelectionSettings,
): { scenarios: Scenario[]; facts: SelectionFacts } {
  const parsed = parseTags(settings.tags);
  if (parsed.error !== undefined) throw new Error(`tags: ${parsed.error}`);
  const { include, exclude } = parsed.filter;
  const compiled = settings.grep ? compileUserRegex(settings.grep) : undefined;
  if (compiled?.error !== undefined) throw new Error(`grep "${excerpt(settings.grep!)}" ${compiled.error}`);
  const selected = scenarios.filter(
    (s) =>
      (include.length === 0 || s.tags.some((t) => include.includes(t))) &&
      !s.tags.some((t) => exclude.includes(t)) &&
      (compiled?.regex === undefined || compiled.regex.test(s.name)),
  );
  return {
    scenarios: selected,
    facts: { tags: [...settings.tags], grep: settings.grep ?? null, selected: selected.length, total: scenarios.length },
  };
}

/** The filter in words (`tags smoke, !slow; grep "^Sales"`), or null when every scenario is selected. */
export function describeFilter(facts: Pick<SelectionFacts, 'tags' | 'grep'>): string | null {
  const parts: string[] = [];
  if (facts.tags.length > 0) parts.push(`tags ${facts.tags.join(', ')}`);
  if (facts.grep !== null) parts.push(`grep ${JSON.stringify(facts.grep)}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Listed tags that no loaded scenario carries (a typo selects nothing, or excludes nothing, silently otherwise). */
export function unknownTags(scenarios: readonly Scenario[], tags: readonly string[]): { unknown: string[]; known: string[] } {
  const known = [...new Set(scenarios.flatMap((s) => s.tags))].sort();
  const parsed = parseTags(tags);
  const listed = parsed.filter ? [...parsed.filter.include, ...parsed.filter.exclude] : [];
  return { unknown: listed.filter((t) => !known.includes(t)), known };
}
