// What went wrong in one scenario, for the job summary's collapsible sections: the path diff, the
// variables that did not match, the loops, the errors, and (separately, so the summary can drop it
// first) the flowchart. Pure.
import type { PathEdit } from '../domain/findings.ts';
import { code, details, escapeCell, fence, fileLink, type SourceLinks } from './markdown.ts';
import { plural } from '../text.ts';
import { renderPathChart } from './mermaid.ts';
import type { ScenarioReport } from './model.ts';
import { describeCheck, describeDivergence, describeFinding, describeLoopCause, describeUnsaid } from './wording.ts';
import { describeKept, describeUnsettled, renderObservedYaml } from './observed.ts';
import { REDACTED } from './redact.ts';

/** Unchanged steps kept on each side of an edit in the diff. */
const DIFF_CONTEXT = 2;
/** Lines of a path diff before the rest is counted instead of shown. */
export const MAX_DIFF_LINES = 60;
/** Nodes written out in a compressed path before it is cut. */
const MAX_PATH_ITEMS = 40;

export interface DetailsParts {
  /** The <summary> line. */
  title: string;
  /** Findings, path diff, variables, loops, errors. */
  body: string;
  /** The flowchart section, when a path ran. */
  chart?: string;
}

export function renderScenarioDetails(s: ScenarioReport, links: SourceLinks | undefined): DetailsParts {
  const icon = s.status === 'error' ? '💥' : '❌';
  const title = `${icon} <b>${escapeCell(s.name)}</b> — ${escapeCell(s.file)}:${s.line}`;
  const body = [renderFindings(s, links), renderPath(s), renderVariables(s), renderLoops(s), renderErrors(s), renderObserved(s)]
    .filter(Boolean)
    .join('\n');
  const source = renderPathChart(s);
  const parts: DetailsParts = { title, body };
  if (source) parts.chart = `**Flowchart** of the executed path (each step drawn once, repeats counted)\n\n${fence('mermaid', source)}`;
  return parts;
}

export function joinDetails(parts: DetailsParts, withChart: boolean): string {
  return details(parts.title, withChart && parts.chart ? `${parts.body}\n${parts.chart}` : parts.body);
}

function renderFindings(s: ScenarioReport, links: SourceLinks | undefined): string {
  if (s.findings.length === 0) return '';
  const lines = s.findings.map((f) => `- ${code(f.code)} ${escapeCell(describeFinding(f))} (${fileLink(f.file, f.line, links)})`);
  return `**Findings**\n\n${lines.join('\n')}\n`;
}

function renderPath(s: ScenarioReport): string {
  const e = s.execution_summary;
  if (!e || (e.routing_valid && !e.first_divergence)) return '';
  const exit = e.exit_node === null ? 'no exit node' : `exit ${code(e.exit_node)}`;
  const expectedExit = e.expected_exit === undefined ? '' : ` (expected ${e.expected_exit === null ? 'none' : code(e.expected_exit)})`;
  let out = `**Path**: ${plural(e.total_nodes, 'step')}, ${exit}${expectedExit}.`;
  if (e.first_divergence) out += ` ${describeDivergence(e.first_divergence, code, escapeCell)}`;
  out += '\n\n';
  const { edits, truncated, unsaid } = pathView(s);
  if (unsaid.length > 0) out += `${unsaid.map((m) => `- ${escapeCell(m)}`).join('\n')}\n\n`;
  if (edits.length > 0) out += fence('diff', renderPathDiff(e.path, edits, truncated));
  else out += `Executed path:\n\n${fence('text', compressPath(s))}`;
  return out;
}

export interface PathView {
  /** The first edits, in step order. */
  edits: PathEdit[];
  /** The report does not hold every edit: a diff stops at the last one it has. */
  truncated: boolean;
  /** What neither the path finding's own words nor the diff say (a map form's other failing keys, an approximate alignment). */
  unsaid: string[];
}

/** The path's facts as the renderers show them: from path_edits and the PATH_MISMATCH finding's params. */
export function pathView(s: ScenarioReport): PathView {
  const edits = s.execution_summary?.path_edits ?? [];
  const finding = s.findings.find((f) => f.code === 'PATH_MISMATCH');
  if (finding?.code !== 'PATH_MISMATCH') return { edits, truncated: false, unsaid: [] };
  return { edits, truncated: finding.params.edits > edits.length, unsaid: describeUnsaid(finding.params) };
}

/** Unified-diff style: `-` an expected node that did not run, `+` a node that ran unexpectedly, step numbers on the actual path. */
export function renderPathDiff(path: string[], edits: PathEdit[], truncated = false): string {
  const byIndex = new Map<number, PathEdit[]>();
  for (const edit of edits) byIndex.set(edit.index, [...(byIndex.get(edit.index) ?? []), edit]);
  const lastEdit = Math.max(...edits.map((x) => x.index));
  const near = (i: number) => edits.some((x) => Math.abs(x.index - i) <= DIFF_CONTEXT);
  const lines = ['--- expected', '+++ actual'];
  let skipped = 0;
  const flushSkipped = () => {
    if (skipped > 0) lines.push(`@@ ${plural(skipped, 'matching step')} @@`);
    skipped = 0;
  };
  const end = truncated ? Math.min(path.length, lastEdit + 1) : path.length;
  for (let i = 0; i <= end && lines.length < MAX_DIFF_LINES; i++) {
    const here = byIndex.get(i) ?? [];
    if (here.length > 0) flushSkipped();
    for (const edit of here.filter((x) => x.op === 'missing')) lines.push(`- ${edit.node}`);
    if (i === end) break;
    const node = path[i]!;
    if (here.some((x) => x.op === 'unexpected')) lines.push(`+ ${i} ${node}`);
    else if (near(i)) {
      flushSkipped();
      lines.push(`  ${i} ${node}`);
    } else skipped++;
  }
  flushSkipped();
  if (lines.length >= MAX_DIFF_LINES || truncated) lines.push('@@ more edits not shown: the report file has the full list @@');
  return lines.join('\n');
}

/** The executed path with each detected loop written once: `a → [b → c] ×50 → b`. */
export function compressPath(s: ScenarioReport): string {
  const path = s.execution_summary?.path ?? [];
  const loops = [...(s.state_machine_analysis?.loop_details ?? [])].sort((a, b) => a.startIndex - b.startIndex);
  const items: string[] = [];
  let i = 0;
  for (const loop of loops) {
    const span = loop.cycleLength * loop.iterations;
    if (loop.startIndex < i || loop.cycle.length !== loop.cycleLength || !repeats(path, loop.startIndex, loop.cycle, loop.iterations))
      continue;
    items.push(...path.slice(i, loop.startIndex));
    items.push(`[${loop.cycle.join(' → ')}] ×${loop.iterations}`);
    i = loop.startIndex + span;
  }
  items.push(...path.slice(i));
  const shown = items.slice(0, MAX_PATH_ITEMS);
  return shown.join(' → ') + (items.length > shown.length ? ` → … (${items.length - shown.length} more)` : '');
}

function repeats(path: string[], start: number, cycle: string[], times: number): boolean {
  for (let k = 0; k < cycle.length * times; k++) if (path[start + k] !== cycle[k % cycle.length]) return false;
  return true;
}

function renderVariables(s: ScenarioReport): string {
  const failed = (s.variable_validation?.checks ?? []).filter((c) => !c.ok);
  if (failed.length === 0) return '';
  const at = failed.some((c) => c.at);
  const head = `| Variable |${at ? ' At node |' : ''} Expected | Actual | Why |\n|---|${at ? '---|' : ''}---|---|---|\n`;
  const rows = failed.map(
    (c) =>
      `| ${code(c.name)} |${at ? ` ${code(c.at ?? '')} |` : ''} ${value(c.expected)} | ${value(c.actual)} | ${escapeCell(describeCheck(c))} |`,
  );
  return `**Variables**\n\n${head}${rows.join('\n')}\n`;
}

function value(v: unknown): string {
  return v === undefined ? '<i>not set</i>' : code(JSON.stringify(v) ?? String(v));
}

function renderLoops(s: ScenarioReport): string {
  const loops = s.state_machine_analysis?.loop_details ?? [];
  if (loops.length === 0) return '';
  const rows = loops.map((l) => {
    const cycle = l.cycle.map((n) => code(n)).join(' → ') + (l.cycleLength > l.cycle.length ? ` … (${l.cycleLength} nodes)` : '');
    const verdict = l.verdict === 'infinite' ? '♾️ infinite' : '🔁 retry';
    return `| ${cycle} | ${l.iterations} | ${l.startIndex}–${l.endIndex} | ${verdict} | ${escapeCell(describeLoopCause(l))} |`;
  });
  return `**Loops**\n\n| Cycle | Iterations | Steps | Verdict | Why |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

function renderErrors(s: ScenarioReport): string {
  if (s.errors.length === 0) return '';
  const lines = s.errors.map((e) => {
    const facts =
      e.source === 'trace'
        ? [e.type, e.timestamp !== undefined ? `${e.timestamp} ms` : undefined]
        : [
            e.status !== undefined ? `HTTP ${e.status}` : undefined,
            e.code,
            e.attempts !== undefined ? plural(e.attempts, 'attempt') : undefined,
          ];
    const known = facts.filter((f): f is string => !!f).map(escapeCell);
    const where = e.source === 'trace' ? `trace${e.node_id ? ` at ${code(e.node_id)}` : ''}` : 'API call';
    return `- ${where}${known.length > 0 ? ` (${known.join(', ')})` : ''}: ${escapeCell(e.message)}`;
  });
  return `**Errors**\n\n${lines.join('\n')}\n`;
}

/** The observed expectation as a block to paste over the scenario's `expect:`, for a reviewer who decides the run is right. */
function renderObserved(s: ScenarioReport): string {
  const observed = s.observed_expect;
  if (!observed) return '';
  let out = `**Observed expectation**: to accept what this run did, paste it over the scenario's ${code('expect:')} (or run ${code('cxone-flow-test run --update')})\n\n`;
  out += fence('yaml', renderObservedYaml(observed));
  const kept = describeKept(observed);
  if (kept.length > 0) out += `\nKeep as the file has it: ${kept.map(escapeCell).join(', ')}.\n`;
  if (JSON.stringify(observed.expect).includes(REDACTED))
    out += `\nA value shown as ${code(REDACTED)} is redacted: keep what the file has there.\n`;
  const unsettled = describeUnsettled(observed);
  if (unsettled.length > 0)
    out += `\nIt still fails on ${unsettled.map(escapeCell).join(', ')}: no expectation of path, exit or variables settles that.\n`;
  return out;
}
