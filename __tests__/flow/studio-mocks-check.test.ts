// Scenario mocks against the loaded flows, before any call: a key naming no action of the flow (nor of a
// script it runs) and a branch that is not a connector are problems of the scenario file, at the key's
// line, with the nearest name; what is mocked is what the flow checks leave alone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { makeWorkspace, writeFiles } from '../helpers/action.ts';
import { cli } from '../helpers/cli.ts';
import { checkFlowGraph } from '../../src/analysis/graph.ts';
import type { LoadedFlow } from '../../src/domain/flow.ts';
import { parseLoadedFlowFile } from '../../src/flow/load.ts';
import { checkScenarioMocks } from '../../src/flow/mock-checks.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { lineWith, studioJson } from '../helpers/studio-json.ts';

const MAIN = studioJson('Main IVR', [
  { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
  { id: 2, type: 'SNIPPET', label: 'Lookup', properties: { Data: 'p = GetRESTProxy()' }, to: { default: 3, OnError: 5 } },
  { id: 3, type: 'RUNSUB', label: 'Check Hours', properties: { ScriptName: 'Hours' }, to: { default: 4 } },
  { id: 4, type: 'CUSTOMEVENT', label: 'Notify', to: { default: 5 } },
  { id: 5, type: 'HANGUP', label: 'Bye' },
]);
const HOURS = studioJson('Hours', [
  { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
  { id: 2, type: 'HOURS', label: 'Open?', to: { Open: 3, Closed: 3 } },
  { id: 3, type: 'RETURN', label: 'Back' },
]);
const YAML_FLOW =
  'id: menu\nstart: s\nnodes:\n  s: { type: Start, next: crm }\n  crm: { type: External, next: e, branches: { found: e } }\n  e: { type: Exit }\n';

function flows(): LoadedFlow[] {
  return [
    ['Main IVR.json', MAIN],
    ['Hours.json', HOURS],
    ['menu.yaml', YAML_FLOW],
  ].map(([file, text]) => {
    const { flow } = parseLoadedFlowFile(text!, file!);
    assert.ok(flow, file);
    return flow;
  });
}

function check(yaml: string) {
  const { scenarios, problems } = parseScenarioFile(yaml, 'cxone-tests/main.yaml');
  assert.deepEqual(problems, []);
  return { scenarios, ...checkScenarioMocks(scenarios, flows()) };
}

describe('checkScenarioMocks', () => {
  const cases: { name: string; yaml: string; key: string; line: string; words: string }[] = [
    {
      name: 'a key that names no action: the nearest action name',
      yaml: "flow: Main IVR\nscenarios:\n  - name: typo\n    mocks:\n      Lookpu: { branch: Default }\n      Notify: {}\n      'Hours/Open?': { branch: Open }\n",
      key: 'scenarios[0].mocks.Lookpu',
      line: 'Lookpu',
      words:
        "scenario 'typo': mocks names 'Lookpu', which is not an action of 'Main IVR' or of a script it runs (did you mean 'Lookup'?); a mock's key is an action's label, path name or id (a sub-script's as 'Sub/Label')",
    },
    {
      name: "a sub-script's action named without its script",
      yaml: 'flow: Main IVR\nscenarios:\n  - name: bare\n    mocks:\n      Lookup: {}\n      Notify: {}\n      Open?: { branch: Open }\n',
      key: 'scenarios[0].mocks.Open?',
      line: 'Open?',
      words:
        "scenario 'bare': mocks names 'Open?', which is not an action of 'Main IVR' or of a script it runs (did you mean 'Hours/Open?'?); a mock's key is an action's label, path name or id (a sub-script's as 'Sub/Label')",
    },
    {
      name: 'a branch that is not a connector of the action',
      yaml: "flow: Main IVR\nscenarios:\n  - name: branch\n    mocks:\n      Lookup: { branch: OnEror }\n      Notify: {}\n      'Hours/Open?': { branch: Open }\n",
      key: 'scenarios[0].mocks.Lookup.branch',
      line: 'OnEror',
      words:
        "scenario 'branch': mock 'Lookup' takes branch 'OnEror', which is not a connector of 'Lookup' (did you mean 'OnError'?); its connectors: Default, OnError",
    },
    {
      name: 'a list of outcomes: the item whose branch is wrong',
      yaml: "flow: Main IVR\nscenarios:\n  - name: list\n    mocks:\n      Lookup: {}\n      Notify: {}\n      'Hours/Open?':\n        - { branch: Open }\n        - { branch: Shut }\n",
      key: 'scenarios[0].mocks.Hours/Open?[1].branch',
      line: 'Shut',
      words: "scenario 'list': mock 'Hours/Open?' takes branch 'Shut', which is not a connector of 'Open?'; its connectors: Open, Closed",
    },
    {
      name: 'no branch where the action has no Default',
      yaml: "flow: Main IVR\nscenarios:\n  - name: nodefault\n    mocks:\n      Lookup: {}\n      Notify: {}\n      'Hours/Open?': { variables: { open: true } }\n",
      key: 'scenarios[0].mocks.Hours/Open?',
      line: "'Hours/Open?'",
      words:
        "scenario 'nodefault': mock 'Hours/Open?' gives no branch, so takes Default, which 'Open?' has not connected: give its branch (one of Open, Closed)",
    },
    {
      name: 'a YAML flow: a key that is not an External node',
      yaml: 'flow: menu\nscenarios:\n  - name: yaml\n    mocks:\n      crn: { branch: found }\n',
      key: 'scenarios[0].mocks.crn',
      line: 'crn',
      words: "scenario 'yaml': mocks names 'crn', which is not an External node of flow 'menu' (did you mean 'crm'?)",
    },
    {
      name: 'a YAML flow: a branch the External node does not have',
      yaml: 'flow: menu\nscenarios:\n  - name: yaml branch\n    mocks:\n      crm: { branch: fond }\n',
      key: 'scenarios[0].mocks.crm.branch',
      line: 'fond',
      words:
        "scenario 'yaml branch': mock 'crm' takes branch 'fond', which is not a branch of External node 'crm' (did you mean 'found'?); its branches: found, next",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { problems, refusals, scenarios } = check(c.yaml);
      assert.deepEqual(problems, [
        { code: 'SCENARIO_MOCK', file: 'cxone-tests/main.yaml', line: lineWith(c.yaml, c.line), key: c.key, message: c.words },
      ]);
      assert.equal(refusals.get(scenarios[0]!.id), c.words);
    });
  }

  test('keys by label, path name, id and sub-script name are all good, and mark what they mock per script', () => {
    const yaml =
      "flow: Main IVR\nscenarios:\n  - name: good\n    mocks:\n      Lookup: { branch: OnError }\n      '4': {}\n      'Hours/2': { branch: closed }\n  - name: skipped typo\n    skip: true\n    mocks: { Nope: {} }\n";
    const { problems, mocked } = check(yaml);
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.fromEntries([...mocked].map(([k, v]) => [k, [...v].sort()])), {
      'Main IVR': ['Lookup', 'Notify'],
      Hours: ['Open?'],
    });
  });

  test('the unexecuted-action warnings name only what no scenario mocks', () => {
    const [main, hours] = flows();
    const unmocked = (yaml: string) => {
      const { mocked } = check(yaml);
      return [main!, hours!].flatMap((f) =>
        checkFlowGraph(f, mocked.get(f.id) ? { mocked: mocked.get(f.id)! } : {}).map((x) => `${f.id}: ${x.code} ${x.node}`),
      );
    };
    assert.deepEqual(unmocked('flow: Main IVR\nscenarios:\n  - name: none\n'), [
      'Main IVR: FLOW_UNEXECUTED_ACTION Lookup',
      'Main IVR: FLOW_UNEXECUTED_ACTION Notify',
      'Hours: FLOW_UNEXECUTED_ACTION Open?',
    ]);
    assert.deepEqual(
      unmocked(
        "flow: Main IVR\nscenarios:\n  - name: one\n    mocks: { Lookup: {} }\n  - name: two\n    mocks: { 'Hours/Open?': { branch: Open } }\n",
      ),
      ['Main IVR: FLOW_UNEXECUTED_ACTION Notify'],
    );
  });
});

describe('the built CLI says both before any call', () => {
  const SCRIPT = studioJson('Main IVR', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, type: 'SNIPPET', label: 'Compute', properties: { Data: 'x = 1\ny = foo(x)' }, to: { default: 3 } },
    { id: 3, type: 'HANGUP', label: 'Bye' },
  ]);
  const SCENARIOS =
    'flow: Main IVR\nscenarios:\n  - name: typo\n    mocks:\n      Compte: { branch: Default }\n  - name: plain\n    expect: { exit: Bye }\n';
  const dataLine = lineWith(SCRIPT, '"value": "x = 1');
  const snippetWords = "Data, snippet line 2, column 5: unknown function foo(): the emulator's snippet subset does not have it";

  function workspace(): string {
    const ws = makeWorkspace();
    writeFiles(ws, { 'studio/Main IVR.json': SCRIPT, 'cxone-tests/main.yaml': SCENARIOS });
    return ws;
  }

  test('validate: the snippet as a flow defect on its line, the mock key as a scenario problem on its line', async () => {
    const run = await cli(['validate', '--target', 'emulator', '--flows', 'studio/*.json'], { cwd: workspace() });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^cxone-tests\/main\.yaml:5: error: scenarios\[0\]\.mocks\.Compte: scenario 'typo': mocks names 'Compte', .*\(did you mean 'Compute'\?\)/m,
    );
    const defect = run.stdout
      .split('\n')
      .find((l) => l.startsWith(`studio/Main IVR.json:${dataLine}: error: flow defect: 'Compute' (SNIPPET): `));
    assert.ok(defect?.includes(snippetWords), run.stdout);
  });

  test('run on the emulator: the scenario with the unknown key is not run, the other stops at the snippet with the same words', async () => {
    const ws = workspace();
    const report = path.join(ws, 'report.yaml');
    const run = await cli(['run', '--target', 'emulator', '--flows', 'studio/*.json', '--report-path', report], { cwd: ws });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const r = load(readFileSync(report, 'utf8')) as {
      problems: { code: string; file: string; line: number; key: string }[];
      flow_findings: { code: string; line: number; params: { key: string; text_line: number; column: number } }[];
      scenarios: { name: string; status: string; reason?: string; findings: { message: string }[] }[];
    };
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.file, p.line, p.key]),
      [['SCENARIO_MOCK', 'cxone-tests/main.yaml', 5, 'scenarios[0].mocks.Compte']],
    );
    assert.deepEqual(
      r.flow_findings.map((f) => [f.code, f.line, f.params.key, f.params.text_line, f.params.column]),
      [['FLOW_LANGUAGE', dataLine, 'properties.2.0.value', 2, 5]],
    );
    const [typo, plain] = r.scenarios;
    assert.equal(typo?.status, 'not_run');
    assert.match(typo?.reason ?? '', /mocks names 'Compte'/);
    assert.equal(plain?.status, 'error');
    assert.ok(
      plain?.findings.some((f) => f.message.includes(`'Compute' (SNIPPET #2) cannot run: ${snippetWords}`)),
      JSON.stringify(plain),
    );
  });
});
