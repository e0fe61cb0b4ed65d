// Annotations (SPEC 1.5): one per failing scenario on the line of its failing expectation, and one per
// problem in a scenario or flow file. Pure: publish.ts emits them.
import type { Report, ScenarioReport } from './model.ts';

/**
 * GitHub shows at most 10 error annotations per step (PLATFORM.md), and core.setFailed takes one of them.
 * Warnings have their own 10.
 */
export const MAX_ERROR_ANNOTATIONS = 9;
export const MAX_WARNING_ANNOTATIONS = 10;

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
}

export function planAnnotations(report: Report): AnnotationPlan {
  const failOn = new Set(report.report_metadata.fail_on);
  const all: Annotation[] = [];
  for (const p of report.problems) {
    if (p.file) all.push({ level: 'error', title: `Invalid ${p.code.startsWith('FLOW') ? 'flow' : 'scenario'} file: ${p.key || p.file}`, message: p.message, file: p.file, line: p.line });
  }
  for (const f of report.flow_findings) {
    all.push({ level: failOn.has(f.kind) ? 'error' : 'warning', title: `Flow defect${f.node ? ` at ${f.node}` : ''}`, message: f.message, file: f.file, line: f.line });
  }
  for (const s of report.scenarios) {
    const annotation = annotateScenario(s, failOn);
    if (annotation) all.push(annotation);
  }
  // Errors first (they fail the check), then in file order, so the cap drops the least important.
  const errors = all.filter((a) => a.level === 'error');
  const warnings = all.filter((a) => a.level === 'warning');
  const shown = [...errors.slice(0, MAX_ERROR_ANNOTATIONS), ...warnings.slice(0, MAX_WARNING_ANNOTATIONS)];
  return { shown, omitted: all.length - shown.length };
}

function annotateScenario(s: ScenarioReport, failOn: Set<string>): Annotation | undefined {
  const first = s.findings[0];
  if (!first) return undefined;
  const failing = s.findings.some((f) => failOn.has(f.kind));
  const lines = s.findings.map((f) => `${f.kind}: ${f.message}`);
  return {
    level: failing ? 'error' : 'warning',
    title: `${s.status === 'error' ? 'Error in' : 'Failed:'} ${s.name}`,
    message: lines.join('\n'),
    file: first.file,
    line: first.line,
  };
}
