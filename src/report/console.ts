// The CLI's view of a report: a plain-text table and the totals. Pure.
// Lines about a file read as compilers write them (`file:line: error: …`), and their word is the
// severity: `error:` for what fails the run, `warning:` for what is shown but does not (a finding of a
// kind outside fail-on, an unreachable node).
import { failsCheck, type FindingKind, type FlowFinding, type ScenarioStatus } from '../domain/findings.ts';
import { formatPercent } from '../analysis/coverage.ts';
import { describeFilter } from '../simulation/select.ts';
import { clip, located, plural } from '../text.ts';
import { isFailingScenario, notRunOnItsOwn, shortFlowId, type Report, type ReportProblem, type ScenarioReport } from './model.ts';
import { joinTotals, runTotals, scenarioCount } from './totals.ts';
import { describeBehaviourGroup, describeFinding, describeUnreachableBranch } from './wording.ts';

/** The report's statuses as the table and the progress lines (progress.ts) say them. */
export const STATUS_WORD: Record<ScenarioStatus, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  error: 'ERROR',
  skipped: 'SKIP',
  not_run: 'NOT RUN',
};
const MAX_CELL = 60;
const MAX_LAST_CELL = 120;

export interface ConsoleOptions {
  /** The table lists only the scenarios that failed the run, not run ones included (the CLI's --only-failures); the totals stay whole. */
  onlyFailures?: boolean;
}

export function renderConsole(report: Report, options: ConsoleOptions = {}): string {
  // Failures first, each group in scenario order: in a run of hundreds, what needs a look is at the top.
  const failing = report.scenarios.filter(isFailingScenario);
  const shown = options.onlyFailures ? failing : [...failing, ...report.scenarios.filter((s) => !isFailingScenario(s))];
  const failOn = new Set<string>(report.report_metadata.fail_on);
  const out: string[] = [];
  for (const p of report.problems) out.push(problemLine(p));
  for (const f of report.flow_findings) out.push(flowFindingLine(f, report.report_metadata.fail_on));
  if (out.length) out.push('');
  if (shown.length) out.push(...renderTable(shown), '');
  // Below the table, every finding it did not show whole: the others, and the headline when clipped.
  for (const s of shown) {
    if (notRunOnItsOwn(report, s) && s.reason && clip(s.reason, MAX_LAST_CELL) !== s.reason)
      out.push(`  ${locatedLine('error', s.file, s.line, `${s.name}: not run: ${s.reason}`)}`);
    s.findings.forEach((f, i) => {
      const message = describeFinding(f);
      if (i === 0 && clip(message, MAX_LAST_CELL) === message) return;
      out.push(`  ${locatedLine(failOn.has(f.kind) ? 'error' : 'warning', f.file, f.line, `${s.name}: ${message}`)}`);
    });
  }
  const s = report.summary;
  out.push(
    `${s.conclusion === 'success' ? 'PASSED' : 'FAILED'}: ${scenarioCount(report)}, ${joinTotals(runTotals(report, { coverage: false }), 'plain')}`,
  );
  const selection = describeSelection(report);
  if (selection) out.push(selection);
  if (options.onlyFailures && shown.length < report.scenarios.length)
    out.push(`${plural(report.scenarios.length - shown.length, 'other scenario')} not shown (--only-failures).`);
  if (!options.onlyFailures) {
    for (const c of report.coverage ?? []) {
      out.push(
        `Coverage of ${c.name ?? c.flow_id}: ${c.nodes.visited}/${c.nodes.total} nodes (${formatPercent(c.nodes.visited, c.nodes.total)}), ${c.edges.visited}/${c.edges.total} branches (${formatPercent(c.edges.visited, c.edges.total)})`,
      );
      for (const u of c.unreachable ?? []) out.push(`  warning: ${describeUnreachableBranch(u)}`);
    }
  }
  out.push(...behaviourLines(report));
  if (s.failure_reasons.length) out.push(`Failing because: ${s.failure_reasons.join('; ')}`);
  return out.join('\n') + '\n';
}

/** Groups of changes listed in the terminal; the job summary and the report have them all. */
const MAX_CONSOLE_GROUPS = 10;

/** compare-to / baseline-report: how many inputs behave differently, and the groups of what changed. */
function behaviourLines(report: Report): string[] {
  const b = report.behaviour_changes;
  if (!b || b.skipped) return [];
  const against =
    b.compared_to.report ?? `${b.compared_to.ref ?? ''}${b.compared_to.commit ? ` (${b.compared_to.commit.slice(0, 7)})` : ''}`;
  const lines = [
    `Behaviour changes against ${against}: ${b.changed} of ${plural(b.inputs, 'input')} ${b.changed === 1 ? 'behaves' : 'behave'} differently, ${b.unchanged} unchanged.`,
  ];
  lines.push(...b.groups.slice(0, MAX_CONSOLE_GROUPS).map((g) => `  ${describeBehaviourGroup(g)}`));
  if (b.groups.length > MAX_CONSOLE_GROUPS) lines.push(`  … ${plural(b.groups.length - MAX_CONSOLE_GROUPS, 'more group')} in the report.`);
  return lines;
}

function renderTable(scenarios: ScenarioReport[]): string[] {
  const rows = scenarios.map((s) => [
    STATUS_WORD[s.status] ?? s.status,
    s.name,
    shortFlowId(s.flow_id),
    s.execution_summary ? (s.execution_summary.exit_node ?? 'none') : '-',
    s.findings[0] ? describeFinding(s.findings[0]) : (s.reason ?? ''),
  ]);
  const header = ['STATUS', 'SCENARIO', 'FLOW', 'EXIT NODE', 'FINDING'];
  const table = [header, ...rows].map((r) => r.map((cell, i) => clip(cell, i === r.length - 1 ? MAX_LAST_CELL : MAX_CELL)));
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}

/** `Selected 3 of 12 scenarios (tags smoke); shard 2/4 ran 1.`, when tags or grep chose part of the suite. */
function describeSelection(report: Report): string | null {
  const { selection, shard } = report.report_metadata;
  const filter = selection ? describeFilter(selection) : null;
  if (!selection || !filter) return null;
  return `Selected ${selection.selected} of ${plural(selection.total, 'scenario')} (${filter})${shard ? `; shard ${shard} ran ${report.scenarios.length}` : ''}.`;
}

/** `file:line: error: text`, as compilers print it: the file alone when there is no line, nothing when there is no file (never a made-up `:1`). */
export function locatedLine(severity: 'error' | 'warning', file: string, line: number, text: string): string {
  return located(file, line, `${severity}: ${text}`);
}

/** A broken scenario or flow file fails the run: always an error. */
export function problemLine(p: ReportProblem): string {
  return locatedLine('error', p.file, p.line, p.key ? `${p.key}: ${p.message}` : p.message);
}

/** An error when it fails the run (as its annotation is), else a warning. */
export function flowFindingLine(f: FlowFinding, failOn: readonly FindingKind[]): string {
  const severity = failsCheck(f, failOn) ? 'error' : 'warning';
  return locatedLine(severity, f.file, f.line, `flow defect: ${describeFinding(f)}`);
}
