// The client secret and every issued token reach no output channel of a full run: not the log (but the
// runner's own ::add-mask:: commands), not the outputs, the summary, the annotations or the reports.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { executeFlow } from '../../src/emulator/engine.ts';
import { parseFlowFile } from '../../src/emulator/flow.ts';
import { FIXTURES, makeWorkspace, runAction } from '../helpers/action.ts';

test('secrets and tokens appear in no output at all', async () => {
  const flows = new Map(['menu.yaml', 'buggy.yaml'].map((name) => {
    const flow = parseFlowFile(readFileSync(path.join(FIXTURES, 'e2e/flows', name), 'utf8'), name).flow!;
    return [flow.id, flow] as const;
  }));
  const clientId = `id-${randomBytes(6).toString('hex')}`;
  const clientSecret = `secret-${randomBytes(12).toString('hex')}`;
  const issued: string[] = [];
  // A scripted CXone: tokens that expire at once, so the run has to fetch several.
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/oauth2/token') {
        const form = new URLSearchParams(body);
        if (form.get('client_secret') !== clientSecret || form.get('client_id') !== clientId) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
          return;
        }
        const token = `tok-${randomBytes(16).toString('hex')}`;
        issued.push(token);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, expires_in: 1, token_type: 'Bearer' }));
        return;
      }
      const auth = req.headers.authorization ?? '';
      if (!issued.some((t) => auth === `Bearer ${t}`)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
        return;
      }
      const request = JSON.parse(body);
      const flow = flows.get(request.flowId);
      if (!flow) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const result = executeFlow(flow, request);
      res.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const workspace = makeWorkspace({ 'cxone-tests/pass.yaml': 'e2e/scenarios/pass.yaml', 'cxone-tests/mismatch.yaml': 'e2e/scenarios/mismatch.yaml' });
    const run = await runAction({
      workspace,
      inputs: { 'base-url': baseUrl, 'client-id': clientId, 'client-secret': clientSecret, concurrency: '1', 'json-report-path': 'report.json' },
    });
    assert.equal(run.outputs.passed, '4', run.stdout + run.stderr);
    assert.equal(run.outputs.failed, '1');
    assert.ok(issued.length >= 1);
    const masked = new Set(run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length)));
    for (const secret of [clientSecret, ...issued]) assert.ok(masked.has(secret), 'registered with the runner masker');
    const channels = {
      log: run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'),
      stderr: run.stderr,
      outputs: JSON.stringify(run.outputs),
      summary: run.summary,
      report: run.reportText,
      jsonReport: readFileSync(path.join(workspace, 'report.json'), 'utf8'),
    };
    for (const [channel, text] of Object.entries(channels)) {
      assert.ok(text.length > 0 || channel === 'stderr', `${channel} was produced`);
      for (const secret of [clientSecret, ...issued]) assert.ok(!text.includes(secret), `${channel} leaks a secret`);
    }
  } finally {
    server.close();
  }
});
