// Studio script JSON as a flow source: shape, problems with file, line, action and key, path
// names, aliases, and loading beside YAML flow definitions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFlowLookup, flowEdges, isStudioScript } from '../../src/domain/flow.ts';
import { studioPathNames } from '../../src/domain/studio.ts';
import { loadFlows, parseLoadedFlowFile, type FlowProblem } from '../../src/flow/load.ts';
import { createUnknownFlowCheck } from '../../src/flow/preflight.ts';
import { FIXTURES } from '../helpers/action.ts';

const FIXTURE_TEXT = readFileSync(path.join(FIXTURES, 'studio/main-ivr.json'), 'utf8');
type Script = Record<string, any>;
const fixture = (): Script => JSON.parse(FIXTURE_TEXT);
const FILE = 'ivr/Main IVR.json';

/** 1-based line of the first line of `text` that contains `needle` (after `after`, when given). */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
  assert.ok(i >= 0, `'${needle}' is in the text`);
  return i + 1;
}

describe('a Studio script loads as a flow', () => {
  test('the fixture: id, aliases, start, actions by path name with lines, connectors labelled', () => {
    const { flow, problems } = parseLoadedFlowFile(FIXTURE_TEXT, FILE);
    assert.deepEqual(problems, []);
    assert.ok(flow && isStudioScript(flow));
    assert.equal(flow.id, 'Main IVR');
    assert.deepEqual(flow.aliases, ['ivr/Main IVR', '46100']);
    assert.equal(flow.start, 'Begin');
    assert.equal(flow.source.line, lineOf(FIXTURE_TEXT, '"scriptName"'));
    assert.equal(flow.nodes['Main Menu']?.type, 'MENU');
    assert.equal(flow.source.nodeLines['Main Menu'], lineOf(FIXTURE_TEXT, '"3": {'));
    assert.equal(flow.nodes['Main Menu']?.properties['Variable'], 'MENUCHOICE');
    assert.equal(flow.nodes['HANGUP#10']?.type, 'HANGUP', 'a label-less action is TYPE#id');
    assert.deepEqual(
      flowEdges(flow).filter((e) => e.from === 'Main Menu'),
      [
        { from: 'Main Menu', to: 'Set Sales', label: 'case 1' },
        { from: 'Main Menu', to: 'Set Support', label: 'case 2' },
        { from: 'Main Menu', to: 'Goodbye', label: 'Default' },
      ],
    );
  });

  test('keys Studio adds that the loader does not read are ignored: top level, in actions, in connectors', () => {
    const s = fixture();
    s.lockInfo = { user: 'someone' };
    s.newStudioFeature = [1, 2, 3];
    s.actions['2'].elbows = [];
    s.branches['2'][0].ports = '';
    const { flow, problems } = parseLoadedFlowFile(JSON.stringify(s, null, 2), FILE);
    assert.deepEqual(problems, []);
    assert.ok(flow);
  });

  test('a property value that is a number, true/false or a list (seen in saved files) is kept as its JSON text', () => {
    const s = fixture();
    s.properties['1']['3'].value = ['Param1', 'Param2'];
    s.properties['3']['3'].value = 1;
    const { flow, problems } = parseLoadedFlowFile(JSON.stringify(s, null, 2), FILE);
    assert.deepEqual(problems, []);
    assert.ok(flow && isStudioScript(flow));
    assert.equal(flow.nodes['Begin']?.properties['Parameters'], '["Param1","Param2"]');
    assert.equal(flow.nodes['Main Menu']?.properties['MaxDigits'], '1');
  });
});

interface ProblemCase {
  name: string;
  edit: (s: Script) => void;
  /** Or a text edit, for what JSON.stringify cannot write. */
  text?: (t: string) => string;
  code: FlowProblem['code'];
  key: string;
  /** The problem's line is the first line holding `line[0]` (after the first holding `line[1]`). */
  line: [string, string?];
  /** Words the message must have: the action's id and label where there is one. */
  says: string[];
  /** The script still loads (the problem matters only when a call gets there). */
  usable?: boolean;
}

const PROBLEMS: ProblemCase[] = [
  {
    name: 'no header',
    edit: (s) => delete s.header,
    code: 'FLOW_STUDIO_INVALID',
    key: 'header',
    line: ['{'],
    says: ["'header' is nothing"],
  },
  {
    name: 'no scriptName',
    edit: (s) => delete s.header.scriptName,
    code: 'FLOW_STUDIO_INVALID',
    key: 'header.scriptName',
    line: ['"header"'],
    says: ['scriptName', 'flow id'],
  },
  {
    name: 'an action without a name',
    edit: (s) => delete s.actions['4'].name,
    code: 'FLOW_STUDIO_INVALID',
    key: 'actions.4.name',
    line: ['"4": {'],
    says: ["action 4 'Set Sales'", 'action type'],
  },
  {
    name: 'actionId is not the key',
    edit: (s) => (s.actions['4'].actionId = 40),
    code: 'FLOW_STUDIO_INVALID',
    key: 'actions.4.actionId',
    line: ['"actionId": 40'],
    says: ["action 4 'Set Sales' (ASSIGN)", 'expected 4'],
  },
  {
    name: 'a connector to an action that does not exist',
    edit: (s) => (s.branches['3'][2].to = 99),
    code: 'FLOW_STUDIO_INVALID',
    key: 'branches.3[2].to',
    line: ['"to": 99'],
    says: ["action 3 'Main Menu' (MENU)", "'Default' goes to action 99"],
    usable: true,
  },
  {
    name: 'a connector type that is not default, case or branch',
    edit: (s) => (s.branches['3'][1].type = 'choice'),
    code: 'FLOW_STUDIO_INVALID',
    key: 'branches.3[1].type',
    line: ['"choice"'],
    says: ["action 3 'Main Menu'", '"default", "case" or "branch"'],
  },
  {
    name: 'a case connector without its value',
    edit: (s) => (s.branches['3'][0].label = ' '),
    code: 'FLOW_STUDIO_INVALID',
    key: 'branches.3[0].label',
    line: ['"label": " "'],
    says: ["action 3 'Main Menu'", 'case value'],
  },
  {
    name: 'no BEGIN',
    edit: (s) => (s.actions['1'].name = 'PLAY'),
    code: 'FLOW_STUDIO_INVALID',
    key: 'actions',
    line: ['"actions"'],
    says: ['no BEGIN action', 'exactly one'],
  },
  {
    name: 'two BEGINs',
    edit: (s) => (s.actions['2'].name = 'BEGIN'),
    code: 'FLOW_STUDIO_INVALID',
    key: 'actions.2',
    line: ['"2": {'],
    says: ['2 BEGIN actions (1, 2)'],
  },
  {
    name: 'a property value that is an object',
    edit: (s) => (s.properties['3']['7'].value = { name: 'MENUCHOICE' }),
    code: 'FLOW_STUDIO_INVALID',
    key: 'properties.3.7.value',
    line: ['"value": {'],
    says: ["action 3 'Main Menu' (MENU)", "property 'Variable' is an object", 'expected a string'],
  },
  {
    name: 'properties of an action that is not in actions',
    edit: (s) => (s.properties['77'] = {}),
    code: 'FLOW_STUDIO_INVALID',
    key: 'properties.77',
    line: ['"77"'],
    says: ['action 77', "not in 'actions'"],
  },
  {
    name: 'an action type the emulator does not execute',
    edit: (s) => (s.actions['8'].name = 'HOURS'),
    code: 'FLOW_STUDIO_UNEXECUTED',
    key: 'actions.8.name',
    line: ['"8": {'],
    says: ["action 8 'Hold Wait' (HOURS)", "mock it in the scenario (mocks: { 'Hold Wait': { branch: … } }) or it stops the run"],
    usable: true,
  },
  {
    name: 'a key given twice',
    edit: () => {},
    text: (t) => t.replace('"label": "Main Menu",', '"label": "Main Menu",\n      "label": "Other",'),
    code: 'FLOW_STUDIO_INVALID',
    key: 'actions.3.label',
    line: ['"label": "Other"'],
    says: ['"label" is given twice'],
  },
  {
    name: 'a syntax error, with its column',
    edit: () => {},
    text: (t) => t.replace('"label": "Main Menu",', '"label": "Main Menu",,'),
    code: 'FLOW_JSON',
    key: '',
    line: ['"label": "Main Menu"'],
    says: ['column 28', 'expected a key in double quotes'],
  },
  {
    name: 'a comment',
    edit: () => {},
    text: (t) => t.replace('"actions": {', '"actions": { // the canvas'),
    code: 'FLOW_JSON',
    key: '',
    line: ['// the canvas'],
    says: ['a comment, which JSON does not allow'],
  },
  {
    name: 'a trailing comma',
    edit: () => {},
    text: (t) => t.replace('"variableRedaction": ""', '"variableRedaction": "",'),
    code: 'FLOW_JSON',
    key: '',
    line: ['}', '"variableRedaction"'],
    says: ['expected a key in double quotes'],
  },
  {
    name: 'nesting deeper than 64 levels',
    edit: () => {},
    text: (t) => t.replace('"lockInfo": null', `"lockInfo": ${'['.repeat(70)}${']'.repeat(70)}`),
    code: 'FLOW_JSON',
    key: '',
    line: ['"lockInfo"'],
    says: ['nests deeper than 64 levels'],
  },
];

describe('Studio script problems name the file, line, action and key', () => {
  for (const c of PROBLEMS) {
    test(c.name, () => {
      const s = fixture();
      c.edit(s);
      let text = JSON.stringify(s, null, 2);
      if (c.text) text = c.text(text);
      const { flow, problems } = parseLoadedFlowFile(text, FILE);
      assert.equal(problems.length, 1, JSON.stringify(problems, null, 2));
      const [p] = problems as [FlowProblem];
      assert.equal(p.code, c.code);
      assert.equal(p.file, FILE);
      assert.equal(p.key, c.key);
      assert.equal(p.line, lineOf(text, c.line[0], c.line[1]), p.message);
      for (const words of c.says) assert.ok(p.message.includes(words), `"${p.message}" says ${words}`);
      assert.equal(flow !== undefined, c.usable === true, 'usable as expected');
    });
  }

  test('a file with many problems says the first 50 and how many more', () => {
    const s = fixture();
    for (let i = 100; i < 200; i++) s.properties[String(i)] = {};
    const { problems } = parseLoadedFlowFile(JSON.stringify(s, null, 2), FILE);
    assert.equal(problems.length, 51);
    assert.equal(problems.at(-1)?.message, 'and 50 more problems in this file');
  });
});

describe('path names: unique in every script', () => {
  const cases: { name: string; actions: [string, string, string][]; names: string[] }[] = [
    {
      name: 'unique labels as they are',
      actions: [
        ['1', 'BEGIN', 'Begin'],
        ['2', 'MENU', 'Menu'],
      ],
      names: ['Begin', 'Menu'],
    },
    {
      name: 'a label used twice gets #id',
      actions: [
        ['1', 'PLAY', 'Hi'],
        ['2', 'PLAY', 'Hi'],
      ],
      names: ['Hi#1', 'Hi#2'],
    },
    {
      name: 'no label: TYPE#id',
      actions: [
        ['1', 'BEGIN', ''],
        ['7', 'END', ''],
      ],
      names: ['BEGIN#1', 'END#7'],
    },
    {
      name: "a label that reads like another's generated name is qualified too",
      actions: [
        ['3', 'PLAY', 'X#7'],
        ['7', 'PLAY', 'X'],
        ['9', 'PLAY', 'X'],
      ],
      names: ['X#7#3', 'X#7', 'X#9'],
    },
    {
      name: 'a label that reads like TYPE#id',
      actions: [
        ['2', 'PLAY', 'END#4'],
        ['4', 'END', ''],
      ],
      names: ['END#4#2', 'END#4'],
    },
    {
      name: 'a chain of such labels',
      actions: [
        ['1', 'PLAY', 'A#2#3'],
        ['3', 'PLAY', 'A#2'],
        ['2', 'PLAY', 'A'],
        ['5', 'PLAY', 'A'],
      ],
      names: ['A#2#3#1', 'A#2#3', 'A#2', 'A#5'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const names = studioPathNames(c.actions.map(([actionId, type, label]) => ({ actionId, type, label })));
      assert.deepEqual(
        c.actions.map(([id]) => names[id]),
        c.names,
      );
      assert.equal(new Set(Object.values(names)).size, c.actions.length);
    });
  }

  test('a loaded script with colliding labels keeps every action, each under its own name', () => {
    const s = fixture();
    s.actions['4'].label = 'Hold Wait#8';
    s.actions['9'].label = 'Hold Wait';
    const { flow, problems } = parseLoadedFlowFile(JSON.stringify(s, null, 2), FILE);
    assert.deepEqual(problems, []);
    assert.ok(flow && isStudioScript(flow));
    assert.equal(Object.keys(flow.nodes).length, 10);
    assert.equal(flow.pathNames['4'], 'Hold Wait#8#4');
    assert.equal(flow.pathNames['8'], 'Hold Wait#8');
    assert.equal(flow.pathNames['9'], 'Hold Wait#9');
  });
});

describe('a Studio script is found by id or alias', () => {
  const { flow } = parseLoadedFlowFile(FIXTURE_TEXT, 'Sales/Main IVR.json');
  const find = createFlowLookup([flow!]);
  for (const name of ['Main IVR', 'Sales/Main IVR', 'Sales\\Main IVR', '46100']) {
    test(`'${name}'`, () => assert.equal(find(name)?.id, 'Main IVR'));
  }
  test('not by the file name with .json, nor another case', () => {
    assert.equal(find('Sales/Main IVR.json'), undefined);
    assert.equal(find('main ivr'), undefined);
  });
  test('a script without masterId has only its path as alias', () => {
    const s = fixture();
    delete s.header.masterId;
    const loaded = parseLoadedFlowFile(JSON.stringify(s), 'Sales/Main IVR.json').flow;
    assert.deepEqual(loaded && isStudioScript(loaded) ? loaded.aliases : undefined, ['Sales/Main IVR']);
  });
  test("preflight's unknown-flow check knows aliases and hints at them", () => {
    const check = createUnknownFlowCheck({ flows: [flow!], problems: [] });
    assert.equal(check('Sales\\Main IVR'), undefined);
    assert.match(check('Sales/Main IV') ?? '', /did you mean 'Sales\/Main IVR'/);
  });
});

describe('loadFlows reads Studio scripts beside YAML flow definitions', () => {
  async function workspace(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'studio-load-'));
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    return dir;
  }
  const YAML_FLOW = 'id: hello\nstart: s\nnodes:\n  s: { type: Start, next: e }\n  e: { type: Exit }\n';
  const JSON_FLOW = JSON.stringify(
    { id: 'json-flow', start: 's', nodes: { s: { type: 'Start', next: 'e' }, e: { type: 'Exit' } } },
    null,
    2,
  );

  test('a script, a YAML flow and a flow definition written as JSON load together; other JSON is a problem', async () => {
    const dir = await workspace({
      'flows/Studio/Main IVR.json': FIXTURE_TEXT,
      'flows/hello.yaml': YAML_FLOW,
      'flows/json-flow.json': JSON_FLOW,
      'flows/package.json': '{ "name": "not-a-flow" }',
    });
    try {
      const loaded = await loadFlows({ workspace: dir, patterns: ['flows/**/*.{yaml,json}'] });
      assert.deepEqual(loaded.flows.map((f) => f.id).sort(), ['Main IVR', 'hello', 'json-flow']);
      assert.deepEqual(
        loaded.problems.map((p) => [p.code, p.file, p.line]),
        [['FLOW_INVALID', 'flows/package.json', 1]],
      );
      assert.match(loaded.problems[0]!.message, /expected a Studio script \(an object with "header" and "actions"\) or a flow definition/);
      const studio = loaded.flows.find(isStudioScript);
      assert.deepEqual(studio?.aliases, ['flows/Studio/Main IVR', '46100']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const duplicates: { name: string; files: Record<string, string>; message: RegExp; key: string }[] = [
    {
      name: 'a YAML flow with the id of a script',
      files: { 'a/Main IVR.json': FIXTURE_TEXT, 'b/dup.yaml': YAML_FLOW.replace('id: hello', "id: 'Main IVR'") },
      message: /flow id 'Main IVR' is already defined in a\/Main IVR.json:3/,
      key: 'id',
    },
    {
      name: 'two scripts of one name in two stage folders',
      files: { 'Development/main/Main IVR.json': FIXTURE_TEXT, 'Production/Main IVR.json': FIXTURE_TEXT.replace('46100', '46200') },
      message: /flow id 'Main IVR' is already defined in Development\/main\/Main IVR.json:3/,
      key: 'header.scriptName',
    },
    {
      name: 'a YAML flow whose id is the masterId of a script',
      files: { 'a/Main IVR.json': FIXTURE_TEXT, 'b/dup.yaml': YAML_FLOW.replace('id: hello', "id: '46100'") },
      message: /flow id '46100' already names flow 'Main IVR' in a\/Main IVR.json:3/,
      key: 'id',
    },
  ];
  for (const c of duplicates) {
    test(`duplicate ids across kinds: ${c.name}`, async () => {
      const dir = await workspace(c.files);
      try {
        const loaded = await loadFlows({ workspace: dir, patterns: ['**/*.{yaml,json}'] });
        assert.equal(loaded.flows.length, 1);
        assert.equal(loaded.problems.length, 1);
        assert.equal(loaded.problems[0]?.code, 'FLOW_DUPLICATE_ID');
        assert.equal(loaded.problems[0]?.key, c.key);
        assert.match(loaded.problems[0]?.message ?? '', c.message);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
