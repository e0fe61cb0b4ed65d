// Secrets reach no output channel of a full run: not the log (but the runner's own ::add-mask::
// commands), not the outputs, the summary, the annotations or the reports (YAML, JSON, SARIF). The client secret, the
// access key secret, every issued token, and the values of variables named in redact-variables.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { executeFlow } from '../../src/emulator/engine.ts';
import { parseFlowFile } from '../../src/flow/load.ts';
import type { FlowDefinition } from '../../src/domain/flow.ts';
import { FIXTURES, makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import { outputChannels } from '../helpers/scripted-api.ts';

const hex = (n: number) => randomBytes(n).toString('hex');
const creds = {
  clientId: `id-${hex(6)}`,
  clientSecret: `secret-${hex(12)}`,
  accessKeyId: `akid-${hex(6)}`,
  accessKeySecret: `aksecret-${hex(12)}`,
};
const SSN = '123-45-6789';
const CARD = '4111111111111111';
const issued: string[] = [];
let baseUrl = '';
let server: ReturnType<typeof createServer>;

const flows = new Map<string, FlowDefinition>(
  ['menu.yaml', 'buggy.yaml'].map((name) => {
    const flow = parseFlowFile(readFileSync(path.join(FIXTURES, 'e2e/flows', name), 'utf8'), name).flow!;
    return [flow.id, flow] as const;
  }),
);

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Both grants (README, Authentication); tokens that last one second. */
function tokenGrant(req: IncomingMessage, body: string): boolean {
  const form = new URLSearchParams(body);
  if (form.get('grant_type') === 'password') {
    const basic = Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64');
    return (
      req.headers.authorization === `Basic ${basic}` &&
      form.get('username') === creds.accessKeyId &&
      form.get('password') === creds.accessKeySecret
    );
  }
  return form.get('client_id') === creds.clientId && form.get('client_secret') === creds.clientSecret;
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.url === '/oauth2/token') {
        if (!tokenGrant(req, body)) return json(res, 401, { error: 'invalid_client' });
        const token = `tok-${hex(16)}`;
        issued.push(token);
        return json(res, 200, { access_token: token, expires_in: 1, token_type: 'Bearer' });
      }
      if (!issued.some((t) => req.headers.authorization === `Bearer ${t}`)) return json(res, 401, { error: 'invalid_token' });
      if (req.method === 'GET') {
        // GET /api/v2/flows/{id}: the node graph, for static checks and coverage.
        const graph = flows.get(decodeURIComponent(req.url?.split('/').pop() ?? ''));
        return graph
          ? json(res, 200, { id: graph.id, name: graph.name, start: graph.start, nodes: graph.nodes })
          : json(res, 404, { error: 'not found' });
      }
      const request = JSON.parse(body);
      const flow = flows.get(request.flowId);
      if (!flow) return json(res, 404, { error: 'not found' });
      const result = executeFlow(flow, request);
      return json(res, result.status, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const SENSITIVE = `flow: 11111111-2222-3333-4444-555555555555
variables: { ssn: "${SSN}", card_number: "${CARD}" }
scenarios:
  - name: The SSN is kept
    input: { dtmf: "2" }
    expect:
      variables:
        ssn: "${SSN}"
  - name: The card number is expected to change (it does not)
    input: { dtmf: "2" }
    expect:
      variables:
        card_number: { matches: "^5" }
      variablesAt:
        node_menu: { ssn: "000-00-0000" }
`;

const cases = [
  {
    name: 'client credentials',
    inputs: () => ({ 'client-id': creds.clientId, 'client-secret': creds.clientSecret }),
    secrets: () => [creds.clientSecret],
  },
  {
    name: 'access key (password grant)',
    inputs: () => ({
      auth: 'access-key',
      'client-id': creds.clientId,
      'client-secret': creds.clientSecret,
      'access-key-id': creds.accessKeyId,
      'access-key-secret': creds.accessKeySecret,
    }),
    secrets: () => [creds.clientSecret, creds.accessKeySecret],
  },
];

describe('nothing leaked', () => {
  for (const c of cases) {
    test(`${c.name}: secrets, tokens and redacted variables appear in no output`, async () => {
      const workspace = makeWorkspace({
        'cxone-tests/pass.yaml': 'e2e/scenarios/pass.yaml',
        'cxone-tests/mismatch.yaml': 'e2e/scenarios/mismatch.yaml',
      });
      writeFiles(workspace, { 'cxone-tests/sensitive.yaml': SENSITIVE });
      const before = issued.length;
      const run = await runAction({
        workspace,
        inputs: {
          ...c.inputs(),
          'base-url': baseUrl,
          concurrency: '1',
          'json-report-path': 'report.json',
          'sarif-path': 'cxone.sarif',
          'redact-variables': 'ssn, *card*',
        },
      });
      const tokens = issued.slice(before);
      assert.equal(run.outputs.passed, '5', run.stdout + run.stderr);
      assert.equal(run.outputs.failed, '2', 'the mismatch and the card number scenario fail');
      assert.ok(tokens.length >= 1, 'a token was issued');
      const masked = new Set(
        run.stdout
          .split('\n')
          .filter((l) => l.startsWith('::add-mask::'))
          .map((l) => l.slice('::add-mask::'.length)),
      );
      for (const secret of [...c.secrets(), ...tokens]) assert.ok(masked.has(secret), 'registered with the runner masker before use');
      const channels = outputChannels(run, {
        jsonReport: readFileSync(path.join(workspace, 'report.json'), 'utf8'),
        sarif: readFileSync(path.join(workspace, 'cxone.sarif'), 'utf8'),
      });
      // The SARIF log says what failed, in the words the report has (values redacted), not nothing.
      assert.match(channels['sarif']!, /card_number: does not match the expectation \(values redacted/);
      assert.match(run.reportText, /card_number: does not match the expectation \(values redacted/);
      for (const [channel, text] of Object.entries(channels)) {
        assert.ok(text.length > 0 || channel === 'stderr', `${channel} was produced`);
        for (const secret of [...c.secrets(), ...tokens, SSN, CARD, '000-00-0000'])
          assert.ok(!text.includes(secret), `${channel} leaks ${secret.slice(0, 4)}…`);
      }
    });
  }
});
