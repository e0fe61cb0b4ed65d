// git.ts and the flows of a commit: listed and read out of git, matched by the same globs as the workspace's
// files, refs passed as revisions only, links and large files refused unread.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { listTreeAt } from '../src/git.ts';
import { loadFlowsAtRef } from '../src/compare/flows-at-ref.ts';
import { matchFiles, matchListedFiles } from '../src/match-files.ts';
import { writeFiles } from './helpers/action.ts';

const FLOW = (id: string) => `id: ${id}\nstart: s\nnodes:\n  s: { type: Start, next: x }\n  x: { type: Exit }\n`;

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxft-gitmod-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  writeFiles(dir, files);
  symlinkSync('/etc/passwd', path.join(dir, 'flows', 'link.yaml'));
  git('add', '-A');
  git('commit', '-q', '-m', 'one');
  return dir;
}

const FILES = {
  'flows/a.yaml': FLOW('a'),
  'flows/sub/b.yaml': FLOW('b'),
  'flows/.hidden.yaml': FLOW('h'),
  'flows/skip/c.yaml': FLOW('c'),
  'other/d.yaml': FLOW('d'),
  'flows/big.yaml': `# ${'x'.repeat(1024 * 1024 + 10)}\n${FLOW('big')}`,
};

test('the listing of a commit matches as the disk does: the same globs, exclusions, dot files and `..`', async () => {
  const dir = repo(FILES);
  const tree = await listTreeAt(dir, 'HEAD');
  assert.ok(tree.ok);
  assert.deepEqual(tree.links, ['flows/link.yaml']);
  const listed = [...tree.files.map((f) => f.path), ...tree.links];
  for (const patterns of [
    ['flows/**/*.yaml'],
    ['flows/*.yaml', '!flows/big.yaml'],
    ['**/*.yaml', '!flows/skip/**'],
    ['flows/../other/*.yaml'],
  ]) {
    const onDisk = (await matchFiles(dir, patterns)).files;
    assert.deepEqual(await matchListedFiles(dir, patterns, listed), onDisk, patterns.join(','));
  }
});

test('flows at a ref: loaded with the same checks; a link and a file over the limit are problems, never read', async () => {
  const dir = repo(FILES);
  const at = await loadFlowsAtRef({ workspace: dir, ref: 'main', patterns: ['flows/**/*.yaml'] });
  assert.ok(at.ok);
  assert.deepEqual(at.loaded.flows.map((f) => f.id).sort(), ['a', 'b', 'c']);
  const problems = Object.fromEntries(at.loaded.problems.map((p) => [p.file, p.message]));
  assert.match(problems['flows/link.yaml']!, /symbolic link/);
  assert.match(problems['flows/big.yaml']!, /more than the limit/);
});

test('a ref is only ever a revision: option-like, missing and non-repository answers, no file written', async () => {
  const dir = repo(FILES);
  for (const ref of ['--output=written.txt', '-h', 'no-such-branch', 'HEAD~5']) {
    const tree = await listTreeAt(dir, ref);
    assert.equal(tree.ok, false, ref);
    if (!tree.ok) assert.equal(tree.why, 'missing', ref);
  }
  assert.equal(existsSync(path.join(dir, 'written.txt')), false);
  const bare = mkdtempSync(path.join(tmpdir(), 'cxft-nogit-'));
  const none = await listTreeAt(bare, 'HEAD');
  assert.equal(none.ok === false && none.why, 'no-repository');
});

test('a branch name on a checkout as actions/checkout makes it (remote-tracking branches, a detached head) resolves to origin/<branch>', async () => {
  const origin = repo({ 'flows/a.yaml': FLOW('a') });
  const run = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' }).trim();
  const base = run(origin, 'rev-parse', 'HEAD');
  run(origin, 'checkout', '-q', '-b', 'feature');
  writeFiles(origin, { 'flows/a.yaml': FLOW('a2') });
  run(origin, 'commit', '-q', '-am', 'two');
  // What actions/checkout does with fetch-depth: 0: no local branch but the detached head.
  const clone = mkdtempSync(path.join(tmpdir(), 'cxft-checkout-'));
  run(clone, 'init', '-q');
  run(clone, 'remote', 'add', 'origin', `file://${origin}`);
  run(clone, 'fetch', '-q', 'origin', '+refs/heads/*:refs/remotes/origin/*');
  run(clone, 'checkout', '-q', '--detach', 'refs/remotes/origin/feature');
  const tree = await listTreeAt(clone, 'main');
  assert.ok(tree.ok, JSON.stringify(tree));
  assert.equal(tree.commit, base);
  // A name that is neither here nor at origin is still missing.
  const none = await listTreeAt(clone, 'no-such-branch');
  assert.deepEqual([none.ok, !none.ok && none.why], [false, 'missing']);
});
