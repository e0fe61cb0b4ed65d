// What a newcomer reads when a command line is wrong: that command's usage on --help, flags and
// environment variables (never the action's input names), a hint for a glob the shell expanded, and
// `error:`/`warning:` as the severity is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { CLI_NAMING, quotedGlobHint } from '../src/cli/messages.ts';
import { MIN_NODE, tooOldNode } from '../src/cli/node-version.ts';
import { COMMANDS } from '../src/cli/usage.ts';
import { InputError, readSettings } from '../src/inputs.ts';
import { makeWorkspace, ROOT, runAction, writeFiles } from './helpers/action.ts';
import { sendJson, startScriptedApi } from './helpers/scripted-api.ts';
import { CLI, cli } from './helpers/cli.ts';

/** This process's environment without CXone credentials, as on a machine that has none set. */
function noCredentials(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CXONE_')));
  return { ...env, ...extra };
}

const FLOW = (id: string, body: string) => `id: ${id}\nname: ${id}\nstart: node_start\nnodes:\n${body}`;

describe('CLI help', () => {
  for (const command of COMMANDS) {
    test(`${command} -h and ${command} --help print ${command}'s usage and exit 0`, async () => {
      for (const args of [
        [command, '-h'],
        [command, '--help'],
        ['help', command],
        [command, '--target', 'emulator', '--help'],
      ]) {
        const run = await cli(args);
        assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stdout, new RegExp(`^Usage: cxone-flow-test ${command}\\b`), args.join(' '));
        assert.equal(run.stderr, '', `${args.join(' ')} prints nothing on stderr`);
        assert.doesNotMatch(run.stdout, /parseArgs|positional/, 'no text of node:util');
      }
    });
  }

  test('the overview names every command, and how to get its flags', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    for (const command of COMMANDS) assert.match(run.stdout, new RegExp(`cxone-flow-test ${command}\\b`));
    assert.match(run.stdout, /cxone-flow-test <command> --help/);
  });
});

describe('CLI messages speak CLI', () => {
  test('missing credentials name CXONE_CLIENT_ID / CXONE_CLIENT_SECRET, not secrets from forks', async () => {
    const none = await cli(['run', '--scenarios', 'examples/scenarios/*.yaml'], { exactEnv: noCredentials() });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^error: CXONE_CLIENT_ID and CXONE_CLIENT_SECRET are not set but --target api needs them: export them \(an OAuth client .*\), or run on the built-in emulator: --target emulator --flows 'cxone-flows\/\*\*\/\*\.yaml'\.$/m,
    );
    const noSecret = await cli(['run'], { exactEnv: noCredentials({ CXONE_CLIENT_ID: 'someone' }) });
    assert.match(noSecret.stderr, /^error: CXONE_CLIENT_SECRET is not set but --target api needs it: export it /m);
    const accessKey = await cli(['run', '--auth', 'access-key'], {
      exactEnv: noCredentials({ CXONE_CLIENT_ID: 'a', CXONE_CLIENT_SECRET: 'b' }),
    });
    assert.match(
      accessKey.stderr,
      /^error: CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET are not set but --auth access-key needs them: export them \(the access key of a CXone back-end application/m,
    );
    // With nothing set, an access key's grant names all four, not only the client's pair.
    const nothing = await cli(['run', '--auth', 'access-key'], { exactEnv: noCredentials() });
    assert.match(
      nothing.stderr,
      /^error: CXONE_CLIENT_ID, CXONE_CLIENT_SECRET, CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET are not set but --auth access-key needs them/m,
    );
    for (const run of [none, noSecret, accessKey, nothing])
      assert.doesNotMatch(run.stderr, /Input '|fork|Dependabot|pass it from a secret/);
  });

  test("bad values name the flag: --flows '<glob>', --concurrency, --shard", async () => {
    const flows = await cli(['run', '--target', 'emulator']);
    assert.equal(flows.code, 2);
    assert.match(
      flows.stderr,
      /^error: No --flows given: --target emulator runs the flow definition files it names \(e\.g\. --flows 'cxone-flows\/\*\*\/\*\.yaml'\)\.$/m,
    );
    const shard = await cli(['run', '--target', 'emulator', '--flows', 'x.yaml', '--shard', '3/2']);
    assert.match(shard.stderr, /^error: Invalid --shard "3\/2": expected k\/n with 1 <= k <= n <= 256, e\.g\. --shard 2\/4/m);
    const port = await cli(['emulator', '--flows', 'x.yaml', '--port', 'eighty']);
    assert.match(port.stderr, /^error: Invalid --port "eighty": expected a whole number from 0 to 65535\.$/m);
    for (const run of [flows, shard, port]) assert.doesNotMatch(run.stderr, /'(flows|shard|port)'|Input /);
  });

  test('one InputError, two namings: the action keeps its input names, the CLI says flags', () => {
    let error: unknown;
    try {
      readSettings((name) => (({ target: 'emulator', flows: 'f.yaml', concurrency: 'many' }) as Record<string, string>)[name] ?? '', '/ws');
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof InputError);
    assert.equal(error.message, `Invalid 'concurrency' "many": expected a whole number from 1 to 64.`);
    assert.equal(error.render(CLI_NAMING), 'Invalid --concurrency "many": expected a whole number from 1 to 64.');
  });

  test('an unquoted glob that the shell expanded: "did the shell expand a glob? Quote it"', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, { 'cxone-flows/a.yaml': 'x', 'cxone-flows/b.yaml': 'x', 'cxone-tests/one.yaml': 'x', 'cxone-tests/two.yaml': 'x' });
    // A real shell expands the glob, as a user's would.
    const flows = await cli(['-c', `"${process.execPath}" "${CLI}" run --target emulator --flows cxone-flows/*.yaml`], {
      command: ['sh'],
      cwd: ws,
    });
    assert.equal(flows.code, 2);
    assert.match(
      flows.stderr,
      /^error: Unexpected argument 'cxone-flows\/b\.yaml': did the shell expand a glob\? Quote it: --flows 'cxone-flows\/\*\*\/\*\.yaml'$/m,
    );
    const scenarios = await cli(['-c', `"${process.execPath}" "${CLI}" validate --scenarios cxone-tests/*.yaml`], {
      command: ['sh'],
      cwd: ws,
    });
    assert.match(scenarios.stderr, /Quote it: --scenarios 'cxone-tests\/\*\*\/\*\.yaml'$/m);
    assert.equal(quotedGlobHint('b.yml', ['--flows', 'a.yml', 'b.yml']), "--flows '*.yml'");
  });

  test("an unknown flag says 'flag' and where the flags are listed, and the flag meant when it is a typo", async () => {
    const run = await cli(['run', '--no-such-flag', 'x']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: Unknown flag '--no-such-flag'\.\nRun 'cxone-flow-test run --help' for its flags\.$/m);
    const typos: [string[], string, string][] = [
      [['run', '--flow', 'x'], '--flow', '--flows'],
      [['run', '--tag', 'smoke'], '--tag', '--tags'],
      [['run', '--only-failure'], '--only-failure', '--only-failures'],
      [['validate', '--scenario', 'x'], '--scenario', '--scenarios'],
      [['emulator', '--flows', 'x', '--latancy', '1'], '--latancy', '--latency'],
    ];
    for (const [args, typed, meant] of typos) {
      const typo = await cli(args);
      assert.equal(typo.code, 2, args.join(' '));
      assert.ok(typo.stderr.startsWith(`error: Unknown flag '${typed}' (did you mean '${meant}'?).\n`), typo.stderr);
    }
    const missing = await cli(['run', '--target', 'emulator', '--flows']);
    assert.match(missing.stderr, /^error: --flows needs a value\.$/m);
    const ambiguous = await cli(['run', '--flows', '--target', 'emulator']);
    assert.match(ambiguous.stderr, /^error: --flows needs a value \(one that starts with '-' is written --flows=-value\)\.$/m);
    const unknown = await cli(['frobnicate']);
    assert.match(unknown.stderr, /^error: Unknown command 'frobnicate'\./m);
  });

  test('error: and warning: match the severity, and no line has a made-up location', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, {
      // Loads, but 'node_lost' cannot be reached: a warning. 'node_start' goes nowhere: an error.
      'flows/warn.yaml': FLOW(
        'warn',
        '  node_start: { type: Start, next: node_exit }\n  node_lost: { type: Play, prompt: hi, next: node_exit }\n  node_exit: { type: Exit }\n',
      ),
      'flows/dangling.yaml': FLOW('dangling', '  node_start: { type: Start, next: node_nowhere }\n'),
      'flows/broken.yaml': FLOW('broken', '  node_start: { type: Bogus }\n'),
      'cxone-tests/a.yaml': 'flow: warn\nscenarios:\n  - name: ends\n    expect: { exit: node_exit }\n',
    });
    const run = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml', '--report-path', 'r.yaml'], { cwd: ws });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^flows\/broken\.yaml:5: error: nodes\.node_start\.type: /m);
    assert.match(run.stdout, /^flows\/dangling\.yaml:5: error: flow defect: node_start: 'next' goes to 'node_nowhere'/m);
    assert.match(run.stdout, /^flows\/warn\.yaml:6: warning: flow defect: 'node_lost' cannot be reached/m);
    const emulator = await cli(['emulator', '--flows', 'flows/*.yaml', '--port', '0'], { cwd: ws, until: /Press Ctrl\+C/ });
    const stopped = await emulator.stop!();
    assert.match(stopped.stderr, /^flows\/broken\.yaml:5: error: /m);
    assert.match(
      stopped.stderr,
      /^flows\/dangling\.yaml:5: warning: node 'node_start': 'next' goes to 'node_nowhere'/m,
      'the flow still runs (to its 500)',
    );
    const none = await cli(
      ['run', '--target', 'emulator', '--flows', 'flows/warn.yaml', '--scenarios', 'nothing/*.yaml', '--report-path', 'r.yaml'],
      { cwd: ws },
    );
    assert.equal(none.code, 1);
    assert.match(none.stdout, /^error: no scenario file matched "nothing\/\*\.yaml"/m);
    for (const out of [run.stdout, stopped.stderr, none.stdout]) assert.doesNotMatch(out, /\(inputs\)|^:\d+:|WARNING/m);
  });

  test(`a Node older than ${MIN_NODE.join('.')} gets one sentence, and package.json's engines says the same`, () => {
    assert.match(tooOldNode('v18.20.4')!, /^error: cxone-flow-test needs Node 20\.3 or newer; this is Node 18\.20\.4\./);
    assert.ok(tooOldNode('20.2.0'));
    assert.equal(tooOldNode('20.3.0'), null);
    assert.equal(tooOldNode('v24.11.1'), null);
    assert.equal(tooOldNode(process.versions.node), null);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.engines.node, `>=${MIN_NODE.join('.')}`);
  });
});

describe('a stray argument says what the flag before it expects', () => {
  test('"quote it" only after a glob flag whose files came back expanded; otherwise what that flag takes', async () => {
    const cases: [string[], RegExp][] = [
      [['run', '--only-failures', 'yes'], /^error: Unexpected argument 'yes': --only-failures takes no value \(it is on when given\)\.$/m],
      [
        ['run', '--target', 'emulator', 'emulator'],
        /^error: Unexpected argument 'emulator': --target takes one value, and it is 'emulator'\.$/m,
      ],
      [
        ['run', '--report-path', 'a.yaml', 'b.yaml'],
        /^error: Unexpected argument 'b\.yaml': --report-path takes one value, and it is 'a\.yaml'\.$/m,
      ],
      [['validate', 'typo'], /^error: Unexpected argument 'typo': validate takes flags only, no arguments\.$/m],
      [
        ['run', '--scenarios', 'a.yaml', 'typo'],
        /^error: Unexpected argument 'typo': --scenarios takes one value, and it is 'a\.yaml'; several globs go in that one value, comma-separated\.$/m,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /expand a glob|Quote it/, args.join(' '));
    }
    const expanded = await cli(['run', '--target', 'emulator', '--flows', 'cxone-flows/a.yaml', 'cxone-flows/b.yaml']);
    assert.match(
      expanded.stderr,
      /^error: Unexpected argument 'cxone-flows\/b\.yaml': did the shell expand a glob\? Quote it: --flows 'cxone-flows\/\*\*\/\*\.yaml'$/m,
    );
  });
});

describe('messages made deep in the run name flags too', { timeout: 120_000 }, () => {
  const CREDENTIALS = { CXONE_CLIENT_ID: 'a-client-id', CXONE_CLIENT_SECRET: 'a-client-secret' };

  test("the API client's hints: a refused token names CXONE_CLIENT_ID, CXONE_CLIENT_SECRET and --token-url", async () => {
    const api = await startScriptedApi({ token: (_hit, res) => sendJson(res, 401, { error: 'invalid_client' }) });
    try {
      const ws = makeWorkspace();
      writeFiles(ws, { 'cxone-tests/a.yaml': 'flow: f\nscenarios:\n  - name: a\n' });
      const run = await cli(['run', '--base-url', api.url, '--report-path', 'r.yaml'], { cwd: ws, exactEnv: noCredentials(CREDENTIALS) });
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        /The token endpoint refused the credentials: check CXONE_CLIENT_ID and CXONE_CLIENT_SECRET, --token-url, and that the scope/,
      );
      const refused = await cli(['run', '--base-url', 'http://127.0.0.1:1', '--max-retries', '0', '--report-path', 'r.yaml'], {
        cwd: ws,
        exactEnv: noCredentials(CREDENTIALS),
      });
      assert.match(refused.stdout, /Check --base-url and --token-url, proxy settings/);
      for (const out of [run.stdout + run.stderr, refused.stdout + refused.stderr])
        assert.doesNotMatch(out, /client-id|client-secret|[^-]token-url|[^-]base-url/);
    } finally {
      await api.close();
    }
  });

  test('plain http to another machine is a usage error (exit 2, no run), in the CLI and in the action', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, { 'cxone-tests/a.yaml': 'flow: f\nscenarios:\n  - name: a\n' });
    const run = await cli(['run', '--base-url', 'http://example.invalid', '--report-path', 'r.yaml'], {
      cwd: ws,
      exactEnv: noCredentials(CREDENTIALS),
    });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /^error: Invalid --base-url "http:\/\/example\.invalid": plain http would send credentials and tokens in clear text; use https:\/\/, or set --allow-insecure-http true for a trusted test server\.$/m,
    );
    assert.doesNotMatch(run.stdout + run.stderr, /cut short|Refusing|'base-url'|allow-insecure-http:/);
    assert.equal(run.stdout, '', 'nothing ran');
    const action = await runAction({
      workspace: ws,
      inputs: { 'base-url': 'http://example.invalid', 'client-id': 'a-client-id', 'client-secret': 'a-client-secret' },
    });
    assert.equal(action.code, 1);
    assert.match(
      action.stdout,
      /::error::cxone-flow-test could not start: Invalid 'base-url' "http:\/\/example\.invalid": plain http .*set 'allow-insecure-http: true'/,
    );
    assert.equal(action.outputs['conclusion'], 'failure');
    const allowed = await cli(['run', '--base-url', 'http://127.0.0.1:1', '--max-retries', '0', '--report-path', 'r.yaml'], {
      cwd: ws,
      exactEnv: noCredentials(CREDENTIALS),
    });
    assert.equal(allowed.code, 1, 'loopback http is allowed (the emulator): the run happens, and fails to connect');
  });

  test('--grep, the flow loader, the merge and a short client id speak CLI', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, { 'cxone-tests/a.yaml': 'flow: f\nscenarios:\n  - name: a\n' });
    const grep = await cli(['run', '--target', 'emulator', '--flows', 'x.yaml', '--grep', '(a'], { cwd: ws });
    assert.match(grep.stderr, /^error: Invalid --grep "\(a": the pattern is not a valid regular expression/m);
    const flows = await cli(['run', '--target', 'emulator', '--flows', 'nope/*.yaml', '--report-path', 'r.yaml'], {
      cwd: ws,
      exactEnv: noCredentials({ CXONE_CLIENT_ID: 'ab' }),
    });
    assert.match(flows.stderr, /no usable flow: no flow file matches --flows 'nope\/\*\.yaml' in /);
    assert.match(
      flows.stderr,
      /^warning: CXONE_CLIENT_ID is 2 characters: no CXone id is that short: check that it holds the whole value\.$/m,
    );
    assert.doesNotMatch(flows.stderr, /GitHub|passed from a secret|(?<!--)flows 'nope/);
    const merge = await cli(['merge', 'a.yaml'], { cwd: ws });
    assert.equal(merge.code, 1);
    assert.match(merge.stderr + merge.stdout, /error: no report file matches a\.yaml \(relative to /);
    assert.match(merge.stdout, /^Failing because: 1 problem in shard report files$/m);
    assert.doesNotMatch(merge.stdout + merge.stderr, /input 'merge'|scenario or flow files/);
    const runMerge = await cli(['run', '--merge', 'shards/*.yaml', '--report-path', 'r.yaml'], { cwd: ws });
    assert.match(runMerge.stdout, /error: no report file matches --merge 'shards\/\*\.yaml'/);
  });
});

describe("the emulator's own flags", { timeout: 60_000 }, () => {
  test('a port out of range, a host this machine cannot listen on and a port in use name the flag and exit 2', async () => {
    const ws = makeWorkspace();
    writeFiles(ws, { 'cxone-flows/a.yaml': FLOW('a', '  node_start: { type: Start, next: node_exit }\n  node_exit: { type: Exit }\n') });
    const port = await cli(['emulator', '--flows', 'cxone-flows/*.yaml', '--port', '99999'], { cwd: ws });
    assert.equal(port.code, 2);
    assert.match(port.stderr, /^error: Invalid --port "99999": expected a whole number from 0 to 65535\.$/m);
    const host = await cli(['emulator', '--flows', 'cxone-flows/*.yaml', '--host', '999.1.1.1', '--port', '0'], { cwd: ws });
    assert.equal(host.code, 2, host.stderr);
    assert.match(
      host.stderr,
      /^error: Invalid --host "999\.1\.1\.1": this machine cannot listen there \(E[A-Z_]+\); use one of its addresses, e\.g\. --host 127\.0\.0\.1\.$/m,
    );
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const busy = await cli(['emulator', '--flows', 'cxone-flows/*.yaml', '--port', String((taken.address() as AddressInfo).port)], {
        cwd: ws,
      });
      assert.equal(busy.code, 2, busy.stderr);
      assert.match(
        busy.stderr,
        /^error: Cannot listen on --port \d+ at 127\.0\.0\.1: another program listens there \(EADDRINUSE\); pick another, or --port 0 for a free one\.$/m,
      );
    } finally {
      taken.close();
    }
    for (const run of [port, host]) assert.doesNotMatch(run.stderr, /options\.port|getaddrinfo|listening/);
  });
});
