// One line per scenario as it ends, for the action log and the CLI's stderr: in a run of hundreds, the
// count says how far it is, the word says how it went, and file:line is where to look. Pure: run.ts
// prints it through its `info` hook, which passes every line through toLogText.
//
// A line is printed the moment its scenario ends, before the run has seen every answer: a value that a
// later scenario reveals as redact-variables' is masked everywhere in the report, but a line already in
// the log cannot be taken back. So the reason quotes no variable value, no trace or server message: only
// node ids (never redacted), numbers, variable names and codes. The report and the table say the rest.
import { STATUS_WORD } from './console.ts';
import type { ReportFinding, ScenarioReport } from './model.ts';

/** A progress line gives the gist; the results table and the report have the whole finding. */
export const MAX_PROGRESS_REASON_CHARS = 160;
const WORD_WIDTH = Math.max(...Object.values(STATUS_WORD).map((w) => w.length));

type Reported = Pick<
  ScenarioReport,
  'status' | 'name' | 'file' | 'line' | 'findings' | 'errors' | 'reason' | 'variable_validation' | 'state_machine_analysis'
>;

/** `[ 3/12] FAIL    cxone-tests/menu.yaml:14 Sales route (path differs at step 2: …)`; `done` counts finished scenarios. */
export function progressLine(done: number, total: number, scenario: Reported): string {
  const count = `[${String(done).padStart(String(total).length)}/${total}]`;
  const word = STATUS_WORD[scenario.status].padEnd(WORD_WIDTH);
  const reason = scenario.status === 'passed' ? '' : reasonOf(scenario);
  return `${count} ${word} ${scenario.file}:${scenario.line} ${oneLine(scenario.name)}${reason ? ` (${clip(oneLine(reason))})` : ''}`;
}

function reasonOf(s: Reported): string {
  const headline = s.findings[0];
  if (!headline) return s.reason ?? '';
  const more = s.findings.length > 1 ? `; +${s.findings.length - 1} more` : '';
  return `${describeHeadline(headline, s)}${more}`;
}

/** The headline finding without values: see the file comment. */
function describeHeadline(finding: ReportFinding, s: Reported): string {
  switch (finding.code) {
    // Node ids and numbers only (wording.ts).
    case 'PATH_MISMATCH':
    case 'EXIT_MISMATCH':
    case 'DURATION_EXCEEDED':
    case 'LOOP_EXPECTED':
      return finding.message;
    case 'LOOP_DETECTED': {
      const loop = s.state_machine_analysis?.loop_details[0];
      return loop ? `${loop.verdict} loop at ${loop.nodeId}, ${loop.iterations} iterations` : 'the run hit maxLoops';
    }
    case 'VARIABLE_MISMATCH': {
      const check = s.variable_validation?.checks.find((c) => !c.ok);
      return check
        ? `variable ${check.name}${check.at ? ` at ${check.at}` : ''} does not match, line ${finding.line}`
        : `a variable does not match, line ${finding.line}`;
    }
    case 'TRACE_ERROR': {
      const error = s.errors.find((e) => e.source === 'trace');
      return error?.node_id ? `${error.node_id}${error.type ? ` (${error.type})` : ''} failed in the trace` : 'the trace holds an error';
    }
    case 'API_ERROR': {
      const error = s.errors.find((e) => e.source === 'api');
      const facts = error
        ? [
            error.status !== undefined ? `HTTP ${error.status}` : undefined,
            error.code,
            error.attempts !== undefined ? `${error.attempts} attempt${error.attempts === 1 ? '' : 's'}` : undefined,
          ]
        : [];
      const known = facts.filter((f) => f !== undefined);
      // A flow that fails at run time answers 500 with its trace: the node is where to look.
      const node = s.errors.find((e) => e.source === 'trace' && e.node_id)?.node_id;
      return `Flow Debug API call failed${known.length ? `: ${known.join(', ')}` : ''}${node ? `, at ${node}` : ''}`;
    }
    default:
      return `${finding.kind}, line ${finding.line}`;
  }
}

/** One scenario, one line: a name or message with line breaks would read as several. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  if (text.length <= MAX_PROGRESS_REASON_CHARS) return text;
  // Never half an emoji: a lone surrogate prints as garbage.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_PROGRESS_REASON_CHARS - 2))
    ? MAX_PROGRESS_REASON_CHARS - 2
    : MAX_PROGRESS_REASON_CHARS - 1;
  return `${text.slice(0, end)}…`;
}
