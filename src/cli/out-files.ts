// Where the CLI's writing commands (`pull`, `generate`) put files: inside the current directory only, never
// through a symbolic link, a replacement written aside and renamed over. Each command words its own refusals.
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, openSync, readSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A path as given, resolved against `cwd`, with its relative form in forward slashes. */
export interface OutPath {
  absolute: string;
  relative: string;
}

/** `value` resolved against `cwd`, or undefined when it is `cwd` itself or leads out of it (`..`, another absolute path). */
export function insideCwd(cwd: string, value: string): OutPath | undefined {
  const absolute = path.resolve(cwd, value);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return { absolute, relative: relative.split(path.sep).join('/') };
}

/** What is at `file` without following a link (a dangling link counts), or undefined when nothing is. */
export function lstatOrUndefined(file: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Whether the deepest folder of `dir` that exists is, links resolved, outside `cwd` (`out -> /etc` is not followed). */
export function leadsOut(cwd: string, dir: string): boolean {
  const root = realpathSync(cwd);
  let at = dir;
  while (!lstatOrUndefined(at)) at = path.dirname(at);
  const real = path.relative(root, realpathSync(at));
  return real.startsWith('..') || path.isAbsolute(real);
}

/** Written aside under an unpredictable name, then renamed over: a link that appeared since the checks is replaced, not written through. */
export function writeReplacing(file: string, text: string): void {
  const aside = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(aside, text, { flag: 'wx' });
    renameSync(aside, file);
  } finally {
    rmSync(aside, { force: true });
  }
}

/** The first `bytes` bytes of `file` as UTF-8 text, without reading the rest (a huge file there costs nothing). */
export function readHead(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}
