// merge (SPEC 2): join shard reports into one report, summary and conclusion.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { parseYaml } from '../yaml/parse.ts';
import type { Settings } from '../settings.ts';
import { summarize, type Report } from './model.ts';

export async function mergeReportFiles(settings: Settings): Promise<Report> {
  const files = (await glob(settings.merge, { cwd: settings.workspace, onlyFiles: true })).sort();
  if (files.length === 0) throw new Error(`Input 'merge' matched no report files: ${settings.merge.map((p) => `"${p}"`).join(', ')} (relative to ${settings.workspace}).`);
  const reports: Report[] = [];
  for (const file of files) {
    const text = await readFile(path.resolve(settings.workspace, file), 'utf8');
    const doc = file.endsWith('.json') ? { value: JSON.parse(text) as unknown } : parseYaml(text, file);
    const report = doc.value as Report;
    if (!report || typeof report !== 'object' || !report.report_metadata || !Array.isArray(report.scenarios)) {
      throw new Error(`${file} is not a cxone-flow-test report (no report_metadata / scenarios).`);
    }
    reports.push(report);
  }
  return mergeReports(reports);
}

/** Pure: the first report's settings, every report's scenarios and problems, one conclusion. */
export function mergeReports(reports: Report[]): Report {
  const first = reports[0]!;
  const scenarios = reports.flatMap((r) => r.scenarios);
  const problems = dedupe(reports.flatMap((r) => r.problems));
  // Every shard checks the same flows: their findings are the same, so keep one of each.
  const flowFindings = dedupe(reports.flatMap((r) => r.flow_findings ?? []));
  const cut = reports.map((r) => r.report_metadata.cut_short).filter((c): c is string => !!c);
  const cutShort = cut.length > 0 ? cut.join('; ') : null;
  return {
    report_metadata: {
      ...first.report_metadata,
      generated_at: new Date().toISOString(),
      shard: null,
      scenario_files: [...new Set(reports.flatMap((r) => r.report_metadata.scenario_files))].sort(),
      flow_files: [...new Set(reports.flatMap((r) => r.report_metadata.flow_files))].sort(),
      run_duration_ms: Math.max(...reports.map((r) => r.report_metadata.run_duration_ms)),
      cut_short: cutShort,
    },
    summary: summarize({ scenarios, problems, flowFindings, failOn: first.report_metadata.fail_on, cutShort }),
    problems,
    flow_findings: flowFindings,
    scenarios,
  };
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
