// Build: tsc compiles src/ to lib/ (TypeScript 7 has no JavaScript API for ncc's loader), then ncc
// bundles the JavaScript into dist/index.js (the action) and dist/cli.js (the CLI). dist/ is committed;
// CI rebuilds it and fails when it differs.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { standaloneValidators } from './build-validators.ts';

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
  run(bin('ncc'), ['build', path.join('lib', source), '-o', out, '--license', 'licenses.txt', '--quiet', '--target', 'es2023']);
  for (const file of readdirSync(out)) {
    if (file === 'package.json') continue;
    if (file === 'index.js') cpSync(path.join(out, file), path.join(dist, `${entry}.js`));
    else if (file === 'licenses.txt') cpSync(path.join(out, file), path.join(dist, `${entry}.licenses.txt`));
    else throw new Error(`ncc wrote an unexpected file ${file} for ${entry}: dist/ would need it too.`);
  }
}
writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
// The package's `bin`: npx and npm link run it directly, so it needs a shebang and the executable bit.
const cli = path.join(dist, 'cli.js');
writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
chmodSync(cli, 0o755);
if (!existsSync(path.join(dist, 'index.js'))) throw new Error('dist/index.js was not built');
console.log('Built dist/index.js and dist/cli.js');
