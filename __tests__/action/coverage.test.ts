// Static checks and coverage in a full run: from flow files (emulator), and from GET /api/v2/flows/{id}
// when target is api and no flows are given.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFlowFile } from '../../src/flow/load.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { FIXTURES, makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';

const ws = (...scenarios: string[]) =>
  makeWorkspace({ flows: 'e2e/flows', ...Object.fromEntries(scenarios.map((s) => [`cxone-tests/${s}`, `e2e/scenarios/${s}`])) });

/** One scenario on the menu flow: start, menu, sales route, exit: 4 of its 8 nodes. */
function halfCovered(): string {
  const workspace = makeWorkspace({ flows: 'e2e/flows' });
  writeFiles(workspace, {
    'cxone-tests/one.yaml':
      'flow: 11111111-2222-3333-4444-555555555555\nscenarios:\n  - name: Sales\n    input: { dtmf: "1" }\n    expect: { exit: node_exit }\n',
  });
  return workspace;
}

describe('coverage and flow graph checks', () => {
  test('coverage per flow is in the report and the summary; min-coverage fails the check below it', async () => {
    const run = await runAction({ workspace: halfCovered(), inputs: { target: 'emulator', flows: 'flows/*.yaml', 'min-coverage': '60' } });
    assert.equal(run.code, 1, run.stdout);
    const menu = run.report.coverage.find((c: { flow_id: string }) => c.flow_id === '11111111-2222-3333-4444-555555555555');
    assert.deepEqual(menu.nodes, { visited: 4, total: 8, percent: 50 });
    assert.deepEqual(menu.unvisited_nodes.sort(), ['node_check', 'node_retry', 'node_route_billing', 'node_route_support']);
    assert.ok(
      menu.unvisited_branches.some(
        (b: { from: string; label: string; line: number }) => b.from === 'node_menu' && b.label === 'option 2' && b.line === 6,
      ),
    );
    assert.equal(run.outputs.passed, '1');
    assert.ok(
      run.report.summary.failure_reasons.some((r: string) => /below min-coverage 60%/.test(r)),
      run.report.summary.failure_reasons,
    );
    // Flows no scenario targets are listed, but do not fail this suite's min-coverage.
    assert.ok(
      run.report.coverage.some(
        (c: { flow_id: string; nodes: { visited: number } }) => c.flow_id.startsWith('33333333') && c.nodes.visited === 0,
      ),
    );
    assert.equal(run.report.summary.failure_reasons.filter((r: string) => /min-coverage/.test(r)).length, 1);
    assert.match(run.summary, /[Cc]overage/);
  });

  test('min-coverage met: green', async () => {
    const run = await runAction({ workspace: halfCovered(), inputs: { target: 'emulator', flows: 'flows/*.yaml', 'min-coverage': '50' } });
    assert.equal(run.code, 0, run.stdout);
    assert.ok(
      run.annotations.some((a) => a.level === 'warning' && a.file === 'flows/buggy.yaml' && /cannot be reached/.test(a.message)),
      'unreachable nodes are a warning',
    );
  });

  test('a dangling reference is a flow defect annotated on the flow file', async () => {
    const workspace = makeWorkspace({
      flows: 'e2e/flows',
      'flows/broken-ref.yaml': 'e2e/broken-flows/broken-ref.yaml',
      'cxone-tests/pass.yaml': 'e2e/scenarios/pass.yaml',
    });
    const run = await runAction({ workspace, inputs: { target: 'emulator', flows: 'flows/*.yaml' } });
    assert.equal(run.code, 1);
    const finding = run.report.flow_findings.find((f: { code: string }) => f.code === 'FLOW_REFERENCE');
    assert.equal(finding.file, 'flows/broken-ref.yaml');
    assert.equal(finding.line, 7);
    assert.equal(run.report.problems.length, 0, 'a flow that loads is not a broken file');
    assert.ok(run.annotations.some((a) => a.level === 'error' && a.file === 'flows/broken-ref.yaml' && a.line === 7));
    // One check (flow/references.ts), one finding: the loader's problem for the same reference is not said too.
    assert.equal(run.annotations.filter((a) => a.message.includes("'node_missing'")).length, 1, JSON.stringify(run.annotations));
    const printed = run.stdout.split('\n').filter((l) => !l.startsWith('::'));
    assert.equal(printed.filter((l) => l.includes("goes to 'node_missing'")).length, 1, run.stdout);
    const relaxed = await runAction({ workspace, inputs: { target: 'emulator', flows: 'flows/*.yaml', 'fail-on': 'mismatch' } });
    assert.equal(relaxed.code, 0, 'flow defects are error-kind findings under fail-on');
  });
});

describe('target api without flows: the graph comes from GET /api/v2/flows/{id}', () => {
  let emulator: RunningEmulator;
  const credentials = { clientId: 'graph-test', clientSecret: 'graph-test-secret' };
  before(async () => {
    const flow = parseFlowFile(readFileSync(path.join(FIXTURES, 'e2e/flows/menu.yaml'), 'utf8'), 'menu.yaml').flow!;
    emulator = await startEmulator({ flows: [flow], credentials });
  });
  after(() => emulator.close());

  test('coverage is computed from the graph the API answers', async () => {
    const run = await runAction({
      workspace: ws('pass.yaml'),
      inputs: { 'base-url': emulator.url, 'client-id': credentials.clientId, 'client-secret': credentials.clientSecret },
    });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(emulator.stats.flowReads, 1, 'one GET for the one flow the scenarios use');
    assert.equal(run.report.coverage.length, 1);
    assert.equal(run.report.coverage[0].flow_id, '11111111-2222-3333-4444-555555555555');
    assert.ok(run.report.coverage[0].nodes.visited >= 5);
  });
});
