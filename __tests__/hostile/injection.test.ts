// Workflow-command injection: API data (node ids, exitNode, trace error text, graph node ids from
// GET /flows/{id}), scenario names and shard reports all reach stdout. None of it may start a workflow
// command: the only commands on stdout are the action's own, and none of them is forged.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { makeWorkspace, runAction, writeFiles, type ActionRun } from '../helpers/action.ts';
import { sendJson, startScriptedApi, type ScriptedApi } from '../helpers/scripted-api.ts';

const FLOW = '11111111-2222-3333-4444-555555555555';
// \n and \r both end a line for the runner, and its TrimStart also skips U+0085 (NEL), which JavaScript's \s does not.
const forge = (tag: string) =>
  `\n::error file=forged.yaml,line=1::pwned-${tag}\r::warning file=forged.yaml::pwned-${tag}-cr\n\u0085::error file=forged.yaml::pwned-${tag}-nel`;
const STOP = '\n::stop-commands::stopper';
const OLD_STYLE = ' ##[error]pwned-v1';

const OURS = new Set(['add-mask', 'error', 'warning', 'notice', 'debug', 'group', 'endgroup']);

/**
 * What the runner would read as workflow commands that the action did not write itself: a line that
 * starts (after white space) with `::` but is not one of our own commands at the very start of a line,
 * and any old-style `##[command]`. Our own annotations carry hostile text only escaped (%0A), inside
 * their message; forgedFiles() checks that none of them points at a forged file.
 */
function forgedCommands(run: ActionRun): string[] {
  return `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/).filter((line) => {
    if (line.includes('##[')) return true;
    // .NET's TrimStart, as the runner applies it: JavaScript's white space and U+0085.
    const trimmed = line.replace(/^[\s\u0085]+/, '');
    if (!trimmed.startsWith('::')) return false;
    const command = /^::([a-z-]+)(?: [^:]*)?::/.exec(line);
    return trimmed !== line || !command || !OURS.has(command[1]!);
  });
}

let scripted: ScriptedApi;
after(() => scripted?.close());

describe('hostile: workflow-command injection', { timeout: 120_000 }, () => {
  test('API answers, graph node ids and scenario names cannot forge or stop commands', async () => {
    scripted = await startScriptedApi({
      debug: (_request, res) =>
        sendJson(res, 200, {
          path: ['node_start', `node_menu${forge('path')}`, 'node_exit'],
          variables: { choice: `2${forge('variable')}` },
          exitNode: `node_exit${STOP}${forge('exit')}`,
          duration: 5,
          trace: [
            { nodeId: 'node_start', type: 'Start', timestamp: 0 },
            {
              nodeId: `node_menu${forge('path')}`,
              type: `Gather${forge('type')}`,
              timestamp: 1,
              error: `boom${forge('trace')}${OLD_STYLE}`,
            },
            { nodeId: 'node_exit', type: 'Exit', timestamp: 2 },
          ],
        }),
      flow: (id, res) =>
        sendJson(res, 200, {
          id,
          name: `Menu${forge('graph-name')}`,
          start: 'node_start',
          nodes: { node_start: { type: 'Start', next: `node_gone${forge('graph')}` }, [`orphan${forge('graph-id')}`]: { type: 'Exit' } },
        }),
    });
    const workspace = makeWorkspace();
    writeFiles(workspace, {
      'cxone-tests/s.yaml': `flow: ${FLOW}
scenarios:
  - name: "Press 2\\n::error file=forged.yaml,line=1::pwned-name\\n\\x85::stop-commands::stopper"
    input: { dtmf: "2" }
    expect:
      path: [node_start, node_menu, node_exit]
      exit: node_exit
      variables: { choice: "2" }
`,
    });
    const run = await runAction({
      workspace,
      inputs: { 'base-url': scripted.url, 'client-id': 'id', 'client-secret': 'secret-value', 'max-retries': '0' },
    });
    assert.ok(run.report, run.stdout);
    assert.equal(run.report.scenarios[0].status, 'error', 'the trace error makes it an error');
    assert.ok(scripted.count(`/api/v2/flows/${FLOW}`) === 1, 'the graph was read, so its node ids reached the log too');
    assert.match(run.stdout, /pwned-exit/, 'the hostile text is shown, neutralised');
    assert.deepEqual(forgedCommands(run), []);
    assert.ok(!run.annotations.some((a) => a.file === 'forged.yaml'), JSON.stringify(run.annotations));
    assert.ok(
      run.annotations.some((a) => a.file === 'cxone-tests/s.yaml'),
      'the real annotations are still there',
    );
  });

  test('a shard report with hostile names cannot forge commands in the merge job', async () => {
    const workspace = makeWorkspace({ 'cxone-flows': 'e2e/flows' });
    writeFiles(workspace, {
      'cxone-tests/s.yaml': `flow: e2e-menu
scenarios:
  - name: "Shard\\n::error file=forged.yaml,line=1::pwned-shard\\n\\x85::stop-commands::stopper"
    input: { dtmf: "9" }
    expect: { exit: node_nowhere }
`,
    });
    const shard = await runAction({
      workspace,
      inputs: { target: 'emulator', flows: 'cxone-flows/*.yaml', 'report-path': 'shard-1.yaml' },
    });
    assert.ok(shard.report, shard.stdout);
    assert.deepEqual(forgedCommands(shard), []);
    const merged = makeWorkspace();
    copyFileSync(path.join(workspace, 'shard-1.yaml'), path.join(merged, 'shard-1.yaml'));
    const run = await runAction({ workspace: merged, inputs: { merge: 'shard-*.yaml' } });
    assert.equal(run.report.scenarios.length, 1, run.stdout);
    assert.match(run.stdout, /pwned-shard/);
    assert.deepEqual(forgedCommands(run), []);
    assert.ok(!run.annotations.some((a) => a.file === 'forged.yaml'));
  });
});
