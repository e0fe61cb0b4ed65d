// The one caller of git (compare-to, README "Behaviour changes"): the files of a commit, read out of the
// repository's object store, never checked out or written into the workspace. `execFile` with no shell,
// each call bounded in output and time. A ref is untrusted input: one starting with `-` is refused before
// it gets here (inputs.ts), and every ref is passed after `--end-of-options`, so git reads it as a revision.
import { execFile } from 'node:child_process';

/** Output of one git call read into memory: a listing of a large monorepo's tree fits. */
const MAX_GIT_OUTPUT_BYTES = 64 * 1024 * 1024;
/** One git call's time: a listing or a blob read takes milliseconds; a hung call must not hang the run. */
const GIT_TIMEOUT_MS = 60_000;

export interface TreeFile {
  /** Relative to the workspace, forward slashes. */
  path: string;
  /** The blob's object id, read by readBlob. */
  oid: string;
  size: number;
}

export type TreeAtRef =
  | { ok: true; commit: string; files: TreeFile[]; links: string[] }
  | { ok: false; why: 'missing' | 'no-repository' | 'git-failed'; detail: string };

interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
  /** The process could not start (no git), timed out, or wrote more than allowed. */
  failed?: string;
}

function git(cwd: string, args: readonly string[], maxBytes = MAX_GIT_OUTPUT_BYTES): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: maxBytes,
        timeout: GIT_TIMEOUT_MS,
        windowsHide: true,
        // No prompt for credentials, no lock taken on the index: reading only.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        const failed =
          err && (err.code === 'ENOENT' || err.killed || err.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
            ? err.code === 'ENOENT'
              ? 'git is not installed'
              : err.killed
                ? `git ${args[0]} took longer than ${GIT_TIMEOUT_MS / 1000} s`
                : `git ${args[0]} wrote more than ${maxBytes} bytes`
            : undefined;
        resolve({
          ok: !err,
          stdout: stdout ?? Buffer.alloc(0),
          stderr: (stderr ?? Buffer.alloc(0)).toString('utf8').slice(0, 2000),
          ...(failed ? { failed } : {}),
        });
      },
    );
  });
}

/**
 * Every regular file under `workspace` at `ref`, relative to the workspace, with its blob id and size.
 * Symbolic links are listed apart (never read: at a ref as in the workspace, a link is not a flow file),
 * submodules left out.
 */
export async function listTreeAt(workspace: string, ref: string): Promise<TreeAtRef> {
  const inside = await git(workspace, ['rev-parse', '--is-inside-work-tree']);
  if (inside.failed) return { ok: false, why: 'git-failed', detail: inside.failed };
  // A checkout owned by another user (a container job) is refused by git itself: say git's words, not "no repository".
  if (!inside.ok && /dubious ownership|safe\.directory/.test(inside.stderr))
    return { ok: false, why: 'git-failed', detail: `git refuses the repository: ${inside.stderr.trim().split('\n')[0]}` };
  if (!inside.ok) return { ok: false, why: 'no-repository', detail: inside.stderr.trim() };
  const resolved = await resolveCommit(workspace, ref);
  if (!resolved.ok) return resolved;
  const { commit } = resolved;
  // -z: paths as they are (no quoting); --long: each blob's size, so a huge file is refused unread.
  // The path `.` limits the listing to the workspace and makes paths relative to it.
  const listed = await git(workspace, ['ls-tree', '-r', '-z', '--long', '--end-of-options', commit, '--', '.']);
  if (!listed.ok) return { ok: false, why: 'git-failed', detail: listed.failed ?? listed.stderr.trim() };
  const files: TreeFile[] = [];
  const links: string[] = [];
  for (const record of listed.stdout.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const m = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.+)$/s.exec(record);
    if (!m) continue;
    const [, mode, type, oid, size, file] = m;
    if (type !== 'blob') continue;
    if (mode === '120000') links.push(file!);
    else files.push({ path: file!, oid: oid!, size: Number(size) });
  }
  return { ok: true, commit, files, links };
}

/**
 * The commit a ref names. A branch name the clone has only as a remote-tracking branch (actions/checkout
 * leaves the head detached and creates no local branch, even with fetch-depth: 0) is looked up at origin,
 * as `git checkout main` would.
 */
async function resolveCommit(
  workspace: string,
  ref: string,
): Promise<{ ok: true; commit: string } | { ok: false; why: 'missing' | 'git-failed'; detail: string }> {
  const candidates = ref.startsWith('refs/') ? [ref] : [ref, `refs/remotes/origin/${ref}`];
  let detail = '';
  for (const candidate of candidates) {
    const resolved = await git(workspace, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${candidate}^{commit}`]);
    if (resolved.failed) return { ok: false, why: 'git-failed', detail: resolved.failed };
    if (resolved.ok) return { ok: true, commit: resolved.stdout.toString('utf8').trim() };
    detail ||= resolved.stderr.trim();
  }
  return { ok: false, why: 'missing', detail };
}

export type BlobRead = { ok: true; text: string } | { ok: false; reason: string };

/** A blob's text, bounded: more than `maxBytes`, or not UTF-8, is refused as the workspace reader refuses it. */
export async function readBlob(workspace: string, oid: string, maxBytes: number): Promise<BlobRead> {
  if (!/^[0-9a-f]{40,64}$/.test(oid)) return { ok: false, reason: 'not an object id' };
  const read = await git(workspace, ['cat-file', 'blob', oid], maxBytes);
  if (!read.ok) return { ok: false, reason: read.failed ?? `git cat-file failed: ${read.stderr.trim()}` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(read.stdout) };
  } catch {
    return { ok: false, reason: 'file is not valid UTF-8 text' };
  }
}
