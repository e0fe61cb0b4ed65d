// merge (SPEC 2): join shard reports into one report, summary and conclusion.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { matchFiles } from '../match-files.ts';
import { parseYaml } from '../yaml/parse.ts';
import { checkJsonDepth, MAX_JSON_DEPTH } from '../json-depth.ts';
import type { Settings } from '../settings.ts';
import { checkMinCoverage, coveragePercent } from '../analysis/coverage.ts';
import type { FindingKind } from '../analysis/types.ts';
import { summarize, type FlowCoverage, type Report } from './model.ts';

/**
 * A report nests an answer's values at most 4 levels below where the answer had them (a variable
 * check's `actual`), and answers are capped at MAX_JSON_DEPTH: deeper than this, no run of ours wrote it.
 */
export const MAX_REPORT_DEPTH = MAX_JSON_DEPTH + 8;

/** JSON.parse, then the same depth check as API answers get: the renderers walk the report recursively. */
function parseJsonReport(text: string, file: string): { value: unknown } {
  const value = JSON.parse(text) as unknown;
  const tooDeep = checkJsonDepth(value, MAX_REPORT_DEPTH);
  if (tooDeep !== undefined) throw new Error(`${file} is not a cxone-flow-test report: ${tooDeep}.`);
  return { value };
}

export async function mergeReportFiles(settings: Settings): Promise<Report> {
  const files = await matchFiles(settings.workspace, settings.merge);
  if (files.length === 0) throw new Error(`Input 'merge' matched no report files: ${settings.merge.map((p) => `"${p}"`).join(', ')} (relative to ${settings.workspace}).`);
  const reports: Report[] = [];
  for (const file of files) {
    const text = await readFile(path.resolve(settings.workspace, file), 'utf8');
    const doc = file.endsWith('.json') ? parseJsonReport(text, file) : parseYaml(text, file, { maxDepth: MAX_REPORT_DEPTH });
    const report = doc.value as Report;
    if (!report || typeof report !== 'object' || !report.report_metadata || !Array.isArray(report.scenarios)) {
      throw new Error(`${file} is not a cxone-flow-test report (no report_metadata / scenarios).`);
    }
    reports.push(report);
  }
  // The merge job's own fail-on and min-coverage decide: shards typically run with fail-on: none.
  return mergeReports(reports, { failOn: settings.failOn, minCoverage: settings.minCoverage ?? reports[0]!.report_metadata.min_coverage ?? null });
}

/** Pure: the first report's metadata, every report's scenarios and problems, one conclusion by `policy`. */
export function mergeReports(reports: Report[], policy: { failOn: FindingKind[]; minCoverage: number | null }): Report {
  const first = reports[0]!;
  const scenarios = reports.flatMap((r) => r.scenarios);
  const problems = dedupe(reports.flatMap((r) => r.problems));
  // Every shard checks the same flows: their findings are the same, so keep one of each.
  const flowFindings = dedupe(reports.flatMap((r) => r.flow_findings ?? []));
  const coverage = mergeCoverage(reports.flatMap((r) => r.coverage ?? []));
  const { failOn, minCoverage } = policy;
  const ran = new Set(scenarios.map((s) => s.flow_id));
  const shortfalls = minCoverage !== null ? checkMinCoverage(coverage.filter((c) => ran.has(c.flow_id)), minCoverage).map((s) => s.message) : [];
  const cut = reports.map((r) => r.report_metadata.cut_short).filter((c): c is string => !!c);
  const cutShort = cut.length > 0 ? cut.join('; ') : null;
  return {
    report_metadata: {
      ...first.report_metadata,
      generated_at: new Date().toISOString(),
      fail_on: failOn,
      min_coverage: minCoverage,
      shard: null,
      scenario_files: [...new Set(reports.flatMap((r) => r.report_metadata.scenario_files))].sort(),
      flow_files: [...new Set(reports.flatMap((r) => r.report_metadata.flow_files))].sort(),
      run_duration_ms: Math.max(...reports.map((r) => r.report_metadata.run_duration_ms)),
      cut_short: cutShort,
    },
    summary: summarize({ scenarios, problems, flowFindings, coverageShortfalls: shortfalls, failOn, cutShort }),
    problems,
    flow_findings: flowFindings,
    scenarios,
    ...(coverage.length > 0 ? { coverage } : {}),
  };
}

/**
 * Each shard saw part of the run: a node or branch is unvisited overall only when every shard left it
 * unvisited, so the merged unvisited lists are the intersections and the counts follow from them.
 */
export function mergeCoverage(items: FlowCoverage[]): FlowCoverage[] {
  const byFlow = new Map<string, FlowCoverage[]>();
  for (const c of items) byFlow.set(c.flow_id, [...(byFlow.get(c.flow_id) ?? []), c]);
  return [...byFlow.values()].map((group) => {
    const first = group[0]!;
    const branchKey = (b: FlowCoverage['unvisited_branches'][number]) => `${b.from}\u0000${b.to}\u0000${b.label}`;
    const nodes = first.unvisited_nodes.filter((n) => group.every((c) => c.unvisited_nodes.includes(n)));
    const branches = first.unvisited_branches.filter((b) => group.every((c) => c.unvisited_branches.some((o) => branchKey(o) === branchKey(b))));
    const count = (total: number, unvisited: number) => ({ visited: total - unvisited, total, percent: coveragePercent(total - unvisited, total) });
    return { ...first, nodes: count(first.nodes.total, nodes.length), edges: count(first.edges.total, branches.length), unvisited_nodes: nodes, unvisited_branches: branches };
  });
}

function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = JSON.stringify(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
