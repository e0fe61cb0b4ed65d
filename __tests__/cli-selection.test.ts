// Big runs in a terminal: `node dist/cli.js run` on the emulator, with progress lines on stderr, failures
// first in the table (or only them), and scenarios selected by --tags and --grep.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { makeWorkspace, ROOT } from './helpers/action.ts';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const EMULATOR = ['run', '--target', 'emulator', '--flows', 'flows/*.yaml', '--scenarios', 'scenarios/*.yaml'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  report: any;
}

function cli(args: string[]): Promise<Run> {
  const cwd = makeWorkspace({ flows: 'selection/flows', scenarios: 'selection/scenarios' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      let report: any;
      try {
        report = load(readFileSync(path.join(cwd, 'cxone-flow-report.yaml'), 'utf8'));
      } catch {
        report = undefined;
      }
      resolve({ code, stdout, stderr, report });
    });
  });
}

/** The table's rows: its status word and scenario name, in order. */
function tableRows(stdout: string): { word: string; name: string }[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('STATUS '));
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 2, end).map((l) => {
    const m = /^(PASS|FAIL|ERROR|SKIP|NOT RUN) +(.+?) {2}/.exec(l);
    assert.ok(m, `a table row: ${l}`);
    return { word: m[1]!, name: m[2]! };
  });
}

const WORD: Record<string, string> = { passed: 'PASS', failed: 'FAIL', error: 'ERROR', skipped: 'SKIP', not_run: 'NOT RUN' };

describe('CLI progress and results on a big run', () => {
  test("one progress line per scenario: [n/N], the report's status as a word, file:line, name, and why it failed", async () => {
    const run = await cli([...EMULATOR, '--concurrency', '3']);
    assert.equal(run.code, 1, run.stderr);
    const progress = run.stderr.split('\n').filter((l) => l.startsWith('['));
    const total = run.report.scenarios.length;
    assert.equal(total, 5);
    assert.equal(progress.length, total, run.stderr);
    // n counts finished scenarios: each of 1..N once, in the order the lines were printed.
    assert.deepEqual(
      progress.map((l) => /^\[(\d)\/5\] /.exec(l)?.[1]),
      ['1', '2', '3', '4', '5'],
    );
    for (const s of run.report.scenarios) {
      const line = progress.find((l) => l.includes(` ${s.file}:${s.line} ${s.name}`));
      assert.ok(line, `a line for ${s.name}: ${progress.join('\n')}`);
      assert.match(line, new RegExp(`^\\[\\d/5\\] ${WORD[s.status]} +${s.file}:${s.line} `));
      if (s.status === 'passed') assert.ok(line.endsWith(s.name), line);
    }
    const byName = (name: string) => progress.find((l) => l.includes(` ${name}`))!;
    assert.match(byName('Sales passes'), / PASS +scenarios\/menu\.yaml:4 Sales passes$/);
    assert.match(
      byName('Sales fails'),
      / FAIL +scenarios\/menu\.yaml:8 Sales fails \(path differs at step 2: expected node_exit, got node_sales\)$/,
    );
    assert.match(
      byName('Counter errors'),
      / ERROR +scenarios\/menu\.yaml:12 Counter errors \(Flow Debug API call failed: HTTP 500, .*, at node_count; \+1 more\)$/,
    );
    assert.match(byName('Not yet written'), / SKIP +scenarios\/menu\.yaml:17 Not yet written \(skip: true\)$/);
    assert.doesNotMatch(run.stderr, /\bran\b/, 'no "ran" whatever happened');
  });

  test('the table lists failing and erroring scenarios first, each group in scenario order', async () => {
    const run = await cli(EMULATOR);
    const rows = tableRows(run.stdout);
    const order = run.report.scenarios.map((s: any) => s.name);
    const failing = run.report.scenarios.filter((s: any) => s.status === 'failed' || s.status === 'error').map((s: any) => s.name);
    const rest = order.filter((n: string) => !failing.includes(n));
    assert.deepEqual(failing, ['Sales fails', 'Counter errors']);
    assert.deepEqual(
      rows.map((r) => r.name),
      [...failing, ...rest],
    );
    assert.deepEqual(
      rows.map((r) => r.word),
      ['FAIL', 'ERROR', 'PASS', 'PASS', 'SKIP'],
    );
    assert.match(run.stdout, /^Coverage of Selection and progress: /m);
  });

  test('--only-failures: only the failing rows, the totals, and how many were left out', async () => {
    const run = await cli([...EMULATOR, '--only-failures']);
    assert.equal(run.code, 1);
    assert.deepEqual(tableRows(run.stdout), [
      { word: 'FAIL', name: 'Sales fails' },
      { word: 'ERROR', name: 'Counter errors' },
    ]);
    assert.match(run.stdout, /^FAILED: 5 scenarios, 2 passed, 1 failed, 1 errored, 0 loops, 1 skipped$/m);
    assert.match(run.stdout, /^3 other scenarios not shown \(--only-failures\)\.$/m);
    assert.match(run.stdout, /^Failing because: /m);
    assert.doesNotMatch(run.stdout, /Billing passes|Sales passes|Not yet written|^Coverage/m);
    assert.equal(run.report.scenarios.length, 5, 'the report keeps every scenario');
  });

  test('--only-failures on a green run prints the totals alone', async () => {
    const run = await cli([...EMULATOR, '--tags', 'billing', '--only-failures']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(tableRows(run.stdout), []);
    assert.match(run.stdout, /^PASSED: 1 scenarios?, 1 passed/m);
    assert.match(run.stdout, /^1 other scenario not shown \(--only-failures\)\.$/m);
  });

  test('--tags and --grep select; the count and the filter are said; [n/N] counts the selection', async () => {
    const run = await cli([...EMULATOR, '--tags', 'menu,!slow', '--grep', 'Sales|written']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(
      run.report.scenarios.map((s: any) => s.name),
      ['Sales passes', 'Not yet written'],
    );
    assert.deepEqual(run.report.report_metadata.selection, { tags: ['menu', '!slow'], grep: 'Sales|written', selected: 2, total: 5 });
    assert.match(run.stderr, /^Found 5 scenarios in 2 files; 2 selected by tags menu, !slow; grep "Sales\|written"\.$/m);
    assert.deepEqual(
      run.stderr
        .split('\n')
        .filter((l) => l.startsWith('['))
        .map((l) => l.slice(0, 5))
        .sort(),
      ['[1/2]', '[2/2]'],
    );
    assert.match(run.stdout, /^Selected 2 of 5 scenarios \(tags menu, !slow; grep "Sales\|written"\)\.$/m);
  });

  test('a selection that matches nothing fails with that reason, and names the tags there are', async () => {
    const run = await cli([...EMULATOR, '--tags', 'smok']);
    assert.equal(run.code, 1);
    assert.deepEqual(run.report.scenarios, []);
    assert.equal(run.report.summary.conclusion, 'failure');
    assert.deepEqual(run.report.summary.failure_reasons, ['the selection (tags smok) matched none of the 5 scenarios']);
    assert.match(run.stderr, /^No scenario has the tag 'smok' \(tags in these files: billing, menu, slow, smoke\)\.$/m);
    assert.match(run.stdout, /^Failing because: the selection \(tags smok\) matched none of the 5 scenarios$/m);
  });

  test('a bad --grep pattern is a usage error naming the input and the value; nothing runs', async () => {
    const run = await cli([...EMULATOR, '--grep', '(Sales']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: Invalid --grep "\(Sales": the pattern is not a valid regular expression: Unterminated group\./m);
    assert.equal(run.report, undefined, 'no report: the run never started');
    assert.doesNotMatch(run.stderr, /^\[/m);
  });
});
