// The flow files of `compare-to`'s commit (README, Behaviour changes): matched by the same `flows` globs
// over the commit's tree and parsed by the same loader as the workspace's, read out of git, never
// written anywhere. A ref this clone does not have (a shallow checkout) is an answer, not an exception.
import { listTreeAt, readBlob, type TreeFile } from '../git.ts';
import { matchListedFiles } from '../match-files.ts';
import { loadFlows, type LoadFlowsResult } from '../flow/load.ts';
import type { InputNaming } from '../input-naming.ts';

export type FlowsAtRef =
  | { ok: true; commit: string; loaded: LoadFlowsResult }
  | { ok: false; why: 'missing' | 'no-repository' | 'git-failed'; detail: string };

export async function loadFlowsAtRef(opts: {
  workspace: string;
  ref: string;
  patterns: string[];
  naming?: InputNaming;
}): Promise<FlowsAtRef> {
  const tree = await listTreeAt(opts.workspace, opts.ref);
  if (!tree.ok) return tree;
  const byPath = new Map<string, TreeFile>(tree.files.map((f) => [f.path, f]));
  const links = new Set(tree.links);
  const limit = createLimit(MAX_GIT_READS);
  const loaded = await loadFlows({
    workspace: opts.workspace,
    patterns: opts.patterns,
    ...(opts.naming ? { naming: opts.naming } : {}),
    where: `commit ${tree.commit.slice(0, 12)}`,
    source: {
      match: async (patterns) => ({ files: await matchListedFiles(opts.workspace, patterns, [...byPath.keys(), ...links]), outside: [] }),
      read: async (file, maxBytes) => {
        if (links.has(file)) return { ok: false, reason: 'a symbolic link at this commit: refused, not read' };
        const entry = byPath.get(file);
        if (!entry) return { ok: false, reason: 'not a file at this commit' };
        if (entry.size > maxBytes)
          return { ok: false, reason: `file is ${entry.size} bytes, more than the limit of ${maxBytes}: refused, not read` };
        return limit(() => readBlob(opts.workspace, entry.oid, maxBytes));
      },
    },
  });
  return { ok: true, commit: tree.commit, loaded };
}

/** git processes reading blobs at once: the loader asks for every matched file together. */
const MAX_GIT_READS = 8;

function createLimit(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
