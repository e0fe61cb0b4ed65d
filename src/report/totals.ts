// The run's totals in words, shared by the job summary, the pull-request comment and the console, so
// all three count and word them alike: "1 scenario", "1 expected retry loop", one coverage percent. Pure.
import { formatPercent } from '../analysis/coverage.ts';
import { plural } from '../text.ts';
import type { FlowCoverage, Report, ScenarioReport } from './model.ts';

/** One total: the number (to set in bold, or not) and the words after it. */
export interface Total {
  value: string;
  words: string;
}

export interface LoopCount {
  total: number;
  /** Loops in scenarios that expect one (expect.loops: true): no finding, the expectation held. */
  expected: number;
  /** Every expected loop a retry loop (the usual loop guard), so the words can say so. */
  expectedAllRetry: boolean;
}

/** passed · failed · errored · loops [· skipped · not run] [· node coverage]. */
export function runTotals(report: Report, options: { coverage?: boolean } = {}): Total[] {
  const s = report.summary;
  const totals: Total[] = [
    { value: String(s.passed), words: 'passed' },
    { value: String(s.failed), words: 'failed' },
    { value: String(s.errored), words: 'errored' },
    loopTotal(countLoops(report.scenarios)),
  ];
  if (s.skipped) totals.push({ value: String(s.skipped), words: 'skipped' });
  if (s.not_run) totals.push({ value: String(s.not_run), words: 'not run' });
  const coverage = options.coverage === false ? undefined : overallCoverage(report.coverage);
  if (coverage) totals.push({ value: coverage, words: 'node coverage' });
  return totals;
}

/** `**1** passed · **0** failed …` for Markdown, `1 passed, 0 failed …` for a terminal. */
export function joinTotals(totals: Total[], style: 'markdown' | 'plain'): string {
  return style === 'markdown'
    ? totals.map((t) => `**${t.value}** ${t.words}`).join(' · ')
    : totals.map((t) => `${t.value} ${t.words}`).join(', ');
}

export function scenarioCount(report: Report): string {
  return plural(report.summary.total, 'scenario');
}

/** A cut list of loops still counts them all, as summarize() does. */
export function countLoops(scenarios: ScenarioReport[]): LoopCount {
  const count: LoopCount = { total: 0, expected: 0, expectedAllRetry: true };
  for (const s of scenarios) {
    const details = s.state_machine_analysis?.loop_details ?? [];
    const n = s.truncated?.loop_details?.total ?? details.length;
    count.total += n;
    // A loop is a finding unless the scenario expects one: with expect.loops: true no LOOP_DETECTED is made.
    if (n === 0 || s.findings.some((f) => f.code === 'LOOP_DETECTED')) continue;
    count.expected += n;
    if (details.some((d) => d.verdict !== 'retry')) count.expectedAllRetry = false;
  }
  return count;
}

/** "2 loops", "1 expected retry loop", "3 loops (1 expected)". */
export function loopTotal(count: LoopCount): Total {
  const value = String(count.total);
  if (count.expected === 0) return { value, words: count.total === 1 ? 'loop' : 'loops' };
  const kind = count.expectedAllRetry ? 'retry loop' : 'loop';
  if (count.expected === count.total) return { value, words: `expected ${count.total === 1 ? kind : `${kind}s`}` };
  return { value, words: `loops (${count.expected} expected)` };
}

/** All nodes of all flows, one percent (coveragePercent's rule: rounded down). */
export function overallCoverage(coverage: FlowCoverage[] | undefined): string | undefined {
  if (!coverage || coverage.length === 0) return undefined;
  const visited = coverage.reduce((n, c) => n + c.nodes.visited, 0);
  const total = coverage.reduce((n, c) => n + c.nodes.total, 0);
  return formatPercent(visited, total);
}
