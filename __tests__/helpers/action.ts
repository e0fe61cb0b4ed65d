// Runs the built action exactly as the runner does: `node dist/index.js` with INPUT_<NAME> (hyphens
// kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE, then reads back what it wrote.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const FIXTURES = path.join(ROOT, '__tests__', 'fixtures');

export interface Annotation {
  level: string;
  file?: string;
  line?: number;
  title?: string;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  report: any;
  reportText: string;
  workspace: string;
  /** Every file left in the workspace, relative. */
  workspaceFiles(): string[];
}

/** A temporary workspace with the given fixture folders copied in (relative to __tests__/fixtures). */
export function makeWorkspace(copies: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxft-ws-'));
  for (const [to, from] of Object.entries(copies)) cpSync(path.join(FIXTURES, from), path.join(dir, to), { recursive: true });
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

export interface RunOptions {
  inputs: Record<string, string>;
  workspace: string;
  env?: Record<string, string>;
  /** Kill the process with this signal after this many ms. */
  kill?: { afterMs: number; signal: NodeJS.Signals };
  /** Send `kill`'s signal as soon as stdout matches this, rather than after a fixed time. */
  killWhen?: RegExp;
  /** A second signal, as the runner sends SIGTERM after SIGINT. */
  killAgain?: { afterMs: number; signal: NodeJS.Signals };
  entry?: string;
  /** Called with the spawned process, for a scripted server that signals it at the moment it chooses. */
  onSpawn?: (child: ChildProcess) => void;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const outFile = path.join(options.workspace, '.gh-output');
  const summaryFile = path.join(options.workspace, '.gh-summary');
  writeFileSync(outFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('ACTIONS_') && !k.startsWith('GITHUB_')) env[k] = v;
  Object.assign(env, {
    GITHUB_OUTPUT: outFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: tmpdir(),
  });
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, options.env ?? {});
  const child = spawn(process.execPath, [options.entry ?? path.join(ROOT, 'dist', 'index.js')], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (d) => {
    stdout += d;
    if (options.killWhen && !signalled && options.killWhen.test(stdout)) {
      signalled = true;
      child.kill(options.kill?.signal ?? 'SIGINT');
      if (options.killAgain) setTimeout(() => child.kill(options.killAgain!.signal), options.killAgain.afterMs);
    }
  });
  child.stderr.on('data', (d) => (stderr += d));
  if (!options.killWhen) for (const k of [options.kill, options.killAgain]) if (k) setTimeout(() => child.kill(k.signal), k.afterMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const reportFile = path.join(options.workspace, options.inputs['report-path'] ?? 'cxone-flow-report.yaml');
  // Only a regular file: tests put a directory, or a symlink out of the workspace, at report-path.
  const reportText = existsSync(reportFile) && statSync(reportFile).isFile() ? readFileSync(reportFile, 'utf8') : '';
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations: parseAnnotations(stdout),
    report: reportText ? load(reportText) : undefined,
    reportText,
    workspace: options.workspace,
    workspaceFiles: () => readdirSync(options.workspace, { recursive: true, encoding: 'utf8' }),
  };
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks, as @actions/core writes them. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

/** `::error file=a.yaml,line=3,title=…::message` workflow commands on stdout. */
export function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: (.*?))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const part of (m[2] ?? '').split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) props[part.slice(0, eq)] = unescapeProperty(part.slice(eq + 1));
    }
    const annotation: Annotation = { level: m[1]!, message: unescapeData(m[3]!) };
    if (props['file']) annotation.file = props['file'];
    if (props['line']) annotation.line = Number(props['line']);
    if (props['title']) annotation.title = props['title'];
    out.push(annotation);
  }
  return out;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
}
