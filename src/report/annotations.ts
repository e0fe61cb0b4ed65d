// Annotations (SPEC 1.5): one per finding, on the line of the expectation that failed (a scenario's
// findings), the flow file (a flow's defects) or the file of a problem. Ranked so that GitHub's caps
// drop the least important: problems, then errors, loops, mismatches; findings of kinds outside
// fail-on are warnings. Pure: publish.ts emits them.
import type { FindingKind } from '../analysis/types.ts';
import type { Report, ScenarioReport } from './model.ts';

/**
 * GitHub shows at most 10 error annotations per step (PLATFORM.md), and core.setFailed takes one of them.
 * Warnings have their own 10.
 */
export const MAX_ERROR_ANNOTATIONS = 9;
export const MAX_WARNING_ANNOTATIONS = 10;
/** Path edits quoted under a routing mismatch; the summary has the whole diff. */
const MAX_QUOTED_MISMATCHES = 5;

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file: string;
  line: number;
}

export interface AnnotationPlan {
  shown: Annotation[];
  /** How many were ranked out by the caps; the summary says so. */
  omitted: number;
  omittedErrors: number;
  omittedWarnings: number;
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
    all.push({ rank: RANK.problem, level: 'error', title: `Invalid ${p.code.startsWith('FLOW') ? 'flow' : p.code.startsWith('REPORT') ? 'shard report' : 'scenario'} file: ${p.key || p.file}`, message: p.message, file: p.file, line: p.line });
  }
  for (const f of report.flow_findings) {
    all.push({ rank: RANK[f.kind], level: f.severity !== 'warning' && failOn.has(f.kind) ? 'error' : 'warning', title: `Flow defect${f.node ? ` at ${f.node}` : ''} (${f.code})`, message: f.message, file: f.file, line: f.line });
  }
  for (const s of report.scenarios) all.push(...annotateScenario(s, failOn));
  // A stable sort: equal ranks stay in report order (file by file, scenario by scenario).
  const ranked = all.map((a, i) => ({ a, i })).sort((x, y) => x.a.rank - y.a.rank || x.i - y.i).map(({ a: { rank: _rank, ...a } }) => a);
  const errors = ranked.filter((a) => a.level === 'error');
  const warnings = ranked.filter((a) => a.level === 'warning');
  const shown = [...errors.slice(0, MAX_ERROR_ANNOTATIONS), ...warnings.slice(0, MAX_WARNING_ANNOTATIONS)];
  const omittedErrors = Math.max(0, errors.length - MAX_ERROR_ANNOTATIONS);
  const omittedWarnings = Math.max(0, warnings.length - MAX_WARNING_ANNOTATIONS);
  return { shown, omitted: omittedErrors + omittedWarnings, omittedErrors, omittedWarnings };
}

function annotateScenario(s: ScenarioReport, failOn: Set<FindingKind>): Ranked[] {
  return s.findings.map((f) => ({
    rank: RANK[f.kind],
    level: failOn.has(f.kind) ? 'error' : 'warning',
    title: `${s.status === 'error' ? 'Error in' : 'Failed:'} ${s.name} (${f.code})`,
    message: f.code === 'PATH_MISMATCH' ? withEdits(f.message, s) : f.message,
    file: f.file,
    line: f.line,
  }));
}

/** A routing mismatch names its first edit; the next few make the annotation readable on its own. */
function withEdits(message: string, s: ScenarioReport): string {
  const edits = (s.execution_summary?.routing_mismatches ?? []).filter((m) => /^(missing|unexpected) /.test(m));
  if (edits.length < 2) return message;
  const quoted = edits.slice(0, MAX_QUOTED_MISMATCHES).map((m) => `- ${m}`);
  if (edits.length > MAX_QUOTED_MISMATCHES) quoted.push(`- … ${edits.length - MAX_QUOTED_MISMATCHES} more in the job summary`);
  return `${message}\n${quoted.join('\n')}`;
}
