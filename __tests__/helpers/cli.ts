// Runs the built CLI as a user does: `node dist/cli.js …` (or another entry, such as an installed bin).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './action.ts';

export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  until?: RegExp;
  env?: Record<string, string>;
  /** Instead of `node dist/cli.js`: this command, with `args` after it (an installed bin, `sh -c`). */
  command?: string[];
  /** The whole environment, instead of this process's with `env` over it. */
  exactEnv?: NodeJS.ProcessEnv;
}

/** With `until`, resolves once stdout matches, with `stop()`: SIGINT, then the exit code and what it printed. */
export function cli(args: string[], opts: CliOptions = {}): Promise<CliRun & { stop?: () => Promise<CliRun> }> {
  return new Promise((resolve, reject) => {
    const [cmd, ...pre] = opts.command ?? [process.execPath, CLI];
    const env = opts.exactEnv ?? { ...process.env, ...opts.env };
    const child = spawn(cmd!, [...pre, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.on('error', reject);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (opts.until?.test(stdout)) {
        const closed = new Promise<CliRun>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
        resolve({ code: null, stdout, stderr, stop: () => (child.kill('SIGINT'), closed) });
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
