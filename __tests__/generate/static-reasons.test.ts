// Connectors the flow's shape rules out (generate lists them, a run's coverage section warns of them as
// "can never be taken"): each claim is checked against a run on the emulator that takes the connector, so
// a connector some input takes is never listed. Counter-examples of how the executors read case values.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { flowEdges, type LoadedFlow } from '../../src/domain/flow.ts';
import { executeFlow } from '../../src/emulator/engine.ts';
import { exploreFlow } from '../../src/generate/explore.ts';
import { toRequest } from '../../src/generate/input.ts';
import { staticReasons } from '../../src/generate/static-reasons.ts';
import { studioScript } from '../helpers/studio-builder.ts';

function claimed(flow: LoadedFlow): string[] {
  const edges = flowEdges(flow);
  return [...staticReasons(flow)].map(([i, r]) => `${edges[i]?.from} --${edges[i]?.label}--> ${edges[i]?.to}: ${r.code}`);
}

function path(flow: LoadedFlow, input: { dtmf?: string; speech?: string }): string[] {
  const result = executeFlow(flow, toRequest(flow.id, { dtmf: input.dtmf ?? '', speech: input.speech ?? '', variables: {}, mocks: {} }));
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body.path;
}

describe('staticReasons: no claim a run disproves', () => {
  test("a MENU case written '2 ' is taken by the key 2 (cases are matched ignoring blanks when none is exact)", () => {
    const script = studioScript('Blank', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'MENU', label: 'Menu', properties: { MaxDigits: '1' }, to: { 'case:1': 3, 'case:2 ': 4, OnTimeout: 5, default: 5 } },
      { id: 3, type: 'HANGUP', label: 'One' },
      { id: 4, type: 'HANGUP', label: 'Two' },
      { id: 5, type: 'HANGUP', label: 'Bye' },
    ]);
    assert.deepEqual(path(script, { dtmf: '2' }), ['Begin', 'Menu', 'Two']);
    assert.deepEqual(claimed(script), []);
    const x = exploreFlow(script);
    assert.equal(x.covered, x.connectors);
    assert.ok(x.scenarios.some((s) => s.response.path.includes('Two')));
  });

  test("a MENU case ' 1' after a case '1' is shadowed by it, and one of three keys on a one-key menu is too long", () => {
    const script = studioScript('Shadow', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'MENU', label: 'Menu', properties: { MaxDigits: '1' }, to: { 'case:1': 3, 'case: 1': 4, 'case:123': 4, default: 5 } },
      { id: 3, type: 'HANGUP', label: 'One' },
      { id: 4, type: 'HANGUP', label: 'Never' },
      { id: 5, type: 'HANGUP', label: 'Bye' },
    ]);
    assert.deepEqual(path(script, { dtmf: '1' }), ['Begin', 'Menu', 'One']);
    assert.deepEqual(
      claimed(script),
      [
        'Menu --case  1--> Never: shadowed',
        'Menu --case 123--> Never: option_too_long',
        'Never --Default--> undefined: only_through_unreachable',
      ].filter((c) => !c.startsWith('Never')),
    );
  });

  test("an ASRMENU choice ' bill' after an empty one is heard as its word (the empty one matches no utterance of words)", () => {
    const script = studioScript('Voice', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'ASRMENU', label: 'Ask', to: { 'case:': 3, 'case: bill': 4, default: 5 } },
      { id: 3, type: 'HANGUP', label: 'Dash' },
      { id: 4, type: 'HANGUP', label: 'Bill' },
      { id: 5, type: 'HANGUP', label: 'Bye' },
    ]);
    assert.deepEqual(path(script, { speech: 'bill' }), ['Begin', 'Ask', 'Bill']);
    assert.deepEqual(claimed(script), []);
  });
});
