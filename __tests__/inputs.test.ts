import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { INPUT_NAMES, InputError, readSettings } from '../src/inputs.ts';
import { ROOT } from './helpers/action.ts';

const action = load(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: Record<string, string>;
};
const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml' };

function settingsOf(inputs: Record<string, string>) {
  return readSettings((name) => inputs[name] ?? '', '/ws');
}

/** What the runner passes when a workflow sets nothing: action.yml's defaults. */
function actionDefaults(): Record<string, string> {
  return Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
}

function inputErrorOf(inputs: Record<string, string>): InputError {
  try {
    settingsOf(inputs);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error;
  }
  assert.fail('expected an InputError');
}

describe('inputs', () => {
  test('action.yml declares exactly the inputs the code reads, on node24', () => {
    assert.deepEqual(Object.keys(action.inputs).sort(), [...INPUT_NAMES].sort());
    assert.deepEqual(Object.keys(action.outputs).sort(), [
      'artifact-id',
      'changed',
      'conclusion',
      'errored',
      'expected-loops',
      'failed',
      'loops',
      'not-run',
      'passed',
      'report-path',
      'total',
      'unchanged',
    ]);
    assert.equal(action.runs['using'], 'node24');
    assert.equal(action.runs['main'], 'dist/index.js');
  });

  test("action.yml's defaults and the code's defaults agree", () => {
    const fromYml = settingsOf({ ...actionDefaults(), ...EMULATOR, 'github-token': '' });
    const fromNothing = settingsOf(EMULATOR);
    assert.deepEqual(fromYml, fromNothing);
    assert.deepEqual(fromNothing.scenarios, ['cxone-tests/**/*.yaml', 'cxone-tests/**/*.yml']);
    assert.equal(fromNothing.tokenUrl, 'https://api-us-1.cxone.com/oauth2/token');
    assert.deepEqual(fromNothing.failOn, ['mismatch', 'loop', 'error']);
    assert.equal(fromNothing.requestTimeoutMs, 30_000);
    assert.equal(fromNothing.maxResponseBytes, 64 * 1024 * 1024);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['concurrency', { concurrency: 'abc' }, /'concurrency' "abc": expected a whole number from 1 to 64/],
    ['concurrency', { concurrency: '0' }, /from 1 to 64/],
    ['max-retries', { 'max-retries': '-1' }, /from 0 to 10/],
    ['max-response-mb', { 'max-response-mb': '0' }, /'max-response-mb' "0": expected a whole number from 1 to 1024/],
    ['max-response-mb', { 'max-response-mb': '2048' }, /'max-response-mb' "2048": expected a whole number from 1 to 1024/],
    ['max-response-mb', { 'max-response-mb': '1.5' }, /'max-response-mb' "1.5"/],
    ['target', { target: 'prod' }, /'target' "prod": expected one of api, emulator/],
    ['fail-on', { 'fail-on': 'mismatch,loops' }, /"loops" is not one of mismatch, loop, error/],
    ['upload-artifact', { 'upload-artifact': 'yes' }, /expected true or false/],
    ['shard', { shard: '3/2' }, /'shard' "3\/2": expected k\/n/],
    ['shard', { shard: 'one' }, /expected k\/n/],
    ['base-url', { 'base-url': 'api-us-1.cxone.com' }, /absolute https:\/\/ URL/],
    ['retention-days', { 'retention-days': '91' }, /from 1 to 90/],
    ['min-coverage', { 'min-coverage': '120' }, /from 0 to 100/],
    ['artifact-name', { 'artifact-name': 'a/b' }, /cannot contain/],
    ['flows', { target: 'emulator', flows: '' }, /'flows' is empty/],
    [
      'sarif-path',
      { 'sarif-path': './cxone-flow-report.yaml' },
      /'sarif-path' ".\/cxone-flow-report\.yaml": 'report-path' is that file too/,
    ],
    ['sarif-path', { 'junit-path': 'out/a.xml', 'sarif-path': 'out/a.xml' }, /'sarif-path' "out\/a\.xml": 'junit-path' is that file too/],
  ];
  for (const [name, inputs, message] of bad) {
    test(`rejects ${name} ${JSON.stringify(inputs)} with the input, the value and what is allowed`, () => {
      const error = inputErrorOf({ ...EMULATOR, ...inputs });
      assert.equal(error.input, name);
      assert.equal(error.code, 'INPUT_INVALID');
      assert.match(error.message, message);
    });
  }

  test('target api needs credentials and says why they may be missing (forks)', () => {
    for (const [inputs, name] of [
      [{}, 'client-id'],
      [{ 'client-id': 'x' }, 'client-secret'],
    ] as const) {
      const error = inputErrorOf({ target: 'api', ...inputs });
      assert.equal(error.input, name);
      assert.match(error.message, /fork/);
    }
    const key = inputErrorOf({ target: 'api', auth: 'access-key', 'client-id': 'x', 'client-secret': 'y' });
    assert.equal(key.input, 'access-key-id');
  });

  test('lists split on newlines and commas; fail-on none; shard k/n; merge needs no credentials', () => {
    const s = settingsOf({
      ...EMULATOR,
      scenarios: 'a/*.yaml\n b/*.yml , !b/skip.yml\n',
      'fail-on': 'none',
      shard: '2/4',
      'max-requests-per-second': '2.5',
    });
    assert.deepEqual(s.scenarios, ['a/*.yaml', 'b/*.yml', '!b/skip.yml']);
    assert.deepEqual(s.failOn, []);
    assert.deepEqual(s.shard, { index: 2, total: 4 });
    assert.equal(s.maxRequestsPerSecond, 2.5);
    assert.deepEqual(settingsOf({ merge: 'reports/*.yaml' }).merge, ['reports/*.yaml']);
  });

  test('token-url follows base-url unless set', () => {
    assert.equal(
      settingsOf({ ...EMULATOR, 'base-url': 'https://api-eu-1.cxone.com/' }).tokenUrl,
      'https://api-eu-1.cxone.com/oauth2/token',
    );
    assert.equal(
      settingsOf({ ...EMULATOR, 'token-url': 'https://cxone.niceincontact.com/auth/token' }).tokenUrl,
      'https://cxone.niceincontact.com/auth/token',
    );
  });

  test('compare-to: a ref or commit; one that reads as an option, names a file or holds a space is refused with the value', () => {
    assert.deepEqual(settingsOf({ ...EMULATOR, 'compare-to': 'origin/main' }).compareTo, { ref: 'origin/main', from: 'input' });
    assert.deepEqual(settingsOf({ ...EMULATOR, 'compare-to': 'HEAD~2' }).compareTo, { ref: 'HEAD~2', from: 'input' });
    for (const bad of [
      '-p',
      '--output=/tmp/x',
      'HEAD:flows/a.yaml',
      'a b',
      'main\u0007',
      'x'.repeat(256),
      'main..feature',
      'main...feature',
    ]) {
      const error = inputErrorOf({ ...EMULATOR, 'compare-to': bad });
      assert.equal(error.input, 'compare-to');
      assert.match(error.message, /^Invalid 'compare-to' "/);
    }
  });

  test('explore: true or false, default false; another value is refused with it', () => {
    assert.equal(settingsOf(EMULATOR).explore, false);
    assert.equal(settingsOf({ ...EMULATOR, 'compare-to': 'main', explore: 'true' }).explore, true);
    const error = inputErrorOf({ ...EMULATOR, explore: 'yes' });
    assert.equal(error.input, 'explore');
    assert.match(error.message, /^Invalid 'explore' "yes": expected true or false\./);
  });

  test("compare-to defaults to the pull request's base, unless set or baseline-report is given; both set is refused", () => {
    const sha = 'a'.repeat(40);
    const read = (inputs: Record<string, string>) => readSettings((n) => inputs[n] ?? '', '/ws', { pullRequestBase: sha });
    assert.deepEqual(read(EMULATOR).compareTo, { ref: sha, from: 'pull-request' });
    assert.deepEqual(read({ ...EMULATOR, 'compare-to': 'main' }).compareTo, { ref: 'main', from: 'input' });
    const baseline = read({ ...EMULATOR, 'baseline-report': 'old/report.yaml' });
    assert.equal(baseline.compareTo, undefined);
    assert.equal(baseline.baselineReport, 'old/report.yaml');
    assert.equal(settingsOf(EMULATOR).compareTo, undefined, 'no pull request, no default');
    const both = inputErrorOf({ ...EMULATOR, 'compare-to': 'main', 'baseline-report': 'r.yaml' });
    assert.equal(both.input, 'baseline-report');
    assert.match(both.message, /'compare-to' and 'baseline-report' are both set/);
  });
});
