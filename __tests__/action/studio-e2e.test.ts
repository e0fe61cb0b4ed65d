// The Studio example (examples/studio/) as a team would run it: the built action spawned as the runner
// spawns it, and the built CLI, against the built-in emulator. A copy broken on purpose shows where the
// annotations point: into the script's JSON at the action's line, and at the scenario's expectation.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { makeWorkspace, ROOT, runAction } from '../helpers/action.ts';
import { cli } from '../helpers/cli.ts';

const MAIN = 'Development/main/Main IVR.json';
const SUB = 'Development/main/Verify Caller.json';
const SCENARIOS = 'cxone-tests/main-ivr.yaml';
/** As examples/workflows/studio.yml runs it: the stage's folder, the default scenarios glob. */
const INPUTS = { target: 'emulator', flows: 'Development/main/**/*.json' };

interface StudioFile {
  actions: Record<string, { label: string }>;
  branches: Record<string, unknown[]>;
}

/** The example copied to a workspace's root, where a team's repository has it. */
function exampleWorkspace(): string {
  const dir = makeWorkspace();
  cpSync(path.join(ROOT, 'examples', 'studio'), dir, { recursive: true });
  return dir;
}

/** The first line holding `fragment` at or after the first line holding `after`. */
function lineOf(text: string, fragment: string, after = fragment): number {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(after));
  const index = lines.findIndex((l, i) => i >= start && l.includes(fragment));
  assert.ok(start >= 0 && index >= 0, fragment);
  return index + 1;
}

function edit(file: string, from: RegExp | string, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  assert.notEqual(changed, text, `the edit of ${file} applies`);
  writeFileSync(file, changed);
}

const exampleText = (file: string) => readFileSync(path.join(ROOT, 'examples', 'studio', file), 'utf8');
const GOLD_PATH = [
  'Begin',
  'Init counters',
  'Greeting',
  'Office hours',
  'Open now?',
  'Holiday check',
  'Language Menu',
  'Set English',
  'Lookup account',
  'Verify Caller',
  'Verify Caller/Begin',
  'Verify Caller/Enter PIN',
  'Verify Caller/PIN matches?',
  'Verify Caller/Verified',
  'Verified?',
  'Route by tier',
  'Gold line',
];

describe('the Studio example end to end', () => {
  test('through dist/index.js: green, the summary, no warning for the HOURS action every scenario mocks, outputs, report and coverage', async () => {
    const run = await runAction({ workspace: exampleWorkspace(), inputs: INPUTS });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(
      [run.outputs.total, run.outputs.passed, run.outputs.failed, run.outputs.errored, run.outputs['not-run'], run.outputs.conclusion],
      ['12', '12', '0', '0', '0', 'success'],
    );
    assert.match(
      run.summary,
      /\| ✅ passed \| English gold caller with the right PIN reaches the gold line \| <code>Main IVR<\/code> \| <code>Gold line<\/code> \|/,
    );
    assert.equal(run.summary.match(/✅ passed \|/g)?.length, 12);
    // HOURS is an action the emulator does not execute, but every scenario mocks it: nothing to warn of.
    const flagged = run.annotations.filter((a) => a.level !== 'notice');
    assert.deepEqual(flagged, [], JSON.stringify(flagged));

    const gold = run.report.scenarios.find((s: { name: string }) => s.name.startsWith('English gold caller'));
    assert.deepEqual(gold.execution_summary.path, GOLD_PATH);
    assert.equal(gold.variable_states.final_state.verified, 'yes');
    assert.equal(gold.raw_trace.at(-1).target, 'Gold Support EN');
    const mocked = run.report.scenarios.find((s: { name: string }) => s.name === 'the CRM fails once, then answers');
    assert.deepEqual(
      mocked.raw_trace
        .filter((t: { nodeId: string }) => t.nodeId === 'Lookup account')
        .map((t: { branch: string; mock: string }) => [t.branch, t.mock]),
      [
        ['OnError', 'Lookup account'],
        ['Default', 'Lookup account'],
      ],
      'the successive outcomes, one per visit',
    );

    // Coverage counts the script's actions and connectors, as the file has them.
    const file = load(exampleText(MAIN)) as StudioFile;
    const main = run.report.coverage.find((c: { flow_id: string }) => c.flow_id === 'Main IVR');
    assert.equal(main.file, MAIN);
    assert.deepEqual(main.nodes, { visited: 26, total: Object.keys(file.actions).length, percent: 100 });
    assert.equal(main.edges.total, Object.values(file.branches).flat().length);
    assert.deepEqual(
      main.unvisited_branches.map((b: { from: string; label: string }) => `${b.from} ${b.label}`),
      ['Holiday check Default'],
      "HOURS' Default (a profile state the script does not branch on) is the one connector no scenario takes",
    );
  });

  test("through dist/index.js: the sub-script's coverage counts what its RUNSUB ran", async () => {
    const run = await runAction({ workspace: exampleWorkspace(), inputs: INPUTS });
    assert.equal(run.code, 0, run.stdout);
    const file = load(exampleText(SUB)) as StudioFile;
    const sub = run.report.coverage.find((c: { flow_id: string }) => c.flow_id === 'Verify Caller');
    assert.equal(sub.file, SUB);
    assert.deepEqual(sub.nodes, { visited: 5, total: Object.keys(file.actions).length, percent: 100 });
    assert.deepEqual(sub.edges, { visited: 5, total: Object.values(file.branches).flat().length, percent: 100 });
    assert.match(run.summary, /\*\*100%\*\* node coverage/);
  });

  test('through dist/cli.js run: the table, no warning for the mocked HOURS action, coverage, the report', async () => {
    const cwd = exampleWorkspace();
    const run = await cli(['run', ...Object.entries(INPUTS).flatMap(([k, v]) => [`--${k}`, v]), '--report-path', 'report.yaml'], { cwd });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /PASSED: 12 scenarios, 12 passed, 0 failed, 0 errored, 0 loops/);
    assert.match(run.stdout, /PASS +two wrong keys end the call +Main IVR +HANGUP#15/);
    assert.match(run.stdout, /Coverage of Main IVR: 26\/26 nodes \(100%\), 31\/32 branches/);
    assert.doesNotMatch(`${run.stdout}${run.stderr}`, /warning: flow defect/);
    const report = load(readFileSync(path.join(cwd, 'report.yaml'), 'utf8')) as { scenarios: { execution_summary: { path: string[] } }[] };
    assert.deepEqual(report.scenarios[0]!.execution_summary.path, GOLD_PATH);
  });

  test('a broken copy: the defect annotated at the action in the JSON, the wrong expectation at its line', async () => {
    const ws = exampleWorkspace();
    // Verified?'s False connector now goes to action 99, which the script does not have.
    edit(path.join(ws, MAIN), /("to": )26(,\n\s+"label": "False")/, '$199$2');
    edit(
      path.join(ws, SCENARIOS),
      '      exit: Customer care\n      variables: { language: ES',
      '      exit: Gold line\n      variables: { language: ES',
    );
    const run = await runAction({ workspace: ws, inputs: INPUTS });
    assert.equal(run.code, 1, run.stdout);
    assert.deepEqual([run.outputs.passed, run.outputs.failed, run.outputs.errored, run.outputs.conclusion], ['9', '1', '2', 'failure']);
    const errors = run.annotations.filter((a) => a.level === 'error' && a.file);
    const defect = errors.find((a) => a.file === MAIN);
    assert.ok(defect, JSON.stringify(run.annotations));
    // On the line of the connector that names the missing action.
    const broken = readFileSync(path.join(ws, MAIN), 'utf8');
    const connectorStart = broken.lastIndexOf('{', broken.indexOf('"to": 99'));
    assert.equal(defect.line, broken.slice(0, connectorStart).split('\n').length);
    assert.match(defect.title!, /Flow defect at Verified\? \(FLOW_REFERENCE\)/);
    assert.match(defect.message, /'False' goes to '#99'/);
    const scenarioText = readFileSync(path.join(ws, SCENARIOS), 'utf8');
    const exit = errors.find((a) => a.file === SCENARIOS && /EXIT_MISMATCH/.test(a.title ?? ''));
    assert.equal(exit?.line, lineOf(scenarioText, 'exit: Gold line', 'Spanish standard caller'), JSON.stringify(errors));
    assert.equal(exit?.message, 'expected exit Gold line, got Customer care');
    // The two scenarios that take the broken connector error, at their own lines.
    const crashed = errors.filter((a) => a.file === SCENARIOS && /API_ERROR/.test(a.title ?? '')).map((a) => a.line);
    assert.deepEqual(crashed, [lineOf(scenarioText, 'name: a wrong PIN goes'), lineOf(scenarioText, 'name: no PIN at all')]);
    // The summary's path of the failure names actions by their labels, the sub-script's by script/label.
    assert.ok(run.summary.includes(`Executed path:\n\n\`\`\`text\n${GOLD_PATH.slice(0, 7).join(' → ')} → Set Spanish → `), run.summary);
    assert.ok(run.summary.includes('Verify Caller → Verify Caller/Begin → Verify Caller/Enter PIN'));
  });
});
