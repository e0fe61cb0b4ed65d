// What a newcomer reads when a command line is wrong: that command's usage on --help, flags and
// environment variables (never the action's input names), a hint for a glob the shell expanded, and
// `error:`/`warning:` as the severity is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI_NAMING, quotedGlobHint } from '../src/cli/messages.ts';
import { MIN_NODE, tooOldNode } from '../src/cli/node-version.ts';
import { COMMANDS } from '../src/cli/usage.ts';
import { InputError, readSettings } from '../src/inputs.ts';
import { makeWorkspace, ROOT, writeFiles } from './helpers/action.ts';
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
      /^error: CXONE_CLIENT_ID is not set but --target api needs it: export CXONE_CLIENT_ID and CXONE_CLIENT_SECRET \(.*\), or run on the built-in emulator: --target emulator --flows 'cxone-flows\/\*\*\/\*\.yaml'\.$/m,
    );
    const noSecret = await cli(['run'], { exactEnv: noCredentials({ CXONE_CLIENT_ID: 'someone' }) });
    assert.match(noSecret.stderr, /^error: CXONE_CLIENT_SECRET is not set but --target api needs it/m);
    const accessKey = await cli(['run', '--auth', 'access-key'], {
      exactEnv: noCredentials({ CXONE_CLIENT_ID: 'a', CXONE_CLIENT_SECRET: 'b' }),
    });
    assert.match(
      accessKey.stderr,
      /^error: CXONE_ACCESS_KEY_ID is not set but --auth access-key needs it: export CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET/m,
    );
    for (const run of [none, noSecret, accessKey]) assert.doesNotMatch(run.stderr, /Input '|fork|Dependabot|pass it from a secret/);
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
    assert.match(port.stderr, /^error: Invalid --port "eighty": expected a whole number\.$/m);
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

  test("an unknown flag says 'flag' and where the flags are listed", async () => {
    const run = await cli(['run', '--no-such-flag', 'x']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: Unknown flag '--no-such-flag'\.\nRun 'cxone-flow-test run --help' for its flags\.$/m);
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
