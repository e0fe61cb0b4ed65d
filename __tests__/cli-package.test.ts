// The CLI as a newcomer installs it: `npm pack` this project, `npm install <tarball>` into a fresh folder
// with no registry reachable, and run `node_modules/.bin/cxone-flow-test` with the machine's own Node.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { load } from 'js-yaml';
import { ROOT } from './helpers/action.ts';
import { cli } from './helpers/cli.ts';

/** A user's shell: no npm_* variables of the test run, and no project node_modules/.bin (with its Node 24) on PATH. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^CXONE_/i.test(k)));
  env['PATH'] = (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter((p) => !p.includes(`${path.sep}node_modules${path.sep}`))
    .join(path.delimiter);
  // Nothing may come from a registry: the tarball must carry all the CLI needs.
  env['npm_config_registry'] = 'http://127.0.0.1:9/';
  return env;
}

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, env: userEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the packed CLI, installed from its tarball', () => {
  let dir = '';
  let bin = '';
  let packed: { filename: string; files: { path: string }[] };
  let nodeVersion = '';

  before(() => {
    const out = mkdtempSync(path.join(tmpdir(), 'cxft-pack-'));
    packed = JSON.parse(npm(['pack', '--json', '--pack-destination', out], ROOT))[0];
    dir = mkdtempSync(path.join(tmpdir(), 'cxft-user-'));
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "my-ivr", "private": true }\n');
    npm(['install', '--no-audit', '--no-fund', path.join(out, packed.filename)], dir);
    bin = path.join(dir, 'node_modules', '.bin', 'cxone-flow-test');
    nodeVersion = execFileSync('node', ['--version'], { env: userEnv(), encoding: 'utf8' }).trim();
  });

  const run = (args: string[]) => cli(args, { command: [bin], cwd: dir, exactEnv: userEnv() });

  test('the tarball holds dist/, the schemas and the docs, and depends on nothing', () => {
    const files = packed.files.map((f) => f.path);
    for (const need of [
      'dist/cli.js',
      'dist/index.js',
      'schemas/scenario.schema.json',
      'schemas/flow.schema.json',
      'action.yml',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      assert.ok(files.includes(need), need);
    }
    assert.deepEqual(
      files.filter((f) => /^(src|__tests__|lib|bench|scripts|examples|node_modules)\//.test(f)),
      [],
    );
    const installed = JSON.parse(readFileSync(path.join(dir, 'node_modules', 'cxone-flow-test', 'package.json'), 'utf8'));
    assert.equal(installed.dependencies, undefined, 'bundled by ncc: nothing to fetch');
    assert.deepEqual(
      readdirSync(path.join(dir, 'node_modules')).filter((d) => !d.startsWith('.')),
      ['cxone-flow-test'],
    );
  });

  test('--version through the bin link, on the Node on PATH', async (t) => {
    t.diagnostic(`Node on PATH: ${nodeVersion}`);
    const version = await run(['--version']);
    assert.equal(version.code, 0, `${nodeVersion}: ${version.stderr}`);
    assert.equal(version.stdout, `${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
    const help = await run(['run', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: cxone-flow-test run/);
  });

  test('init, then a run on the emulator passes; a broken expectation fails with exit 1 and the report written', async () => {
    const init = await run(['init']);
    assert.equal(init.code, 0, `${nodeVersion}: ${init.stderr}`);
    assert.match(init.stdout, /^ {2}npx cxone-flow-test run --target emulator /m, 'the bin link is named as npx runs it');
    const args = ['run', '--target', 'emulator', '--flows', 'cxone-flows/**/*.yaml', '--scenarios', 'cxone-tests/**/*.yaml'];
    const pass = await run([...args, '--report-path', 'pass.yaml']);
    assert.equal(pass.code, 0, `${nodeVersion}: ${pass.stdout}${pass.stderr}`);
    assert.match(pass.stdout, /^PASSED: 3 scenarios, 3 passed/m);
    assert.equal(
      (load(readFileSync(path.join(dir, 'pass.yaml'), 'utf8')) as { summary: { conclusion: string } }).summary.conclusion,
      'success',
    );
    const scenarios = path.join(dir, 'cxone-tests', 'main-menu.yaml');
    writeFileSync(
      path.join(dir, 'cxone-tests', 'wrong.yaml'),
      readFileSync(scenarios, 'utf8').replace('node_route_sales, node_exit]', 'node_route_support, node_exit]'),
    );
    const fail = await run([...args, '--report-path', 'fail.yaml']);
    assert.equal(fail.code, 1, fail.stdout + fail.stderr);
    assert.ok(existsSync(path.join(dir, 'fail.yaml')), 'the report is written');
    const report = load(readFileSync(path.join(dir, 'fail.yaml'), 'utf8')) as {
      summary: { conclusion: string; failed: number };
      scenarios: { status: string; findings: { code: string }[] }[];
    };
    assert.equal(report.summary.conclusion, 'failure');
    assert.equal(report.summary.failed, 1);
    assert.ok(report.scenarios.some((s) => s.status === 'failed' && s.findings.some((f) => f.code === 'PATH_MISMATCH')));
  });
});
