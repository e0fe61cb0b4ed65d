// The CLI's view of a report: a plain-text table and the totals. Pure.
// Lines about a file read as compilers write them (`file:line: error: …`), and their word is the
// severity: `error:` for what fails the run, `warning:` for what is shown but does not (a finding of a
// kind outside fail-on, an unreachable node).
import { formatPercent } from '../analysis/coverage.ts';
import { clip, located } from '../text.ts';
import { shortFlowId, type Report } from './model.ts';
import { joinTotals, runTotals, scenarioCount } from './totals.ts';

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
  const failOn = new Set<string>(report.report_metadata.fail_on);
  const out: string[] = [];
  for (const p of report.problems) out.push(located(p.file, p.line, `error: ${p.key ? `${p.key}: ` : ''}${p.message}`));
  for (const f of report.flow_findings) {
    const severity = f.severity !== 'warning' && failOn.has(f.kind) ? 'error' : 'warning';
    out.push(located(f.file, f.line, `${severity}: flow defect${f.node ? ` at ${f.node}` : ''}: ${f.message}`));
  }
  if (out.length) out.push('');
  if (rows.length) out.push(...lines, '');
  // Below the table, every finding it did not show whole: the others, and the headline when clipped.
  for (const s of report.scenarios) {
    s.findings.forEach((f, i) => {
      if (i === 0 && clip(f.message, MAX_LAST_CELL) === f.message) return;
      out.push(`  ${located(f.file, f.line, `${failOn.has(f.kind) ? 'error' : 'warning'}: ${s.name}: ${f.message}`)}`);
    });
  }
  const s = report.summary;
  out.push(`${s.conclusion === 'success' ? 'PASSED' : 'FAILED'}: ${scenarioCount(report)}, ${joinTotals(runTotals(report, { coverage: false }), 'plain')}`);
  for (const c of report.coverage ?? []) {
    out.push(`Coverage of ${c.name ?? c.flow_id}: ${c.nodes.visited}/${c.nodes.total} nodes (${formatPercent(c.nodes.visited, c.nodes.total)}), ${c.edges.visited}/${c.edges.total} branches (${formatPercent(c.edges.visited, c.edges.total)})`);
  }
  if (s.failure_reasons.length) out.push(`Failing because: ${s.failure_reasons.join('; ')}`);
  return out.join('\n') + '\n';
}
