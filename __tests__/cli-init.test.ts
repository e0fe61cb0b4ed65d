// `cxone-flow-test init`: a starter set that passes as written, never written over an existing file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { STARTER_FILES } from '../src/cli/starter.ts';
import { ROOT } from './helpers/action.ts';
import { cli } from './helpers/cli.ts';

const FILES = ['cxone-flows/main-menu.yaml', 'cxone-tests/main-menu.yaml', '.github/workflows/ivr-flows.yml'];
const empty = () => mkdtempSync(path.join(tmpdir(), 'cxft-init-'));

describe('cxone-flow-test init', () => {
  test('writes a flow, scenarios and a workflow; the command it prints passes on the emulator', async () => {
    const dir = empty();
    const init = await cli(['init'], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    for (const file of FILES) {
      assert.ok(existsSync(path.join(dir, file)), file);
      assert.match(init.stdout, new RegExp(`^  ${file.replace(/[.]/g, '\\.')} `, 'm'), `names ${file}`);
    }
    const next = /^Next, .*\n {2}(.+)$/m.exec(init.stdout)?.[1];
    assert.ok(next, init.stdout);
    assert.match(next, / run --target emulator --flows 'cxone-flows\/\*\*\/\*\.yaml' --scenarios 'cxone-tests\/\*\*\/\*\.yaml'$/);
    // Pasted into a shell, as printed.
    const run = await cli(['-c', next], { command: ['sh'], cwd: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^PASSED: 3 scenarios, 3 passed, 0 failed, 0 errored, 0 loops$/m);
    const report = load(readFileSync(path.join(dir, 'cxone-flow-report.yaml'), 'utf8')) as {
      summary: { passed: number };
      flow_findings: unknown[];
    };
    assert.equal(report.summary.passed, 3);
    assert.deepEqual(report.flow_findings, [], 'the starter flow has no defect');
    const checked = await cli(['validate', '--flows', 'cxone-flows/**/*.yaml'], { cwd: dir });
    assert.equal(checked.code, 0, checked.stdout);
  });

  test('the workflow it writes uses the action with inputs that exist, and runs what it wrote', () => {
    const inputs = Object.keys((load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs);
    const workflow = load(STARTER_FILES.find((f) => f.path.endsWith('ivr-flows.yml'))!.text) as {
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }>;
    };
    const step = Object.values(workflow.jobs)
      .flatMap((j) => j.steps)
      .find((s) => s.uses?.startsWith('cxone-flow-test/cxone-flow-test@'));
    assert.ok(step?.with);
    for (const key of Object.keys(step.with)) assert.ok(inputs.includes(key), `'${key}' is an input`);
    assert.deepEqual(step.with, { target: 'emulator', flows: 'cxone-flows/**/*.yaml', scenarios: 'cxone-tests/**/*.yaml' });
  });

  test('a second init refuses: exit 2 naming the file, nothing written', async () => {
    const dir = empty();
    assert.equal((await cli(['init'], { cwd: dir })).code, 0);
    writeFileSync(path.join(dir, 'cxone-tests/main-menu.yaml'), 'my own scenarios\n');
    rmSync(path.join(dir, 'cxone-flows/main-menu.yaml'));
    rmSync(path.join(dir, '.github/workflows/ivr-flows.yml'));
    const again = await cli(['init'], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /^error: init writes nothing: cxone-tests\/main-menu\.yaml already exists/m);
    assert.equal(again.stdout, '');
    assert.equal(readFileSync(path.join(dir, 'cxone-tests/main-menu.yaml'), 'utf8'), 'my own scenarios\n', 'not overwritten');
    assert.ok(!existsSync(path.join(dir, 'cxone-flows/main-menu.yaml')), 'the other files are not written either');
    assert.ok(!existsSync(path.join(dir, '.github/workflows/ivr-flows.yml')));
  });
});
