// The CLI as a user runs it: `node dist/cli.js …`, on the examples.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { ROOT } from './helpers/action.ts';
import { CLI, cli } from './helpers/cli.ts';

const out = () => mkdtempSync(path.join(tmpdir(), 'cxft-cli-'));

describe('cxone-flow-test CLI', () => {
  test('run: every healthy example passes on the emulator', async () => {
    const report = path.join(out(), 'report.yaml');
    const run = await cli([
      'run',
      '--target',
      'emulator',
      '--flows',
      'examples/flows/*.yaml',
      '--scenarios',
      'examples/scenarios/*.yaml',
      '--report-path',
      report,
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^PASSED: (\d+) scenarios, \1 passed, 0 failed, 0 errored, 1 expected retry loop$/m,
      'the retry loop the examples expect is said as such',
    );
    const r = load(readFileSync(report, 'utf8')) as { summary: { total: number; passed: number } };
    assert.ok(r.summary.total >= 10);
    assert.equal(r.summary.passed, r.summary.total);
  });

  test('run: the broken examples are caught, the routing bug and the infinite loop', async () => {
    const report = path.join(out(), 'report.yaml');
    const run = await cli([
      'run',
      '--target',
      'emulator',
      '--flows',
      'examples/broken/flows/*.yaml',
      '--scenarios',
      'examples/broken/scenarios/*.yaml',
      '--report-path',
      report,
    ]);
    assert.equal(run.code, 1);
    const r = load(readFileSync(report, 'utf8')) as {
      scenarios: {
        file: string;
        status: string;
        findings: { code: string }[];
        state_machine_analysis?: { loop_details: { verdict: string }[] };
      }[];
    };
    const routing = r.scenarios.filter((s) => s.file.endsWith('routing-bug.yaml') && s.status === 'failed');
    assert.ok(routing.length >= 1 && routing.every((s) => s.findings.some((f) => f.code === 'PATH_MISMATCH')));
    const loop = r.scenarios.find((s) => s.file.endsWith('infinite-loop.yaml') && s.status === 'failed');
    assert.ok(loop?.state_machine_analysis?.loop_details.some((l) => l.verdict === 'infinite'));
    assert.equal(loop?.findings[0]?.code, 'LOOP_DETECTED', 'the loop is the headline finding');
  });

  test('dist/cli.js runs as the package bin: shebang and executable bit', () => {
    assert.ok(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'));
    assert.ok((statSync(CLI).mode & 0o111) !== 0);
  });

  test('--version is the package version', async () => {
    const run = await cli(['--version']);
    assert.equal(run.stdout.trim(), JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('usage errors exit 2 and say what is wrong', async () => {
    const bad = await cli(['run', '--concurrency', 'many', '--target', 'emulator', '--flows', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: Invalid --concurrency "many": expected a whole number from 1 to 64\.$/m);
    const unknown = await cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command 'frobnicate'/);
    const flag = await cli(['run', '--no-such-flag', 'x']);
    assert.equal(flag.code, 2);
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /cxone-flow-test run/);
  });

  test('emulator: serves the Flow Debug API on loopback until SIGINT', async () => {
    const started = await cli(
      ['emulator', '--flows', 'examples/flows/*.yaml', '--port', '0', '--client-id', 'me', '--client-secret', 'pw'],
      { until: /Press Ctrl\+C/ },
    );
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.stdout)?.[1];
    assert.ok(url, started.stdout + started.stderr);
    const token = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=me&client_secret=pw&scope=flow%3Adebug+flow%3Aread',
    });
    assert.equal(token.status, 200);
    const { access_token } = (await token.json()) as { access_token: string };
    const debug = await fetch(`${url}/api/v2/flows/debug`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        flowId: '3f6c2a9e-8b14-4d7a-9e2f-5c1b7d0a4e83',
        input: { dtmf: '1', speech: '' },
        options: { trace: true, includeVariables: true, maxLoops: 50 },
      }),
    });
    assert.equal(debug.status, 200);
    const body = (await debug.json()) as { exitNode: string; path: string[] };
    assert.equal(body.exitNode, 'node_exit');
    assert.ok(body.path.includes('node_route_sales'));
    const stopped = await started.stop!();
    assert.equal(stopped.code, 0, 'a clean shutdown on SIGINT');
    assert.match(stopped.stdout, /Emulator stopped\./);
    assert.doesNotMatch(stopped.stderr, /warning/i, 'no warning on loopback');
  });

  test('emulator --host 0.0.0.0: a loud warning on stderr (any credentials, flow contents), still stops on SIGINT', async () => {
    const started = await cli(['emulator', '--flows', 'examples/flows/*.yaml', '--host', '0.0.0.0', '--port', '0'], {
      until: /Press Ctrl\+C/,
    });
    assert.match(started.stdout, /listening on http:\/\/0\.0\.0\.0:\d+/, started.stdout + started.stderr);
    const stopped = await started.stop!();
    assert.equal(stopped.code, 0, 'a clean shutdown on SIGINT');
    assert.match(stopped.stderr, /^warning: the emulator listens on 0\.0\.0\.0, which is not a loopback address/m);
    assert.match(stopped.stderr, /accepts ANY credentials: pass --client-id and --client-secret/);
    assert.match(stopped.stderr, /serves the contents of every loaded flow/);
    assert.doesNotMatch(stopped.stdout, /warning/i, 'the warning is on stderr, not mixed into the output');
  });

  test('emulator --host on a non-loopback address with credentials still warns (plain HTTP, flow contents)', async () => {
    const started = await cli(
      ['emulator', '--flows', 'examples/flows/*.yaml', '--host', '0.0.0.0', '--port', '0', '--client-id', 'me', '--client-secret', 'pw'],
      { until: /Press Ctrl\+C/ },
    );
    const stopped = await started.stop!();
    assert.equal(stopped.code, 0);
    assert.match(stopped.stderr, /^warning: the emulator listens on 0\.0\.0\.0/m);
    assert.match(stopped.stderr, /checks the --client-id\/--client-secret given, but over plain HTTP/);
    assert.doesNotMatch(stopped.stderr, /ANY credentials/);
  });

  test('merge: shard reports join into one conclusion', async () => {
    const dir = out();
    const shards = [1, 2].map((k) => path.join(dir, `shard-${k}.yaml`));
    for (const [i, report] of shards.entries()) {
      const run = await cli([
        'run',
        '--target',
        'emulator',
        '--flows',
        'examples/flows/*.yaml',
        '--scenarios',
        'examples/scenarios/*.yaml',
        '--shard',
        `${i + 1}/2`,
        '--report-path',
        report,
      ]);
      assert.equal(run.code, 0, run.stderr);
    }
    const merged = path.join(dir, 'merged.yaml');
    const run = await cli(['merge', ...shards, '--report-path', merged]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const r = load(readFileSync(merged, 'utf8')) as { summary: { total: number; passed: number }; scenarios: { id: string }[] };
    const whole = path.join(dir, 'whole.yaml');
    await cli([
      'run',
      '--target',
      'emulator',
      '--flows',
      'examples/flows/*.yaml',
      '--scenarios',
      'examples/scenarios/*.yaml',
      '--report-path',
      whole,
    ]);
    const unsharded = load(readFileSync(whole, 'utf8')) as { summary: { total: number }; scenarios: { id: string }[] };
    assert.equal(r.summary.total, unsharded.summary.total, 'the shards together ran every scenario');
    assert.deepEqual(r.scenarios.map((s) => s.id).sort(), unsharded.scenarios.map((s) => s.id).sort());
    assert.equal(new Set(r.scenarios.map((s) => s.id)).size, r.summary.total, 'each scenario exactly once');
  });
});
