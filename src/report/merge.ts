// merge (README, Workflows): join shard reports into one report, summary and conclusion. A shard that cannot be
// used (unreadable, not YAML, not a report, too big, outside the workspace) is a problem naming it in
// the merged report, which is still written: a lost shard must fail the check, not the whole merge.
import * as path from 'node:path';
import { matchFiles, OUTSIDE_DIRECTORY, readMatchedFile } from '../match-files.ts';
import { YamlError, parseYaml } from '../yaml/parse.ts';
import { checkJsonDepth, MAX_JSON_DEPTH } from '../json-depth.ts';
import type { Settings } from '../settings.ts';
import { ACTION_NAMING, type InputNaming } from '../input-naming.ts';
import { checkMinCoverage, coveragePercent } from '../analysis/coverage.ts';
import type { FindingKind } from '../domain/findings.ts';
import { capText, excerpt, NO_LINE } from '../text.ts';
import { scrubDeep } from '../secrets.ts';
import { VERSION } from '../version.ts';
import { buildReport, createScenarioReporter } from './build.ts';
import { summarize, type FlowCoverage, type Report, type ReportProblem } from './model.ts';
import { checkShardReport } from './shard-check.ts';

/** Far above a real shard report, raw traces included; a larger file is refused unread. */
export const MAX_SHARD_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * A report nests an answer's values at most 4 levels below where the answer had them (a variable
 * check's `actual`), and answers are capped at MAX_JSON_DEPTH: deeper than this, no run of ours wrote it.
 * Checked after JSON.parse as API answers are (the renderers walk the report recursively); YAML's own
 * limit is set to the same.
 */
export const MAX_REPORT_DEPTH = MAX_JSON_DEPTH + 8;

/** `naming`: how the shell names the `merge` input in the message for globs that match nothing. */
export async function mergeReportFiles(settings: Settings, naming: InputNaming = ACTION_NAMING): Promise<Report> {
  const startedAt = new Date();
  const { files, outside } = await matchFiles(settings.workspace, settings.merge);
  const problems: ReportProblem[] = outside.map((dir) => shardProblem('REPORT_READ', dir, 1, OUTSIDE_DIRECTORY));
  if (files.length === 0 && outside.length === 0) {
    const message = `no report file matches ${naming.setting('merge', settings.merge.join(','))} (relative to ${settings.workspace})`;
    problems.push(shardProblem('REPORT_NONE_FOUND', '', 1, message));
  }
  const reports: Report[] = [];
  for (const file of files) {
    const read = await readShardReport(settings.workspace, file);
    if ('problem' in read) problems.push(read.problem);
    else reports.push(read.report);
  }
  // With no usable shard, the metadata is this job's own: the merged report still says what went wrong.
  const base = reports.length > 0 ? reports : [emptyReport(settings, startedAt)];
  // The merge job's own fail-on and min-coverage decide: shards typically run with fail-on: none.
  const minCoverage = settings.minCoverage ?? base[0]!.report_metadata.min_coverage ?? null;
  // A shard report is a file like any other: no string of it goes on unbounded.
  return scrubDeep(mergeReports(base, { failOn: settings.failOn, minCoverage, problems }), capText);
}

export async function readShardReport(workspace: string, file: string): Promise<{ report: Report } | { problem: ReportProblem }> {
  const read = await readMatchedFile(workspace, file, MAX_SHARD_REPORT_BYTES);
  if (!read.ok) return { problem: shardProblem('REPORT_READ', file, NO_LINE, read.reason) };
  let value: unknown;
  try {
    value =
      path.extname(file) === '.json'
        ? JSON.parse(read.text)
        : parseYaml(read.text, file, { maxBytes: MAX_SHARD_REPORT_BYTES, maxDepth: MAX_REPORT_DEPTH }).value;
  } catch (error) {
    const line = error instanceof YamlError ? error.line : NO_LINE;
    const reason = error instanceof YamlError ? error.reason : excerpt((error as Error).message);
    return {
      problem: shardProblem(
        'REPORT_PARSE',
        file,
        line,
        `not a readable ${path.extname(file) === '.json' ? 'JSON' : 'YAML'} report: ${reason}`,
      ),
    };
  }
  const tooDeep = checkJsonDepth(value, MAX_REPORT_DEPTH);
  if (tooDeep) return { problem: shardProblem('REPORT_PARSE', file, NO_LINE, `not a readable JSON report: ${tooDeep}`) };
  const wrong = checkShardReport(value);
  if (wrong) return { problem: shardProblem('REPORT_INVALID', file, NO_LINE, `not a cxone-flow-test report: ${wrong}`) };
  return { report: value as Report };
}

function shardProblem(code: string, file: string, line: number, message: string): ReportProblem {
  return { code, file, line, key: '', message };
}

function emptyReport(settings: Settings, startedAt: Date): Report {
  return buildReport({
    settings,
    toolVersion: VERSION,
    scenarios: [],
    reporter: createScenarioReporter(settings),
    problems: [],
    flowFindings: [],
    coverageShortfalls: [],
    scenarioFiles: [],
    flowFiles: [],
    startedAt,
    finishedAt: new Date(),
    cutShort: null,
  });
}

/** Pure: the first report's metadata, every report's scenarios and problems (and the shards' own, in `policy`), one conclusion by `policy`. */
export function mergeReports(
  reports: Report[],
  policy: { failOn: FindingKind[]; minCoverage: number | null; problems?: ReportProblem[] },
): Report {
  const first = reports[0]!;
  const scenarios = reports.flatMap((r) => r.scenarios);
  const problems = dedupe([...(policy.problems ?? []), ...reports.flatMap((r) => r.problems)]);
  // Every shard checks the same flows: their findings are the same, so keep one of each.
  const flowFindings = dedupe(reports.flatMap((r) => r.flow_findings ?? []));
  const coverage = mergeCoverage(reports.flatMap((r) => r.coverage ?? []));
  const { failOn, minCoverage } = policy;
  const ran = new Set(scenarios.map((s) => s.flow_id));
  const shortfalls =
    minCoverage !== null
      ? checkMinCoverage(
          coverage.filter((c) => ran.has(c.flow_id)),
          minCoverage,
        ).map((s) => s.message)
      : [];
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
    summary: summarize({
      scenarios,
      problems,
      flowFindings,
      coverageShortfalls: shortfalls,
      failOn,
      cutShort,
      selection: first.report_metadata.selection,
    }),
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
    const branches = first.unvisited_branches.filter((b) =>
      group.every((c) => c.unvisited_branches.some((o) => branchKey(o) === branchKey(b))),
    );
    const count = (total: number, unvisited: number) => ({
      visited: total - unvisited,
      total,
      percent: coveragePercent(total - unvisited, total),
    });
    const { unreachable: _, ...rest } = first;
    // A connector no input can take is one no shard took: each shard found the same list.
    const unreachable = first.unreachable?.filter((u) => branches.some((b) => branchKey(b) === branchKey(u)));
    return {
      ...rest,
      nodes: count(first.nodes.total, nodes.length),
      edges: count(first.edges.total, branches.length),
      unvisited_nodes: nodes,
      unvisited_branches: branches,
      ...(unreachable?.length ? { unreachable } : {}),
    };
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
