import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { executeStudio } from '../../src/emulator/studio/execute.ts';
import type { EngineResult } from '../../src/emulator/engine.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import type { JsonValue } from '../../src/domain/json.ts';
import { studioRequest, studioScript } from '../helpers/studio-builder.ts';
import type { ActionSpec } from '../helpers/studio-builder.ts';

function ok(result: EngineResult): DebugResponse {
  assert.equal(result.status, 200, `expected 200, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as DebugResponse;
}

function fails(result: EngineResult): { message: string; trace: DebugResponse['trace'] } {
  assert.equal(result.status, 500, `expected 500, got ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as { message: string; trace: DebugResponse['trace'] };
}

const ends: ActionSpec[] = [
  { id: 3, type: 'REQAGENT', label: 'Sales', properties: { Skill: 'Sales' } },
  { id: 4, type: 'REQAGENT', label: 'Accounts', properties: { Skill: 'Accounts' } },
  { id: 5, type: 'HANGUP', label: 'Invalid' },
  { id: 6, type: 'END', label: 'No input' },
  { id: 7, type: 'HANGUP', label: 'Rejected' },
];

function menuScript(
  properties: Record<string, string>,
  to: Record<string, number> = { 'case:1': 3, 'case:1234': 4, default: 5, OnTimeout: 6 },
) {
  return studioScript('main', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'MENU', label: 'Main Menu', properties: { Variable: 'choice', Sequence: '"%For sales press 1"', ...properties }, to },
    ...ends,
  ]);
}

describe('executeStudio: MENU', () => {
  const cases: {
    name: string;
    props: Record<string, string>;
    dtmf: string;
    exit: string;
    branch: string;
    input?: string;
    choice?: string;
    to?: Record<string, number>;
  }[] = [
    {
      name: 'MaxDigits 1: a linked digit takes its case',
      props: { MaxDigits: '1' },
      dtmf: '1',
      exit: 'Sales',
      branch: 'case 1',
      input: '1',
      choice: '1',
    },
    {
      name: 'MaxDigits 1: an unlinked digit takes Default',
      props: { MaxDigits: '1' },
      dtmf: '7',
      exit: 'Invalid',
      branch: 'Default',
      input: '7',
      choice: '7',
    },
    { name: 'MaxDigits 1 takes one key of several', props: { MaxDigits: '1' }, dtmf: '12', exit: 'Sales', branch: 'case 1', input: '1' },
    { name: 'no keys left: OnTimeout', props: { MaxDigits: '1' }, dtmf: '', exit: 'No input', branch: 'OnTimeout' },
    {
      name: 'MaxDigits 4: four keys make the case',
      props: { MaxDigits: '4' },
      dtmf: '12345',
      exit: 'Accounts',
      branch: 'case 1234',
      input: '1234',
      choice: '1234',
    },
    {
      name: 'Terminator #- ends early and is left out of the value',
      props: { MaxDigits: '5', Terminator: '#-' },
      dtmf: '1234#',
      exit: 'Accounts',
      branch: 'case 1234',
      input: '1234#',
      choice: '1234',
    },
    {
      name: 'Terminator # (no minus) stays in the value',
      props: { MaxDigits: '5', Terminator: '#' },
      dtmf: '1#',
      exit: 'Invalid',
      branch: 'Default',
      choice: '1#',
    },
    {
      name: 'the terminator counts towards MaxDigits',
      props: { MaxDigits: '2', Terminator: '#-' },
      dtmf: '1#',
      exit: 'Sales',
      branch: 'case 1',
      choice: '1',
    },
    {
      name: 'OnTimeout not connected: Default',
      props: { MaxDigits: '1' },
      dtmf: '',
      exit: 'Invalid',
      branch: 'Default',
      to: { 'case:1': 3, default: 5 },
    },
    {
      name: 'a connected OnInvalid takes an unlinked digit before Default',
      props: { MaxDigits: '1' },
      dtmf: '9',
      exit: 'Rejected',
      branch: 'OnInvalid',
      to: { 'case:1': 3, default: 5, OnInvalid: 7 },
    },
    {
      name: 'Timeout (web Studio spelling) is OnTimeout',
      props: {},
      dtmf: '',
      exit: 'No input',
      branch: 'Timeout',
      to: { default: 5, Timeout: 6 },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const body = ok(executeStudio(menuScript(c.props, c.to), studioRequest({ dtmf: c.dtmf })));
      assert.deepEqual(body.path, ['Begin', 'Main Menu', c.exit]);
      assert.equal(body.exitNode, c.exit);
      const menu = body.trace[1]!;
      assert.equal(menu.type, 'MENU');
      assert.equal(menu.actionId, '2');
      assert.equal(menu.branch, c.branch);
      assert.equal(menu.prompt, '"%For sales press 1"');
      if (c.input !== undefined) assert.equal(menu.input, c.input);
      if (c.choice !== undefined) assert.equal(body.variables.choice, c.choice);
    });
  }

  test('REQAGENT: the skill is the trace target and the call ends there', () => {
    const body = ok(executeStudio(menuScript({}), studioRequest({ dtmf: '1' })));
    assert.equal(body.trace[2]!.target, 'Sales');
    assert.equal(body.trace[2]!.status, 'Completed');
    // BEGIN 45 + MENU 45; the route is entered at 90.
    assert.equal(body.duration, 90);
  });

  test('a MENU retry loop on Default stops at maxLoops visits of the menu', () => {
    const script = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'MENU', label: 'Ask', to: { 'case:1': 3, default: 2 } },
      { id: 3, type: 'END', label: 'Done' },
    ]);
    const body = ok(executeStudio(script, studioRequest({ dtmf: '', maxLoops: 4 })));
    assert.equal(body.exitNode, null);
    assert.equal(body.path.filter((p) => p === 'Ask').length, 5);
    assert.equal(body.trace.at(-1)!.status, 'MaxLoopsExceeded');
  });
});

describe('executeStudio: ASRMENU', () => {
  const script = studioScript('main', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    {
      id: 2,
      type: 'ASRMENU',
      label: 'Say it',
      properties: { Variable: 'said' },
      to: { 'case:billing': 3, 'case:sales': 4, OnNoMatch: 5, default: 6 },
    },
    ...ends,
  ]);
  for (const c of [
    { speech: 'I have a Billing question', exit: 'Sales', branch: 'case billing' },
    { speech: 'sales please', exit: 'Accounts', branch: 'case sales' },
    { speech: 'no idea', exit: 'Invalid', branch: 'OnNoMatch' },
    { speech: '', exit: 'No input', branch: 'Default' },
  ]) {
    test(`"${c.speech}" takes ${c.branch}`, () => {
      const body = ok(executeStudio(script, studioRequest({ speech: c.speech })));
      assert.equal(body.exitNode, c.exit);
      assert.equal(body.trace[1]!.branch, c.branch);
    });
  }
});

describe('executeStudio: PLAY with DetectDTMF', () => {
  const script = (play: Record<string, string>, menuClears: string) =>
    studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'PLAY', label: 'Greeting', properties: { Sequence: '"hello.wav"', ...play }, to: { default: 8, Digit: 9 } },
      { id: 8, type: 'MENU', label: 'Menu', properties: { ClearDigits: menuClears }, to: { 'case:2': 3, default: 5, OnTimeout: 6 } },
      { id: 9, type: 'MENU', label: 'Quick menu', properties: { ClearDigits: menuClears }, to: { 'case:2': 4, default: 5, OnTimeout: 6 } },
      ...ends,
    ]);
  for (const c of [
    {
      name: 'a key pressed during the prompt takes Digit, and the next menu hears it',
      play: { DetectDTMF: 'True' },
      clears: 'False',
      dtmf: '2',
      path: ['Greeting', 'Quick menu', 'Accounts'],
      branch: 'Digit',
    },
    {
      name: 'ClearDigits True on the next menu drops the key typed ahead',
      play: { DetectDTMF: 'True' },
      clears: 'True',
      dtmf: '2',
      path: ['Greeting', 'Quick menu', 'No input'],
      branch: 'Digit',
    },
    {
      name: 'the key after the one typed ahead is heard',
      play: { DetectDTMF: 'True' },
      clears: 'True',
      dtmf: '72',
      path: ['Greeting', 'Quick menu', 'Accounts'],
      branch: 'Digit',
    },
    {
      name: 'DetectDTMF False plays it all: Default',
      play: { DetectDTMF: 'False' },
      clears: 'True',
      dtmf: '2',
      path: ['Greeting', 'Menu', 'Sales'],
      branch: 'Default',
    },
    {
      name: 'no key: Default',
      play: { DetectDTMF: 'True' },
      clears: 'True',
      dtmf: '',
      path: ['Greeting', 'Menu', 'No input'],
      branch: 'Default',
    },
  ]) {
    test(c.name, () => {
      const body = ok(executeStudio(script(c.play, c.clears), studioRequest({ dtmf: c.dtmf })));
      assert.deepEqual(body.path, ['Begin', ...c.path]);
      assert.equal(body.trace[1]!.branch, c.branch);
      assert.equal(body.trace[1]!.prompt, '"hello.wav"');
    });
  }
});

describe('executeStudio: IF, CASE, ASSIGN', () => {
  const ifScript = (to: Record<string, number>) =>
    studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'IF', label: 'Big balance', properties: { Expression: 'balance > 100' }, to },
      ...ends,
    ]);
  for (const c of [
    { balance: 150, exit: 'Sales', branch: 'True' },
    { balance: '50', exit: 'Accounts', branch: 'False' },
  ]) {
    test(`IF balance ${c.balance} takes ${c.branch}`, () => {
      const body = ok(executeStudio(ifScript({ True: 3, False: 4 }), studioRequest({ variables: { balance: c.balance } })));
      assert.equal(body.exitNode, c.exit);
      assert.equal(body.trace[1]!.branch, c.branch);
    });
  }
  test('IF: a result with no connector is a 500 naming the action', () => {
    const failure = fails(executeStudio(ifScript({ False: 4 }), studioRequest({ variables: { balance: 150 } })));
    assert.match(failure.message, /'Big balance' \(IF #2\) is True, and neither that branch nor Default is connected/);
    assert.equal(failure.trace.at(-1)!.status, 'Error');
  });
  test('IF: an expression that does not parse is a 500 quoting it', () => {
    const script = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'IF', label: 'Broken', properties: { Expression: 'balance >' }, to: { True: 3, False: 4 } },
      ...ends,
    ]);
    assert.match(fails(executeStudio(script, studioRequest())).message, /'Broken' \(IF #2\) cannot evaluate "balance >"/);
  });

  const caseScript = studioScript('main', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'CASE', label: 'By language', properties: { Variable: 'lang' }, to: { 'case:en': 3, 'case:1': 4, default: 5 } },
    ...ends,
  ]);
  for (const c of [
    { lang: 'en', exit: 'Sales', branch: 'case en' },
    { lang: '01', exit: 'Accounts', branch: 'case 1' },
    { lang: 1, exit: 'Accounts', branch: 'case 1' },
    { lang: 'de', exit: 'Invalid', branch: 'Default' },
    { lang: undefined, exit: 'Invalid', branch: 'Default' },
  ]) {
    test(`CASE lang=${JSON.stringify(c.lang)} takes ${c.branch}`, () => {
      const variables: Record<string, JsonValue> = c.lang === undefined ? {} : { lang: c.lang };
      const body = ok(executeStudio(caseScript, studioRequest({ variables })));
      assert.equal(body.exitNode, c.exit);
      assert.equal(body.trace[1]!.branch, c.branch);
    });
  }

  const assigns: { name: string; props: Record<string, string>; expected: JsonValue }[] = [
    { name: 'String fills in {var}', props: { Value: 'Hello {name}!' }, expected: 'Hello Ann!' },
    { name: 'String keeps 1+1 as text', props: { Value: '1+1' }, expected: '1+1' },
    { name: 'Numeric evaluates', props: { Value: '1+2*3', Type: 'Numeric' }, expected: 7 },
    { name: 'a name in another case is the same variable', props: { Value: '{NAME}' }, expected: 'Ann' },
  ];
  for (const c of assigns) {
    test(`ASSIGN: ${c.name}`, () => {
      const script = studioScript('main', [
        { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
        { id: 2, type: 'ASSIGN', label: 'Set', properties: { Variable: 'out', ...c.props }, to: { default: 6 } },
        ...ends,
      ]);
      const body = ok(executeStudio(script, studioRequest({ variables: { name: 'Ann' } })));
      assert.deepEqual(body.variables.out, c.expected);
      assert.equal(body.trace[1]!.variables?.out, c.expected);
    });
  }
});

describe('executeStudio: LOOP', () => {
  const script = (repeat: string) =>
    studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'LOOP', label: 'Tries', properties: { Repeat: repeat, CounterName: 'try' }, to: { Repeat: 10, Finish: 5 } },
      { id: 10, type: 'MENU', label: 'Ask', to: { 'case:1': 6, default: 2 } },
      ...ends,
    ]);
  for (const c of [
    { repeat: '3', dtmf: '', tries: 3, exit: 'Invalid' },
    { repeat: '1', dtmf: '', tries: 1, exit: 'Invalid' },
    { repeat: '0', dtmf: '', tries: 0, exit: 'Invalid' },
    { repeat: '3', dtmf: '91', tries: 2, exit: 'No input' },
  ]) {
    test(`Repeat ${c.repeat} with keys "${c.dtmf}": ${c.tries} attempts`, () => {
      const body = ok(executeStudio(script(c.repeat), studioRequest({ dtmf: c.dtmf })));
      assert.equal(body.path.filter((p) => p === 'Ask').length, c.tries);
      assert.equal(body.exitNode, c.exit);
      const loops = body.trace.filter((t) => t.nodeId === 'Tries');
      if (c.exit === 'Invalid') assert.equal(loops.at(-1)!.branch, 'Finish');
      if (c.tries > 0) assert.equal(body.variables.try, c.tries);
    });
  }
  test('a Repeat that is not a number is a 500', () => {
    assert.match(fails(executeStudio(script('three'), studioRequest())).message, /'Tries' \(LOOP #2\) has Repeat "three"/);
  });
});

describe('executeStudio: routing and ending', () => {
  test('REQAGENT ends the call, routed to its skill; mocked, the script goes on past it (hold music, then hang up)', () => {
    const script = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'REQAGENT', label: 'To billing', properties: { Skill: '{skill}' }, to: { default: 3 } },
      { id: 3, type: 'MUSIC', label: 'Hold', properties: { MusicFile: 'hold.wav', SecondstoPlay: '30' }, to: { default: 4 } },
      { id: 4, type: 'WAIT', label: 'Pause', properties: { Seconds: '1.5' }, to: { default: 5 } },
      { id: 5, type: 'HANGUP', label: 'Bye' },
    ]);
    const routed = ok(executeStudio(script, studioRequest({ variables: { skill: 'Billing' } })));
    assert.deepEqual(routed.path, ['Begin', 'To billing']);
    assert.equal(routed.trace[1]!.target, 'Billing');
    assert.equal(routed.trace[1]!.status, 'Completed');
    assert.equal(routed.exitNode, 'To billing');

    const held = ok(
      executeStudio(script, studioRequest({ variables: { skill: 'Billing' }, mocks: { 'To billing': { branch: 'Default' } } })),
    );
    assert.deepEqual(held.path, ['Begin', 'To billing', 'Hold', 'Pause', 'Bye']);
    assert.equal(held.trace[2]!.prompt, 'hold.wav');
    // 45 + 55 + 30 s of music + 1.5 s of waiting.
    assert.equal(held.duration, 45 + 55 + 30_000 + 1500);
    assert.equal(held.exitNode, 'Bye');
  });
  for (const type of ['HANGUP', 'END', 'RETURN']) {
    test(`${type} ends the call`, () => {
      const script = studioScript('main', [
        { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
        { id: 2, type, label: 'Stop' },
      ]);
      const body = ok(executeStudio(script, studioRequest()));
      assert.equal(body.exitNode, 'Stop');
      assert.equal(body.trace.at(-1)!.status, 'Completed');
    });
  }
  test('VOICEMAIL routes to its mailbox', () => {
    const script = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'VOICEMAIL', label: 'Leave a message', properties: { Mailbox: 'after-hours' } },
    ]);
    const body = ok(executeStudio(script, studioRequest()));
    assert.equal(body.trace[1]!.target, 'after-hours');
    assert.equal(body.exitNode, 'Leave a message');
  });
  test('a PLAY with nothing connected is a 500: the script cannot go on', () => {
    const script = studioScript('main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'PLAY', label: 'Dead end' },
    ]);
    assert.match(
      fails(executeStudio(script, studioRequest())).message,
      /'Dead end' \(PLAY #2\) played, and neither that branch nor Default is connected/,
    );
  });
  test('a connector to a missing action is a 500', () => {
    const script = studioScript('main', [{ id: 1, type: 'BEGIN', label: 'Begin', to: { default: 42 } }]);
    assert.match(
      fails(executeStudio(script, studioRequest())).message,
      /'Begin' \(BEGIN #1\) goes to '#42', which is not an action of the script/,
    );
  });
  test('path names: a label used twice is label#id, no label is TYPE#id', () => {
    const script = studioScript('main', [
      { id: 1, type: 'BEGIN', to: { default: 2 } },
      { id: 2, type: 'PLAY', label: 'Say', to: { default: 3 } },
      { id: 3, type: 'PLAY', label: 'Say', to: { default: 4 } },
      { id: 4, type: 'END', label: 'End' },
    ]);
    assert.deepEqual(ok(executeStudio(script, studioRequest())).path, ['BEGIN#1', 'Say#2', 'Say#3', 'End']);
  });
});
