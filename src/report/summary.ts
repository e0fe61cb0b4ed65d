// The job summary (README, What a run tells you): totals, one row per scenario, then for each failing scenario what went
// wrong (path diff, variables, loops, errors, flowchart), then coverage. Pure: returns Markdown that
// publish.ts hands to core.summary. Over GitHub's size limit it leaves out flowcharts first, then
// failure details, then rows, and says so at the top.
import { joinDetails, renderScenarioDetails, type DetailsParts } from './details.ts';
import { code, escapeCell, fileLink, sourceUrl, type SourceLinks } from './markdown.ts';
import { formatPercent } from '../analysis/coverage.ts';
import { NO_LINE, plural } from '../text.ts';
import { describeFilter } from '../simulation/select.ts';
import { shortFlowId, type FlowCoverage, type Report, type ScenarioReport } from './model.ts';
import { joinTotals, runTotals, scenarioCount } from './totals.ts';
import { describeFinding, describeRowHeadline, describeUnreachableBranch } from './wording.ts';
import { renderBehaviourSection, SUMMARY_BEHAVIOUR_VIEW } from './behaviour-markdown.ts';

export { escapeCell, type SourceLinks } from './markdown.ts';

/** GitHub drops a step summary over 1 MiB whole, not its tail (docs.github.com, workflow commands, "Adding a job summary"). */
export const SUMMARY_MAX_BYTES = 1024 * 1024;
/** Room kept for the note that says what was left out. */
const SUMMARY_RESERVE_BYTES = 4 * 1024;
/** GitHub renders each Mermaid diagram in a frame of its own: past a handful, a page crawls. */
export const MAX_CHARTS = 20;
/** Unreached nodes and branches named per flow in the coverage table. */
const MAX_LISTED_UNREACHED = 8;
/** A table cell shows the headline finding, clipped; the details section below has it whole. */
export const MAX_FINDING_CHARS = 140;

export interface SummaryOptions {
  links?: SourceLinks;
  /** Annotations left out by the caps, to say so. */
  omittedAnnotations?: number;
  maxBytes?: number;
  /** Where the full report can be found, to say so when something is left out. */
  reportLocation?: string;
}

export const STATUS_ICON: Record<ScenarioReport['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  error: '💥 error',
  skipped: '⏭️ skipped',
  not_run: '⏹️ not run',
};

const TABLE_HEAD = '### Scenarios\n\n| Status | Scenario | Flow | Exit node | Finding |\n|---|---|---|---|---|\n';
const DETAILS_HEAD = '### What failed\n\n';

interface Parts {
  head: string;
  rows: string[];
  details: { withChart: string; withoutChart: string }[];
  tail: string;
}

export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const failing = report.scenarios.filter((s) => s.status === 'failed' || s.status === 'error');
  const rendered: DetailsParts[] = failing.map((s) => renderScenarioDetails(s, options.links));
  const parts: Parts = {
    head: renderHead(report, options),
    rows: report.scenarios.map((s) => renderRow(s, options.links)),
    details: rendered.map((p, i) => ({ withChart: joinDetails(p, i < MAX_CHARTS), withoutChart: joinDetails(p, false) })),
    tail: renderCoverage(report.coverage, options.links) + renderAnnotationNote(options.omittedAnnotations),
  };
  const fit = fitToBudget(parts, (options.maxBytes ?? SUMMARY_MAX_BYTES) - SUMMARY_RESERVE_BYTES);
  const shownCharts = Math.min(fit.charts, fit.details);
  // A details section left out takes its flowchart with it: only charts of sections still shown are counted.
  const droppedCharts = rendered.slice(shownCharts, Math.min(MAX_CHARTS, fit.details)).filter((p) => p.chart).length;
  const note = renderLeftOutNote(
    {
      charts: droppedCharts,
      details: parts.details.length - fit.details,
      rows: parts.rows.length - fit.rows,
      totalRows: parts.rows.length,
    },
    options.reportLocation,
  );
  let out = parts.head + note;
  if (fit.rows > 0) out += `${TABLE_HEAD}${parts.rows.slice(0, fit.rows).join('')}\n`;
  const uncharted = rendered.slice(MAX_CHARTS, fit.details).filter((p) => p.chart).length;
  if (fit.details > 0)
    out +=
      DETAILS_HEAD +
      (uncharted > 0 ? `Flowcharts are drawn for the first ${MAX_CHARTS} failing scenarios.\n\n` : '') +
      parts.details
        .slice(0, fit.details)
        .map((d, i) => (i < fit.charts ? d.withChart : d.withoutChart))
        .join('');
  return out + parts.tail;
}

interface Fit {
  rows: number;
  details: number;
  /** Details sections (from the first) that keep their flowchart. */
  charts: number;
}

/** Drops flowcharts from the last one, then details sections, then rows, until the summary fits. */
function fitToBudget(parts: Parts, budget: number): Fit {
  const bytes = (s: string) => Buffer.byteLength(s);
  const rowBytes = parts.rows.map(bytes);
  const withChart = parts.details.map((d) => bytes(d.withChart));
  const without = parts.details.map((d) => bytes(d.withoutChart));
  const fit: Fit = { rows: parts.rows.length, details: parts.details.length, charts: Math.min(MAX_CHARTS, parts.details.length) };
  const size = () =>
    bytes(parts.head) +
    bytes(parts.tail) +
    (fit.rows > 0 ? bytes(TABLE_HEAD) + 1 : 0) +
    sum(rowBytes.slice(0, fit.rows)) +
    (fit.details > 0 ? bytes(DETAILS_HEAD) : 0) +
    sum(withChart.slice(0, Math.min(fit.charts, fit.details))) +
    sum(without.slice(fit.charts, fit.details));
  let total = size();
  while (total > budget && fit.charts > 0) {
    fit.charts--;
    total -= withChart[fit.charts]! - without[fit.charts]!;
  }
  // Linear: each step takes one section's bytes off, and the section heading with the last one.
  while (total > budget && fit.details > 0) {
    fit.details--;
    total -= without[fit.details]! + (fit.details === 0 ? bytes(DETAILS_HEAD) : 0);
  }
  while (total > budget && fit.rows > 0) {
    fit.rows--;
    total -= rowBytes[fit.rows]! + (fit.rows === 0 ? bytes(TABLE_HEAD) + 1 : 0);
  }
  return fit;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function renderLeftOutNote(
  left: { charts: number; details: number; rows: number; totalRows: number },
  reportLocation: string | undefined,
): string {
  const what: string[] = [];
  if (left.charts > 0) what.push(plural(left.charts, 'flowchart'));
  if (left.details > 0) what.push(plural(left.details, 'failure detail section'));
  if (left.rows > 0) what.push(`${left.rows} of ${left.totalRows} scenario rows`);
  if (what.length === 0) return '';
  const list = what.length === 1 ? what[0] : `${what.slice(0, -1).join(', ')} and ${what.at(-1)}`;
  return `> [!WARNING]\n> To stay under GitHub's ${SUMMARY_MAX_BYTES / 1024 / 1024} MiB step-summary limit, this summary leaves out ${list}. The full results are in ${reportLocation ?? 'the report file'}.\n\n`;
}

function renderHead(report: Report, options: SummaryOptions): string {
  const s = report.summary;
  const meta = report.report_metadata;
  const icon = s.conclusion === 'success' ? '✅' : '❌';
  let out = `## ${icon} CXone flow tests: ${s.conclusion === 'success' ? 'passed' : 'failed'}\n\n`;
  out += `${joinTotals(runTotals(report), 'markdown')} — ${scenarioCount(report)} on ${meta.target === 'emulator' ? 'the built-in emulator' : escapeCell(meta.base_url)}${meta.shard ? `, shard ${escapeCell(meta.shard)}` : ''}\n\n`;
  // The first thing a reviewer sees when a change re-routes callers, before why the run failed.
  if (report.behaviour_changes)
    out += renderBehaviourSection(report.behaviour_changes, {
      ...SUMMARY_BEHAVIOUR_VIEW,
      ...(options.links ? { links: options.links } : {}),
    });
  const filter = meta.selection ? describeFilter(meta.selection) : null;
  if (meta.selection && filter)
    out += `Selected ${meta.selection.selected} of ${plural(meta.selection.total, 'scenario')} by ${code(filter)}.\n\n`;
  if (meta.cut_short)
    out += `> [!CAUTION]\n> The run was cut short (${escapeCell(meta.cut_short)}): scenarios that did not run are marked not run.\n\n`;
  if (s.failure_reasons.length > 0) out += `Failing because: ${s.failure_reasons.map(escapeCell).join('; ')}.\n\n`;
  if (report.problems.length > 0) {
    out += `### Problems in the test files\n\n| File | Key | Problem |\n|---|---|---|\n`;
    for (const p of report.problems) out += `| ${fileLink(p.file, p.line, options.links)} | ${code(p.key)} | ${escapeCell(p.message)} |\n`;
    out += '\n';
  }
  if (report.flow_findings.length > 0) {
    out += `### Defects in the flows\n\n| Flow file | Node | Finding |\n|---|---|---|\n`;
    for (const f of report.flow_findings)
      out += `| ${fileLink(f.file, f.line, options.links)} | ${code(f.node ?? '')} | ${escapeCell(describeFinding(f))} |\n`;
    out += '\n';
  }
  return out;
}

function renderRow(s: ScenarioReport, links: SourceLinks | undefined): string {
  const finding = s.findings[0]
    ? escapeCell(describeRowHeadline(s.findings[0], s.findings.length - 1, MAX_FINDING_CHARS))
    : s.reason
      ? escapeCell(s.reason)
      : '';
  const exit = s.execution_summary ? code(s.execution_summary.exit_node ?? 'none') : '';
  const name = links ? `[${escapeCell(s.name)}](${sourceUrl(links, s.file, s.line)})` : escapeCell(s.name);
  return `| ${STATUS_ICON[s.status]} | ${name} | ${code(shortFlowId(s.flow_id))} | ${exit} | ${finding} |\n`;
}

function renderCoverage(coverage: FlowCoverage[] | undefined, links: SourceLinks | undefined): string {
  if (!coverage || coverage.length === 0) return '';
  const rows = coverage.map((c) => {
    const label = `${escapeCell(c.name ?? c.flow_id)} ${code(shortFlowId(c.flow_id))}`;
    const flow =
      links && c.file
        ? `[${escapeCell(c.name ?? c.flow_id)}](${sourceUrl(links, c.file, NO_LINE)}) ${code(shortFlowId(c.flow_id))}`
        : label;
    return `| ${flow} | ${c.nodes.visited}/${c.nodes.total} (${formatPercent(c.nodes.visited, c.nodes.total)}) | ${c.edges.visited}/${c.edges.total} (${formatPercent(c.edges.visited, c.edges.total)}) | ${renderUnreached(c)} |`;
  });
  return `### Coverage\n\n| Flow | Nodes | Branches | Not reached |\n|---|---|---|---|\n${rows.join('\n')}\n\n${renderUnreachable(coverage)}`;
}

/** Connectors no input can take: flow defects, so a warning under the table (at most MAX_LISTED_UNREACHED per flow). */
function renderUnreachable(coverage: FlowCoverage[]): string {
  const lines = coverage.flatMap((c) => {
    const list = c.unreachable ?? [];
    const shown = list
      .slice(0, MAX_LISTED_UNREACHED)
      .map((u) => `> - ${escapeCell(c.name ?? c.flow_id)}: ${escapeCell(describeUnreachableBranch(u))}`);
    return list.length > MAX_LISTED_UNREACHED
      ? [...shown, `> - ${escapeCell(c.name ?? c.flow_id)}: and ${list.length - MAX_LISTED_UNREACHED} more`]
      : shown;
  });
  if (lines.length === 0) return '';
  return `> [!WARNING]\n> Connectors no input can take (flow defects; \`generate\` lists them too):\n${lines.join('\n')}\n\n`;
}

function renderUnreached(c: FlowCoverage): string {
  const items = [
    ...c.unvisited_nodes.map((n) => code(n)),
    ...c.unvisited_branches
      .filter((b) => !c.unvisited_nodes.includes(b.from))
      .map((b) => `${code(b.from)} → ${code(b.to)} (${escapeCell(b.label)}${b.line !== undefined ? `, line ${b.line}` : ''})`),
  ];
  if (items.length === 0) return '—';
  const shown = items.slice(0, MAX_LISTED_UNREACHED).join(', ');
  return items.length > MAX_LISTED_UNREACHED ? `${shown} and ${items.length - MAX_LISTED_UNREACHED} more` : shown;
}

function renderAnnotationNote(omitted: number | undefined): string {
  if (!omitted || omitted <= 0) return '';
  return `> [!NOTE]\n> ${plural(omitted, 'more annotation')} ${omitted === 1 ? 'was' : 'were'} not shown: GitHub shows 10 errors and 10 warnings per step. Every finding is in the sections above and in the report.\n`;
}
