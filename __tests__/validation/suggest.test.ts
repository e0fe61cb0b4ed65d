// The one "did you mean" of every loader and check: scenario keys, flow keys, enum values, node ids, flow ids.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, MAX_SUGGESTION_CELLS, measureEditDistance, suggest, suggestBudget } from '../../src/validation/suggest.ts';

describe('suggest', () => {
  test('typos a person makes: a letter missing, extra, wrong or swapped; case', () => {
    assert.equal(suggest('gtee', ['gt', 'gte', 'lt', 'lte']), 'gte');
    assert.equal(suggest('expected', ['path', 'exit', 'expect', 'variables']), 'expect');
    assert.equal(suggest('mneu', ['menu', 'billing']), 'menu');
    assert.equal(suggest('start', ['Start', 'Play']), 'Start');
    assert.equal(suggest('m0', ['n0', 'n1']), 'n0');
    assert.equal(
      suggest('11111111-2222-3333-4444-55555555555', ['11111111-2222-3333-4444-555555555555']),
      '11111111-2222-3333-4444-555555555555',
    );
  });

  test('- and _ are forgiven on both sides: in the word typed and in the candidates', () => {
    // The scenario helper stripped them from the typed word only: 'node-route-sale' was 3 edits from 'node_route_sales'.
    assert.equal(suggest('node-route-sale', ['node_exit', 'node_route_sales']), 'node_route_sales');
    assert.equal(suggest('node_exit', ['node-exit']), 'node-exit');
    assert.equal(suggest('ab', ['a__b']), 'a__b');
  });

  test('no hint that is only a guess: a short name two edits away, or a one-letter name', () => {
    assert.equal(suggest('like', ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'matches', 'exists']), undefined);
    assert.equal(suggest('b1', ['id', 'name', 'start', 'nodes']), undefined);
    assert.equal(suggest('m', ['id', 'name']), undefined);
    assert.equal(suggest('node_route_billing', ['node_route_sales', 'node_exit']), undefined);
    assert.equal(suggest('lessThan', ['gt', 'gte', 'lt', 'lte']), undefined);
  });

  test('the budget bounds the work and is shared: spent, then no more hints', () => {
    const budget = suggestBudget();
    assert.equal(budget.cells, MAX_SUGGESTION_CELLS);
    assert.equal(suggest('node_exti', ['node_exit'], budget), 'node_exit');
    assert.ok(budget.cells < MAX_SUGGESTION_CELLS, 'a search spends cells');
    assert.equal(suggest('node_exti', ['node_exit'], { cells: 5 }), undefined);
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const shared = suggestBudget();
    const hints = Array.from({ length: 5000 }, (_, i) => suggest(`m${i}`, ids, shared));
    assert.equal(hints[0], 'n0');
    assert.equal(hints.at(-1), undefined, 'past the budget');
    assert.ok(shared.cells < 0);
  });

  test('a 1 MB word costs no table: the length difference alone rules the candidates out', () => {
    const budget = suggestBudget();
    assert.equal(suggest('x'.repeat(1024 * 1024), ['next', 'prompt'], budget), undefined);
    assert.ok(budget.cells > MAX_SUGGESTION_CELLS - 100, `${MAX_SUGGESTION_CELLS - budget.cells} cells`);
  });

  test('didYouMean words it, quoting at most an excerpt', () => {
    assert.equal(didYouMean('promt', ['type', 'prompt', 'next']), " (did you mean 'prompt'?)");
    assert.equal(didYouMean('zzz', ['prompt']), '');
    assert.match(didYouMean(`${'a'.repeat(300)}b`, [`${'a'.repeat(300)}c`]), /\(301 characters\)/);
  });

  test('edit distance counts a swapped pair as one edit', () => {
    assert.equal(measureEditDistance('dtfm', 'dtmf'), 1);
    assert.equal(measureEditDistance('kitten', 'sitting'), 3);
    assert.equal(measureEditDistance('', 'abc'), 3);
  });
});
