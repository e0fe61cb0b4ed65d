// The job summary (SPEC 1.5): totals, then one row per scenario. Pure: returns Markdown that
// publish.ts hands to core.summary.
import { shortFlowId, type Report, type ScenarioReport } from './model.ts';

/** GitHub drops a step summary over 1 MiB whole, not its tail (PLATFORM.md). */
export const SUMMARY_MAX_BYTES = 1024 * 1024;
/** Room kept for the note that says what was left out. */
const SUMMARY_RESERVE_BYTES = 4 * 1024;

export interface SourceLinks {
  /** e.g. https://github.com/owner/repo/blob/<sha>/ */
  blobBase: string;
}

export interface SummaryOptions {
  links?: SourceLinks;
  /** Annotations left out by the caps, to say so. */
  omittedAnnotations?: number;
  maxBytes?: number;
  /** Where the full report can be found, to say so when rows are left out. */
  reportLocation?: string;
}

const STATUS_ICON: Record<ScenarioReport['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  error: '💥 error',
  skipped: '⏭️ skipped',
  not_run: '⏹️ not run',
};

export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const maxBytes = (options.maxBytes ?? SUMMARY_MAX_BYTES) - SUMMARY_RESERVE_BYTES;
  const head = renderHead(report, options);
  const rows = report.scenarios.map((s) => renderRow(s, options.links));
  const tableHead = '| Status | Scenario | Flow | Exit node | Finding |\n|---|---|---|---|---|\n';
  let out = head + (rows.length > 0 ? tableHead : '');
  let used = Buffer.byteLength(out);
  let shown = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(row);
    if (used + size > maxBytes) break;
    out += row;
    used += size;
    shown++;
  }
  if (shown < rows.length) {
    out += `\n> [!WARNING]\n> ${rows.length - shown} of ${rows.length} rows were left out to keep this summary under GitHub's ${SUMMARY_MAX_BYTES / 1024 / 1024} MiB limit. The full results are in ${options.reportLocation ?? 'the report file'}.\n`;
  }
  if (options.omittedAnnotations && options.omittedAnnotations > 0) {
    out += `\n${options.omittedAnnotations} more annotation${options.omittedAnnotations === 1 ? ' was' : 's were'} not shown: GitHub shows 10 errors and 10 warnings per step. Every finding is in the table above and in the report.\n`;
  }
  return out;
}

function renderHead(report: Report, options: SummaryOptions): string {
  const s = report.summary;
  const meta = report.report_metadata;
  const icon = s.conclusion === 'success' ? '✅' : '❌';
  const parts = [`**${s.passed}** passed`, `**${s.failed}** failed`, `**${s.errored}** errored`, `**${s.loops}** loop${s.loops === 1 ? '' : 's'}`];
  if (s.skipped) parts.push(`**${s.skipped}** skipped`);
  if (s.not_run) parts.push(`**${s.not_run}** not run`);
  let out = `## ${icon} CXone flow tests: ${s.conclusion === 'success' ? 'passed' : 'failed'}\n\n`;
  out += `${parts.join(' · ')} — ${s.total} scenario${s.total === 1 ? '' : 's'} on ${meta.target === 'emulator' ? 'the built-in emulator' : escapeCell(meta.base_url)}${meta.shard ? `, shard ${meta.shard}` : ''}\n\n`;
  if (meta.cut_short) out += `> [!CAUTION]\n> The run was cut short (${escapeCell(meta.cut_short)}): scenarios that did not run are marked not run.\n\n`;
  if (s.failure_reasons.length > 0) out += `Failing because: ${s.failure_reasons.map(escapeCell).join('; ')}.\n\n`;
  if (report.problems.length > 0) {
    out += `### Problems in the test files\n\n| File | Key | Problem |\n|---|---|---|\n`;
    for (const p of report.problems) out += `| ${fileLink(p.file, p.line, options.links)} | ${code(p.key)} | ${escapeCell(p.message)} |\n`;
    out += '\n';
  }
  if (report.flow_findings.length > 0) {
    out += `### Defects in the flows\n\n| Flow file | Node | Finding |\n|---|---|---|\n`;
    for (const f of report.flow_findings) out += `| ${fileLink(f.file, f.line, options.links)} | ${code(f.node ?? '')} | ${escapeCell(f.message)} |\n`;
    out += '\n';
  }
  return out;
}

function renderRow(s: ScenarioReport, links: SourceLinks | undefined): string {
  const finding = s.findings[0] ? escapeCell(s.findings[0].message) + (s.findings.length > 1 ? ` (+${s.findings.length - 1} more)` : '') : s.reason ? escapeCell(s.reason) : '';
  const exit = s.execution_summary ? code(s.execution_summary.exit_node ?? 'none') : '';
  const name = links ? `[${escapeCell(s.name)}](${links.blobBase}${encodeURI(s.file)}#L${s.line})` : escapeCell(s.name);
  return `| ${STATUS_ICON[s.status]} | ${name} | ${code(shortFlowId(s.flow_id))} | ${exit} | ${finding} |\n`;
}

function fileLink(file: string, line: number, links: SourceLinks | undefined): string {
  const label = `${escapeCell(file || '(inputs)')}${file ? `:${line}` : ''}`;
  return links && file ? `[${label}](${links.blobBase}${encodeURI(file)}#L${line})` : label;
}

function code(text: string): string {
  return text ? `<code>${escapeCell(text)}</code>` : '';
}

/** core.summary does not escape table cells (PLATFORM.md): values from the API and from files go through here. */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, '<br>');
}
