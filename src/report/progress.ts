// One line per scenario as it ends, for the action log and the CLI's stderr: in a run of hundreds, the
// count says how far it is, the word says how it went, and file:line is where to look. Pure: run.ts
// prints it through its `info` hook, which passes every line through toLogText.
//
// A line is printed the moment its scenario ends, before the run has seen every answer: a value that a
// later scenario reveals as redact-variables' is masked everywhere in the report, but a line already in
// the log cannot be taken back. So the reason quotes no variable value, no trace or server message: only
// node ids (never redacted), numbers, variable names and codes. The report and the table say the rest.
import { cut } from '../text.ts';
import { STATUS_WORD } from './console.ts';
import type { ScenarioReport } from './model.ts';
import { describeHeadline } from './wording.ts';

/** A progress line gives the gist; the results table and the report have the whole finding. */
export const MAX_PROGRESS_REASON_CHARS = 160;
const WORD_WIDTH = Math.max(...Object.values(STATUS_WORD).map((w) => w.length));

type Reported = Pick<ScenarioReport, 'status' | 'name' | 'file' | 'line' | 'findings' | 'reason'>;

/** `[ 3/12] FAIL    cxone-tests/menu.yaml:14 Sales route (path differs at step 2: …)`; `done` counts finished scenarios. */
export function progressLine(done: number, total: number, scenario: Reported): string {
  const count = `[${String(done).padStart(String(total).length)}/${total}]`;
  const word = STATUS_WORD[scenario.status].padEnd(WORD_WIDTH);
  const reason = scenario.status === 'passed' ? '' : reasonOf(scenario);
  return `${count} ${word} ${scenario.file}:${scenario.line} ${oneLine(scenario.name)}${reason ? ` (${cut(oneLine(reason), MAX_PROGRESS_REASON_CHARS)})` : ''}`;
}

function reasonOf(s: Reported): string {
  const headline = s.findings[0];
  if (!headline) return s.reason ?? '';
  const more = s.findings.length > 1 ? `; +${s.findings.length - 1} more` : '';
  return `${describeHeadline(headline, s.findings)}${more}`;
}

/** One scenario, one line: a name or message with line breaks would read as several. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
