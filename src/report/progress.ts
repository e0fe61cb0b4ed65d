// One line per scenario as it ends, for the action log and the CLI's stderr: in a run of hundreds, the
// count says how far it is, the word says how it went, and file:line is where to look. Pure: run.ts
// prints it through its `info` hook, which passes every line through toLogText.
import { STATUS_WORD } from './console.ts';
import type { ScenarioReport } from './model.ts';

/** A progress line quotes the headline finding, not the whole of it: the report and the table have it. */
export const MAX_PROGRESS_REASON_CHARS = 160;
const WORD_WIDTH = Math.max(...Object.values(STATUS_WORD).map((w) => w.length));

/** `[ 3/12] FAIL    cxone-tests/menu.yaml:14 Sales route (path differs at step 2: …)`; `done` counts finished scenarios. */
export function progressLine(done: number, total: number, scenario: Pick<ScenarioReport, 'status' | 'name' | 'file' | 'line' | 'findings' | 'errors' | 'reason'>): string {
  const count = `[${String(done).padStart(String(total).length)}/${total}]`;
  const word = STATUS_WORD[scenario.status].padEnd(WORD_WIDTH);
  const reason = scenario.status === 'passed' ? '' : reasonOf(scenario);
  return `${count} ${word} ${scenario.file}:${scenario.line} ${oneLine(scenario.name)}${reason ? ` (${clip(oneLine(reason))})` : ''}`;
}

function reasonOf(s: Pick<ScenarioReport, 'findings' | 'errors' | 'reason'>): string {
  return s.findings[0]?.message ?? s.errors[0]?.message ?? s.reason ?? '';
}

/** One scenario, one line: a name or message with line breaks would read as several. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  if (text.length <= MAX_PROGRESS_REASON_CHARS) return text;
  // Never half an emoji: a lone surrogate prints as garbage.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_PROGRESS_REASON_CHARS - 2)) ? MAX_PROGRESS_REASON_CHARS - 2 : MAX_PROGRESS_REASON_CHARS - 1;
  return `${text.slice(0, end)}…`;
}
