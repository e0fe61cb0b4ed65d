// The words of `run --update` (README, Accepting new behaviour): what it changed, file by file, and why it left
// a scenario alone. Pure: outcomes in, lines out.
import { describeKept, describeUnsettled } from '../report/observed.ts';
import { excerptLine, plural } from '../text.ts';
import type { Refusal, UpdateOutcome } from './rewrite.ts';

export interface FileOutcome {
  file: string;
  outcomes: UpdateOutcome[];
  /** Set when nothing was written: why (the check of the new text, or the file could not be read or written). */
  failure?: string;
  written: boolean;
}

const REFUSALS: Record<Refusal, string> = {
  moved: 'the file changed since the run (this scenario is no longer at its place): run again',
  no_expect: 'it has no expect to rewrite: add `expect: record` to record one',
  alias: 'its expect is an alias (*name) of a value other scenarios share: edit it by hand',
  anchor: 'its expect is anchored (&name), or inside an anchored scenario: other scenarios may share it, so edit it by hand',
  merge: 'its expect holds or comes from a merge (<<): edit it by hand',
  tag: 'its expect has a YAML tag (!tag): edit it by hand',
  empty: 'its expect is empty: write `expect: record` to record one',
  not_a_map: 'its expect is not a map',
};

/** "Updated scenarios/main.yaml: 2 scenarios (Press 2: support — path, exit; Press 1: sales — path)." and the notes after it. */
export function describeFileUpdate(outcome: FileOutcome): string[] {
  const lines: string[] = [];
  const changed = outcome.outcomes.filter((o) => 'changed' in o && o.changed.length > 0);
  const name = (o: UpdateOutcome) => excerptLine(o.name);
  if (outcome.written && changed.length > 0) {
    const list = changed.map((o) => `${name(o)} — ${'changed' in o ? o.changed.join(', ') : ''}`).join('; ');
    lines.push(`Updated ${outcome.file}: ${plural(changed.length, 'scenario')} (${list}).`);
  }
  if (outcome.failure) lines.push(`Not updated ${outcome.file}: ${outcome.failure}; the file is as it was.`);
  for (const o of outcome.outcomes) {
    if ('refused' in o) {
      lines.push(`  Left alone '${name(o)}': ${REFUSALS[o.refused]}.`);
      continue;
    }
    const kept = describeKept(o.observed);
    if (kept.length > 0) lines.push(`  Kept as written in '${name(o)}': ${kept.join(', ')}.`);
    if (o.observed.unsettled.length > 0)
      lines.push(`  '${name(o)}' still fails on ${describeUnsettled(o.observed).join(', ')}: the update does not settle that.`);
    else if (o.changed.length === 0) lines.push(`  '${name(o)}': its expect already reads as observed.`);
  }
  return lines;
}

export const NOTHING_TO_UPDATE = 'No failing scenarios: nothing to update.';

/**
 * Every file's lines, then the failing scenarios that have no observed expectation (an error, a run that hit
 * maxLoops, a failure on a loop or a duration alone, not run): `--update` cannot accept those.
 */
export function describeUpdateRun(files: readonly FileOutcome[], unrecorded: number): string[] {
  const lines = files.flatMap(describeFileUpdate);
  if (unrecorded > 0)
    lines.push(
      `${plural(unrecorded, 'failing scenario')} ${unrecorded === 1 ? 'has' : 'have'} nothing to record (an error, an infinite loop, a failure on a loop or a duration alone, or not run): ${unrecorded === 1 ? 'it needs' : 'they need'} a look.`,
    );
  return lines.length > 0 ? lines : [NOTHING_TO_UPDATE];
}

/** After a run without --update: how to accept what it observed, when a failing scenario has an observed expectation. */
export function describeUpdateHint(failed: number): string | undefined {
  if (failed === 0) return undefined;
  const which = failed === 1 ? 'the failing scenario' : `the ${failed} failing scenarios`;
  return `If the flow is right and the expectations are out of date, run again with --update to rewrite those of ${which}.`;
}
