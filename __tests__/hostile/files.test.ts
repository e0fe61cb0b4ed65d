// Hostile files in the checkout (README, Guarantees): symlinks out of the workspace, a 200 KB one-line file,
// bytes that are not UTF-8, shard reports that are not reports. The built action (and CLI) is spawned
// on a crafted workspace; each case asserts the report is written, the file is named, the check fails,
// and nothing the file leads to, or more than an excerpt of it, reaches any output channel.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { MAX_EXCERPT_CHARS } from '../../src/text.ts';
import { FIXTURES, makeWorkspace, ROOT, runAction, writeFiles, type ActionRun } from '../helpers/action.ts';

const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml' };
const PASSWD_LINES = readFileSync('/etc/passwd', 'utf8')
  .split('\n')
  .filter((l) => l.length >= 10);

function workspace(): string {
  return makeWorkspace({ flows: 'e2e/flows', 'cxone-tests/pass.yaml': 'e2e/scenarios/pass.yaml' });
}

/** Every channel a run writes to, as one text. */
function channels(run: ActionRun): string {
  return [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), JSON.stringify(run.annotations), run.reportText].join('\n');
}

function assertNothingOfPasswd(text: string): void {
  assert.ok(!text.includes('root:x:0:0'), 'root:x:0:0 is echoed');
  for (const line of PASSWD_LINES) assert.ok(!text.includes(line), `a line of /etc/passwd is echoed: ${line}`);
}

function problemOf(run: ActionRun, file: string): { code: string; message: string } | undefined {
  return run.report.problems.find((p: { file: string }) => p.file === file);
}

describe('hostile files in the workspace', { timeout: 120_000 }, () => {
  test('a scenario file symlinked to /etc/passwd is refused unread and named; the others still run', async () => {
    const ws = workspace();
    symlinkSync('/etc/passwd', path.join(ws, 'cxone-tests/passwd.yaml'));
    const run = await runAction({ workspace: ws, inputs: EMULATOR });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.outputs.passed, '3', 'the other file still runs');
    const problem = problemOf(run, 'cxone-tests/passwd.yaml');
    assert.equal(problem?.code, 'SCENARIO_READ');
    assert.match(problem?.message ?? '', /resolves outside it \(a symbolic link\): refused, not read/);
    assert.ok(run.annotations.some((a) => a.file === 'cxone-tests/passwd.yaml' && a.level === 'error'));
    assert.match(run.summary, /cxone-tests\/passwd\.yaml/);
    assertNothingOfPasswd(channels(run));
    assert.ok(!channels(run).includes('/etc/passwd'), 'where the link leads is not said either');
  });

  test('a flow file symlinked out of the workspace is refused unread and named', async () => {
    const ws = workspace();
    symlinkSync('/etc/passwd', path.join(ws, 'flows/stolen.yaml'));
    const run = await runAction({ workspace: ws, inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    const problem = problemOf(run, 'flows/stolen.yaml');
    assert.equal(problem?.code, 'FLOW_READ');
    assert.match(problem?.message ?? '', /resolves outside it/);
    assert.equal(run.outputs.passed, '3', 'the other flows still load');
    assertNothingOfPasswd(channels(run));
  });

  test('a symlinked directory out of the workspace is not walked: one problem names it', async () => {
    const ws = workspace();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'cxft-elsewhere-'));
    const marker = 'ELSEWHERE-7f3a9c';
    writeFiles(elsewhere, {
      'stolen.yaml': `flow: 11111111-2222-3333-4444-555555555555\nscenarios:\n  - name: ${marker}\n    input: { dtmf: "2" }\n    expect: { exit: node_exit }\n`,
    });
    symlinkSync(elsewhere, path.join(ws, 'cxone-tests/shared'));
    const run = await runAction({ workspace: ws, inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    const problem = problemOf(run, 'cxone-tests/shared');
    assert.equal(problem?.code, 'SCENARIO_READ');
    assert.match(problem?.message ?? '', /directory is in the workspace but resolves outside it.*not searched/);
    assert.equal(run.outputs.total, '3', 'nothing under the link ran');
    assert.ok(!run.report.report_metadata.scenario_files.some((f: string) => f.startsWith('cxone-tests/shared')));
    assert.ok(!channels(run).includes(marker), 'nothing under the link was read');
    assert.ok(!channels(run).includes(elsewhere), 'where the link leads is not said');
  });

  test('200 KB one-line files with errors: no message quotes more than an excerpt', async () => {
    const ws = workspace();
    // Numbered tokens: any run of them longer than an excerpt is found however a message cuts them.
    const payload = Array.from({ length: 200_000 / 7 }, (_, i) => `x${String(i).padStart(5, '0')}-`).join('');
    const run12 = new RegExp(`(?:x\\d{5}-){${Math.ceil((MAX_EXCERPT_CHARS + 1) / 7) + 1}}`);
    writeFiles(ws, {
      'cxone-tests/syntax.yaml': `{ flow: f, scenarios: [ { name: "${payload}" ] }`,
      'cxone-tests/tag.yaml': `!<${payload}> x`,
      'cxone-tests/alias.yaml': `flow: *${payload}`,
      'cxone-tests/scalar.yaml': payload,
      'cxone-tests/key.yaml': `{ flow: f, scenarios: [ { name: a, ${payload}: 1 } ] }`,
      'cxone-tests/regex.yaml': `{ flow: f, scenarios: [ { name: a, input: { dtmf: "1" }, expect: { variables: { v: { matches: "(${payload}" } } } } ] }`,
      // Invalid, so that they never run: this case is about problem messages, and a scenario that runs shows its name whole.
      'cxone-tests/names.yaml': `{ flow: f, scenarios: [ { name: "${payload}", bogus: 1 }, { name: "${payload}", bogus: 1 } ] }`,
      'flows/long.yaml': `{ id: "${payload}", start: "${payload}", nodes: { a: { type: "${payload}" }, b: { type: Start, next: "${payload}" }, c: { type: Exit, ${payload}: 1 } } }`,
    });
    const run = await runAction({ workspace: ws, inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    const files = ['syntax', 'tag', 'alias', 'scalar', 'key', 'regex', 'names']
      .map((n) => `cxone-tests/${n}.yaml`)
      .concat('flows/long.yaml');
    for (const file of files) assert.ok(problemOf(run, file), `a problem names ${file}`);
    for (const [name, text] of Object.entries({
      stdout: run.stdout,
      stderr: run.stderr,
      summary: run.summary,
      annotations: JSON.stringify(run.annotations),
      report: run.reportText,
    })) {
      assert.doesNotMatch(text, run12, `${name} quotes more than ${MAX_EXCERPT_CHARS} characters of a file`);
    }
    for (const p of run.report.problems)
      assert.ok(p.message.length < 1000 && p.key.length < 1000, `${p.file}: ${p.message.length} / ${p.key.length} characters`);
  });

  test('a flow file that is not UTF-8 is refused with a problem naming it', async () => {
    const ws = workspace();
    writeFileSync(
      path.join(ws, 'flows/latin1.yaml'),
      Buffer.concat([Buffer.from('id: caf'), Buffer.from([0xe9]), Buffer.from('\nstart: a\nnodes: { a: { type: Exit } }\n')]),
    );
    const run = await runAction({ workspace: ws, inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    const problem = problemOf(run, 'flows/latin1.yaml');
    assert.equal(problem?.code, 'FLOW_READ');
    assert.match(problem?.message ?? '', /not valid UTF-8/);
    assert.ok(run.annotations.some((a) => a.file === 'flows/latin1.yaml'));
  });
});

const GOOD_SHARD = path.join(ROOT, '__tests__', '__outputs__', 'report-passing.yaml');

/** Shards: one good report, then one of each kind of bad. */
function shardWorkspace(): string {
  const ws = makeWorkspace({ 'shards/good.yaml': path.relative(FIXTURES, GOOD_SHARD) });
  writeFiles(ws, {
    'shards/garbage.yaml': '{{{ this: is not [ YAML',
    'shards/other.yaml': 'name: a workflow file, not a report\non: push\n',
    'shards/bad.json': '{"report_metadata": ',
  });
  symlinkSync('/etc/passwd', path.join(ws, 'shards/stolen.yaml'));
  return ws;
}

function assertShardProblems(report: any): void {
  const byFile = Object.fromEntries(report.problems.map((p: { file: string; code: string }) => [p.file, p.code]));
  assert.deepEqual(
    {
      garbage: byFile['shards/garbage.yaml'],
      other: byFile['shards/other.yaml'],
      json: byFile['shards/bad.json'],
      stolen: byFile['shards/stolen.yaml'],
    },
    { garbage: 'REPORT_PARSE', other: 'REPORT_INVALID', json: 'REPORT_PARSE', stolen: 'REPORT_READ' },
  );
  const good = load(readFileSync(GOOD_SHARD, 'utf8')) as { scenarios: unknown[] };
  assert.equal(report.scenarios.length, good.scenarios.length, "the good shard's scenarios are merged");
  assert.equal(report.summary.conclusion, 'failure');
}

describe('merge on bad shard reports', { timeout: 120_000 }, () => {
  test('the action: the merged report is written and names every bad shard', async () => {
    const ws = shardWorkspace();
    const run = await runAction({ workspace: ws, inputs: { merge: 'shards/*.yaml\nshards/*.json' } });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(run.outputs.conclusion, 'failure');
    assertShardProblems(run.report);
    for (const file of ['shards/garbage.yaml', 'shards/other.yaml', 'shards/bad.json', 'shards/stolen.yaml']) {
      assert.ok(
        run.annotations.some((a) => a.file === file && a.title?.startsWith('Invalid shard report file')),
        `an annotation on ${file}`,
      );
    }
    assertNothingOfPasswd(channels(run));
  });

  test('the CLI: the same merged report, exit code 1', async () => {
    const ws = shardWorkspace();
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'dist', 'cli.js'), 'merge', 'shards/*.yaml', 'shards/*.json', '--report-path', 'merged.yaml'],
      { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, output);
    const merged = path.join(ws, 'merged.yaml');
    assert.ok(existsSync(merged), output);
    const text = readFileSync(merged, 'utf8');
    assertShardProblems(load(text));
    assertNothingOfPasswd(output + text);
  });

  test('nothing matched: a merged report that says so', async () => {
    const ws = makeWorkspace();
    mkdirSync(path.join(ws, 'shards'));
    const run = await runAction({ workspace: ws, inputs: { merge: 'shards/*.yaml' } });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.report.problems[0]?.code, 'REPORT_NONE_FOUND');
    assert.match(run.summary, /no report file matches/);
  });
});
