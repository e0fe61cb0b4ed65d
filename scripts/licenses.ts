// The licenses of every package a bundle carries, its chunks included: ncc's own --license output keeps
// only the last chunk's (each chunk writes the same file name), so the build makes the file from ncc's
// stats instead. One entry per package, sorted by name: the name, the license field, the license file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

interface StatsModule {
  nameForCondition?: string;
  chunks?: unknown[];
  modules?: StatsModule[];
}

/** The folder of the package a bundled file belongs to: up to the last node_modules/<name> (or <@scope/name>). */
function packageRoot(file: string): string | undefined {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at === -1) return undefined;
  const rest = file.slice(at + marker.length).split(path.sep);
  const name = rest[0]?.startsWith('@') ? rest.slice(0, 2).join(path.sep) : rest[0];
  return name ? file.slice(0, at + marker.length) + name : undefined;
}

export function bundledFiles(statsFile: string): string[] {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules: StatsModule[] };
  const files = new Set<string>();
  for (const m of stats.modules) {
    // Modules in no chunk were left out of the output; those concatenated into a module are in its chunk.
    if (!m.chunks?.length) continue;
    for (const each of [m, ...(m.modules ?? [])]) if (each.nameForCondition) files.add(each.nameForCondition);
  }
  return [...files];
}

export function licensesText(files: readonly string[]): string {
  const roots = new Set(files.map(packageRoot).filter((r): r is string => r !== undefined));
  const entries = [...roots].map((root) => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; license?: string };
    const file = existsSync(root)
      ? readdirSync(root)
          .filter((f) => /^licen[cs]e(\.|$)/i.test(f))
          .sort()[0]
      : undefined;
    const text = file ? readFileSync(path.join(root, file), 'utf8').trim() : '(no license file in the package)';
    return { text: `${pkg.name}\n${pkg.license ?? 'UNKNOWN'}\n${text}\n` };
  });
  // A package installed twice (two versions) is listed once when its license reads the same.
  const texts = [...new Set(entries.map((e) => e.text))];
  return texts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n');
}
