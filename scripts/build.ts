// Build: tsc compiles src/ to lib/ (TypeScript 7 has no JavaScript API for ncc's loader), then ncc
// bundles the JavaScript into dist/index.js (the action) and dist/cli.js (the CLI). dist/ is committed;
// CI rebuilds it and fails when it differs.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { standaloneValidators } from './build-validators.ts';
import { bundledFiles, licensesText } from './licenses.ts';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

rmSync(path.join(root, 'lib'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
// The schemas' validate functions precompiled: tsc's output of that module compiles them with ajv at run time.
writeFileSync(path.join(root, 'lib', 'schema-validators.js'), standaloneValidators());

const dist = path.join(root, 'dist');
const staging = path.join(root, 'lib', '.ncc');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// dist/<name>.js ← lib/<source>: the CLI's entry is cli/bin.js, which always runs main (the module tests import).
const entries = { index: 'index.js', cli: path.join('cli', 'bin.js') };
for (const [entry, source] of Object.entries(entries)) {
  const out = path.join(staging, entry);
  const stats = path.join(staging, `${entry}.stats.json`);
  run(bin('ncc'), ['build', path.join('lib', source), '-o', out, '--stats-out', stats, '--quiet', '--target', 'es2023']);
  for (const file of readdirSync(out)) {
    if (file === 'package.json') continue;
    if (file === 'index.js') writeFileSync(path.join(dist, `${entry}.js`), renameChunks(readFileSync(path.join(out, file), 'utf8'), entry));
    // A chunk: code behind an `await import()` (the artifact client, Octokit, the proxy agent), loaded from
    // beside the entry when first used, so the entry parses only what a run needs before its first call.
    else if (/^\d+\.index\.js$/.test(file)) cpSync(path.join(out, file), path.join(dist, file.replace(/\.index\.js$/, `.${entry}.js`)));
    else throw new Error(`ncc wrote an unexpected file ${file} for ${entry}: dist/ would need it too.`);
  }
  writeFileSync(path.join(dist, `${entry}.licenses.txt`), licensesText(bundledFiles(stats)));
}
/**
 * ncc names every entry's chunks <id>.index.js; in dist/ they are <id>.<entry>.js, so the two entries'
 * chunks (the same id can hold different code in each) cannot overwrite each other. The entry's loader
 * builds the name in one place, which must be found exactly once.
 */
function renameChunks(code: string, entry: string): string {
  const template = 'return "" + chunkId + ".index.js";';
  const count = code.split(template).length - 1;
  if (count === 0 && !/\.index\.js/.test(code)) return code;
  if (count !== 1) throw new Error(`dist/${entry}.js: expected ncc's chunk file name template once, found it ${count} times`);
  return code.replace(template, `return "" + chunkId + ".${entry}.js";`);
}

writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
// The package's `bin`: npx and npm link run it directly, so it needs a shebang and the executable bit.
const cli = path.join(dist, 'cli.js');
writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
chmodSync(cli, 0o755);
if (!existsSync(path.join(dist, 'index.js'))) throw new Error('dist/index.js was not built');
console.log('Built dist/index.js and dist/cli.js');
