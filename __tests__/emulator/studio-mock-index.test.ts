// The mock index of a Studio run costs the request's keys, not the script's size: the tables of a
// script's names and of the scripts it calls are built once per script, not at every debug call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executeStudio } from '../../src/emulator/studio/execute.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import type { StudioScript } from '../../src/domain/studio.ts';
import { lookupOf, studioRequest, studioScript, type ActionSpec } from '../helpers/studio-builder.ts';

/** `script` whose nodes count how often their keys are listed (what a walk over every action does). */
function counted(script: StudioScript): { script: StudioScript; listings: () => number } {
  let n = 0;
  const nodes = new Proxy(script.nodes, {
    ownKeys(target) {
      n++;
      return Reflect.ownKeys(target);
    },
  });
  return { script: { ...script, nodes }, listings: () => n };
}

test("a second debug call with mocks lists no script's actions again", () => {
  const menus: ActionSpec[] = Array.from({ length: 500 }, (_, i) => ({
    id: i + 3,
    type: 'ASSIGN',
    label: `Set ${i}`,
    properties: { Variable: 'x', Value: `${i}` },
    to: { default: i + 4 },
  }));
  const main = counted(
    studioScript('Main', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'RUNSUB', label: 'Call', properties: { ScriptName: 'Sub' }, to: { default: 3 } },
      ...menus,
      { id: 503, type: 'HOURS', label: 'Hours', to: { OnOpen: 504 } },
      { id: 504, type: 'HANGUP', label: 'Bye' },
    ]),
  );
  const sub = counted(
    studioScript('Sub', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'RETURN', label: 'Back' },
    ]),
  );
  const lookup = lookupOf(main.script, sub.script);
  const call = () => {
    const result = executeStudio(main.script, studioRequest({ mocks: { Hours: { branch: 'OnOpen' }, 'Sub/Begin': {} } }), lookup);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    return result.body as DebugResponse;
  };
  assert.equal(call().path.at(-1), 'Bye');
  const first = [main.listings(), sub.listings()];
  assert.equal(call().exitNode, 'Bye');
  assert.deepEqual([main.listings(), sub.listings()], first, 'the second call lists no actions');
  // An unknown key still gets its nearest name, from the full list of names.
  const wrong = executeStudio(main.script, studioRequest({ mocks: { Hour: { branch: 'OnOpen' } } }), lookup);
  assert.equal(wrong.status, 500);
  assert.match(
    JSON.stringify(wrong.body),
    /mocks names 'Hour', which is not an action of the script or of a script it runs \(did you mean 'Hours'\?\)/,
  );
});
