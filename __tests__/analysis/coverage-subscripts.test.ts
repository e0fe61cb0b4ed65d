// Coverage of Studio scripts that run as other scripts' sub-scripts: their actions appear in the
// caller's runs as `<script>/<action>`, and RUNSUB's Default is taken when the sub-script returns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeCoverage, type CoverageRun } from '../../src/analysis/coverage.ts';
import { executeStudio } from '../../src/emulator/studio/execute.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import type { StudioScript } from '../../src/domain/studio.ts';
import { lookupOf, studioRequest, studioScript } from '../helpers/studio-builder.ts';

const main = studioScript('Main', [
  { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
  { id: 2, type: 'RUNSUB', label: 'Check', properties: { ScriptName: 'Check', ReturnVariable: 'ok' }, to: { default: 3 } },
  { id: 3, type: 'IF', label: 'OK?', properties: { Expression: 'ok = "yes"' }, to: { True: 4, False: 5 } },
  { id: 4, type: 'REQAGENT', label: 'Agent', properties: { Skill: 'Sales' } },
  { id: 5, type: 'HANGUP', label: 'Bye' },
]);
const check = studioScript('Check', [
  { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
  { id: 2, type: 'MENU', label: 'Key', properties: { Variable: 'k' }, to: { 'case:1': 3, default: 4 } },
  { id: 3, type: 'RUNSUB', label: 'Deeper', properties: { ScriptName: 'Inner', ReturnVariable: 'inner' }, to: { default: 5 } },
  { id: 4, type: 'HANGUP', label: 'Drop' },
  { id: 5, type: 'RETURN', label: 'Back', properties: { ReturnValue: '{inner}' } },
]);
const inner = studioScript('Inner', [
  { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
  { id: 2, type: 'RETURN', label: 'Yes', properties: { ReturnValue: 'yes' } },
]);
const scripts: StudioScript[] = [main, check, inner];

function run(dtmf: string, keepTrace = true): CoverageRun {
  const result = executeStudio(main, studioRequest({ dtmf }), lookupOf(...scripts));
  assert.equal(result.status, 200, JSON.stringify(result.body));
  const body = result.body as DebugResponse;
  return { flowId: 'Main', path: body.path, trace: keepTrace ? body.trace : [] };
}

const byId = (id: string, runs: CoverageRun[]) => computeCoverage(scripts, runs).find((c) => c.flow_id === id)!;
const unvisited = (id: string, runs: CoverageRun[]) => byId(id, runs).unvisited_branches.map((b) => `${b.from} ${b.label}`);

describe('coverage of sub-scripts', () => {
  test('the actions a RUNSUB ran count for the sub-script, nested ones for theirs; the RUNSUB Default counts on return', () => {
    const runs = [run('1')];
    assert.deepEqual(runs[0]!.path, [
      'Begin',
      'Check',
      'Check/Begin',
      'Check/Key',
      'Check/Deeper',
      'Inner/Begin',
      'Inner/Yes',
      'Check/Back',
      'OK?',
      'Agent',
    ]);
    assert.deepEqual(byId('Main', runs).unvisited_nodes, ['Bye']);
    assert.deepEqual(unvisited('Main', runs), ['OK? False']);
    assert.deepEqual(byId('Check', runs).unvisited_nodes, ['Drop']);
    assert.deepEqual(unvisited('Check', runs), ['Key Default']);
    assert.deepEqual(byId('Inner', runs).nodes, { visited: 2, total: 2, percent: 100 });
    assert.deepEqual(byId('Inner', runs).edges, { visited: 1, total: 1, percent: 100 });
  });

  test('a sub-script that ends the call never returns: its RUNSUB Default is not taken', () => {
    const runs = [run('9')];
    assert.equal(runs[0]!.path.at(-1), 'Check/Drop');
    assert.deepEqual(unvisited('Main', runs), ['Check Default', 'OK? True', 'OK? False']);
    assert.deepEqual(unvisited('Check', runs), ['Key case 1', 'Deeper Default']);
  });

  test('without a trace the steps still count, but no return can be told apart', () => {
    const runs = [run('1', false)];
    assert.deepEqual(byId('Check', runs).unvisited_nodes, ['Drop']);
    assert.ok(unvisited('Main', runs).includes('Check Default'));
    assert.ok(unvisited('Check', runs).includes('Deeper Default'));
  });
});
