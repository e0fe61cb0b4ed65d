// compare-to end to end: a temporary git repository with two commits of a flow, the built action spawned
// as the runner spawns it, and what it reported about the inputs whose behaviour changed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { ROOT, runAction, writeFiles } from '../helpers/action.ts';
import { cli } from '../helpers/cli.ts';

const FLOW_V1 = `id: menu
name: Main menu
start: node_start
nodes:
  node_start: { type: Start, next: node_menu }
  node_menu:
    type: GatherInput
    variable: selected_option
    options: { "1": node_route_sales, "2": node_route_support, "3": node_route_support }
    intents: { billing: node_route_billing }
    noMatch: node_exit
    noInput: node_exit
  node_route_sales: { type: Route, target: queue_sales, next: node_exit }
  node_route_support: { type: Route, target: queue_support, next: node_exit }
  node_route_billing: { type: Route, target: queue_billing, next: node_exit }
  node_exit: { type: Exit }
`;

/** Options 2 and 3 go to a new priority queue: every scenario stays green, two callers are re-routed. */
const FLOW_V2 = FLOW_V1.replace(
  '"2": node_route_support, "3": node_route_support',
  '"2": node_route_priority, "3": node_route_priority',
).replace(
  '  node_exit: { type: Exit }',
  '  node_route_priority: { type: Route, target: queue_priority, next: node_exit }\n  node_exit: { type: Exit }',
);

/** The scenario of option 2 is updated in the same commit as the flow: its expectation alone would hide the change. */
const scenarios = (supportRoute: string) => `flow: menu
scenarios:
  - name: Sales
    input: { dtmf: "1" }
    expect: { path: [node_start, node_menu, node_route_sales, node_exit] }
  - name: Support
    input: { dtmf: "2" }
    expect: { path: [node_start, node_menu, ${supportRoute}, node_exit] }
  - name: Support, the other key
    input: { dtmf: "3" }
    expect: { exit: node_exit }
  - name: Billing by speech
    input: { speech: "a billing question" }
    expect: { exit: node_exit }
`;

const INPUTS = { target: 'emulator', flows: 'flows/*.yaml' };

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
}

function commit(dir: string, files: Record<string, string>, message: string): string {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** A repository with the flow before and after the change; returns it and both commits. */
function twoCommits(): { dir: string; v1: string; v2: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxft-git-'));
  git(dir, 'init', '-q', '-b', 'main');
  const v1 = commit(dir, { 'flows/menu.yaml': FLOW_V1, 'cxone-tests/menu.yaml': scenarios('node_route_support') }, 'menu v1');
  const v2 = commit(dir, { 'flows/menu.yaml': FLOW_V2, 'cxone-tests/menu.yaml': scenarios('node_route_priority') }, 'priority support');
  return { dir, v1, v2 };
}

const names = (report: any): string[] => report.behaviour_changes.changes.map((c: any) => c.name).sort();

describe('compare-to on a git repository', () => {
  test('two commits of a flow: exactly the re-routed inputs, grouped, with their path diffs, first in the summary', async () => {
    const { dir, v1 } = twoCommits();
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD~1' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.conclusion, 'success', 'every scenario is green');
    assert.equal(run.outputs.changed, '2');
    assert.equal(run.outputs.unchanged, '2');
    const b = run.report.behaviour_changes;
    assert.deepEqual(b.compared_to, { ref: 'HEAD~1', commit: v1 });
    assert.deepEqual(names(run.report), ['Support', 'Support, the other key']);
    for (const c of b.changes) {
      assert.equal(c.code, 'REROUTED');
      assert.deepEqual(c.before.destination, { node: 'node_route_support', target: 'queue_support' });
      assert.deepEqual(c.after.destination, { node: 'node_route_priority', target: 'queue_priority' });
      assert.deepEqual(
        c.path_edits.map((e: any) => [e.op, e.node, e.index]),
        [
          ['missing', 'node_route_support', 2],
          ['unexpected', 'node_route_priority', 2],
        ],
      );
    }
    assert.equal(b.groups.length, 1);
    assert.equal(
      b.groups[0].message,
      '2 callers re-routed: press 2 and press 3 now reach node_route_priority (queue_priority) (was node_route_support (queue_support)) (flow menu)',
    );
    const flow = b.flows.find((f: any) => f.flow_id === 'menu');
    assert.equal(flow.status, 'changed');
    assert.deepEqual(flow.nodes_added, ['node_route_priority']);
    assert.deepEqual(flow.counts, { nodes_added: 1, nodes_removed: 0, connectors_added: 3, connectors_removed: 2 });
    assert.deepEqual(flow.coverage_before.nodes, { visited: 6, total: 6, percent: 100 });
    assert.deepEqual(flow.coverage_after.nodes, { visited: 6, total: 7, percent: 85.7 });
    // The section comes before everything else a reviewer reads.
    const at = run.summary.indexOf('### Behaviour changes');
    assert.ok(at > 0 && at < run.summary.indexOf('### Scenarios'), run.summary);
    assert.match(run.summary, /\*\*2 of 4 inputs behave differently\*\*, 2 unchanged/);
    assert.ok(run.summary.includes('```diff\n- node_route_support (step 2)\n+ node_route_priority (step 2)\n```'), run.summary);
    const notices = run.annotations.filter((a) => a.level === 'notice' && a.file === 'flows/menu.yaml');
    assert.equal(notices.length, 1, JSON.stringify(run.annotations));
    assert.equal(notices[0]!.line, 1);
    assert.match(notices[0]!.title!, /Behaviour changed: Main menu \(2 inputs\)/);
    assert.match(notices[0]!.message, /2 callers re-routed/);
  });

  test('a no-op commit on top (a comment, a README) reports no change', async () => {
    const { dir } = twoCommits();
    commit(dir, { 'flows/menu.yaml': `# reformatted, same flow\n${FLOW_V2}`, 'README.md': 'docs only\n' }, 'no-op');
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD~1' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.changed, '0');
    assert.equal(run.outputs.unchanged, '4');
    assert.deepEqual(run.report.behaviour_changes.changes, []);
    assert.deepEqual(run.report.behaviour_changes.flows, []);
    assert.ok(!run.annotations.some((a) => /Behaviour changed/.test(a.title ?? '')));
    assert.match(run.summary, /no input behaves differently \(4 unchanged\)/);
  });

  test('a flow file that is not valid YAML at the ref: said in a warning and the section, its inputs not compared, never "new"', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-git-'));
    git(dir, 'init', '-q', '-b', 'main');
    commit(dir, { 'flows/menu.yaml': 'id: menu\nnodes: [\n', 'cxone-tests/menu.yaml': scenarios('node_route_support') }, 'broken');
    commit(dir, { 'flows/menu.yaml': FLOW_V1 }, 'fixed');
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD~1' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.conclusion, 'success');
    const b = run.report.behaviour_changes;
    assert.deepEqual([b.changed, b.unchanged, b.not_compared], [0, 0, 4], JSON.stringify(b.changes));
    assert.deepEqual(b.flows, [], 'the flow is not new: its file at the ref did not load');
    assert.deepEqual(
      b.earlier_problems.map((p: any) => p.file),
      ['flows/menu.yaml'],
    );
    const warnings = run.annotations.filter(
      (a) => a.level === 'warning' && /flows\/menu\.yaml/.test(a.message) && /HEAD~1/.test(a.message),
    );
    assert.equal(warnings.length, 1, JSON.stringify(run.annotations));
    assert.match(run.summary, /### Behaviour changes\n\n> \[!WARNING\]\n> .*flows\/menu\.yaml/);
    assert.match(run.summary, /4 not compared/);
  });

  test('the first flow files, added by this commit: their inputs are new, and the comparison is not called incomplete', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-git-'));
    git(dir, 'init', '-q', '-b', 'main');
    commit(dir, { 'README.md': 'empty\n' }, 'nothing yet');
    commit(dir, { 'flows/menu.yaml': FLOW_V1, 'cxone-tests/menu.yaml': scenarios('node_route_support') }, 'first flow');
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD~1' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const b = run.report.behaviour_changes;
    assert.deepEqual(
      b.changes.map((c: any) => c.code),
      ['ADDED', 'ADDED', 'ADDED', 'ADDED'],
    );
    assert.equal(b.earlier_problems, undefined);
    assert.ok(!run.annotations.some((a) => /incomplete/.test(a.title ?? '')), JSON.stringify(run.annotations));
  });

  test('the flows at the ref come out of git: uncommitted work is the head, and the workspace is left as it was', async () => {
    const { dir } = twoCommits();
    writeFileSync(path.join(dir, 'flows/menu.yaml'), FLOW_V1);
    const before = git(dir, 'status', '--porcelain');
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD' } });
    assert.equal(run.outputs.changed, '2', run.stdout);
    assert.equal(run.report.behaviour_changes.changes[0].before.destination.node, 'node_route_priority');
    assert.equal(readFileSync(path.join(dir, 'flows/menu.yaml'), 'utf8'), FLOW_V1);
    const after = git(dir, 'status', '--porcelain')
      .split('\n')
      .filter((l) => !/cxone-flow-report\.yaml|\.gh-/.test(l));
    assert.deepEqual(after, before.split('\n'));
  });

  test('a shallow clone without the ref: one warning naming the ref and the fix, and the run goes on', async () => {
    const { dir } = twoCommits();
    const clone = mkdtempSync(path.join(tmpdir(), 'cxft-shallow-'));
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, clone]);
    const run = await runAction({ workspace: clone, inputs: { ...INPUTS, 'compare-to': 'HEAD~1' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.conclusion, 'success');
    assert.equal(run.outputs.passed, '4');
    assert.equal(run.outputs.changed, '');
    const warnings = run.annotations.filter((a) => a.level === 'warning' && /HEAD~1/.test(a.message));
    assert.equal(warnings.length, 1, JSON.stringify(run.annotations));
    assert.match(warnings[0]!.message, /'compare-to' 'HEAD~1' is not in this clone/);
    assert.match(warnings[0]!.message, /fetch-depth: 0/);
    // A ref relative to the head cannot be fetched by name: only more history helps.
    assert.match(warnings[0]!.message, /git fetch --deepen=/);
    assert.ok(!/git fetch origin HEAD~1/.test(warnings[0]!.message), warnings[0]!.message);
    assert.match(run.report.behaviour_changes.skipped, /fetch-depth: 0/);
    assert.match(run.summary, /### Behaviour changes\n\n> \[!WARNING\]/);
  });

  test('on pull_request, the base commit of the event payload is the default', async () => {
    const { dir, v1 } = twoCommits();
    const event = path.join(mkdtempSync(path.join(tmpdir(), 'cxft-event-')), 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: v1, ref: 'main' } } }));
    const run = await runAction({
      workspace: dir,
      inputs: INPUTS,
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event },
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(run.report.behaviour_changes.compared_to, { ref: v1, commit: v1 });
    assert.equal(run.outputs.changed, '2');
  });

  test('the pull-request comment leads with the behaviour changes, over loopback to a stand-in of the GitHub API', async () => {
    const { dir, v1 } = twoCommits();
    const posted: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (req.method === 'POST') posted.push((JSON.parse(body) as { body: string }).body);
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        res.end(req.method === 'POST' ? JSON.stringify({ id: 1, body }) : '[]');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const event = path.join(mkdtempSync(path.join(tmpdir(), 'cxft-event-')), 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: v1 }, head: { sha: 'f'.repeat(40) } } }));
      const run = await runAction({
        workspace: dir,
        inputs: { ...INPUTS, 'pr-comment': 'true', 'github-token': 'ghs_compareTestToken0123456789abcdefXYZ' },
        env: {
          GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: event,
          GITHUB_REPOSITORY: 'acme/ivr',
        },
      });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(posted.length, 1, run.stdout);
      assert.equal(run.outputs.changed, '2', JSON.stringify(run.report.behaviour_changes) + run.stdout);
      const body = posted[0]!;
      assert.match(body, /#### Behaviour changes\n\nCompared with <code>[0-9a-f]{7}<\/code>: \*\*2 of 4 inputs behave differently\*\*/);
      assert.match(body, /- 2 callers re-routed: press 2 and press 3 now reach node_route_priority \(queue_priority\)/);
      assert.ok(body.indexOf('#### Behaviour changes') < body.indexOf('<sub>results for'), body);
    } finally {
      server.close();
    }
  });

  test('final variables only: the change names them, and a redacted one is masked everywhere', async () => {
    const flow = (priority: string, card: string) => `id: vars
start: s
nodes:
  s: { type: Start, next: set }
  set: { type: SetVariable, set: { priority: ${priority}, card_number: "${card}" }, next: x }
  x: { type: Exit }
`;
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-vars-'));
    git(dir, 'init', '-q', '-b', 'main');
    const tests = 'flow: vars\nscenarios:\n  - name: Anyone\n    expect: { exit: x }\n';
    commit(dir, { 'flows/vars.yaml': flow('low', '4111111111111111'), 'cxone-tests/vars.yaml': tests }, 'v1');
    commit(dir, { 'flows/vars.yaml': flow('high', '4222222222222222') }, 'v2');
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD~1', 'redact-variables': 'card_*' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.changed, '1');
    const [c] = run.report.behaviour_changes.changes;
    assert.equal(c.code, 'VARIABLES_CHANGED');
    assert.deepEqual(c.variables, [
      { name: 'card_number', before: '***', after: '***' },
      { name: 'priority', before: 'low', after: 'high' },
    ]);
    assert.equal(
      c.message,
      `'Anyone' (no input) takes the same path and ends with other variables; card_number: "***" → "***", priority: "low" → "high"`,
    );
    for (const text of [run.stdout, run.summary, run.reportText]) assert.ok(!/4111|4222/.test(text));
  });

  test('explore: the inputs generate would write are compared too, so a change no scenario tries is reported', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-explore-'));
    git(dir, 'init', '-q', '-b', 'main');
    // The only scenario presses 1: options 2 and 3, re-routed, are found by the explorer alone.
    const sales = 'flow: menu\nscenarios:\n  - name: Sales\n    input: { dtmf: "1" }\n    expect: { exit: node_exit }\n';
    commit(dir, { 'flows/menu.yaml': FLOW_V1, 'cxone-tests/menu.yaml': sales }, 'v1');
    commit(dir, { 'flows/menu.yaml': FLOW_V2 }, 'v2');
    const without = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD~1' } });
    assert.deepEqual([without.outputs.changed, without.outputs.unchanged], ['0', '1']);
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': 'HEAD~1', explore: 'true' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const b = run.report.behaviour_changes;
    const rerouted = b.changes.filter((c: any) => c.code === 'REROUTED');
    assert.ok(
      rerouted.every((c: any) => c.origin === 'explored' && c.after.destination.node === 'node_route_priority'),
      JSON.stringify(b.changes),
    );
    assert.deepEqual([...new Set(rerouted.map((c: any) => c.input.dtmf))].sort(), ['2', '3']);
    assert.ok(
      b.changes.every((c: any) => c.name !== 'Sales'),
      'the scenario itself is unchanged',
    );
    assert.equal(run.outputs.changed, String(b.changed));
    assert.ok(Number(run.outputs.unchanged) >= 2, 'press 1 and the billing intent, among the explored inputs, are unchanged');
    assert.match(run.summary, /— explored input/);
  });

  test('the CLI: --compare-to prints the count and the groups; a ref starting with - is refused with the flag named', async () => {
    const { dir } = twoCommits();
    const run = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml', '--compare-to', 'HEAD~1', '--report-path', 'r.yaml'], {
      cwd: dir,
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Behaviour changes against HEAD~1 \([0-9a-f]{7}\): 2 of 4 inputs behave differently, 2 unchanged\./);
    assert.match(run.stdout, / {2}2 callers re-routed: press 2 and press 3 now reach node_route_priority/);
    const refused = await cli(['run', '--target', 'emulator', '--flows', 'flows/*.yaml', '--compare-to=-p'], { cwd: dir });
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /Invalid --compare-to "-p"/);
  });

  test('a ref that would read as an option is refused as an input: no git call, the input named', async () => {
    const { dir } = twoCommits();
    for (const ref of ['--output=/tmp/x', '-p', 'HEAD:flows/menu.yaml']) {
      const run = await runAction({ workspace: dir, inputs: { ...INPUTS, 'compare-to': ref } });
      assert.equal(run.code, 1);
      assert.match(run.stdout, /Invalid 'compare-to' "/);
      assert.equal(run.outputs.conclusion, 'failure');
      assert.equal(run.outputs.changed, '');
    }
  });
});

describe('baseline-report: the same section from a report of an earlier run', () => {
  /** A workspace (no git) with the given version, run once; returns the workspace and the report's text. */
  async function runVersion(flow: string, route: string, inputs: Record<string, string> = {}, dir?: string) {
    const workspace = dir ?? mkdtempSync(path.join(tmpdir(), 'cxft-baseline-'));
    writeFiles(workspace, { 'flows/menu.yaml': flow, 'cxone-tests/menu.yaml': scenarios(route) });
    const run = await runAction({ workspace, inputs: { ...INPUTS, ...inputs } });
    return { workspace, run };
  }

  test('a report of the earlier version: exactly the re-routed scenarios, and none against a report of this one', async () => {
    const first = await runVersion(FLOW_V1, 'node_route_support');
    assert.equal(first.run.code, 0, first.run.stdout);
    writeFiles(first.workspace, { 'baseline/earlier.yaml': first.run.reportText });
    const second = await runVersion(FLOW_V2, 'node_route_priority', { 'baseline-report': 'baseline/earlier.yaml' }, first.workspace);
    assert.equal(second.run.code, 0, second.run.stdout + second.run.stderr);
    assert.equal(second.run.outputs.changed, '2');
    assert.equal(second.run.outputs.unchanged, '2');
    const b = second.run.report.behaviour_changes;
    assert.deepEqual(b.compared_to, { report: 'baseline/earlier.yaml' });
    assert.deepEqual(names(second.run.report), ['Support', 'Support, the other key']);
    // The earlier version's graph is not in its report: routing steps are found in this run's flows.
    assert.deepEqual(
      b.changes.map((c: any) => [c.code, c.before.destination.node, c.after.destination.node]),
      [
        ['REROUTED', 'node_route_support', 'node_route_priority'],
        ['REROUTED', 'node_route_support', 'node_route_priority'],
      ],
    );
    assert.deepEqual(
      b.changes[0].path_edits.map((e: any) => [e.op, e.node]),
      [
        ['missing', 'node_route_support'],
        ['unexpected', 'node_route_priority'],
      ],
    );
    // A report holds coverage, not the flow graph: the flow is listed with its coverage before and after.
    const flow = b.flows.find((f: any) => f.flow_id === 'menu');
    assert.equal(flow.structure, 'unknown');
    assert.deepEqual([flow.coverage_before.nodes.visited, flow.coverage_after.nodes.total], [6, 7]);
    assert.ok(second.run.annotations.some((a) => a.level === 'notice' && a.file === 'flows/menu.yaml'));
    assert.match(second.run.summary, /Compared with the report <code>baseline\/earlier\.yaml<\/code>: \*\*2 of 4 inputs/);

    // The JSON report reads the same.
    const json = await runVersion(FLOW_V2, 'node_route_priority', { 'json-report-path': 'baseline/now.json' }, first.workspace);
    assert.equal(json.run.code, 0);
    const fromJson = await runVersion(FLOW_V2, 'node_route_priority', { 'baseline-report': 'baseline/now.json' }, first.workspace);
    assert.deepEqual([fromJson.run.outputs.changed, fromJson.run.outputs.unchanged], ['0', '4']);

    writeFiles(first.workspace, { 'baseline/same.yaml': second.run.reportText });
    const third = await runVersion(FLOW_V2, 'node_route_priority', { 'baseline-report': 'baseline/same.yaml' }, first.workspace);
    assert.equal(third.run.outputs.changed, '0');
    assert.equal(third.run.outputs.unchanged, '4');
  });

  test('a hostile baseline: a scenario only it has is listed as removed, escaped; a file that is no report is one warning', async () => {
    const first = await runVersion(FLOW_V1, 'node_route_support');
    const crafted = first.run.reportText.replace('name: Sales', "name: '<img src=x onerror=alert(1)> @team ::error::boom'");
    writeFiles(first.workspace, { 'baseline/crafted.yaml': crafted, 'baseline/junk.yaml': '::error::not a report\n' });
    const crafty = await runVersion(FLOW_V1, 'node_route_support', { 'baseline-report': 'baseline/crafted.yaml' }, first.workspace);
    assert.equal(crafty.run.code, 0, crafty.run.stdout);
    const b = crafty.run.report.behaviour_changes;
    assert.deepEqual(
      b.changes.map((c: any) => c.code),
      ['ADDED', 'REMOVED'],
      'Sales is new to the crafted report, its crafted twin gone',
    );
    assert.ok(!crafty.run.summary.includes('<img'), 'HTML from the baseline is escaped');
    assert.ok(!crafty.run.summary.includes('@team'), 'no mention');
    assert.ok(!/^::error::boom/m.test(crafty.run.stdout), 'no workflow command from the baseline');

    const junk = await runVersion(FLOW_V1, 'node_route_support', { 'baseline-report': 'baseline/junk.yaml' }, first.workspace);
    assert.equal(junk.run.code, 0, junk.run.stdout);
    assert.equal(junk.run.outputs.conclusion, 'success');
    assert.equal(junk.run.outputs.changed, '');
    const warnings = junk.run.annotations.filter((a) => a.level === 'warning' && /baseline-report/.test(a.message));
    assert.equal(warnings.length, 1, JSON.stringify(junk.run.annotations));
    assert.match(warnings[0]!.message, /'baseline-report' baseline\/junk\.yaml cannot be used: not a cxone-flow-test report/);
    assert.ok(!/^::error::not a report/m.test(junk.run.stdout));
  });

  test('compare-to and baseline-report together are refused, naming both', async () => {
    const { workspace } = await runVersion(FLOW_V1, 'node_route_support');
    const run = await runAction({ workspace, inputs: { ...INPUTS, 'compare-to': 'HEAD', 'baseline-report': 'x.yaml' } });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /'compare-to' and 'baseline-report' are both set/);
  });
});

describe('compare-to with a Studio script', () => {
  test("the CASE's gold connector moved to Customer care: exactly the callers the earlier version sent to the Gold line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-studio-git-'));
    cpSync(path.join(ROOT, 'examples', 'studio'), dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'as in the example');
    const inputs = { target: 'emulator', flows: 'Development/main/**/*.json', 'fail-on': 'none' };
    const before = await runAction({ workspace: dir, inputs });
    const gold = before.report.scenarios.filter((s: any) => s.execution_summary?.exit_node === 'Gold line').map((s: any) => s.name);
    assert.ok(gold.length > 0, 'some callers reach the Gold line');
    const file = path.join(dir, 'Development/main/Main IVR.json');
    const script = JSON.parse(readFileSync(file, 'utf8'));
    script.branches['20'][0].to = 25; // CASE Route by tier: gold → Customer care
    writeFileSync(file, `${JSON.stringify(script, null, 2)}\n`);
    git(dir, 'commit', '-q', '-am', 'gold callers to customer care');
    const run = await runAction({ workspace: dir, inputs: { ...inputs, 'compare-to': 'HEAD~1' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const b = run.report.behaviour_changes;
    assert.deepEqual(names(run.report), [...gold].sort());
    assert.equal(run.outputs.changed, String(gold.length));
    assert.equal(run.outputs.unchanged, String(before.report.scenarios.length - gold.length));
    for (const c of b.changes) {
      assert.equal(c.code, 'REROUTED', c.message);
      assert.deepEqual([c.before.destination.node, c.after.destination.node], ['Gold line', 'Customer care']);
    }
    const flow = b.flows.find((f: any) => f.flow_id === 'Main IVR');
    assert.deepEqual(
      [flow.connectors_added.map((e: any) => `${e.from} → ${e.to}`), flow.connectors_removed.map((e: any) => `${e.from} → ${e.to}`)],
      [['Route by tier → Customer care'], ['Route by tier → Gold line']],
    );
    assert.ok(run.annotations.some((a) => a.level === 'notice' && a.file === 'Development/main/Main IVR.json'));
  });
});
