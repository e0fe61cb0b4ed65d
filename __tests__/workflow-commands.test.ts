// src/workflow-commands.ts writes what @actions/core writes for the same calls, byte for byte: the
// workflow commands on stdout (escapes included, so no message or property can start or end a command)
// and the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files (with the random output delimiter normalised).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import * as core from '@actions/core';
import * as ours from '../src/workflow-commands.ts';

const HOSTILE = [
  'plain',
  '',
  'a%b',
  'line\nbreak',
  'cr\r\nlf',
  'colon: and, comma',
  '::error::injected',
  '%0A already escaped',
  '::add-mask::x',
  'ünïcödé ✓',
  'x'.repeat(300),
];

/** What `run` writes to stdout, every write, in order. */
function stdoutOf(run: () => void): string {
  const write = process.stdout.write;
  let text = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    run();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'INPUT_SOME_INPUT', 'INPUT_SCENARIOS']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  process.exitCode = undefined;
});

describe('workflow commands', () => {
  test('annotations, masks and log lines: the same bytes as @actions/core', () => {
    const props = [
      {},
      { title: 'T: a, b' },
      { file: 'cxone-tests/a,b:c.yaml', startLine: 12 },
      { title: 'x\ny', file: 'f.yaml', startLine: 0, endLine: 3, startColumn: 2, endColumn: 9 },
      { title: undefined },
      { startLine: 0 },
      { file: '' },
    ];
    for (const message of HOSTILE) {
      for (const p of props) {
        for (const kind of ['error', 'warning', 'notice'] as const)
          assert.equal(
            stdoutOf(() => ours[kind](message, p)),
            stdoutOf(() => core[kind](message, p)),
            `${kind} ${JSON.stringify([message, p])}`,
          );
      }
      assert.equal(
        stdoutOf(() => ours.setSecret(message)),
        stdoutOf(() => core.setSecret(message)),
      );
      assert.equal(
        stdoutOf(() => ours.info(message)),
        stdoutOf(() => core.info(message)),
      );
    }
  });

  test('setFailed: the same error line, and exit code 1', () => {
    const mine = stdoutOf(() => ours.setFailed('CXone flow tests failed: 1 failed.'));
    assert.equal(process.exitCode, 1);
    process.exitCode = undefined;
    assert.equal(
      mine,
      stdoutOf(() => core.setFailed('CXone flow tests failed: 1 failed.')),
    );
  });

  test('inputs: INPUT_<NAME> with spaces as underscores, trimmed, as @actions/core reads them', () => {
    process.env['INPUT_SOME_INPUT'] = '  value with spaces \n';
    process.env['INPUT_SCENARIOS'] = 'cxone-tests/**/*.yaml';
    for (const name of ['some input', 'Some Input', 'scenarios', 'unset-input'])
      assert.equal(ours.getInput(name), core.getInput(name), name);
  });

  test('outputs: the same name<<delimiter blocks in GITHUB_OUTPUT', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-commands-'));
    const files = { ours: path.join(dir, 'ours'), core: path.join(dir, 'core') };
    const values: unknown[] = [...HOSTILE, 0, 12, true, ''];
    for (const [who, set] of [
      ['ours', ours.setOutput],
      ['core', core.setOutput],
    ] as const) {
      writeFileSync(files[who], '');
      process.env['GITHUB_OUTPUT'] = files[who];
      for (const [i, value] of values.entries()) set(`out-${i}`, value);
    }
    const normalised = (file: string) => readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
    assert.equal(normalised(files.ours), normalised(files.core));
    assert.match(readFileSync(files.ours, 'utf8'), /^out-0<<ghadelimiter_[0-9a-f-]{36}\nplain\n/);
  });

  test('job summary: appended as @actions/core appends it; a missing variable is its error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-summary-'));
    for (const [who, append] of [
      ['ours', (t: string) => ours.appendSummary(t)],
      [
        'core',
        (t: string) =>
          core.summary
            .addRaw(t)
            .write()
            .then(() => undefined),
      ],
    ] as const) {
      const file = path.join(dir, who);
      writeFileSync(file, 'before\n');
      process.env['GITHUB_STEP_SUMMARY'] = file;
      await append('## One\n');
      await append('| a | b |\n');
    }
    assert.equal(readFileSync(path.join(dir, 'ours'), 'utf8'), readFileSync(path.join(dir, 'core'), 'utf8'));
    // @actions/core keeps the path of its first write, so its words for a missing variable are compared as text.
    delete process.env['GITHUB_STEP_SUMMARY'];
    await assert.rejects(ours.appendSummary('x'), {
      message: 'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    });
  });
});
