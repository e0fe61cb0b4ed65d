// A Mermaid flowchart of the path a scenario executed (job summary). Pure.
// Each node and each edge is drawn once, however often it ran: a 50-iteration loop is one back edge
// labelled ×50. The node where the path left the expectation and the edges of detected loops are
// highlighted; the expected node appears as a dashed ghost beside it.
import type { ScenarioReport } from './model.ts';

/** Beyond this many distinct nodes a flowchart is unreadable (and GitHub's renderer slows down). */
export const MAX_MERMAID_NODES = 40;
/** Labels longer than this are cut: a node id is an identifier, not prose. */
const MAX_LABEL_CHARS = 60;

const CLASS_DEFS = [
  'classDef start fill:#ddf4ff,stroke:#0969da,color:#1f2328',
  'classDef exit fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
  'classDef loop fill:#fff8c5,stroke:#9a6700,color:#1f2328',
  'classDef divergence fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328',
  'classDef expected fill:#ffffff,stroke:#1a7f37,stroke-dasharray:5 5,color:#1a7f37',
  'classDef note fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:3 3,color:#59636e',
];
const LOOP_LINK_STYLE = 'stroke:#bf8700,stroke-width:3px';
const EXPECTED_LINK_STYLE = 'stroke:#1a7f37,stroke-dasharray:5 5';

interface Edge {
  from: string;
  to: string;
  count: number;
}

class Chart {
  readonly lines: string[] = [];
  private readonly ids = new Map<string, string>();
  private links = 0;
  readonly loopLinks: number[] = [];
  readonly expectedLinks: number[] = [];

  id(node: string): string {
    let id = this.ids.get(node);
    if (!id) this.ids.set(node, (id = `n${this.ids.size}`));
    return id;
  }

  node(id: string, label: string, shape: 'box' | 'round' = 'box'): void {
    const text = `"${mermaidText(label)}"`;
    this.lines.push(shape === 'round' ? `  ${id}([${text}])` : `  ${id}[${text}]`);
  }

  link(from: string, to: string, arrow: '-->' | '-.->', label?: string): number {
    this.lines.push(`  ${from} ${arrow}${label ? `|"${mermaidText(label)}"|` : ''} ${to}`);
    return this.links++;
  }
}

/** Mermaid source for the executed path, or undefined when nothing ran. */
export function renderPathChart(s: ScenarioReport): string | undefined {
  const path = s.execution_summary?.path ?? [];
  if (path.length === 0) return undefined;
  const distinct = [...new Set(path)];
  const drawn = new Set(distinct.slice(0, MAX_MERMAID_NODES));
  const loopEdges = loopEdgeKeys(s);
  const divergence = s.execution_summary?.first_divergence;
  const chart = new Chart();
  chart.lines.push('flowchart TD');
  for (const node of drawn) chart.node(chart.id(node), node, node === path[0] || node === s.execution_summary?.exit_node ? 'round' : 'box');
  for (const e of countEdges(path)) {
    if (!drawn.has(e.from) || !drawn.has(e.to)) continue;
    const index = chart.link(chart.id(e.from), chart.id(e.to), '-->', e.count > 1 ? `×${e.count}` : undefined);
    if (loopEdges.has(edgeKey(e.from, e.to))) chart.loopLinks.push(index);
  }
  if (distinct.length > drawn.size) {
    chart.node('more', `… ${distinct.length - drawn.size} more nodes not drawn (${MAX_MERMAID_NODES} shown)`);
    chart.lines.push('  class more note');
  }
  const ghost = divergence ? drawExpected(chart, path, divergence, drawn) : undefined;
  chart.lines.push(...classLines(chart, s, drawn, ghost));
  if (chart.loopLinks.length > 0) chart.lines.push(`  linkStyle ${chart.loopLinks.join(',')} ${LOOP_LINK_STYLE}`);
  if (chart.expectedLinks.length > 0) chart.lines.push(`  linkStyle ${chart.expectedLinks.join(',')} ${EXPECTED_LINK_STYLE}`);
  chart.lines.push(...CLASS_DEFS.map((d) => `  ${d}`));
  return `${chart.lines.join('\n')}\n`;
}

/** The expected node, dashed, reached by a dashed edge from the last node both paths agree on. */
function drawExpected(
  chart: Chart,
  path: string[],
  d: NonNullable<NonNullable<ScenarioReport['execution_summary']>['first_divergence']>,
  drawn: Set<string>,
): string | undefined {
  if (d.expected === null || d.expected === d.actual) return undefined;
  const before = d.index > 0 ? path[d.index - 1] : undefined;
  chart.node('expected', `expected: ${d.expected}`);
  if (before !== undefined && drawn.has(before)) chart.expectedLinks.push(chart.link(chart.id(before), 'expected', '-.->', 'expected'));
  return 'expected';
}

function classLines(chart: Chart, s: ScenarioReport, drawn: Set<string>, ghost: string | undefined): string[] {
  const path = s.execution_summary?.path ?? [];
  const loopNodes = new Set((s.state_machine_analysis?.loop_details ?? []).flatMap((l) => l.cycle));
  const divergent = s.execution_summary?.first_divergence?.actual ?? undefined;
  const byClass: Record<string, string[]> = { start: [], exit: [], loop: [], divergence: [] };
  for (const node of drawn) {
    const cls =
      node === divergent
        ? 'divergence'
        : loopNodes.has(node)
          ? 'loop'
          : node === s.execution_summary?.exit_node
            ? 'exit'
            : node === path[0]
              ? 'start'
              : undefined;
    if (cls) byClass[cls]!.push(chart.id(node));
  }
  if (ghost) byClass['expected'] = [ghost];
  return Object.entries(byClass)
    .filter(([, ids]) => ids.length > 0)
    .map(([cls, ids]) => `  class ${ids.join(',')} ${cls}`);
}

/** Consecutive pairs, counted, in the order they were first taken. Linear in the path length. */
export function countEdges(path: string[]): Edge[] {
  const edges = new Map<string, Edge>();
  for (let i = 1; i < path.length; i++) {
    const from = path[i - 1]!;
    const to = path[i]!;
    const key = edgeKey(from, to);
    const edge = edges.get(key);
    if (edge) edge.count++;
    else edges.set(key, { from, to, count: 1 });
  }
  return [...edges.values()];
}

function loopEdgeKeys(s: ScenarioReport): Set<string> {
  const keys = new Set<string>();
  for (const loop of s.state_machine_analysis?.loop_details ?? []) {
    const c = loop.cycle;
    // A shortened cycle (cycleLength > cycle.length) has no known way back: only its inner edges count.
    const closed = loop.cycleLength === c.length;
    for (let i = 0; i < c.length; i++) {
      const next = i + 1 < c.length ? c[i + 1] : closed ? c[0] : undefined;
      if (next !== undefined) keys.add(edgeKey(c[i]!, next));
    }
  }
  return keys;
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/**
 * Text inside a quoted Mermaid label: everything outside a small safe set becomes an entity code
 * (#35; …), so a node id from the API can neither close the label nor inject markup.
 */
export function mermaidText(text: string): string {
  const cut = text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
  return [...cut].map((ch) => (/[A-Za-z0-9 _.:,()\-×…]/.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join('');
}
