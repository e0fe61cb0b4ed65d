// The one way inputs' globs become files (scenarios, flows, shard reports), and files become text:
// relative to the workspace, forward slashes, de-duplicated, sorted, `!` exclusions honoured, dot files
// left out. A symbolic link in the workspace that leads out of it is never walked or read: a pull
// request can add `cxone-tests/x.yaml -> /etc/passwd`, and what a problem message quotes of a file
// ends up in a public log. A pattern that itself names a place outside (`/tmp/shards/*.yaml`) is the
// workflow author's choice, as report-path is, and is honoured.
import * as fs from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { glob, type FileSystemAdapter } from 'tinyglobby';

export interface MatchedFiles {
  /** Relative to the workspace, forward slashes, sorted. A symlink to a file stays listed (read refuses it). */
  files: string[];
  /** Directories in the workspace the globs reached that resolve outside it (symlinks): not walked. */
  outside: string[];
}

export async function matchFiles(workspace: string, patterns: readonly string[]): Promise<MatchedFiles> {
  const wanted = patterns.map((p) => p.trim()).filter((p) => p !== '');
  if (wanted.length === 0) return { files: [], outside: [] };
  const outside = new Set<string>();
  const leaves = await leavesWorkspace(workspace);
  // expandDirectories off: a directory name must not pull in READMEs and other files as inputs.
  const found = await glob(wanted, {
    cwd: workspace,
    dot: false,
    onlyFiles: true,
    expandDirectories: false,
    fs: guardedFs(leaves, outside),
  });
  const relative = (list: Iterable<string>) =>
    [...new Set([...list].map((f) => f.replace(/\\/g, '/').replace(/^\.\//, '')))].sort(byCodeUnit);
  return { files: relative(found), outside: relative([...outside].map((d) => path.relative(workspace, d) || '.')) };
}

/**
 * The glob's view of the file system. tinyglobby either follows symlinks everywhere or drops them
 * silently; this keeps them listed, so that each is refused by name, and never lists a directory
 * whose real path is outside `root`. A symlink that leaves the workspace "resolves" to itself: the
 * crawler then lists it (a file) or asks to read it (a directory), which readdir answers with nothing.
 */
function guardedFs(leaves: (lexical: string, resolved: string) => boolean, outside: Set<string>): FileSystemAdapter {
  const realpathGuarded = (p: string, callback: (error: NodeJS.ErrnoException | null, resolved: string) => void) => {
    fs.realpath(p, (error, resolved) => callback(error, error || !leaves(p, resolved) ? resolved : p));
  };
  const readdirGuarded = (
    dir: string,
    options: fs.ObjectEncodingOptions & { withFileTypes: true },
    callback: (error: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void,
  ) => {
    fs.realpath(dir, (error, resolved) => {
      if (error) return callback(error, []);
      if (leaves(dir, resolved)) {
        outside.add(dir);
        return callback(null, []);
      }
      fs.readdir(dir, options, callback);
    });
  };
  return { realpath: realpathGuarded as unknown as typeof fs.realpath, readdir: readdirGuarded as unknown as typeof fs.readdir };
}

/** Whether a path written inside the workspace really is somewhere else. */
async function leavesWorkspace(workspace: string): Promise<(lexical: string, resolved: string) => boolean> {
  const lexicalRoot = path.resolve(workspace);
  const realRoot = await realpath(workspace);
  return (lexical, resolved) => isWithin(lexicalRoot, path.resolve(lexicalRoot, lexical)) && !isWithin(realRoot, resolved);
}

function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a problem says of a path outside the workspace; it never says where the path leads (see readMatchedFile). */
export const OUTSIDE_FILE = 'the file is in the workspace but resolves outside it (a symbolic link): refused, not read';
export const OUTSIDE_DIRECTORY = 'the directory is in the workspace but resolves outside it (a symbolic link): not searched';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * A matched file's text, or why it was refused. Refused unread: a path in the workspace that resolves
 * outside it, anything but a regular file (a FIFO would block the run), more than `maxBytes`. Refused
 * after reading: text that is not valid UTF-8. The reason never quotes the file, nor where a symlink
 * points: the link's author knows, and a resolved path (`/proc/self/fd/3` → …) can tell more than they did.
 */
export async function readMatchedFile(workspace: string, file: string, maxBytes: number): Promise<ReadResult> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    const resolved = await realpath(path.resolve(workspace, file));
    if ((await leavesWorkspace(workspace))(file, resolved)) return { ok: false, reason: OUTSIDE_FILE };
    // O_NOFOLLOW and O_NONBLOCK: what is opened is the file checked, and opening a FIFO does not wait for a writer.
    handle = await open(resolved, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: 'not a regular file (a directory, FIFO or device): refused, not read' };
    if (stats.size > maxBytes)
      return { ok: false, reason: `file is ${stats.size} bytes, more than the limit of ${maxBytes}: refused, not read` };
    const bytes = await readAtMost(handle, maxBytes);
    if (bytes === null) return { ok: false, reason: `file is more than the limit of ${maxBytes} bytes: refused` };
    return decodeUtf8(bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: `cannot read the file (${code ?? (error as Error).message})` };
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** The file's bytes, or null past `maxBytes`: a file that grows after stat() is still bounded. */
async function readAtMost(handle: fs.promises.FileHandle, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(READ_CHUNK_BYTES), 0, READ_CHUNK_BYTES, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > maxBytes) return null;
    chunks.push(buffer.subarray(0, bytesRead));
  }
}

const READ_CHUNK_BYTES = 64 * 1024;

function decodeUtf8(bytes: Buffer): ReadResult {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'file is not valid UTF-8 text' };
  }
}

/**
 * matchFiles over a listing rather than the disk (the files of a commit, git.ts): the same globs, the
 * same matcher, the same results for the same tree. The glob walks a tree made of `listed` (paths
 * relative to `workspace`), so nothing is read and nothing outside the listing exists.
 */
export async function matchListedFiles(workspace: string, patterns: readonly string[], listed: readonly string[]): Promise<string[]> {
  const wanted = patterns.map((p) => p.trim()).filter((p) => p !== '');
  if (wanted.length === 0 || listed.length === 0) return [];
  const root = path.resolve(workspace);
  const dirs = new Map<string, Map<string, boolean>>();
  const add = (dir: string, name: string, isDir: boolean) => {
    const entries = dirs.get(dir) ?? new Map<string, boolean>();
    if (!entries.has(name)) entries.set(name, isDir);
    dirs.set(dir, entries);
  };
  // The workspace's own ancestors: a pattern with `..` or an absolute one walks from above it.
  const above = root.split(path.sep).filter(Boolean);
  for (let i = 0; i < above.length; i++) add(path.resolve(path.sep, ...above.slice(0, i)), above[i]!, true);
  for (const file of listed) {
    const parts = file.split('/');
    for (let i = 0; i < parts.length; i++) add(path.join(root, ...parts.slice(0, i)), parts[i]!, i < parts.length - 1);
  }
  const dirent = ([name, isDir]: [string, boolean]) => ({
    name,
    isFile: () => !isDir,
    isDirectory: () => isDir,
    isSymbolicLink: () => false,
  });
  const listing: FileSystemAdapter = {
    readdir: ((dir: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, entries: unknown[]) => void) => {
      const entries = dirs.get(path.resolve(dir));
      if (entries) callback(null, [...entries].map(dirent));
      else callback(Object.assign(new Error(`ENOENT: ${dir}`), { code: 'ENOENT' }), []);
    }) as unknown as typeof fs.readdir,
    realpath: ((p: string, callback: (error: NodeJS.ErrnoException | null, resolved: string) => void) =>
      callback(null, p)) as unknown as typeof fs.realpath,
  };
  const found = await glob(wanted, { cwd: root, dot: false, onlyFiles: true, expandDirectories: false, fs: listing });
  const known = new Set(listed);
  // Only files of the listing, relative, once each, sorted as matchFiles sorts them.
  const relative = found.map((f) => path.relative(root, path.resolve(root, f)).replace(/\\/g, '/'));
  return [...new Set(relative.filter((f) => known.has(f)))].sort(byCodeUnit);
}
