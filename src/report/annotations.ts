// Annotations (README, What a run tells you): one per failing scenario, on the line of its headline finding with the others
// in its body; one per scenario not run for its own reason (model.ts notRunOnItsOwn), on its line; one per
// flow defect, on the flow file; one per problem, on its file and line. Ranked so
// that GitHub's caps drop the least important: problems, then errors, loops, mismatches; findings of
// kinds outside fail-on are warnings. Pure: publish.ts emits them.
import type { FindingKind } from '../domain/findings.ts';
import { NO_LINE, plural } from '../text.ts';
import { pathView } from './details.ts';
import { notRunOnItsOwn, type Report, type ScenarioReport } from './model.ts';
import {
  describeBehaviourGroup,
  describeEarlierProblems,
  describeDivergence,
  describeEdit,
  describeFinding,
  describeFlowChange,
} from './wording.ts';

/**
 * GitHub shows at most 10 error annotations per step, and core.setFailed takes one of them. Warnings have
 * their own 10 (actions/toolkit's docs/problem-matchers.md, "Limitations").
 */
export const MAX_ERROR_ANNOTATIONS = 9;
export const MAX_WARNING_ANNOTATIONS = 10;
/** Notices have their own 10 per step: one per flow file whose behaviour changed (compare-to, baseline-report). */
export const MAX_NOTICE_ANNOTATIONS = 10;
/** Groups of changes quoted in a flow's notice; the summary has them all. */
const MAX_NOTICE_GROUPS = 5;
/** Path edits quoted under a routing mismatch; the summary has the whole diff. */
const MAX_QUOTED_MISMATCHES = 5;

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file: string;
  line: number;
}

export interface AnnotationPlan {
  shown: Annotation[];
  /** How many errors and warnings were ranked out by the caps; the summary says so. */
  omitted: number;
  omittedErrors: number;
  omittedWarnings: number;
  /** Notices left out (more than ten changed flow files): each is listed in the summary's Behaviour changes. */
  omittedNotices?: number;
}

const RANK: Record<FindingKind | 'problem', number> = { problem: 0, error: 1, loop: 2, mismatch: 3 };

interface Ranked extends Annotation {
  rank: number;
}

export function planAnnotations(report: Report): AnnotationPlan {
  const failOn = new Set<FindingKind>(report.report_metadata.fail_on);
  const all: Ranked[] = [];
  for (const p of report.problems) {
    if (!p.file) continue; // an input problem has no file to point at: setFailed and the summary carry it
    all.push({
      rank: RANK.problem,
      level: 'error',
      title: `Invalid ${p.code.startsWith('FLOW') ? 'flow' : p.code.startsWith('REPORT') ? 'shard report' : 'scenario'} file: ${p.key || p.file}`,
      message: p.message,
      file: p.file,
      line: p.line,
    });
  }
  for (const f of report.flow_findings) {
    all.push({
      rank: RANK[f.kind],
      level: f.severity !== 'warning' && failOn.has(f.kind) ? 'error' : 'warning',
      title: `Flow defect${f.node ? ` at ${f.node}` : ''} (${f.code})`,
      message: describeFinding(f),
      file: f.file,
      line: f.line,
    });
  }
  for (const s of report.scenarios) all.push(...(notRunOnItsOwn(report, s) ? [annotateNotRun(s)] : annotateScenario(s, failOn)));
  // A stable sort: equal ranks stay in report order (file by file, scenario by scenario).
  const ranked = all
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.rank - y.a.rank || x.i - y.i)
    .map(({ a: { rank: _rank, ...a } }) => a);
  const errors = ranked.filter((a) => a.level === 'error');
  const warnings = [...comparisonSkipped(report), ...ranked.filter((a) => a.level === 'warning')];
  const notices = behaviourNotices(report);
  const shown = [
    ...errors.slice(0, MAX_ERROR_ANNOTATIONS),
    ...warnings.slice(0, MAX_WARNING_ANNOTATIONS),
    ...notices.slice(0, MAX_NOTICE_ANNOTATIONS),
  ];
  const omittedErrors = Math.max(0, errors.length - MAX_ERROR_ANNOTATIONS);
  const omittedWarnings = Math.max(0, warnings.length - MAX_WARNING_ANNOTATIONS);
  const omittedNotices = Math.max(0, notices.length - MAX_NOTICE_ANNOTATIONS);
  return {
    shown,
    // The summary's note is about findings; a notice left out is a changed flow the summary's Behaviour changes lists.
    omitted: omittedErrors + omittedWarnings,
    omittedErrors,
    omittedWarnings,
    ...(omittedNotices > 0 ? { omittedNotices } : {}),
  };
}

/** A behaviour comparison that was asked for and could not be made (a ref a shallow clone lacks): first of the warnings, never capped out. */
function comparisonSkipped(report: Report): Annotation[] {
  const b = report.behaviour_changes;
  if (b?.skipped) return [{ level: 'warning', title: 'No behaviour comparison', message: b.skipped, file: '', line: NO_LINE }];
  if (b?.earlier_problems?.length)
    return [{ level: 'warning', title: 'Behaviour comparison incomplete', message: describeEarlierProblems(b), file: '', line: NO_LINE }];
  return [];
}

/** A notice on each flow file of the head whose actions, connectors or inputs' behaviour changed, on its id's line. */
function behaviourNotices(report: Report): Annotation[] {
  const section = report.behaviour_changes;
  if (!section || section.skipped) return [];
  return section.flows
    .filter((f) => f.file && f.status !== 'removed' && (f.status !== 'unchanged' || f.changed_inputs > 0))
    .map((f) => {
      const groups = section.groups.filter((g) => g.flow_id === f.flow_id);
      const body = [describeFlowChange(f), ...groups.slice(0, MAX_NOTICE_GROUPS).map((g) => `- ${describeBehaviourGroup(g)}`)];
      if (groups.length > MAX_NOTICE_GROUPS) body.push(`- … ${groups.length - MAX_NOTICE_GROUPS} more in the job summary`);
      return {
        level: 'notice' as const,
        title: `Behaviour changed: ${f.name ?? f.flow_id}${f.changed_inputs > 0 ? ` (${plural(f.changed_inputs, 'input')})` : ''}`,
        message: body.join('\n'),
        file: f.file!,
        line: f.line ?? 0,
      };
    });
}

/**
 * One annotation per scenario: a path, an exit and a variable mismatch from one wrong branch are one
 * cause, and GitHub shows ten errors per step. It sits on the line of the headline finding, the first
 * one that fails the run in the report's order (an error, then a loop, then the path's first divergence,
 * the exit, the variables: rankFindings), and its body carries the others with their lines.
 */
function annotateScenario(s: ScenarioReport, failOn: Set<FindingKind>): Ranked[] {
  const headline = s.findings.find((f) => failOn.has(f.kind)) ?? s.findings[0];
  if (!headline) return [];
  const others = s.findings.filter((f) => f !== headline);
  const body = [describeFinding(headline)];
  if (headline.code === 'PATH_MISMATCH') body.push(...pathLines(s));
  if (others.length > 0) body.push(`Also in this scenario:`, ...others.map((f) => `- line ${f.line}, ${f.code}: ${describeFinding(f)}`));
  return [
    {
      rank: RANK[headline.kind],
      level: failOn.has(headline.kind) ? 'error' : 'warning',
      title: `${s.status === 'error' ? 'Error in' : 'Failed:'} ${s.name} (${headline.code}${others.length > 0 ? `, +${plural(others.length, 'more finding')}` : ''})`,
      message: body.join('\n'),
      file: headline.file,
      line: headline.line,
    },
  ];
}

/** Not run for its own reason: it fails the run whatever fail-on says, so it is an error, on the scenario's line. */
function annotateNotRun(s: ScenarioReport): Ranked {
  return { rank: RANK.error, level: 'error', title: `Not run: ${s.name}`, message: s.reason ?? 'not run', file: s.file, line: s.line };
}

/**
 * What the job summary's diff shows, readable on its own: for a map form, where the path diverged; then
 * the first path edits; then the map form's other failing keys.
 */
function pathLines(s: ScenarioReport): string[] {
  const e = s.execution_summary;
  if (!e) return [];
  const lines: string[] = [];
  if (e.first_divergence?.key) lines.push(describeDivergence(e.first_divergence));
  const { edits, unsaid } = pathView(s);
  // A list's one edit is its summary already; a map form's line says what it checked, not the edit.
  if (edits.length > 1 || e.first_divergence?.key) {
    lines.push(...edits.slice(0, MAX_QUOTED_MISMATCHES).map((edit) => `- ${describeEdit(edit)}`));
    if (edits.length > MAX_QUOTED_MISMATCHES) lines.push(`- … ${edits.length - MAX_QUOTED_MISMATCHES} more in the job summary`);
  }
  lines.push(...unsaid.map((m) => `- ${m}`));
  return lines;
}
