// The README's sample exchanges with the emulator ("The emulator") are replayed against the CLI's
// emulator as a user starts it, with the README's own flow file and flags: every sample request must get
// the sample response (status, the headers shown, the JSON body), so the samples cannot drift.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT, writeFiles } from '../helpers/action.ts';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = /^## The emulator\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';

interface HttpSample {
  startLine: string;
  headers: [string, string][];
  body: string;
}

function parseHttp(block: string): HttpSample {
  const [head = '', ...rest] = block.split('\n\n');
  const [startLine = '', ...headerLines] = head.split('\n');
  const headers = headerLines
    .filter((l) => l.trim() !== '')
    .map((l): [string, string] => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]);
  return { startLine, headers, body: rest.join('\n\n').trim() };
}

/** The command after "recorded from", split as a shell would split it (single quotes only). */
function recordedArgs(): string[] {
  const command = /recorded from\s+`npx cxone-flow-test (emulator [^`]+)`/.exec(section)?.[1];
  assert.ok(command, 'the README says which command the samples were recorded from');
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

function startEmulator(cwd: string, args: string[]): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args, '--port', '0'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, stop: () => (child.kill('SIGINT'), closed) });
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    void closed.then((code) => reject(new Error(`the emulator exited ${code}: ${err}`)));
  });
}

test("the README's emulator samples are what the emulator answers", { timeout: 60_000 }, async () => {
  const flow = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  const flowFile = /with this\s+`([^`]+\.yaml)`/.exec(section)?.[1];
  assert.ok(flow && flowFile, 'the section shows the flow file the samples ran');
  const blocks = [...section.matchAll(/```http\n([\s\S]*?)```/g)].map((m) => parseHttp(m[1]!));
  assert.ok(blocks.length >= 6 && blocks.length % 2 === 0, 'pairs of request and response');
  const paths = blocks.filter((_, i) => i % 2 === 0).map((b) => b.startLine.split(' ')[1]);
  for (const endpoint of ['/oauth2/token', '/api/v2/flows/debug', '/api/v2/flows/hello-menu'])
    assert.ok(paths.includes(endpoint), `a sample for ${endpoint}`);

  const workspace = mkdtempSync(path.join(tmpdir(), 'cxft-readme-'));
  writeFiles(workspace, { [flowFile]: flow });
  const emulator = await startEmulator(workspace, recordedArgs());
  let token = '';
  try {
    for (let i = 0; i < blocks.length; i += 2) {
      const request = blocks[i]!;
      const expected = blocks[i + 1]!;
      const [method, target] = request.startLine.split(' ');
      const headers = Object.fromEntries(request.headers.map(([k, v]) => [k, v.replace('<token>', token)]));
      const res = await fetch(`${emulator.url}${target}`, { method, headers, ...(request.body ? { body: request.body } : {}) });
      const label = request.startLine;
      assert.equal(`HTTP/1.1 ${res.status} ${res.statusText}`, expected.startLine, label);
      for (const [name, value] of expected.headers) assert.equal(res.headers.get(name), value, `${label}: ${name}`);
      const body = (await res.json()) as Record<string, unknown>;
      if (typeof body.access_token === 'string') {
        token = body.access_token;
        body.access_token = '<token>';
      }
      assert.deepEqual(body, JSON.parse(expected.body), label);
    }
  } finally {
    assert.equal(await emulator.stop(), 0);
  }
});

test('a JSON token request is refused with 400, saying that the form encoding is expected', { timeout: 60_000 }, async () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'cxft-readme-'));
  writeFiles(workspace, { 'cxone-flows/hello.yaml': /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '' });
  const emulator = await startEmulator(workspace, recordedArgs());
  try {
    const json = await fetch(`${emulator.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'me', client_secret: 'pw' }),
    });
    assert.equal(json.status, 400);
    const body = (await json.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /must be form-encoded \(Content-Type: application\/x-www-form-urlencoded/);
    assert.match(body.error_description, /got Content-Type 'application\/json'/);
    assert.ok(!JSON.stringify(body).includes('pw"'), 'the secret sent is not echoed');
    // The same JSON with no Content-Type at all is told the same; a form with no Content-Type is accepted (curl -d).
    const bare = await fetch(`${emulator.url}/oauth2/token`, {
      method: 'POST',
      body: new TextEncoder().encode('{"grant_type": "client_credentials"}'),
    });
    assert.equal(bare.status, 400);
    assert.match(((await bare.json()) as { error_description: string }).error_description, /a JSON body with no Content-Type/);
    const form = await fetch(`${emulator.url}/oauth2/token`, {
      method: 'POST',
      body: new TextEncoder().encode('grant_type=client_credentials&client_id=me&client_secret=pw'),
    });
    assert.equal(form.status, 200);
  } finally {
    await emulator.stop();
  }
});
