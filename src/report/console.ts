// The CLI's view of a report: a plain-text table and the totals. Pure.
import type { FindingKind } from '../analysis/types.ts';
import { shortFlowId, type FlowFinding, type Report, type ReportProblem } from './model.ts';

const STATUS: Record<string, string> = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', skipped: 'SKIP', not_run: 'NOT RUN' };
const MAX_CELL = 60;
const MAX_LAST_CELL = 120;

export function renderConsole(report: Report): string {
  const rows = report.scenarios.map((s) => [
    STATUS[s.status] ?? s.status,
    s.name,
    shortFlowId(s.flow_id),
    s.execution_summary ? (s.execution_summary.exit_node ?? 'none') : '-',
    s.findings[0]?.message ?? s.reason ?? '',
  ]);
  const header = ['STATUS', 'SCENARIO', 'FLOW', 'EXIT NODE', 'FINDING'];
  const table = [header, ...rows].map((r) => r.map((cell, i) => clip(cell, i === r.length - 1 ? MAX_LAST_CELL : MAX_CELL)));
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const lines = table.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const out: string[] = [];
  for (const p of report.problems) out.push(problemLine(p));
  for (const f of report.flow_findings) out.push(flowFindingLine(f, report.report_metadata.fail_on));
  if (out.length) out.push('');
  if (rows.length) out.push(...lines, '');
  for (const s of report.scenarios) {
    for (const f of s.findings.slice(1)) out.push(`  ${s.name}: ${f.kind}: ${f.message} (${f.file}:${f.line})`);
  }
  const s = report.summary;
  out.push(
    `${s.conclusion === 'success' ? 'PASSED' : 'FAILED'}: ${s.total} scenarios, ${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.loops} loop${s.loops === 1 ? "" : "s"}` +
      (s.skipped ? `, ${s.skipped} skipped` : '') +
      (s.not_run ? `, ${s.not_run} not run` : ''),
  );
  for (const c of report.coverage ?? []) {
    out.push(`Coverage of ${c.name ?? c.flow_id}: ${c.nodes.visited}/${c.nodes.total} nodes (${c.nodes.percent}%), ${c.edges.visited}/${c.edges.total} branches (${c.edges.percent}%)`);
  }
  if (s.failure_reasons.length) out.push(`Failing because: ${s.failure_reasons.join('; ')}`);
  return out.join('\n') + '\n';
}

/** `file:line: error: text`, as compilers print it; no location when no file is involved (never a made-up `:1`). */
export function locatedLine(severity: 'error' | 'warning', file: string, line: number, text: string): string {
  return file ? `${file}:${line}: ${severity}: ${text}` : `${severity}: ${text}`;
}

/** A broken scenario or flow file fails the run: always an error. */
export function problemLine(p: ReportProblem): string {
  return locatedLine('error', p.file, p.line, p.key ? `${p.key}: ${p.message}` : p.message);
}

/** An error when it fails the run (as its annotation is), else a warning. */
export function flowFindingLine(f: FlowFinding, failOn: readonly FindingKind[]): string {
  const severity = f.severity !== 'warning' && failOn.includes(f.kind) ? 'error' : 'warning';
  return locatedLine(severity, f.file, f.line, `flow defect: ${f.message}`);
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
