// `cxone-flow-test pull` as a user runs it (node dist/cli.js pull), against the emulator serving the Studio
// scripts it loaded, and against a scripted server for what else CXone may answer. Rebuild dist/ first.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { STUDIO_SCRIPTS_PATH } from '../../src/domain/wire.ts';
import { loadFlows } from '../../src/flow/load.ts';
import { ROOT } from '../helpers/action.ts';
import { cli, type CliRun } from '../helpers/cli.ts';
import { sendJson, serveForFile, TOKEN_PATH } from '../api/helpers/scripted-server.ts';

const FIXTURE = readFileSync(path.join(ROOT, '__tests__/fixtures/studio/main-ivr.json'), 'utf8');
const CLIENT_ID = 'pull-client-7c1e';
const CLIENT_SECRET = 'pull-secret-5a9d3f0e7b2c';
const ENV = { CXONE_CLIENT_ID: CLIENT_ID, CXONE_CLIENT_SECRET: CLIENT_SECRET };
const serve = serveForFile();

const scratch = (name: string) => mkdtempSync(path.join(tmpdir(), `cxft-pull-${name}-`));

function pull(baseUrl: string, cwd: string, args: string[], env: Record<string, string> = ENV): Promise<CliRun> {
  return cli(['pull', '--base-url', baseUrl, ...args], { cwd, env });
}

/** No secret, in any channel: the client secret, and every token the server issued. */
function assertNoSecrets(run: CliRun, tokens: string[] = []): void {
  for (const secret of [CLIENT_SECRET, ...tokens]) {
    assert.ok(!run.stdout.includes(secret), `stdout holds a secret: ${run.stdout}`);
    assert.ok(!run.stderr.includes(secret), `stderr holds a secret: ${run.stderr}`);
  }
}

describe('cxone-flow-test pull against the emulator', () => {
  // The business unit's folders, as the emulator serves them: Sales\Main IVR, and a script at the root.
  const tenant = scratch('tenant');
  let emulator: RunningEmulator;
  before(async () => {
    mkdirSync(path.join(tenant, 'Sales'));
    writeFileSync(path.join(tenant, 'Sales', 'Main IVR.json'), FIXTURE);
    writeFileSync(path.join(tenant, 'Greeting.json'), FIXTURE.replace('"Main IVR"', '"Greeting"').replace('46100', '46101'));
    const loaded = await loadFlows({ workspace: tenant, patterns: ['**/*.json'] });
    assert.equal(loaded.flows.length, 2, JSON.stringify(loaded.problems));
    emulator = await startEmulator({ flows: loaded.flows, credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  });
  after(() => emulator.close());

  test('writes the script at the path named, byte for byte what the emulator loaded, to Folder/Name.json', async () => {
    const dir = scratch('default');
    const run = await pull(emulator.url, dir, ['--script-path', 'Sales\\Main IVR']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(dir, 'Sales', 'Main IVR.json'), 'utf8'), FIXTURE);
    assert.match(run.stdout, /^Pulled 'Sales\\Main IVR' into Sales\/Main IVR\.json \(.+ bytes, 10 actions\), as CXone sent it\.$/m);
    assert.equal(run.stderr, '', 'the fixture loads without a problem');
    assertNoSecrets(run);
  });

  test('--out names the file (folders made); the path matches regardless of case; a root script has no folder', async () => {
    const dir = scratch('out');
    const run = await pull(emulator.url, dir, ['--script-path', 'sales\\MAIN ivr', '--out', 'studio/ivr/main.json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(dir, 'studio/ivr/main.json'), 'utf8'), FIXTURE);
    const root = await pull(emulator.url, dir, ['--script-path', 'Greeting']);
    assert.equal(root.code, 0, root.stderr);
    assert.match(readFileSync(path.join(dir, 'Greeting.json'), 'utf8'), /"scriptName": "Greeting"/);
  });

  test('--out without .json: written, read as the Studio script it is, and a warning that no run reads it as one', async () => {
    const dir = scratch('yaml-name');
    const run = await pull(emulator.url, dir, ['--script-path', 'Sales\\Main IVR', '--out', 'x.yaml']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(dir, 'x.yaml'), 'utf8'), FIXTURE);
    assert.match(run.stderr, /warning: x\.yaml does not end in \.json/);
    assert.doesNotMatch(run.stderr, /flow definition|unknown key/, 'not read as a YAML flow');
    assert.match(run.stdout, /\d+ actions\), as CXone sent it/);
  });

  test('never overwrites without --force: exit 2 naming the file, before any call; --force replaces it', async () => {
    const dir = scratch('taken');
    mkdirSync(path.join(dir, 'Sales'));
    const mine = path.join(dir, 'Sales', 'Main IVR.json');
    writeFileSync(mine, 'my own edits\n');
    const reads = emulator.stats.scriptReads;
    const refused = await pull(emulator.url, dir, ['--script-path', 'Sales\\Main IVR']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^error: pull writes nothing: 'Sales\/Main IVR\.json' already exists \(--force replaces it/m);
    assert.equal(readFileSync(mine, 'utf8'), 'my own edits\n');
    assert.equal(emulator.stats.scriptReads, reads, 'refused before the script was read');
    const forced = await pull(emulator.url, dir, ['--script-path', 'Sales\\Main IVR', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(mine, 'utf8'), FIXTURE);
  });

  test('a path with no script: exit 1, the path quoted and how paths are written, nothing written', async () => {
    const dir = scratch('missing');
    for (const scriptPath of ['Sales\\Nope', 'Sales/Main IVR']) {
      const run = await pull(emulator.url, dir, ['--script-path', scriptPath]);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(run.stderr.includes(`No script at path '${scriptPath}': script paths separate folders with backslashes`), run.stderr);
      assert.match(run.stderr, /relative to the business unit's root folder/);
      assert.match(run.stderr, /Nothing was written\.$/m);
    }
    assert.match((await pull(emulator.url, dir, ['--script-path', 'Sales/Main IVR'])).stderr, /^warning: .* has no backslash/m);
    assert.ok(!existsSync(path.join(dir, 'Sales')), 'no file, no folder');
  });

  test('credentials the emulator refuses: exit 1 naming the credentials, the secret never printed', async () => {
    const dir = scratch('refused');
    const run = await pull(emulator.url, dir, ['--script-path', 'Sales\\Main IVR'], {
      CXONE_CLIENT_ID: CLIENT_ID,
      CXONE_CLIENT_SECRET: `${CLIENT_SECRET}-wrong`,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /answered 401 .*CXONE_CLIENT_ID/);
    assert.ok(!run.stderr.includes(`${CLIENT_SECRET}-wrong`) && !run.stdout.includes(`${CLIENT_SECRET}-wrong`));
    assert.ok(!existsSync(path.join(dir, 'Sales')));
  });

  test('usage errors (exit 2): no --script-path, a path that climbs, --out outside, no credentials', async () => {
    const dir = scratch('usage');
    const outside = scratch('outside');
    symlinkSync(outside, path.join(dir, 'link'));
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [[], /pull needs --script-path 'Sales\\Main IVR'/],
      [['--script-path', '..\\x'], /Invalid --script-path '\.\.\\x': it has the name '\.\.'/],
      [['--script-path', '\\Sales\\x'], /it has an empty name \(a leading, trailing or doubled backslash\)/],
      [['--script-path', 'x', '--out', '../x.json'], /Invalid --out \.\.\/x\.json: pull writes inside the current directory/],
      [
        ['--script-path', 'x', '--out', 'link/x.json'],
        /a folder of link\/x\.json is a symbolic link that leads out of the current directory/,
      ],
      [
        ['--script-path', 'x'],
        /CXONE_CLIENT_ID and CXONE_CLIENT_SECRET are not set: pull signs in to CXone/,
        { CXONE_CLIENT_ID: '', CXONE_CLIENT_SECRET: '' },
      ],
      [['--script-path', 'x', '--target', 'emulator'], /--target/],
    ];
    for (const [args, expected, env] of cases) {
      const run = await pull(emulator.url, dir, args, env ?? ENV);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, expected);
    }
    assert.deepEqual([existsSync(path.join(outside, 'x.json')), existsSync(path.join(dir, 'x.json'))], [false, false]);
  });
});

describe('cxone-flow-test pull against answers that are not a Studio script', () => {
  /** A CXone stand-in: tokens, and the script path answering `answer` (n: its hits so far). */
  async function scripted(answer: (res: import('node:http').ServerResponse, n: number, url: string) => void) {
    const issued: string[] = [];
    const server = await serve({
      [TOKEN_PATH]: (_hit, res, n) => {
        issued.push(`tok-${n}-c0ffee0123456789`);
        sendJson(res, 200, { access_token: issued.at(-1), expires_in: 3600, token_type: 'Bearer' });
      },
      [STUDIO_SCRIPTS_PATH]: (_hit, res, n, req) => answer(res, n, req.url ?? ''),
    });
    return { server, issued };
  }
  const send = (res: import('node:http').ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };

  for (const [what, type, body, reason] of [
    [
      'XML (Desktop Studio)',
      'application/xml',
      '<?xml version="1.0"?><Script><Action id="1"/></Script>',
      /body is XML, not a Studio script's JSON/,
    ],
    [
      'base64 in a JSON string',
      'application/json',
      JSON.stringify(Buffer.from('<Script><Action/></Script>').toString('base64')),
      /body is a JSON a base64 string/,
    ],
    [
      'an error object',
      'application/json',
      '{"errorMessage":"Script not found","code":42}',
      /body is a JSON object with keys "errorMessage", "code", not a Studio script/,
    ],
    ['not JSON', 'text/plain', 'Service temporarily moved', /body is not JSON/],
  ] as const) {
    test(`a 200 with ${what}: exit 1, said plainly, nothing written`, async () => {
      const { server, issued } = await scripted((res) => send(res, 200, type, body));
      const dir = scratch('shape');
      const run = await pull(server.url, dir, ['--script-path', 'Sales\\Main IVR']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`^error: GET ${server.url}${STUDIO_SCRIPTS_PATH} answered 200 with an unusable body`, 'm'));
      assert.match(run.stderr, reason);
      assert.ok(!existsSync(path.join(dir, 'Sales')), 'nothing written');
      assertNoSecrets(run, issued);
    });
  }

  test('through the same client: the path as a query parameter, a 503 retried, a bearer token sent', async () => {
    const urls: string[] = [];
    const { server, issued } = await scripted((res, n, url) => {
      urls.push(url);
      if (n === 1) return sendJson(res, 503, { message: 'busy' }, { 'retry-after': '0' });
      send(res, 200, 'application/json', FIXTURE);
    });
    const dir = scratch('retry');
    const run = await pull(server.url, dir, ['--script-path', 'Sales\\Main IVR', '--out', 'main.json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(path.join(dir, 'main.json'), 'utf8'), FIXTURE);
    assert.deepEqual(urls, [
      `${STUDIO_SCRIPTS_PATH}?scriptPath=Sales%5CMain%20IVR`,
      `${STUDIO_SCRIPTS_PATH}?scriptPath=Sales%5CMain%20IVR`,
    ]);
    const scriptHits = server.hits.filter((h) => h.path === STUDIO_SCRIPTS_PATH);
    assert.ok(scriptHits.every((h) => h.method === 'GET' && h.headers.authorization === `Bearer ${issued[0]}`));
    assert.equal(server.hits.filter((h) => h.method === 'POST' && h.path === STUDIO_SCRIPTS_PATH).length, 0, 'never a POST');
  });

  test('a 401 on the script path after a fresh token: exit 1, AUTH words, tokens and secret scrubbed from the quote', async () => {
    const { server, issued } = await scripted((res, n) =>
      sendJson(res, 401, { message: `token tok-${n}-c0ffee0123456789 refused for secret ${CLIENT_SECRET}` }),
    );
    const dir = scratch('401');
    const run = await pull(server.url, dir, ['--script-path', 'Sales\\Main IVR']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(server.count(STUDIO_SCRIPTS_PATH), 2, 'one more try with a fresh token');
    assert.equal(issued.length, 2);
    assert.match(
      run.stderr,
      /answered 401 Unauthorized: .*\*\*\*.* The bearer token was rejected even after a fresh one was issued: check that CXONE_CLIENT_ID and CXONE_CLIENT_SECRET belong to the business unit at --base-url/,
    );
    assertNoSecrets(run, issued);
    assert.ok(!existsSync(path.join(dir, 'Sales')));
  });
});
