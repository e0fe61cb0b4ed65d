// Secrets and redacted values against an API that echoes them back: cut across the message limit, inside
// variables and keys, in URL userinfo, in prompts and trace errors. Each case spawns dist/index.js against
// a scripted loopback CXone and greps every output channel.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import { findLeaks, outputChannels, sendJson, startScriptedApi, type ScriptedApi } from '../helpers/scripted-api.ts';

const hex = (n: number) => randomBytes(n).toString('hex');
const FLOW = '11111111-2222-3333-4444-555555555555';
const SCENARIOS = `flow: ${FLOW}
scenarios:
  - name: Press 2
    input: { dtmf: "2" }
    expect: { exit: node_exit }
`;
const apis: ScriptedApi[] = [];
after(() => Promise.all(apis.map((a) => a.close())));

async function api(handlers: Parameters<typeof startScriptedApi>[0]): Promise<ScriptedApi> {
  const started = await startScriptedApi(handlers);
  apis.push(started);
  return started;
}

function workspace(files: Record<string, string> = { 'cxone-tests/s.yaml': SCENARIOS }): string {
  const dir = makeWorkspace();
  writeFiles(dir, files);
  return dir;
}

/** A message whose secret starts 15 characters before the 300-character cut and ends after it. */
function straddling(text: string, secret: string): string {
  const at = text.indexOf(secret);
  return `${'x'.repeat(Math.max(0, 285 - at))} ${text}`;
}

describe('hostile: secrets', { timeout: 120_000 }, () => {
  test('a token endpoint echoing the request across the message cut leaves no prefix of the secret', async () => {
    const secret = `S3cr3tValueX${hex(16)}`;
    const scripted = await api({
      token: (hit, res) =>
        sendJson(res, 400, { error: 'invalid_request', error_description: straddling(`you sent ${hit.body}`, encodeURIComponent(secret)) }),
    });
    const run = await runAction({
      workspace: workspace(),
      inputs: { 'base-url': scripted.url, 'client-id': 'id-1', 'client-secret': secret, 'max-retries': '0' },
    });
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.report.scenarios[0].status, 'error', run.stdout);
    assert.match(run.report.scenarios[0].errors[0].message, /answered 400/);
    assert.deepEqual(findLeaks(outputChannels(run), [secret, secret.slice(0, 10)]), []);
  });

  test('a bearer token echoed in a 500, across the cut, is masked whole', async () => {
    const scripted = await api({
      debug: (_request, res, _api, hit) =>
        sendJson(res, 500, {
          message: straddling(
            `upstream rejected authorization: ${hit.headers.authorization} (trace 7)`,
            hit.headers.authorization!.slice('Bearer '.length),
          ),
        }),
    });
    const run = await runAction({
      workspace: workspace(),
      inputs: { 'base-url': scripted.url, 'client-id': 'id-1', 'client-secret': `cs-${hex(12)}`, 'max-retries': '0' },
    });
    assert.equal(run.report.scenarios[0].status, 'error');
    assert.match(run.report.scenarios[0].errors[0].message, /answered 500/);
    assert.equal(scripted.issued.length, 1);
    const token = scripted.issued[0]!;
    assert.deepEqual(findLeaks(outputChannels(run), [token, token.slice(0, 12)]), []);
  });

  test('a debug answer echoing the token and the client secret in variables, keys and trace keeps neither', async () => {
    const secret = `cs-${hex(16)}`;
    const scripted = await api({
      debug: (_request, res, api) => {
        const token = api.issued.at(-1)!;
        const variables = { echoed_token: token, echoed_secret: `secret was ${secret}`, [token]: 1 };
        sendJson(res, 200, {
          path: ['node_start', 'node_exit'],
          variables,
          exitNode: 'node_exit',
          duration: 3,
          trace: [
            { nodeId: 'node_start', type: 'Start', timestamp: 0, variables, prompt: `Bearer ${token}` },
            { nodeId: 'node_exit', type: 'Exit', timestamp: 1, variables },
          ],
        });
      },
    });
    const run = await runAction({
      workspace: workspace(),
      inputs: { 'base-url': scripted.url, 'client-id': 'id-1', 'client-secret': secret, 'json-report-path': 'r.json' },
    });
    assert.equal(run.report.scenarios[0].status, 'passed', run.stdout);
    assert.equal(run.report.scenarios[0].variable_states.final_state.echoed_token, '***');
    assert.deepEqual(findLeaks(outputChannels(run), [secret, ...scripted.issued]), []);
  });

  test('a password in base-url userinfo is in no report, summary or message', async () => {
    const password = `pw-${hex(12)}`;
    const scripted = await api({});
    const base = scripted.url.replace('http://', `http://user:${password}@`);
    const run = await runAction({
      workspace: workspace(),
      inputs: { 'base-url': base, 'client-id': 'id-1', 'client-secret': `cs-${hex(12)}` },
    });
    assert.equal(run.outputs.conclusion, 'success', run.stdout);
    assert.equal(run.report.report_metadata.base_url, scripted.url);
    assert.deepEqual(findLeaks(outputChannels(run), [password]), []);

    const refused = await runAction({
      workspace: workspace(),
      inputs: { 'base-url': `ftp://user:${password}@example.com`, 'client-id': 'id-1', 'client-secret': 'cs-x' },
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /Invalid 'base-url' "ftp:\/\/example\.com/);
    assert.deepEqual(findLeaks(outputChannels(refused), [password]), []);
  });

  test('once a value is redacted by name it is masked everywhere: echoed input, prompts, trace errors, loop findings', async () => {
    const ssn = (n: number) => `123-45-678${n}`;
    const scripted = await api({
      debug: (request, res) => {
        // The flow asks four times, the SSN changing on each visit: a retry loop whose cause is the SSN.
        const path: string[] = [];
        const trace: unknown[] = [];
        for (let i = 0; i < 4; i++) {
          path.push('node_ask', 'node_check');
          trace.push({ nodeId: 'node_ask', type: 'Play', timestamp: i * 10, prompt: `I heard ${ssn(i)}`, variables: { ssn: ssn(i) } });
          trace.push({
            nodeId: 'node_check',
            type: 'Condition',
            timestamp: i * 10 + 5,
            error: `lookup failed for ${ssn(i)}`,
            variables: { ssn: ssn(i) },
          });
        }
        path.push('node_exit');
        trace.push({
          nodeId: 'node_exit',
          type: 'Exit',
          timestamp: 50,
          variables: { ssn: ssn(3), echo: `request said ${request.variables.ssn}` },
        });
        sendJson(res, 200, { path, variables: { ssn: ssn(3) }, exitNode: 'node_exit', duration: 50, trace });
      },
    });
    const files = {
      'cxone-tests/s.yaml': `flow: ${FLOW}
variables: { ssn: "${ssn(0)}" }
scenarios:
  - name: The SSN stays put
    input: { dtmf: "2" }
    expect:
      variables: { ssn: "000-00-0000" }
`,
    };
    const run = await runAction({
      workspace: workspace(files),
      inputs: {
        'base-url': scripted.url,
        'client-id': 'id-1',
        'client-secret': `cs-${hex(12)}`,
        'redact-variables': 'ssn',
        'junit-path': 'j.xml',
      },
    });
    const s = run.report.scenarios[0];
    assert.equal(s.status, 'error', 'the trace errors make it an error');
    assert.deepEqual(s.findings.map((f: { code: string }) => f.code).sort(), [
      'LOOP_DETECTED',
      'TRACE_ERROR',
      'TRACE_ERROR',
      'TRACE_ERROR',
      'TRACE_ERROR',
      'VARIABLE_MISMATCH',
    ]);
    assert.match(s.findings.find((f: { code: string }) => f.code === 'LOOP_DETECTED').message, /ssn changed, values redacted/);
    assert.match(s.findings.find((f: { code: string }) => f.code === 'TRACE_ERROR').message, /lookup failed for \*\*\*/);
    assert.equal(s.raw_trace[0].prompt, 'I heard ***');
    assert.deepEqual(findLeaks(outputChannels(run), ['123-45-678', '000-00-0000']), []);
  });
  test('a secret after 64 KiB of white space, or echoed with JSON \\/ escapes, is still masked', async () => {
    const secret = `S3cr3t/Client+${hex(12)}`;
    const bodies = [
      // Read whole, scrubbed, then cut: a read limit before the scrub would keep all but its last character.
      (sent: string) => JSON.stringify({ message: `${' '.repeat(65536 - 20)}${new URLSearchParams(sent).get('client_secret')}` }),
      // PHP writes slashes as \/, which JSON.stringify never does.
      () => `invalid_client: {"client_secret":"${secret.replaceAll('/', '\\/')}"}`,
    ];
    for (const body of bodies) {
      const scripted = await api({ token: (hit, res) => res.writeHead(400, { 'content-type': 'text/plain' }).end(body(hit.body)) });
      const run = await runAction({
        workspace: workspace(),
        inputs: { 'base-url': scripted.url, 'client-id': 'id-1', 'client-secret': secret, 'max-retries': '0' },
      });
      assert.equal(run.report.scenarios[0].status, 'error', run.stdout);
      assert.deepEqual(findLeaks(outputChannels(run), [secret, secret.slice(0, 12), secret.replaceAll('/', '\\/').slice(0, 14)]), []);
    }
  });

  test('a URL password that breaks the URL, or is not valid percent-encoding, is never printed, and the outputs still come', async () => {
    const scripted = await api({});
    for (const [input, password] of [
      ['base-url', 'pa/ss-WORD1'],
      ['token-url', 'pa/ss-WORD2'],
    ] as const) {
      const run = await runAction({
        workspace: workspace(),
        inputs: { [input]: `https://user:${password}@api.example.com`, 'client-id': 'id-1', 'client-secret': `cs-${hex(8)}` },
      });
      assert.equal(run.code, 1);
      assert.equal(run.outputs.conclusion, 'failure');
      assert.deepEqual(findLeaks(outputChannels(run), [password, password.slice(3)]), []);
    }
    const password = `50%off${hex(4)}`;
    const run = await runAction({
      workspace: workspace(),
      inputs: {
        'base-url': scripted.url.replace('http://', `http://user:${password}@`),
        'client-id': 'id-1',
        'client-secret': `cs-${hex(8)}`,
      },
    });
    assert.equal(run.outputs.conclusion, 'success', run.stdout);
    assert.ok(run.report, 'the report is written');
    assert.deepEqual(findLeaks(outputChannels(run), [password]), []);
  });

  test('a redacted value cut short in an earlier scenario, before it was known, leaves no prefix', async () => {
    const ssn = '123-45-6789';
    const scripted = await api({
      debug: (request, res) => {
        const variables = request.variables?.which === 'first' ? { note: `${'N'.repeat(67)} ssn=${ssn} end` } : { ssn };
        sendJson(res, 200, {
          path: ['node_exit'],
          variables,
          exitNode: 'node_exit',
          duration: 1,
          trace: [{ nodeId: 'node_exit', type: 'Exit', timestamp: 0 }],
        });
      },
    });
    const files = {
      'cxone-tests/s.yaml': `flow: ${FLOW}
scenarios:
  - name: The note is checked first
    variables: { which: first }
    expect: { variables: { note: "x" } }
  - name: The SSN is learned second
    variables: { which: second }
    expect: { exit: node_exit }
`,
    };
    const run = await runAction({
      workspace: workspace(files),
      inputs: {
        'base-url': scripted.url,
        'client-id': 'id-1',
        'client-secret': `cs-${hex(8)}`,
        'redact-variables': 'ssn',
        concurrency: '1',
      },
    });
    assert.equal(run.report.scenarios[0].status, 'failed', run.stdout);
    assert.match(run.report.scenarios[0].findings[0].message, /ssn=\*\*\*…/);
    assert.deepEqual(findLeaks(outputChannels(run), ['123-45', ssn]), []);
  });
});
