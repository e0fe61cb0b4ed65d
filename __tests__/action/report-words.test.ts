// What the built action says about a run, spawned as the runner spawns it on the built-in emulator:
// its annotations (one per failing scenario), the report files it names, its warnings about secrets.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';

/** On the E2E menu flow: pressing 1 goes to sales, so a scenario written for support fails three ways at once. */
const SCENARIOS = `flow: 11111111-2222-3333-4444-555555555555
scenarios:
  - name: One wrong branch
    input: { dtmf: "1" }
    expect:
      path: [node_start, node_menu, node_route_support, node_exit]
      exit: node_route_support
      variables:
        selected_option: "2"
  - name: Map form
    input: { dtmf: "1" }
    expect:
      path: { contains: [node_menu, node_route_support] }
  - name: Passes
    input: { dtmf: "2" }
    expect:
      exit: node_exit
`;

function workspace(): string {
  const dir = makeWorkspace({ 'flows/menu.yaml': 'e2e/flows/menu.yaml' });
  writeFiles(dir, { 'cxone-tests/words.yaml': SCENARIOS });
  return dir;
}

const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml', 'upload-artifact': 'false' };

describe('the action log', () => {
  test('one error annotation per failing scenario, on its headline line, with the other findings in its body', async () => {
    const run = await runAction({ workspace: workspace(), inputs: EMULATOR });
    assert.equal(run.code, 1, run.stderr);
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
    assert.equal(commands.length, 3, 'two failing scenarios and the one setFailed line');
    const errors = run.annotations.filter((a) => a.level === 'error');
    const perScenario = (name: string) => errors.filter((a) => a.title?.startsWith(`Failed: ${name} (`)).length;
    assert.deepEqual([perScenario('One wrong branch'), perScenario('Map form'), perScenario('Passes')], [1, 1, 0]);
    const wrong = run.annotations.find((a) => a.title?.startsWith('Failed: One wrong branch'))!;
    assert.deepEqual(
      [wrong.file, wrong.line, wrong.title],
      ['cxone-tests/words.yaml', 6, 'Failed: One wrong branch (PATH_MISMATCH, +2 more findings)'],
    );
    assert.match(wrong.message, /^path differs at step 2: expected node_route_support, got node_route_sales/);
    assert.match(wrong.message, /^- line 7, EXIT_MISMATCH: expected exit node_route_support, got node_exit$/m);
    assert.match(wrong.message, /^- line 9, VARIABLE_MISMATCH: selected_option: expected "2", got "1"$/m);
    const map = run.annotations.find((a) => a.title?.startsWith('Failed: Map form'))!;
    assert.match(map.message, /^First divergence at step 2 \(contains\): expected node_route_support, got node_route_sales \(Route\)\.$/m);
  });

  test('names every report file it wrote', async () => {
    const run = await runAction({
      workspace: workspace(),
      inputs: { ...EMULATOR, 'json-report-path': 'out/report.json', 'junit-path': 'out/junit.xml' },
    });
    assert.match(
      run.stdout,
      /^Reports written: cxone-flow-report\.yaml \(YAML\), out\/report\.json \(JSON\) and out\/junit\.xml \(JUnit XML\)\.$/m,
    );
    assert.ok(run.workspaceFiles().includes('out/junit.xml') && run.workspaceFiles().includes('out/report.json'));
  });

  test('a secret too short to mask without garbling the log: a warning, no add-mask, and the words intact', async () => {
    const run = await runAction({ workspace: workspace(), inputs: { ...EMULATOR, 'client-id': 'base', 'client-secret': 'base' } });
    const warnings = run.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    assert.ok(
      warnings.some((w) => /^The client secret is 4 characters: masking it wherever it appears would garble the log/.test(w)),
      warnings.join('\n'),
    );
    assert.ok(warnings.some((w) => /^The client id is 4 characters: passed from a secret, GitHub masks it/.test(w)));
    assert.ok(!run.stdout.split('\n').includes('::add-mask::base'), 'not registered: the runner would mask it inside every word');
    assert.doesNotMatch(run.stdout + run.summary, /\*\*\*-url|\*\*\*ase/);
    const long = await runAction({
      workspace: workspace(),
      inputs: { ...EMULATOR, 'client-id': 'a-long-client-id', 'client-secret': 'a-long-enough-secret' },
    });
    assert.ok(long.stdout.split('\n').includes('::add-mask::a-long-enough-secret'));
    assert.ok(!long.annotations.some((a) => a.level === 'warning' && /characters:/.test(a.message)));
  });

  test('the loops output counts loop findings; a loop the scenario expects is counted in expected-loops', async () => {
    // Four silent tries with a counter: node_menu runs four times, over the default loop-threshold of 3.
    const flow = `id: four-tries
start: node_start
nodes:
  node_start: { type: Start, next: node_menu }
  node_menu: { type: GatherInput, options: { "1": node_exit }, noMatch: node_retry, noInput: node_retry }
  node_retry: { type: SetVariable, increment: attempt_count, next: node_check }
  node_check: { type: Condition, if: { variable: attempt_count, op: gte, value: 4 }, then: node_exit, else: node_menu }
  node_exit: { type: Exit }
`;
    const run = async (loops: string) => {
      const dir = makeWorkspace();
      writeFiles(dir, {
        'flows/four.yaml': flow,
        'cxone-tests/s.yaml': `flow: four-tries\nscenarios:\n  - name: Four silent tries\n    expect: { exit: node_exit${loops} }\n`,
      });
      return runAction({ workspace: dir, inputs: EMULATOR });
    };
    const expected = await run(', loops: true');
    assert.equal(expected.outputs['conclusion'], 'success', expected.stdout);
    assert.deepEqual([expected.outputs['loops'], expected.outputs['expected-loops']], ['0', '1']);
    assert.match(expected.summary, /\*\*1\*\* expected retry loop/);
    const unexpected = await run('');
    assert.equal(unexpected.outputs['conclusion'], 'failure');
    assert.deepEqual([unexpected.outputs['loops'], unexpected.outputs['expected-loops']], ['1', '0']);
  });
});
