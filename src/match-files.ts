// The one way inputs' globs become files (scenarios, flows, shard reports): relative to the workspace,
// forward slashes, de-duplicated, sorted, `!` exclusions honoured, dot files left out.
import { glob } from 'tinyglobby';

export async function matchFiles(workspace: string, patterns: readonly string[]): Promise<string[]> {
  const wanted = patterns.map((p) => p.trim()).filter((p) => p !== '');
  if (wanted.length === 0) return [];
  // expandDirectories off: a directory name must not pull in READMEs and other files as inputs.
  const found = await glob(wanted, { cwd: workspace, dot: false, onlyFiles: true, expandDirectories: false });
  const relative = found.map((f) => f.replace(/\\/g, '/').replace(/^\.\//, ''));
  return [...new Set(relative)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
