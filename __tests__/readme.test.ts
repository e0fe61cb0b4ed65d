import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { load } from 'js-yaml';
import { updateReadme } from '../scripts/readme-tables.ts';
import { makeWorkspace, ROOT, writeFiles } from './helpers/action.ts';
import { cli } from './helpers/cli.ts';
import { buildReport, createScenarioReporter } from '../src/report/build.ts';
import { REPORT_KEYS, type BehaviourChanges } from '../src/report/model.ts';
import { fixtureReport } from './report/golden.ts';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const actionText = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');

test("README's inputs and outputs tables are generated from action.yml and up to date", () => {
  assert.equal(updateReadme(readme, actionText), readme, 'run `node scripts/readme-tables.ts`');
  const action = load(actionText) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
  for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
    assert.ok(readme.includes(`| \`${name}\` |`), `${name} is in a README table`);
  }
});

test('the README opens with the two commands', () => {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const [demo, tests] = block.split('\n');
  assert.match(demo!, /^npm ci && npm run demo /);
  assert.match(tests!, /^npm ci && npm test /);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.ok(pkg.scripts.demo && pkg.scripts.test && pkg.scripts['demo:broken']);
});

test("the README's list of the report's keys is the report model's own list, part by part", () => {
  const block = /^`report-path` \(YAML[\s\S]*?```yaml\n([\s\S]*?)```/m.exec(readme)?.[1];
  assert.ok(block, 'the key list under "The report"');
  // The list is YAML in flow style: `{ a, b: { c } }` reads as { a: null, b: { c: null } }.
  const listed = load(block) as Record<string, any>;
  const keys = (value: unknown) => Object.keys((Array.isArray(value) ? value[0] : value) as object);
  const scenario = listed['scenarios'][0];
  const parts: [keyof typeof REPORT_KEYS, unknown][] = [
    ['report', listed],
    ['report_metadata', listed['report_metadata']],
    ['selection', listed['report_metadata'].selection],
    ['summary', listed['summary']],
    ['behaviour_changes', listed['behaviour_changes']],
    ['problem', listed['problems']],
    ['flow_finding', listed['flow_findings']],
    ['scenario', scenario],
    ['finding', scenario.findings],
    ['execution_summary', scenario.execution_summary],
    ['first_divergence', scenario.execution_summary.first_divergence],
    ['variable_validation', scenario.variable_validation],
    ['check', scenario.variable_validation.checks],
    ['state_machine_analysis', scenario.state_machine_analysis],
    ['loop_detail', scenario.state_machine_analysis.loop_details],
    ['variable_states', scenario.variable_states],
    ['observed_expect', scenario.observed_expect],
    ['error', scenario.errors],
    ['coverage', listed['coverage']],
    ['coverage_count', listed['coverage'][0].nodes],
    ['coverage_count', listed['coverage'][0].edges],
  ];
  for (const [part, value] of parts) assert.deepEqual(keys(value), [...REPORT_KEYS[part]], `README's ${part} keys`);
  assert.deepEqual(
    Object.keys(REPORT_KEYS).filter((part) => !parts.some(([p]) => p === part)),
    [],
    'every part of the model is in the README',
  );
});

test('a report is written in the order the README lists its keys', () => {
  const r = fixtureReport('mixed');
  const built = buildReport({
    settings: { target: 'emulator', baseUrl: '', failOn: r.report_metadata.fail_on, loopThreshold: 3, maxLoops: 50, redactVariables: [] },
    toolVersion: '0',
    scenarios: [...r.scenarios].reverse().map((s) => Object.fromEntries(Object.entries(s).reverse()) as typeof s),
    reporter: createScenarioReporter({ redactVariables: [] }),
    problems: r.problems,
    flowFindings: r.flow_findings,
    coverage: r.coverage!,
    coverageShortfalls: [],
    scenarioFiles: [],
    flowFiles: [],
    startedAt: new Date(0),
    finishedAt: new Date(1),
    cutShort: null,
    // Every key, in reverse: the builder writes them in the README's order.
    behaviourChanges: Object.fromEntries(
      Object.entries({
        compared_to: { ref: 'main' },
        skipped: 'why',
        inputs: 0,
        changed: 0,
        unchanged: 0,
        not_compared: 0,
        earlier_problems: [],
        truncated: {},
        groups: [],
        changes: [],
        flows: [],
      }).reverse(),
    ) as unknown as BehaviourChanges,
  });
  assert.deepEqual(Object.keys(built), [...REPORT_KEYS.report]);
  assert.deepEqual(Object.keys(built.behaviour_changes!), [...REPORT_KEYS.behaviour_changes]);
  for (const s of built.scenarios) {
    const order = Object.keys(s).map((k) => REPORT_KEYS.scenario.indexOf(k as never));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      s.name,
    );
  }
});

/** The first ```yaml block of a `## ` section, out of a list item's indentation. */
function sectionYaml(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 4));
  const m = /^( *)```yaml\n([\s\S]*?)^ *```/m.exec(section);
  assert.ok(start >= 0 && m, `a yaml block under ${heading}`);
  return m[2]!
    .split('\n')
    .map((line) => line.slice(m[1]!.length))
    .join('\n');
}

test("the Quick start's scenarios pass against the README's flow definition, on the emulator", { timeout: 60_000 }, async () => {
  const workspace = makeWorkspace();
  const scenarios = sectionYaml('Quick start');
  const flow = sectionYaml('Flow definitions');
  assert.equal(/^flow: (\S+)/m.exec(scenarios)?.[1], /^id: (\S+)/m.exec(flow)?.[1], 'the same flowId');
  writeFiles(workspace, { 'cxone-tests/main-menu.yaml': scenarios, 'cxone-flows/main-menu.yaml': flow });
  const run = await cli(['run', '--target', 'emulator', '--flows', 'cxone-flows/**/*.yaml'], { cwd: workspace });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^PASSED: 2 scenarios, 2 passed, 0 failed, 0 errored, 0 loops$/m);
  assert.doesNotMatch(run.stdout + run.stderr, /warning:/, 'the example flow has no defect either');
});
