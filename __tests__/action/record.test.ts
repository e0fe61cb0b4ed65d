// The action with `expect: record` and a failing expectation (README, Accepting new behaviour): it never writes the
// checkout; a recording scenario is not run and fails the run with how to record it; a failing one's job
// summary section carries its observed expectation, as YAML to paste.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';
import { RECORD_REFUSAL } from '../../src/run.ts';

const SCENARIOS = `flow: 11111111-2222-3333-4444-555555555555
scenarios:
  - name: To record
    input: { dtmf: "2" }
    expect: record
  - name: Support, expected at sales
    input: { dtmf: "2" }
    expect: { path: [node_start, node_menu, node_route_sales, node_exit], exit: node_exit }
`;

describe('the action and observed expectations', { timeout: 120_000 }, () => {
  test('expect: record is not run and says how to record it; the failing one gets a block to paste; no file is written', async () => {
    const workspace = makeWorkspace({ flows: 'e2e/flows' });
    writeFiles(workspace, { 'cxone-tests/s.yaml': SCENARIOS });
    const run = await runAction({ workspace, inputs: { target: 'emulator', flows: 'flows/*.yaml', 'upload-artifact': 'false' } });
    assert.equal(run.code, 1, run.stdout);
    assert.deepEqual(
      run.report.scenarios.map((s: any) => [s.status, s.reason]),
      [
        ['not_run', RECORD_REFUSAL],
        ['failed', undefined],
      ],
    );
    assert.equal(run.outputs['not-run'], '1');
    const note = run.annotations.find((a) => a.title === 'Not run: To record');
    assert.equal(note?.line, 3, JSON.stringify(run.annotations));
    const block = /```yaml\n([\s\S]*?)```/.exec(run.summary)?.[1];
    assert.ok(block, 'a YAML block in the summary');
    assert.deepEqual(load(block), {
      expect: { path: ['node_start', 'node_menu', 'node_route_support', 'node_exit'], exit: 'node_exit' },
    });
    assert.equal(readFileSync(path.join(workspace, 'cxone-tests/s.yaml'), 'utf8'), SCENARIOS);
  });
});
