// exploreFlow, the explorer's pure entry point (the behavioural diff calls it too): the inputs it chooses,
// their names, the connectors it reports with why, its budget said honestly, and the same answer twice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FlowDefinition } from '../../src/domain/flow.ts';
import { exploreFlow } from '../../src/generate/explore.ts';
import { scenarioEntry } from '../../src/generate/suite.ts';
import { studioScript } from '../helpers/studio-builder.ts';

const MENU: FlowDefinition = {
  id: 'menu',
  start: 'start',
  nodes: {
    start: { type: 'Start', next: 'menu' },
    menu: { type: 'GatherInput', options: { 1: 'sales', 2: 'sub' }, noMatch: 'count', noInput: 'count' },
    sub: { type: 'GatherInput', options: { 1: 'billing' }, noMatch: 'bye', noInput: 'bye' },
    count: { type: 'SetVariable', increment: 'tries', next: 'limit' },
    limit: { type: 'Condition', if: { variable: 'tries', op: 'gte', value: 3 }, then: 'bye', else: 'menu' },
    sales: { type: 'Route', target: 'queue_sales' },
    billing: { type: 'Route', target: 'queue_billing' },
    bye: { type: 'Exit' },
  },
};

describe('exploreFlow', () => {
  test('takes every connector with few scenarios, each named for what it does', () => {
    const x = exploreFlow(MENU);
    assert.equal(x.covered, x.connectors);
    assert.deepEqual(x.unreachable, []);
    const names = x.scenarios.map((s) => s.name);
    assert.ok(names.includes('Press 2, then 1: queue_billing'), names.join('\n'));
    assert.ok(
      names.some((n) => /^No input 3 times: bye$|^Press 9, then no input 2 times: bye$/.test(n)),
      names.join('\n'),
    );
    const billing = x.scenarios.find((s) => s.name === 'Press 2, then 1: queue_billing');
    assert.equal(billing?.input.dtmf, '21');
    assert.equal(billing?.response.exitNode, 'billing');
    // The cover is no larger than the connectors into the ends call for, plus the retries.
    assert.ok(x.scenarios.length <= 5, names.join('\n'));
    assert.deepEqual(exploreFlow(MENU), x, 'the same flow gives the same exploration');
  });

  test('a condition on a caller variable gets each side from the scenario variables', () => {
    const flow: FlowDefinition = {
      id: 'tier',
      start: 'start',
      nodes: {
        start: { type: 'Start', next: 'vip' },
        vip: { type: 'Condition', if: { variable: 'customer_id', op: 'matches', value: '^VIP-\\d+$' }, then: 'gold', else: 'check' },
        check: { type: 'Condition', if: { variable: 'balance', op: 'gt', value: 100 }, then: 'gold', else: 'std' },
        gold: { type: 'Route', target: 'queue_gold' },
        std: { type: 'Route', target: 'queue_std' },
      },
    };
    const x = exploreFlow(flow);
    assert.equal(x.covered, x.connectors);
    const given = x.scenarios.map((s) => s.input.variables);
    assert.ok(
      given.some((v) => /^VIP-\d+$/.test(String(v.customer_id))),
      JSON.stringify(given),
    );
    assert.ok(
      given.some((v) => Number(v.balance) > 100),
      JSON.stringify(given),
    );
  });

  test('an External node is mocked with each of its branches', () => {
    const flow: FlowDefinition = {
      id: 'ext',
      start: 'start',
      nodes: {
        start: { type: 'Start', next: 'lookup' },
        lookup: { type: 'External', name: 'GET /accounts', branches: { notFound: 'nf', error: 'err' }, next: 'ok' },
        ok: { type: 'Exit' },
        nf: { type: 'Exit' },
        err: { type: 'Exit' },
      },
    };
    const x = exploreFlow(flow);
    assert.equal(x.covered, x.connectors);
    assert.deepEqual(
      x.scenarios.map((s) => s.input.mocks.lookup).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [[{ branch: 'error' }], [{ branch: 'notFound' }], [{}]],
    );
  });

  test('connectors no input can take come with why; one the search did not reach says only that', () => {
    const flow: FlowDefinition = {
      id: 'defects',
      start: 'start',
      nodes: {
        start: { type: 'Start', next: 'set' },
        set: { type: 'SetVariable', set: { mode: 'day' }, next: 'night' },
        night: { type: 'Condition', if: { variable: 'mode', op: 'eq', value: 'night' }, then: 'closed', else: 'menu' },
        menu: { type: 'GatherInput', intents: { pay: 'bye', 'pay bill': 'closed' }, noMatch: 'bye', noInput: 'bye' },
        closed: { type: 'Play', prompt: 'closed', next: 'bye' },
        promo: { type: 'Play', prompt: 'never', next: 'bye' },
        bye: { type: 'Exit' },
      },
    };
    const x = exploreFlow(flow);
    assert.deepEqual(
      x.unreachable.map((u) => [u.from, u.label, u.reason.code]),
      [
        ['night', 'then', 'contradicted'],
        ['menu', 'intent pay bill', 'shadowed'],
        ['closed', 'next', 'only_through_unreachable'],
        ['promo', 'next', 'orphan'],
      ],
    );
    assert.deepEqual(x.unreachable[0]?.reason, { code: 'contradicted', params: { node: 'night', variable: 'mode', constant: 'day' } });
    assert.equal(x.covered, x.feasible);

    const tight = exploreFlow(MENU, undefined, { maxRuns: 2, maxSteps: 1000 });
    assert.equal(tight.budgetSpent, true);
    assert.ok(tight.runs <= 2);
    const missed = tight.unreachable.filter((u) => u.reason.code === 'not_reached');
    assert.ok(missed.length > 0);
    for (const u of missed) assert.deepEqual(u.reason.params, { runs: tight.runs, budget_spent: true });
  });

  test('a Studio script: menu cases, a CASE value shadowed by an earlier one, a mocked action, an IF on the keys', () => {
    const script = studioScript('Shop', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      {
        id: 2,
        type: 'MENU',
        label: 'Menu',
        properties: { Variable: 'choice', MaxDigits: '1' },
        to: { 'case:1': 3, 'case:2': 4, OnTimeout: 6, default: 6 },
      },
      { id: 3, type: 'HOURS', label: 'Hours', to: { OnOpen: 5, OnClosed: 6 } },
      { id: 4, type: 'CASE', label: 'Tier', properties: { Variable: 'tier' }, to: { 'case:gold': 5, default: 6 } },
      { id: 5, type: 'IF', label: 'Two?', properties: { Expression: 'choice = 2' }, to: { True: 7, False: 6 } },
      { id: 6, type: 'HANGUP', label: 'Bye' },
      { id: 7, type: 'HANGUP', label: 'Two' },
    ]);
    // The same case value twice, as a hand-edited file may have it: the first always takes it.
    const tier = script.nodes.Tier!;
    tier.connectors.splice(1, 0, { ...tier.connectors[0]!, to: 'Bye', toId: '6' });
    const x = exploreFlow(script);
    assert.deepEqual(
      x.unreachable.map((u) => [u.from, u.label, u.to, u.reason.code]),
      [['Tier', 'case gold', 'Bye', 'shadowed']],
    );
    assert.equal(x.covered, x.feasible);
    const mocked = x.scenarios.filter((s) => s.input.mocks.Hours);
    assert.ok(
      mocked.some((s) => s.input.mocks.Hours?.[0]?.branch === 'OnClosed'),
      JSON.stringify(mocked.map((s) => s.input)),
    );
    assert.ok(x.scenarios.some((s) => s.input.variables.tier === 'gold'));
  });

  test('a queue whose hold loop only a mock reaches: mocked, recorded as the loop it is', () => {
    const script = studioScript('Hold', [
      { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
      { id: 2, type: 'REQAGENT', label: 'Queue', properties: { Skill: 'Sales' }, to: { default: 3 } },
      { id: 3, type: 'MUSIC', label: 'Hold music', to: { default: 4 } },
      { id: 4, type: 'WAIT', label: 'Hold wait', properties: { Seconds: '1' }, to: { default: 3 } },
    ]);
    const x = exploreFlow(script);
    assert.equal(x.covered, x.connectors);
    const held = x.scenarios.find((s) => s.input.mocks.Queue);
    assert.ok(held, JSON.stringify(x.scenarios.map((s) => s.name)));
    assert.equal(held.name, 'Queue answered, Default: loops until maxLoops at Hold music');
    assert.equal(held.response.exitNode, null);
    const entry = scenarioEntry(held) as { expect: { exit: unknown; loops?: boolean } };
    assert.equal(entry.expect.exit, null);
    assert.equal(entry.expect.loops, true);
  });
});
