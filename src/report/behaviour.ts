// The report's `behaviour_changes` section (README, Behaviour changes), built from the behavioural diff:
// each group, change and flow with its words, variables of redact-variables masked by name, and lists
// cut to a budget with their counts (many changes must not make the report, summary or comment unreadable). Pure.
import type { BehaviourChange, InputDiff } from '../analysis/behaviour-diff.ts';
import { groupChanges } from '../analysis/behaviour-diff.ts';
import { flowMoved, type FlowChange } from '../analysis/flow-diff.ts';
import type { BehaviourChanges } from './model.ts';
import { REDACTED } from './redact.ts';
import type { JsonValue } from '../domain/json.ts';
import { clip } from '../text.ts';
import { describeBehaviourChange, describeBehaviourGroup, describeFlowChange } from './wording.ts';

/** Changed inputs written to the report; the counts have them all. */
export const MAX_REPORT_CHANGES = 100;
export const MAX_REPORT_GROUPS = 50;
export const MAX_REPORT_FLOWS = 100;
export const MAX_REPORT_EARLIER_PROBLEMS = 20;

export interface BehaviourFacts {
  comparedTo: BehaviourChanges['compared_to'];
  diff: InputDiff;
  flows: FlowChange[];
  /** redact-variables: whether a variable's values are masked. */
  redacted: (name: string) => boolean;
  /** compare-to: flow files that did not load at the ref. */
  earlierProblems?: { file: string; message: string }[];
}

export function buildBehaviourSection({ comparedTo, diff, flows, redacted, earlierProblems = [] }: BehaviourFacts): BehaviourChanges {
  const changes = diff.changed.map((c) => mask(c, redacted));
  const groups = groupChanges(changes);
  const moved = flows.filter(flowMoved);
  const truncated: NonNullable<BehaviourChanges['truncated']> = {};
  const cut = <T>(items: T[], max: number, key: keyof typeof truncated): T[] => {
    if (items.length > max) truncated[key] = { shown: max, total: items.length };
    return items.slice(0, max);
  };
  // Cut first: `truncated` is filled by the cuts.
  const lists = {
    groups: cut(groups, MAX_REPORT_GROUPS, 'groups').map((g) => ({ ...g, message: describeBehaviourGroup(g) })),
    changes: cut(changes, MAX_REPORT_CHANGES, 'changes').map((c) => ({ ...c, message: describeBehaviourChange(c) })),
    flows: cut(moved, MAX_REPORT_FLOWS, 'flows').map((f) => ({ ...f, message: describeFlowChange(f) })),
  };
  const problems = cut(earlierProblems, MAX_REPORT_EARLIER_PROBLEMS, 'earlier_problems').map((p) => ({
    file: clip(p.file, 300),
    message: clip(p.message, 300),
  }));
  return {
    compared_to: comparedTo,
    inputs: diff.compared,
    changed: diff.changed.length,
    unchanged: diff.unchanged,
    not_compared: diff.not_compared,
    ...(problems.length > 0 ? { earlier_problems: problems } : {}),
    ...(Object.keys(truncated).length > 0 ? { truncated } : {}),
    ...lists,
  };
}

/** No comparison was made: the section says why, with zero counts, so the report still shows it was asked for. */
export function skippedBehaviourSection(comparedTo: BehaviourChanges['compared_to'], reason: string): BehaviourChanges {
  return {
    compared_to: comparedTo,
    skipped: reason,
    inputs: 0,
    changed: 0,
    unchanged: 0,
    not_compared: 0,
    groups: [],
    changes: [],
    flows: [],
  };
}

/** A changed variable's value as written: past this much JSON, its JSON cut short (a string), so 100 changes stay small. */
export const MAX_VARIABLE_VALUE_CHARS = 512;

function mask(c: BehaviourChange, redacted: (name: string) => boolean): BehaviourChange {
  const shown = (value: JsonValue | undefined): JsonValue | undefined => {
    if (value === undefined) return undefined;
    const json = JSON.stringify(value);
    return json.length > MAX_VARIABLE_VALUE_CHARS ? clip(json, MAX_VARIABLE_VALUE_CHARS) : value;
  };
  const variables = c.variables.map((v) => {
    const [before, after] = redacted(v.name)
      ? [v.before, v.after].map((x) => (x === undefined ? undefined : REDACTED))
      : [shown(v.before), shown(v.after)];
    return { name: v.name, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
  });
  return { ...c, variables };
}
