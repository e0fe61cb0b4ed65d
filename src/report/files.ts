// Writes the report files: YAML, plus JSON and JUnit XML when asked. Each is written atomically
// (temporary file, then rename), so a run that is killed half way never leaves a truncated report behind.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { renderJsonReport, renderYamlReport } from './formats.ts';
import { renderJunit } from './junit.ts';
import type { Report } from './model.ts';

export interface ReportPaths {
  reportPath: string;
  jsonReportPath?: string;
  junitPath?: string;
}

/** Returns the absolute paths written, YAML first. */
export async function writeReportFiles(report: Report, paths: ReportPaths, workspace: string): Promise<string[]> {
  const files: [string, string][] = [[paths.reportPath, renderYamlReport(report)]];
  if (paths.jsonReportPath) files.push([paths.jsonReportPath, renderJsonReport(report)]);
  if (paths.junitPath) files.push([paths.junitPath, renderJunit(report)]);
  const written: string[] = [];
  for (const [file, content] of files) {
    const target = path.resolve(workspace, file);
    await writeAtomically(target, content);
    written.push(target);
  }
  return written;
}

export async function writeAtomically(target: string, content: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, content, 'utf8');
  await rename(temp, target);
}
