// The built action, spawned as the runner spawns it, against the built-in emulator over loopback.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeWorkspace, runAction } from '../helpers/action.ts';

const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml' };

function workspaceWith(...scenarioFiles: string[]): string {
  const copies: Record<string, string> = { flows: 'e2e/flows' };
  // A flow with a dangling reference fails every run it is part of, so only the test about it gets it.
  if (scenarioFiles.includes('trace-error.yaml')) copies['flows/broken-ref.yaml'] = 'e2e/broken-flows/broken-ref.yaml';
  for (const f of scenarioFiles) copies[`cxone-tests/${f}`] = `e2e/scenarios/${f}`;
  return makeWorkspace(copies);
}

describe('action end to end on the emulator', () => {
  test('a passing suite: green check, outputs, summary table, YAML report', async () => {
    const run = await runAction({ workspace: workspaceWith('pass.yaml'), inputs: EMULATOR });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(
      {
        total: run.outputs.total,
        passed: run.outputs.passed,
        failed: run.outputs.failed,
        errored: run.outputs.errored,
        loops: run.outputs.loops,
        conclusion: run.outputs.conclusion,
      },
      { total: '3', passed: '3', failed: '0', errored: '0', loops: '0', conclusion: 'success' },
    );
    assert.equal(run.outputs['report-path'], 'cxone-flow-report.yaml');
    assert.equal(run.outputs['artifact-id'], '');
    assert.ok(
      run.annotations.every((a) => a.level !== 'error'),
      'no error annotation on a green run',
    );
    assert.ok(run.annotations.some((a) => a.level === 'notice' && /artifact upload is skipped/.test(a.message)));
    assert.match(run.summary, /\| Status \| Scenario \| Flow \| Exit node \| Finding \|/);
    assert.equal(run.summary.match(/✅ passed/g)?.length, 3);
    const r = run.report;
    assert.equal(r.summary.conclusion, 'success');
    assert.equal(r.report_metadata.target, 'emulator');
    const support = r.scenarios.find((s: any) => s.name === 'Option 2 routes to support');
    assert.deepEqual(support.execution_summary.path, ['node_start', 'node_menu', 'node_route_support', 'node_exit']);
    assert.equal(support.execution_summary.routing_valid, true);
    assert.equal(support.variable_states.final_state.selected_option, '2');
    assert.equal(support.state_machine_analysis.has_loops, false);
    assert.ok(Array.isArray(support.raw_trace) && support.raw_trace.length === 4);
  });

  test('a routing mismatch: red check, an error annotation on the expect.path line', async () => {
    const run = await runAction({ workspace: workspaceWith('mismatch.yaml'), inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.outputs.failed, '1');
    assert.equal(run.outputs.passed, '1');
    const errors = run.annotations.filter((a) => a.level === 'error' && a.file);
    assert.equal(errors.length, 1, JSON.stringify(run.annotations));
    assert.equal(errors[0]!.file, 'cxone-tests/mismatch.yaml');
    assert.equal(errors[0]!.line, 12, 'the expect.path line of the failing scenario');
    assert.match(errors[0]!.title!, /Option 2 routes to support/);
    assert.match(errors[0]!.message, /node_route_support/);
    const failed = run.report.scenarios.find((s: any) => s.status === 'failed');
    assert.equal(failed.execution_summary.routing_valid, false);
    assert.ok(failed.execution_summary.routing_mismatches.length >= 1);
    assert.match(run.summary, /❌ failed/);
    assert.ok(
      run.annotations.some((a) => a.level === 'error' && !a.file && /CXone flow tests failed/.test(a.message)),
      'setFailed',
    );
  });

  test('an infinite loop: loops output, infinite verdict', async () => {
    const run = await runAction({ workspace: workspaceWith('loop.yaml'), inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.ok(Number(run.outputs.loops) >= 1);
    const s = run.report.scenarios[0];
    assert.equal(s.state_machine_analysis.has_loops, true);
    assert.equal(s.execution_summary.exit_node, null);
    assert.ok(s.state_machine_analysis.loop_details.some((l: any) => l.verdict === 'infinite'));
    assert.ok(s.findings.some((f: any) => f.kind === 'loop'));
    assert.ok(run.annotations.some((a) => a.level === 'error' && a.file === 'cxone-tests/loop.yaml'));
  });

  test('a trace error: the scenario errors with the failing node', async () => {
    const run = await runAction({ workspace: workspaceWith('trace-error.yaml'), inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.errored, '1');
    const s = run.report.scenarios[0];
    assert.equal(s.status, 'error');
    assert.ok(
      s.errors.some((e: any) => e.source === 'trace' && e.node_id === 'node_play'),
      JSON.stringify(s.errors),
    );
    assert.ok(s.findings.some((f: any) => f.kind === 'error'));
  });

  test('a malformed scenario file fails the run with file, line and key; the other files still run', async () => {
    const run = await runAction({ workspace: workspaceWith('pass.yaml', 'malformed.yaml'), inputs: EMULATOR });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.passed, '3');
    const problem = run.report.problems.find((p: any) => p.file === 'cxone-tests/malformed.yaml');
    assert.ok(problem, JSON.stringify(run.report.problems));
    assert.equal(problem.line, 5);
    assert.match(problem.key, /expected/);
    assert.ok(run.annotations.some((a) => a.level === 'error' && a.file === 'cxone-tests/malformed.yaml' && a.line === 5));
  });

  test('fail-on: none reports the mismatch but keeps the check green', async () => {
    const run = await runAction({ workspace: workspaceWith('mismatch.yaml'), inputs: { ...EMULATOR, 'fail-on': 'none' } });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.conclusion, 'success');
    assert.equal(run.outputs.failed, '1');
    assert.ok(run.annotations.some((a) => a.level === 'warning' && a.file === 'cxone-tests/mismatch.yaml'));
  });

  test('an invalid input fails with its name, value and what is allowed', async () => {
    const run = await runAction({ workspace: workspaceWith('pass.yaml'), inputs: { ...EMULATOR, concurrency: 'abc' } });
    assert.equal(run.code, 1);
    assert.ok(run.annotations.some((a) => a.level === 'error' && /'concurrency' "abc".*whole number from 1 to 64/.test(a.message)));
  });

  test('target api without credentials explains that forks get no secrets', async () => {
    const run = await runAction({ workspace: workspaceWith('pass.yaml'), inputs: { target: 'api' } });
    assert.equal(run.code, 1);
    assert.ok(run.annotations.some((a) => a.level === 'error' && /client-id/.test(a.message) && /fork/.test(a.message)));
  });

  test('shards, then a merge job: one report, one summary, one conclusion', async () => {
    const workspace = workspaceWith('pass.yaml', 'mismatch.yaml');
    const shards = [];
    for (const k of [1, 2]) {
      shards.push(
        await runAction({
          workspace,
          inputs: { ...EMULATOR, shard: `${k}/2`, 'report-path': `reports/shard-${k}.yaml`, 'fail-on': 'none', 'job-summary': 'false' },
        }),
      );
    }
    const ids = shards.flatMap((r) => r.report.scenarios.map((s: { id: string }) => s.id));
    assert.equal(ids.length, 5, 'every scenario ran in exactly one shard');
    assert.equal(new Set(ids).size, 5);
    assert.ok(shards.every((r) => r.report.report_metadata.shard !== null));
    const merged = await runAction({ workspace, inputs: { merge: 'reports/*.yaml', 'report-path': 'merged.yaml' } });
    assert.equal(merged.code, 1, "the mismatch fails the merged conclusion (fail-on is the merge job's)");
    assert.deepEqual([merged.outputs.total, merged.outputs.passed, merged.outputs.failed], ['5', '4', '1']);
    assert.equal(merged.report.report_metadata.shard, null);
    assert.equal(merged.summary.match(/^\| (✅|❌) /gm)?.length, 5, 'one summary row per scenario of every shard');
    assert.ok(merged.annotations.some((a) => a.level === 'error' && a.file === 'cxone-tests/mismatch.yaml'));
  });

  test('plain http to another machine is a bad input: nothing runs, conclusion failure, and the summary says why', async () => {
    const run = await runAction({
      workspace: workspaceWith('pass.yaml'),
      inputs: { 'base-url': 'http://cxone.example.invalid', 'client-id': 'id', 'client-secret': 'secret-value-x' },
    });
    assert.equal(run.code, 1);
    assert.equal(run.reportText, '', 'refused at input reading, before any run');
    assert.equal(run.outputs.conclusion, 'failure');
    assert.match(run.summary, /could not start: Invalid 'base-url' "http:\/\/cxone\.example\.invalid": plain http /);
    assert.ok(run.annotations.some((a) => a.level === 'error' && /allow-insecure-http: true/.test(a.message)));
  });
});
