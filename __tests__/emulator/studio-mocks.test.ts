import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { executeStudio } from '../../src/emulator/studio/execute.ts';
import { DEFAULT_CLOCK } from '../../src/domain/clock.ts';
import type { EngineResult } from '../../src/emulator/engine.ts';
import type { DebugResponse, MockOutcome } from '../../src/domain/wire.ts';
import { lookupOf, studioRequest, studioScript } from '../helpers/studio-builder.ts';

function ok(result: EngineResult): DebugResponse {
  assert.equal(result.status, 200, `expected 200, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as DebugResponse;
}

function failMessage(result: EngineResult): string {
  assert.equal(result.status, 500, `expected 500, got ${result.status}: ${JSON.stringify(result.body)}`);
  return (result.body as { message: string }).message;
}

// An hours check (not executed: it needs a mock) before a REST lookup in a snippet, retried by the menu.
const main = studioScript('main', [
  { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
  { id: 2, type: 'HOURS', label: 'Check hours', properties: { Profile: 'Support' }, to: { OnOpen: 3, OnClosed: 9, default: 9 } },
  {
    id: 3,
    type: 'SNIPPET',
    label: 'Lookup account',
    properties: { Data: 'ASSIGN proxy = GetRESTProxy()\nASSIGN tier = proxy.MakeRestRequest("https://x.invalid", "", 0, "GET")' },
    to: { default: 4, OnError: 9 },
  },
  { id: 4, type: 'CASE', label: 'By tier', properties: { Variable: 'tier' }, to: { 'case:gold': 5, default: 6 } },
  { id: 5, type: 'REQAGENT', label: 'Gold line', properties: { Skill: 'Gold' } },
  { id: 6, type: 'REQAGENT', label: 'Standard line', properties: { Skill: 'Standard' } },
  { id: 9, type: 'VOICEMAIL', label: 'After hours', properties: { Mailbox: 'closed' } },
]);
const open = { 'Check hours': { branch: 'OnOpen' } };

describe('executeStudio: mocks', () => {
  test('an unexecuted action without a mock is a 500 naming it and the mock to add', () => {
    const message = failMessage(executeStudio(main, studioRequest()));
    assert.match(
      message,
      /action 'Check hours' \(HOURS #2\) is not executed by the emulator: add mocks: \{ 'Check hours': \{ branch: OnOpen, variables: \{…\} \} \} to the scenario/,
    );
  });
  test('a snippet that calls out, unmocked, is a 500 naming the call', () => {
    const message = failMessage(executeStudio(main, studioRequest({ mocks: open })));
    assert.match(
      message,
      /action 'Lookup account' \(SNIPPET #3\) calls GetRESTProxy \(snippet line 1\): add mocks: \{ 'Lookup account': \{ branch: Default/,
    );
  });
  const cases: { name: string; mocks: Record<string, MockOutcome | MockOutcome[]>; path: string[]; vars?: Record<string, string> }[] = [
    {
      name: 'one outcome: the branch and the variables',
      mocks: { ...open, 'Lookup account': { variables: { tier: 'gold' } } },
      path: ['Begin', 'Check hours', 'Lookup account', 'By tier', 'Gold line'],
      vars: { tier: 'gold' },
    },
    { name: 'a named branch', mocks: { 'Check hours': { branch: 'OnClosed' } }, path: ['Begin', 'Check hours', 'After hours'] },
    {
      name: 'branch names ignore case and the On prefix',
      mocks: { 'Check hours': { branch: 'closed' } },
      path: ['Begin', 'Check hours', 'After hours'],
    },
    {
      name: 'key by action id, and a snippet mocked on its error branch',
      mocks: { '2': { branch: 'OnOpen' }, 'Lookup account': { branch: 'OnError' } },
      path: ['Begin', 'Check hours', 'Lookup account', 'After hours'],
    },
    {
      name: 'an executed action may be mocked too (CASE by a case value)',
      mocks: { ...open, 'Lookup account': {}, 'By tier': { branch: 'gold' } },
      path: ['Begin', 'Check hours', 'Lookup account', 'By tier', 'Gold line'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const body = ok(executeStudio(main, studioRequest({ mocks: c.mocks })));
      assert.deepEqual(body.path, c.path);
      for (const [k, v] of Object.entries(c.vars ?? {})) assert.equal(body.variables[k], v);
      assert.ok(
        body.trace.some((t) => typeof t.mock === 'string'),
        'a mocked action says which mock it took',
      );
    });
  }

  // A retry: the hours check runs once per pass through the menu.
  const retry = studioScript('main', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'DATADIP', label: 'Agents free', to: { default: 3, OnError: 4 } },
    { id: 3, type: 'IF', label: 'Any?', properties: { Expression: 'free > 0' }, to: { True: 5, False: 6 } },
    { id: 6, type: 'WAIT', label: 'Hold', properties: { Seconds: '10' }, to: { default: 2 } },
    { id: 4, type: 'HANGUP', label: 'Error' },
    { id: 5, type: 'REQAGENT', label: 'Queue', properties: { Skill: 'Support' } },
  ]);
  test('successive outcomes: one per visit, in order', () => {
    const mocks = { 'Agents free': [{ variables: { free: 0 } }, { variables: { free: 0 } }, { variables: { free: 2 } }] };
    const body = ok(executeStudio(retry, studioRequest({ mocks })));
    assert.equal(body.path.filter((p) => p === 'Agents free').length, 3);
    assert.equal(body.exitNode, 'Queue');
    assert.deepEqual(
      body.trace.filter((t) => t.nodeId === 'Agents free').map((t) => t.variables?.free),
      [0, 0, 2],
    );
  });
  test('past the end of the list the last outcome repeats (here until maxLoops)', () => {
    const mocks = { 'Agents free': [{ variables: { free: 2 } }, { variables: { free: 0 } }] };
    const first = ok(executeStudio(retry, studioRequest({ mocks })));
    assert.equal(first.exitNode, 'Queue');
    const body = ok(executeStudio(retry, studioRequest({ mocks: { 'Agents free': [{ variables: { free: 0 } }] }, maxLoops: 5 })));
    assert.equal(body.exitNode, null);
    assert.equal(body.trace.at(-1)!.status, 'MaxLoopsExceeded');
  });
  test('a key naming no action is a 500 with the nearest name', () => {
    const message = failMessage(executeStudio(main, studioRequest({ mocks: { 'Chek hours': { branch: 'OnOpen' } } })));
    assert.match(
      message,
      /mocks names 'Chek hours', which is not an action of the script or of a script it runs \(did you mean 'Check hours'\?\)/,
    );
  });
  test('a branch that is not a connector of the action is a 500 listing its connectors', () => {
    const message = failMessage(executeStudio(main, studioRequest({ mocks: { 'Check hours': { branch: 'OnOpne' } } })));
    assert.match(
      message,
      /mock 'Check hours' takes branch 'OnOpne', which is not a connector of 'Check hours' \(HOURS #2\) \(did you mean 'OnOpen'\?\); its connectors: OnOpen, OnClosed, Default/,
    );
  });
  test('an action without connectors, mocked, ends the call there', () => {
    const script = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'SMS', label: 'Text a link' },
    ]);
    const body = ok(executeStudio(script, studioRequest({ mocks: { 'Text a link': { variables: { sent: true } } } })));
    assert.equal(body.exitNode, 'Text a link');
    assert.equal(body.variables.sent, true);
  });
});

describe('executeStudio: clock', () => {
  const script = studioScript('main', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'SNIPPET', label: 'Stamp', properties: { Data: 'ASSIGN stamp = now()\nASSIGN day = dow(now())' }, to: { default: 3 } },
    { id: 3, type: 'IF', label: 'Weekend?', properties: { Expression: 'day = 0 | day = 6' }, to: { True: 4, False: 5 } },
    { id: 4, type: 'HANGUP', label: 'Closed' },
    { id: 5, type: 'REQAGENT', label: 'Open', properties: { Skill: 'Support' } },
  ]);
  test('the clock given is the time the script sees, in its zone', () => {
    const body = ok(executeStudio(script, studioRequest({ clock: '2026-12-05T10:30:00-05:00' })));
    assert.equal(body.exitNode, 'Closed');
    assert.match(String(body.variables.stamp), /^2026-12-05T10:30:00/);
  });
  test(`no clock: the fixed default ${DEFAULT_CLOCK} (a Monday), never the wall clock`, () => {
    const a = ok(executeStudio(script, studioRequest()));
    assert.equal(a.exitNode, 'Open');
    assert.equal(a.variables.day, 1);
    assert.match(String(a.variables.stamp), /^2026-01-05T09:00:00/);
  });
  test('a clock without a zone is a 500 saying what is expected', () => {
    assert.match(
      failMessage(executeStudio(script, studioRequest({ clock: '2026-12-05T10:30:00' }))),
      /clock "2026-12-05T10:30:00" expected an ISO 8601 date-time with a zone/,
    );
  });
});

describe('executeStudio: RUNSUB, RETURN, RUNSCRIPT', () => {
  const caller = (props: Record<string, string>) =>
    studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      {
        id: 2,
        type: 'RUNSUB',
        label: 'Get balance',
        properties: { ScriptName: 'Balance', ReturnVariable: 'bal', ...props },
        to: { default: 3 },
      },
      { id: 3, type: 'END', label: 'Bye' },
    ]);
  const sub = (beginParams: string) =>
    studioScript('Balance', [
      { id: 1, type: 'BEGIN', label: 'Begin', properties: { Parameters: beginParams }, to: { default: 2 } },
      {
        id: 2,
        type: 'ASSIGN',
        label: 'Compute',
        properties: { Variable: 'global:seen', Value: '{p1}{account}-{p2}{tier}' },
        to: { default: 3 },
      },
      { id: 3, type: 'ASSIGN', label: 'Scratch', properties: { Variable: 'local', Value: 'x' }, to: { default: 4 } },
      { id: 4, type: 'RETURN', label: 'Back', properties: { ReturnValue: '{p1}{account}0' } },
    ]);
  for (const c of [
    { name: 'named parameters (BEGIN Parameters)', names: 'account|tier', seen: '42-gold', bal: '420' },
    { name: 'unnamed parameters arrive as p1, p2', names: '', seen: '42-gold', bal: '420' },
    { name: 'names as a JSON list', names: '["account","tier"]', seen: '42-gold', bal: '420' },
  ]) {
    test(`RUNSUB and RETURN: ${c.name}`, () => {
      const body = ok(
        executeStudio(caller({ Parameters: '{acct}|gold' }), studioRequest({ variables: { acct: '42' } }), lookupOf(sub(c.names))),
      );
      assert.deepEqual(body.path, ['Begin', 'Get balance', 'Balance/Begin', 'Balance/Compute', 'Balance/Scratch', 'Balance/Back', 'Bye']);
      assert.equal(body.variables.bal, c.bal);
      assert.equal(body.variables.seen, c.seen, 'a global: variable outlives the sub-script');
      assert.equal(body.variables.local, undefined, 'other sub-script variables do not');
      assert.equal(body.trace[1]!.target, 'Balance');
      assert.equal(body.exitNode, 'Bye');
    });
  }
  test('a SNIPPET in a sub-script assigning global:name: the variable outlives the sub-script', () => {
    const snippetSub = studioScript('Balance', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'SNIPPET', label: 'Code', properties: { Data: 'ASSIGN global:flag = "on"\nASSIGN temp = 1' }, to: { default: 3 } },
      { id: 3, type: 'RETURN', label: 'Back' },
    ]);
    const body = ok(executeStudio(caller({}), studioRequest(), lookupOf(snippetSub)));
    assert.equal(body.variables.flag, 'on');
    assert.equal(body.variables.temp, undefined);
    assert.equal(body.variables['global:flag'], undefined);
  });
  test('a sub-script that is not loaded is a 500 naming it', () => {
    const message = failMessage(executeStudio(caller({}), studioRequest(), lookupOf()));
    assert.match(message, /'Get balance' \(RUNSUB #2\) runs 'Balance', which is not among the loaded scripts/);
  });
  test("a sub-script's actions are mocked by their qualified names", () => {
    const body = ok(
      executeStudio(caller({}), studioRequest({ mocks: { 'Balance/Compute': { variables: { seen: 'mocked' } } } }), lookupOf(sub(''))),
    );
    assert.equal(body.variables.seen, undefined, 'a mock sets variables in the sub-script, not as globals');
    assert.ok(body.trace.find((t) => t.nodeId === 'Balance/Compute')?.mock === 'Balance/Compute');
  });
  test('a sub-script calling itself stops at maxLoops', () => {
    const loop = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'RUNSUB', label: 'Again', properties: { ScriptName: 'main' }, to: { default: 3 } },
      { id: 3, type: 'RETURN', label: 'Back' },
    ]);
    const body = ok(executeStudio(loop, studioRequest({ maxLoops: 5 }), lookupOf(loop)));
    assert.equal(body.exitNode, null);
  });
  test('RUNSCRIPT continues in the other script with every variable, and never comes back', () => {
    const from = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'ASSIGN', label: 'Mark', properties: { Variable: 'from', Value: 'main' }, to: { default: 3 } },
      { id: 3, type: 'RUNSCRIPT', label: 'Go on', properties: { ScriptName: 'Folder\\Other' }, to: { default: 4 } },
      { id: 4, type: 'END', label: 'Never' },
    ]);
    const other = studioScript(
      'Other',
      [
        { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
        { id: 2, type: 'PLAY', label: 'Hello', properties: { Sequence: '"%Hello from {from}"' }, to: { default: 3 } },
        { id: 3, type: 'END', label: 'End' },
      ],
      { aliases: ['Folder/Other'] },
    );
    const body = ok(executeStudio(from, studioRequest(), lookupOf(other)));
    assert.deepEqual(body.path, ['Begin', 'Mark', 'Go on', 'Other/Begin', 'Other/Hello', 'Other/End']);
    assert.equal(body.trace[4]!.prompt, '"%Hello from main"');
    assert.equal(body.exitNode, 'Other/End');
  });
});
