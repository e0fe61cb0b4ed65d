// Hostile patterns: `matches` with catastrophic backtracking (`^(a+)+$` against 40 a's and a "!" runs for
// minutes on V8's RegExp, in one synchronous call no signal or timeout can interrupt) and patterns only a
// backtracking engine can run. The built action, spawned as the runner does, on the built-in emulator.
// No clock: the test's own timeout is the hang guard; each run is a handful of scenarios.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeWorkspace, runAction, writeFiles, type ActionRun } from '../helpers/action.ts';

const FLOW_ID = '77777777-0000-4000-8000-000000000001';
const EVIL = '^(a+)+$';
const VALUE = `${'a'.repeat(40)}!`;
const HANG_GUARD = { timeout: 120_000 };

/** Sets `code` to 40 a's and a "!", then a Condition on it (`op` and `value` given) picks node_yes or node_no. */
function flow(condition: string): string {
  return [
    `id: ${FLOW_ID}`,
    'start: node_start',
    'nodes:',
    '  node_start: { type: Start, next: node_set }',
    `  node_set: { type: SetVariable, set: { code: "${VALUE}" }, next: node_check }`,
    '  node_check:',
    '    type: Condition',
    `    if: ${condition}`,
    '    then: node_yes',
    '    else: node_no',
    '  node_yes: { type: Play, prompt: matched, next: node_exit }',
    '  node_no: { type: Play, prompt: no match, next: node_exit }',
    '  node_exit: { type: Exit }',
    '',
  ].join('\n');
}

function workspace(flowText: string, scenarioText: string): string {
  const ws = makeWorkspace();
  writeFiles(ws, { 'flows/evil.yaml': flowText, 'cxone-tests/evil.yaml': scenarioText });
  return ws;
}

const run = (ws: string, inputs: Record<string, string> = {}) =>
  runAction({ workspace: ws, inputs: { target: 'emulator', flows: 'flows/*.yaml', ...inputs } });

/** A finished run: exit code 1 (not killed), a parseable report, and the pattern's hostility nowhere as a crash. */
function assertFinished(r: ActionRun): void {
  assert.equal(r.code, 1, `exits with 1, not killed or hung:\n${r.stdout}\n${r.stderr}`);
  assert.ok(r.report, `a report was written:\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.report.summary.conclusion, 'failure');
  assert.equal(r.outputs.conclusion, 'failure');
  for (const [channel, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
    ['summary', r.summary],
    ['report', r.reportText],
  ]) {
    assert.doesNotMatch(text!, /RangeError|Maximum call stack|at .*\.js:\d+:\d+/, `no crash or stack trace in ${channel}`);
  }
}

describe('hostile regular expressions', () => {
  test('(a) a scenario matcher ^(a+)+$ against 40 a\'s and "!" fails its check normally', HANG_GUARD, async () => {
    const scenarios = [
      `flow: ${FLOW_ID}`,
      'scenarios:',
      '  - name: evil matcher',
      '    input: { dtmf: "" }',
      '    expect:',
      '      variables:',
      `        code: { matches: "${EVIL}" }`,
      '  - name: a plain matcher still passes',
      '    expect:',
      '      variables:',
      '        code: { matches: "^a{40}!$" }',
      '',
    ].join('\n');
    const r = await run(workspace(flow('{ variable: code, op: eq, value: x }'), scenarios));
    assertFinished(r);
    const [evil, plain] = r.report.scenarios;
    assert.equal(evil.status, 'failed');
    const check = evil.variable_validation.checks.find((c: { name: string }) => c.name === 'code');
    assert.equal(check.ok, false);
    assert.match(check.message, /does not match \/\^\(a\+\)\+\$\//);
    assert.equal(plain.status, 'passed', JSON.stringify(plain.variable_validation));
    assert.ok(
      r.annotations.some((a) => a.level === 'error' && a.file === 'cxone-tests/evil.yaml'),
      'the failed check is annotated',
    );
  });

  test('(b) a flow Condition op: matches, value: ^(a+)+$ takes its else branch normally', HANG_GUARD, async () => {
    const scenarios = [
      `flow: ${FLOW_ID}`,
      'scenarios:',
      '  - name: evil condition',
      '    expect:',
      '      path: { contains: [node_yes] }',
      '  - name: evil condition, else branch',
      '    expect:',
      '      path: [node_start, node_set, node_check, node_no, node_exit]',
      '',
    ].join('\n');
    const r = await run(workspace(flow(`{ variable: code, op: matches, value: "${EVIL}" }`), scenarios));
    assertFinished(r);
    const [yes, no] = r.report.scenarios;
    assert.equal(yes.status, 'failed', 'the pattern does not match, so node_yes is never reached');
    assert.ok(!yes.execution_summary.path.includes('node_yes'));
    assert.equal(no.status, 'passed', JSON.stringify(no.execution_summary));
    assert.deepEqual(no.execution_summary.path, ['node_start', 'node_set', 'node_check', 'node_no', 'node_exit']);
  });

  test('(c1) a backreference in a scenario matcher is a load problem with file, line and key', HANG_GUARD, async () => {
    const scenarios = [
      `flow: ${FLOW_ID}`,
      'scenarios:',
      '  - name: backreference',
      '    expect:',
      '      variables:',
      '        code:',
      '          matches: "(a)\\\\1"',
      '',
    ].join('\n');
    const r = await run(workspace(flow('{ variable: code, op: eq, value: x }'), scenarios));
    assertFinished(r);
    const problem = r.report.problems.find((p: { file: string }) => p.file === 'cxone-tests/evil.yaml');
    assert.ok(problem, JSON.stringify(r.report.problems));
    assert.equal(problem.line, 7);
    assert.equal(problem.key, 'scenarios[0].expect.variables.code.matches');
    assert.match(problem.message, /^'expect\.variables\.code\.matches' "\(a\)\\\\1" is not supported: \\1 is a backreference/);
    assert.ok(
      r.annotations.some((a) => a.level === 'error' && a.file === 'cxone-tests/evil.yaml' && a.line === 7),
      JSON.stringify(r.annotations),
    );
  });

  test('(c2) a backreference in a flow Condition is a load problem with file, line and node key', HANG_GUARD, async () => {
    const scenarios = [`flow: ${FLOW_ID}`, 'scenarios:', '  - name: never runs', '    expect: { exit: node_exit }', ''].join('\n');
    const r = await run(workspace(flow('{ variable: code, op: matches, value: "(a)\\\\1" }'), scenarios));
    assertFinished(r);
    const problem = r.report.problems.find((p: { file: string }) => p.file === 'flows/evil.yaml');
    assert.ok(problem, JSON.stringify(r.report.problems));
    assert.equal(problem.line, 8);
    assert.equal(problem.key, 'nodes.node_check.if.value');
    assert.match(problem.message, /^node 'node_check': 'if\.value' "\(a\)\\\\1" is not supported: \\1 is a backreference/);
    assert.ok(
      r.annotations.some((a) => a.level === 'error' && a.file === 'flows/evil.yaml' && a.line === 8),
      JSON.stringify(r.annotations),
    );
  });

  test('(d) SIGINT during a run of evil Conditions is handled: the rest is not_run, the report written', HANG_GUARD, async () => {
    // 300 scenarios, each through the Condition 2,000 times (a loop, cut by maxLoops); SIGINT after the 2nd.
    const loop = flow(`{ variable: code, op: matches, value: "${EVIL}" }`).replace('else: node_no', 'else: node_set');
    const scenarios = [
      `flow: ${FLOW_ID}`,
      'maxLoops: 2000',
      'scenarios:',
      ...Array.from({ length: 300 }, (_, i) => `  - { name: Scenario ${i + 1}, expect: { exit: node_exit } }`),
      '',
    ].join('\n');
    const r = await runAction({
      workspace: workspace(loop, scenarios),
      inputs: { target: 'emulator', flows: 'flows/*.yaml', concurrency: '1', 'fail-on': 'none' },
      killWhen: /^\[ *2\/\d+\] .* Scenario 2( \(|$)/m,
      kill: { afterMs: 0, signal: 'SIGINT' },
    });
    assertFinished(r);
    assert.match(r.report.report_metadata.cut_short, /cancelled \(SIGINT\)/);
    const statuses: string[] = r.report.scenarios.map((s: { status: string }) => s.status);
    assert.equal(statuses.length, 300);
    assert.ok(statuses.filter((s) => s !== 'not_run').length >= 2, 'some ran');
    assert.ok(statuses.includes('not_run'), 'the signal was handled while scenarios were still queued');
  });
});
