// `run --update`'s edge (README, Accepting new behaviour): reads each scenario file the report's failing (or recording)
// scenarios come from, has rewrite.ts make the new text, and writes it back atomically, inside the workspace
// only: a file that resolves outside it (a symbolic link) is neither read nor written.
import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readMatchedFile } from '../match-files.ts';
import type { Report } from '../report/model.ts';
import type { ObservedExpect } from '../report/observed.ts';
import { MASK } from '../secrets.ts';
import { writeAtomically } from '../report/files.ts';
import { MAX_SCENARIO_FILE_BYTES } from '../scenario/load.ts';
import { excerpt } from '../text.ts';
import type { FileOutcome } from './describe.ts';
import { rewriteExpectations, type ScenarioUpdate } from './rewrite.ts';

/** The updates the report asks for, by file, in report order: scenarios that ran and have an observed expectation. */
export function updatesOf(report: Pick<Report, 'scenarios'>): Map<string, ScenarioUpdate[]> {
  const byFile = new Map<string, ScenarioUpdate[]>();
  for (const s of report.scenarios) {
    if (!s.observed_expect) continue;
    const index = Number(s.id.slice(s.id.lastIndexOf('#') + 1));
    if (!Number.isInteger(index) || index < 0) continue;
    const list = byFile.get(s.file) ?? [];
    list.push({ index, name: s.name, observed: withholdMasked(s.observed_expect) });
    byFile.set(s.file, list);
  }
  return byFile;
}

/**
 * The report's last pass masks, in every scenario, the values of redacted variables seen in any, and secrets in
 * names: a value or name the observation let through may be masked after all. Either is withheld, never written
 * as `***`.
 */
function withholdMasked(observed: ObservedExpect): ObservedExpect {
  const masked = (value: unknown) => JSON.stringify(value)?.includes(MASK) ?? false;
  const withheld = [...observed.withheld];
  const entries = Object.entries(observed.expect).flatMap(([key, value]): [string, unknown][] => {
    if (key === 'path' && masked(value)) {
      withheld.push({ key: 'path', reason: 'redacted' });
      return [];
    }
    if (key !== 'variables' || !value || typeof value !== 'object') return [[key, value]];
    // A name can be masked too (the report's keys lose secrets): it is no variable the flow has.
    const kept = Object.entries(value).filter(([name, v]) => {
      if (!masked(name) && !masked(v)) return true;
      withheld.push({ key: 'variables', name, reason: 'redacted' });
      return false;
    });
    return [[key, Object.fromEntries(kept)]];
  });
  const expect = Object.fromEntries(entries) as ObservedExpect['expect'];
  return withheld.length === observed.withheld.length ? observed : { ...observed, expect, withheld };
}

export async function applyUpdates(report: Pick<Report, 'scenarios'>, workspace: string): Promise<FileOutcome[]> {
  const results: FileOutcome[] = [];
  for (const [file, updates] of updatesOf(report)) results.push(await updateFile(workspace, file, updates));
  return results;
}

async function updateFile(workspace: string, file: string, updates: ScenarioUpdate[]): Promise<FileOutcome> {
  const read = await readMatchedFile(workspace, file, MAX_SCENARIO_FILE_BYTES);
  if (!read.ok) return { file, outcomes: [], failure: read.reason, written: false };
  let rewrite: ReturnType<typeof rewriteExpectations>;
  try {
    rewrite = rewriteExpectations(read.text, file, updates);
  } catch (error) {
    // The file no longer parses: it changed since the run.
    return { file, outcomes: [], failure: `it no longer parses (${excerpt((error as Error).message)})`, written: false };
  }
  const outcome: FileOutcome = { file, outcomes: rewrite.outcomes, written: false };
  if (rewrite.failure) outcome.failure = rewrite.failure;
  if (rewrite.text === null) return outcome;
  try {
    // The real file, so a link inside the workspace stays a link; never a file outside it.
    const [root, target] = await Promise.all([realpath(workspace), realpath(path.resolve(workspace, file))]);
    const relative = path.relative(root, target);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return { ...outcome, failure: 'it resolves outside the workspace' };
    // A rename replaces even a read-only file: one its owner cannot write is not written; the rest keep their mode.
    const mode = (await stat(target)).mode & 0o7777;
    if ((mode & 0o200) === 0) return { ...outcome, failure: 'it is read-only' };
    await writeAtomically(target, rewrite.text, mode);
    outcome.written = true;
  } catch (error) {
    outcome.failure = `cannot write it (${(error as NodeJS.ErrnoException).code ?? excerpt((error as Error).message)})`;
  }
  return outcome;
}
