// Mocks and clock end to end: a Studio script over HTTP through the emulator server (the loader is not
// merged yet, so the script is built here), and a YAML flow with an External node through the built
// action (dist/index.js) with a scenario file that mocks it, on the emulator and on "CXone".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import { studioScript } from '../helpers/studio-builder.ts';

const credentials = { clientId: 'mocks-e2e', clientSecret: 'mocks-e2e-secret-value' };

const main = studioScript(
  'Main IVR',
  [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'HOURS', label: 'Check hours', properties: { Profile: 'Support' }, to: { OnOpen: 3, OnClosed: 8 } },
    {
      id: 3,
      type: 'SNIPPET',
      label: 'Lookup account',
      properties: { Data: 'ASSIGN proxy = GetRESTProxy()\nASSIGN r = proxy.MakeRestRequest("https://x.invalid", "", 0, "GET")' },
      to: { default: 4 },
    },
    {
      id: 4,
      type: 'RUNSUB',
      label: 'Greet',
      properties: { ScriptName: 'Greeting', Parameters: '{tier}', ReturnVariable: 'said' },
      to: { default: 5 },
    },
    { id: 5, type: 'MENU', label: 'Main Menu', properties: { Variable: 'choice' }, to: { 'case:1': 6, default: 7 } },
    { id: 6, type: 'REQAGENT', label: 'Sales', properties: { Skill: 'Sales_{tier}' } },
    { id: 7, type: 'HANGUP', label: 'Bye' },
    { id: 8, type: 'VOICEMAIL', label: 'After hours', properties: { Mailbox: 'closed' } },
  ],
  { aliases: ['studio/Main IVR', '46100'] },
);
const greeting = studioScript('Greeting', [
  { id: 1, type: 'BEGIN', label: 'Begin', properties: { Parameters: 'tier' }, to: { default: 2 } },
  { id: 2, type: 'PLAY', label: 'Hello', properties: { Sequence: '"%Welcome, {tier} member"' }, to: { default: 3 } },
  { id: 3, type: 'RETURN', label: 'Back', properties: { ReturnValue: 'greeted {tier}' } },
]);

describe('a Studio script through the emulator over HTTP', () => {
  let emu: RunningEmulator;
  let token: string;
  before(async () => {
    emu = await startEmulator({ flows: [main, greeting], credentials });
    const res = await fetch(`${emu.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => emu.close());
  const debug = (body: unknown) =>
    fetch(`${emu.url}/api/v2/flows/debug`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  test('mocks drive the hours check and the REST snippet; the sub-script is found by name', async () => {
    const res = await debug({
      flowId: 'Main IVR',
      input: { dtmf: '1', speech: '' },
      options: { trace: true, includeVariables: true, maxLoops: 20 },
      mocks: { 'Check hours': { branch: 'OnOpen' }, 'Lookup account': { variables: { tier: 'Gold' } } },
      clock: '2026-12-01T09:30:00-05:00',
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as DebugResponse;
    assert.deepEqual(body.path, [
      'Begin',
      'Check hours',
      'Lookup account',
      'Greet',
      'Greeting/Begin',
      'Greeting/Hello',
      'Greeting/Back',
      'Main Menu',
      'Sales',
    ]);
    assert.equal(body.trace.find((t) => t.nodeId === 'Greeting/Hello')?.prompt, '"%Welcome, Gold member"');
    assert.equal(body.trace.at(-1)!.target, 'Sales_Gold');
    assert.equal(body.variables.said, 'greeted Gold');
    assert.equal(body.trace[1]!.mock, 'Check hours');
  });

  test('unmocked: a 500 whose message says which mock to add', async () => {
    const res = await debug({
      flowId: 'Main IVR',
      input: { dtmf: '', speech: '' },
      options: { trace: true, includeVariables: false, maxLoops: 20 },
    });
    assert.equal(res.status, 500);
    const body = (await res.json()) as { error: string; message: string; trace: unknown[] };
    assert.equal(body.error, 'FlowCompilationFailure');
    assert.match(
      body.message,
      /'Check hours' \(HOURS #2\) is not executed by the emulator: add mocks: \{ 'Check hours': \{ branch: OnOpen/,
    );
    assert.equal(body.trace.length, 2, 'the trace up to the failing action');
  });

  test('a mock shape the emulator cannot read is a 400', async () => {
    const res = await debug({ flowId: 'Main IVR', mocks: { 'Check hours': 'open' } });
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { message: string }).message,
      /'mocks.Check hours' is "open", expected an outcome \{ branch, variables \}/,
    );
  });
});

const FLOW = `id: account-lookup
start: s
nodes:
  s: { type: Start, next: lookup }
  lookup: { type: External, name: GET /accounts, branches: { notFound: unknown }, next: vip }
  vip: { type: Condition, if: { variable: tier, op: eq, value: gold }, then: gold, else: std }
  gold: { type: Route, target: Gold }
  std: { type: Route, target: Standard }
  unknown: { type: Exit }
`;

const SCENARIOS = `flow: account-lookup
mocks:
  lookup: { variables: { tier: std } }
scenarios:
  - name: gold caller
    mocks: { lookup: { variables: { tier: gold } } }
    expect: { path: [s, lookup, vip, gold], variables: { tier: gold } }
  - name: standard caller (file-level mock)
    expect: { path: [s, lookup, vip, std] }
  - name: unknown caller
    mocks: { lookup: [{ branch: notFound }] }
    expect: { exit: unknown }
`;

function workspace(): string {
  const dir = makeWorkspace();
  writeFiles(dir, { 'flows/lookup.yaml': FLOW, 'cxone-tests/lookup.yaml': SCENARIOS });
  return dir;
}

describe('a scenario file with mocks through the built action', () => {
  test('on the emulator: every mocked scenario passes', async () => {
    const run = await runAction({ workspace: workspace(), inputs: { target: 'emulator', flows: 'flows/*.yaml' } });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(
      run.report.scenarios.map((s: { name: string; status: string }) => [s.name, s.status]),
      [
        ['gold caller', 'passed'],
        ['standard caller (file-level mock)', 'passed'],
        ['unknown caller', 'passed'],
      ],
    );
  });

  test('on CXone (an emulator standing in for it): mocks are not sent, and a warning says so', async () => {
    const { parseFlowFile } = await import('../../src/flow/load.ts');
    const cxone = await startEmulator({ flows: [parseFlowFile(FLOW, 'lookup.yaml').flow!], credentials });
    try {
      const run = await runAction({
        workspace: workspace(),
        inputs: { 'base-url': cxone.url, 'client-id': credentials.clientId, 'client-secret': credentials.clientSecret },
      });
      assert.equal(run.code, 1, run.stdout);
      assert.match(
        run.stdout,
        /3 scenarios \(first: 'gold caller' in cxone-tests\/lookup.yaml\) give mocks or clock, which only the emulator applies/,
      );
      // Without the mocks the External node has none: the debug call fails, as the real call would differ.
      assert.ok(
        run.report.scenarios.every((s: { status: string }) => s.status === 'error'),
        JSON.stringify(run.report.scenarios.map((s: { status: string }) => s.status)),
      );
    } finally {
      await cxone.close();
    }
  });
});
