// The SARIF log (`sarif-path`) as the built action writes it, spawned as the runner spawns it on the
// built-in emulator: valid against the official SARIF 2.1.0 schema, its results on the lines of the files
// in the workspace, written when the run fails, and safe with hostile text in the files it reads.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { makeWorkspace, ROOT, runAction, writeFiles } from '../helpers/action.ts';
import { cli } from '../helpers/cli.ts';
import { placeOf, sarifSchemaErrors, type SarifLog } from '../helpers/sarif.ts';
import { lineWith, studioJson } from '../helpers/studio-json.ts';

/** A flow with a reference to a node it lacks and a node no call reaches: two findings before any call. */
const DEFECTS = `id: 99999999-2222-3333-4444-555555555555
name: Defects
start: node_start
nodes:
  node_start: { type: Start, next: node_menu }
  node_menu:
    type: GatherInput
    variable: choice
    options: { "1": node_exit, "2": node_gone }
    noMatch: node_exit
  node_orphan: { type: Play, prompt: Hello, next: node_exit }
  node_exit: { type: Exit }
`;

const DEFECT_SCENARIOS = `flow: 99999999-2222-3333-4444-555555555555
scenarios:
  - name: Option 1 ends the call
    input: { dtmf: "1" }
    expect:
      exit: node_exit
`;

/** examples/broken (a routing bug, an infinite loop), the flow above, and a malformed scenario file. */
function workspace(extra: Record<string, string> = {}): string {
  const dir = makeWorkspace();
  cpSync(path.join(ROOT, 'examples', 'broken', 'flows'), path.join(dir, 'flows'), { recursive: true });
  cpSync(path.join(ROOT, 'examples', 'broken', 'scenarios'), path.join(dir, 'cxone-tests'), { recursive: true });
  writeFiles(dir, {
    'flows/defects.yaml': DEFECTS,
    'cxone-tests/defects.yaml': DEFECT_SCENARIOS,
    'cxone-tests/malformed.yaml':
      'flow: 5b8d1f36-2e7c-4a90-8d3b-71c6e4f2a918\nscenarios:\n  - name: Typo\n    expected: { exit: node_exit }\n',
    ...extra,
  });
  return dir;
}

const INPUTS = { target: 'emulator', flows: 'flows/*.yaml', 'upload-artifact': 'false', 'sarif-path': 'out/cxone-flow.sarif' };

function readSarif(dir: string): { text: string; log: SarifLog } {
  const text = readFileSync(path.join(dir, 'out', 'cxone-flow.sarif'), 'utf8');
  return { text, log: JSON.parse(text) as SarifLog };
}

describe('the SARIF log of a failing run', () => {
  test('valid SARIF 2.1.0, with the flow findings, the failing scenarios and the malformed file on their lines', async () => {
    const dir = workspace();
    const run = await runAction({ workspace: dir, inputs: INPUTS });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^Reports written: cxone-flow-report\.yaml \(YAML\) and out\/cxone-flow\.sarif \(SARIF\)\.$/m);
    const { text, log } = readSarif(dir);
    assert.deepEqual(sarifSchemaErrors(text), []);
    const results = log.runs[0]!.results;
    const seen = results.map((r) => `${r.level} ${r.ruleId} ${placeOf(r)}`);
    // Each line is the one the report names: the finding's key in the scenario file, the node in the flow file.
    const lineOf = (file: string, needle: string) =>
      readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(needle)) + 1;
    assert.deepEqual(seen.sort(), [
      `error cxone/FLOW_REFERENCE flows/defects.yaml:${lineOf('flows/defects.yaml', 'node_gone')}`,
      `error cxone/INVALID_FILE cxone-tests/malformed.yaml:${lineOf('cxone-tests/malformed.yaml', 'expected:')}`,
      `error cxone/LOOP_DETECTED ${placeOf(results.find((r) => r.ruleId === 'cxone/LOOP_DETECTED')!)}`,
      `error cxone/PATH_MISMATCH cxone-tests/routing-bug.yaml:${lineOf('cxone-tests/routing-bug.yaml', 'path: [node_start, "...", node_menu, node_check_tier')}`,
      `warning cxone/FLOW_UNREACHABLE flows/defects.yaml:${lineOf('flows/defects.yaml', 'node_orphan:')}`,
    ]);
    const loop = results.find((r) => r.ruleId === 'cxone/LOOP_DETECTED')!;
    assert.equal(placeOf(loop).split(':')[0], 'cxone-tests/infinite-loop.yaml');
    assert.match(loop.message.text, /^Failed: Three silent attempts reach the operator: infinite loop at node_menu/);
    assert.deepEqual(
      loop.relatedLocations!.map((l) => l.message.text.split(':')[0]),
      ['PATH_MISMATCH', 'EXIT_MISMATCH', 'VARIABLE_MISMATCH'],
    );
    // Every location is a file of the workspace, relative to its root, on a line the file has.
    for (const r of results)
      for (const l of [...r.locations, ...(r.relatedLocations ?? [])]) {
        const { uri, uriBaseId } = l.physicalLocation.artifactLocation;
        assert.equal(uriBaseId, '%SRCROOT%');
        const lines = readFileSync(path.join(dir, decodeURIComponent(uri)), 'utf8').split('\n').length;
        assert.ok(l.physicalLocation.region!.startLine <= lines, `${uri} has line ${l.physicalLocation.region!.startLine}`);
      }
    assert.equal(log.runs[0]!.tool.driver.version, run.report.report_metadata.tool_version);
  });

  test('written when a run is cut short too: the scenarios it did not reach are one notification', async () => {
    const dir = workspace();
    // A token endpoint nothing listens on stops the run before its first call.
    const run = await runAction({
      workspace: dir,
      inputs: {
        ...INPUTS,
        target: 'api',
        'base-url': 'http://127.0.0.1:9',
        'client-id': 'id-1234',
        'client-secret': 'secret-5678',
        'max-retries': '0',
      },
    });
    assert.equal(run.code, 1);
    const { text, log } = readSarif(dir);
    assert.deepEqual(sarifSchemaErrors(text), []);
    assert.ok(!text.includes('secret-5678'));
    const notes = log.runs[0]!.invocations[0]!.toolExecutionNotifications ?? [];
    assert.ok(
      notes.some((n) => /^run cut short: .*; \d+ scenarios not run$/.test(n.message.text)),
      JSON.stringify(notes),
    );
    assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, false);
  });

  test('a path it cannot write fails the run naming it; the other reports are still written', async () => {
    const dir = workspace({ 'out/cxone-flow.sarif/keep': '' });
    const run = await runAction({ workspace: dir, inputs: INPUTS });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /could not write the report to out\/cxone-flow\.sarif: EISDIR \(a directory is in the way\)/);
    assert.ok(statSync(path.join(dir, 'cxone-flow-report.yaml')).isFile());
  });
});

describe('the SARIF log of a sharded run', () => {
  test("merge --sarif-path writes one log with every shard's results, the same as an unsharded run's", async () => {
    const dir = workspace();
    for (const k of [1, 2]) {
      const run = await runAction({
        workspace: dir,
        inputs: { ...INPUTS, shard: `${k}/2`, 'report-path': `shards/${k}.yaml`, 'sarif-path': `shards/${k}.sarif`, 'fail-on': 'none' },
      });
      assert.ok(run.outputs.conclusion, run.stderr);
    }
    const perShard = [1, 2].map(
      (k) => (JSON.parse(readFileSync(path.join(dir, `shards/${k}.sarif`), 'utf8')) as SarifLog).runs[0]!.results,
    );
    const merged = await cli(['merge', 'shards/*.yaml', '--report-path', 'merged.yaml', '--sarif-path', 'out/cxone-flow.sarif'], {
      cwd: dir,
    });
    assert.equal(merged.code, 1, merged.stderr);
    const { text, log } = readSarif(dir);
    assert.deepEqual(sarifSchemaErrors(text), []);
    const key = (r: SarifLog['runs'][0]['results'][0]) => `${r.ruleId} ${placeOf(r)} ${r.partialFingerprints['cxoneFlowTestIdentity/v1']}`;
    const whole = await runAction({ workspace: dir, inputs: INPUTS });
    assert.equal(whole.code, 1);
    const unsharded = readSarif(dir).log.runs[0]!.results.map(key).sort();
    // Each shard's log has its own scenarios (and the flow files' findings, which every shard checks): one upload
    // of a shard's log would replace the other's, so the merged log is the one to upload, as one run has it.
    assert.deepEqual([...new Set(perShard.flat().map(key))].sort(), unsharded);
    assert.deepEqual(log.runs[0]!.results.map(key).sort(), unsharded);
  });
});

describe('hostile text in the SARIF log', () => {
  test('a workflow command in a name, a megabyte name: data in a valid log, cut, never a command in the log', async () => {
    // A megabyte, just under the largest scenario file read (1 MiB).
    const long = 'L'.repeat(1000 * 1000);
    const dir = workspace({
      'cxone-tests/hostile.yaml': `flow: 5b8d1f36-2e7c-4a90-8d3b-71c6e4f2a918
variables: { customer_id: "CUST-998" }
scenarios:
  - name: "::error file=x,line=1::pwned"
    input: { dtmf: "2" }
    expect: { exit: node_gone }
  - name: "${long}"
    input: { dtmf: "2" }
    expect: { exit: node_gone_too }
`,
    });
    const run = await runAction({ workspace: dir, inputs: INPUTS });
    assert.equal(run.code, 1);
    assert.ok(!run.stdout.split('\n').some((l) => l.startsWith('::error file=x')), 'the gate broke the command in the log');
    const { text, log } = readSarif(dir);
    assert.deepEqual(sarifSchemaErrors(text), []);
    const results = log.runs[0]!.results;
    const named = results.find((r) => r.properties['scenario'] === '::error file=x,line=1::pwned')!;
    assert.match(named.message.text, /^Failed: ::error file=x,line=1::pwned: expected exit node_gone, got node_exit$/);
    const huge = results.find((r) => r.properties['scenario']?.startsWith('LLLL'))!;
    assert.ok(huge.message.text.length <= 4096, `${huge.message.text.length} characters`);
    assert.ok(text.length < 200 * 1024, `${text.length} bytes: the report had cut the name already`);
  });

  test("a workflow command in a Studio action's label: its flow finding is data in the log, on the action's line", async () => {
    const label = '::error file=x,line=1::pwned [see](1)';
    const script = studioJson('Main IVR', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'HOURS', label, to: { Open: 3, Closed: 3 } },
      { id: 3, type: 'HANGUP', label: 'Bye' },
    ]);
    const dir = makeWorkspace();
    writeFiles(dir, {
      'Studio/Main IVR.json': script,
      'cxone-tests/main.yaml': 'flow: Main IVR\nscenarios:\n  - name: Calls in\n    expect: { exit: Bye }\n',
    });
    const run = await runAction({ workspace: dir, inputs: { ...INPUTS, flows: 'Studio/*.json' } });
    assert.ok(!run.stdout.split('\n').some((l) => l.startsWith('::error file=x')), 'the gate broke the command in the log');
    const { text, log } = readSarif(dir);
    assert.deepEqual(sarifSchemaErrors(text), []);
    const unexecuted = log.runs[0]!.results.find((r) => r.ruleId === 'cxone/FLOW_UNEXECUTED_ACTION')!;
    assert.ok(unexecuted, text);
    assert.equal(unexecuted.level, 'warning');
    assert.equal(unexecuted.properties['node'], label);
    assert.ok(unexecuted.message.text.startsWith(`'${label}' is a HOURS action`), unexecuted.message.text);
    // On the action's own line, where its object opens (actions come first in the file).
    assert.equal(placeOf(unexecuted), `Studio/Main%20IVR.json:${lineWith(script, '"2": {')}`);
  });
});
