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
});
