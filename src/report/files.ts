// Writes the report files: YAML, plus JSON, JUnit XML and SARIF when asked. Each is written atomically
// (temporary file, then rename), so a run that is killed half way never leaves a truncated report behind.
// A file that cannot be written is a failure naming its path, never an exception that loses the
// summary, the annotations and the outputs (main.ts publishes whatever happened here).
import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { renderJsonReport, renderYamlReport } from './formats.ts';
import { renderJunit } from './junit.ts';
import type { Report } from './model.ts';
import { renderSarif } from './sarif.ts';

export interface ReportPaths {
  reportPath: string;
  jsonReportPath?: string;
  junitPath?: string;
  sarifPath?: string;
}

export type ReportFormat = 'YAML' | 'JSON' | 'JUnit XML' | 'SARIF';

export interface WrittenReports {
  /** Absolute paths written, YAML first when it was. */
  files: string[];
  /** What was written, as the inputs named it, for the log. */
  reports: { path: string; format: ReportFormat }[];
  /** Whether the YAML report (report-path) is among them. */
  yamlWritten: boolean;
  /** One sentence per file that could not be written, naming the path as the input gave it. */
  failures: string[];
}

export async function writeReportFiles(report: Report, paths: ReportPaths, workspace: string): Promise<WrittenReports> {
  const files: [string, ReportFormat, () => string][] = [[paths.reportPath, 'YAML', () => renderYamlReport(report)]];
  if (paths.jsonReportPath) files.push([paths.jsonReportPath, 'JSON', () => renderJsonReport(report)]);
  if (paths.junitPath) files.push([paths.junitPath, 'JUnit XML', () => renderJunit(report)]);
  if (paths.sarifPath) files.push([paths.sarifPath, 'SARIF', () => renderSarif(report)]);
  const written: WrittenReports = { files: [], reports: [], yamlWritten: false, failures: [] };
  for (const [file, format, render] of files) {
    const target = path.resolve(workspace, file);
    try {
      await refuseRedirectedPath(workspace, target);
      await writeAtomically(target, render());
      written.files.push(target);
      written.reports.push({ path: file, format });
      if (file === paths.reportPath) written.yamlWritten = true;
    } catch (error) {
      written.failures.push(`could not write the report to ${file}: ${describeWriteError(error)}`);
    }
  }
  return written;
}

/** "Reports written: cxone-flow-report.yaml (YAML), report.json (JSON) and junit.xml (JUnit XML)." */
export function describeWrittenReports(written: Pick<WrittenReports, 'reports'>): string {
  const list = written.reports.map((r) => `${r.path} (${r.format})`);
  if (list.length === 0) return 'No report file was written.';
  const words = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  return `${list.length === 1 ? 'Report' : 'Reports'} written: ${words}.`;
}

/**
 * The temporary file is created exclusively ('wx': never through an existing file or symlink) under an
 * unpredictable name beside the target, and removed when anything fails. rename() replaces a symlink
 * at the target itself: it never writes through it.
 */
export async function writeAtomically(target: string, content: string, mode?: number): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  // Outside the try: a temporary name that exists (however unlikely) is not ours to remove.
  let handle: FileHandle | undefined = await open(temp, 'wx', mode ?? 0o644);
  try {
    // The mode of the file replaced, exactly (open's mode is narrowed by the umask): a private file stays private.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(content, 'utf8');
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

/**
 * A report path inside the workspace must stay there: a symlinked directory in the checkout
 * (`reports -> /home/runner/.ssh`) must not redirect the write. A path the workflow puts outside the
 * workspace (`${{ runner.temp }}/report.yaml`) is its author's choice and is written as given.
 */
async function refuseRedirectedPath(workspace: string, target: string): Promise<void> {
  if (!isWithin(path.resolve(workspace), target)) return;
  let dir = path.dirname(target);
  // The nearest directory that exists: mkdir -p would go through a symlink in it.
  for (;;) {
    try {
      const resolved = await realpath(dir);
      if (!isWithin(await realpath(workspace), resolved))
        throw Object.assign(new Error('its directory resolves outside the workspace (a symbolic link): refused'), { code: 'EOUTSIDE' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(dir) === dir) throw error;
      dir = path.dirname(dir);
    }
  }
}

function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The errno code and what it means here; Node's own message names the temporary file, not the report. */
const WRITE_ERRORS: Record<string, string> = {
  EISDIR: 'a directory is in the way',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENAMETOOLONG: 'the path is too long',
  EEXIST: 'a file is in the way',
};

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EOUTSIDE') return (error as Error).message;
  return code ? `${code} (${WRITE_ERRORS[code] ?? (error as Error).message})` : (error as Error).message;
}
