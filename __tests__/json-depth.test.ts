import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_JSON_DEPTH, checkJsonDepth, findTooDeep } from '../src/json-depth.ts';

/** `levels` objects `{"a": …}` around 1. */
const objects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const check = (text: string, max = MAX_JSON_DEPTH) => checkJsonDepth(JSON.parse(text), max);

describe('checkJsonDepth', () => {
  const cases: [string, string, string | undefined][] = [
    ['a scalar', '"x"', undefined],
    ['64 levels: at the limit', objects(64), undefined],
    ['65 levels', objects(65), 'nested deeper than 64 levels at a.a.a.a.a.a.a.a…'],
    [
      '2,000 levels under variables',
      `{"path":[],"variables":${objects(2_000)}}`,
      'nested deeper than 64 levels at variables.a.a.a.a.a.a.a…',
    ],
    ['200,000 arrays', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, 'nested deeper than 64 levels at [0][0][0][0][0][0][0][0]…'],
    [
      'the deep branch after shallow ones, odd keys quoted',
      `{"x":[1,{"we ird":[${objects(70)}]}]}`,
      'nested deeper than 64 levels at x[1]["we ird"][0].a.a.a.a…',
    ],
    [
      'brackets and escaped quotes inside strings do not count',
      JSON.stringify({ s: `${'['.repeat(500)}\\"{{{`, t: ['\\\\', '"]]]'] }),
      undefined,
    ],
    [
      'wide and shallow',
      JSON.stringify({ trace: Array.from({ length: 10_000 }, (_, i) => ({ nodeId: `n${i}`, variables: { a: [i] } })) }),
      undefined,
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.equal(check(text), expected));
  }

  test('a lower limit, for shard reports', () => {
    assert.equal(check(objects(5), 4), 'nested deeper than 4 levels at a.a.a.a');
    assert.equal(check(objects(4), 4), undefined);
  });

  test('a long key is named by its length, never cut: a cut secret would escape its mask', () => {
    const key = 'k'.repeat(100);
    assert.equal(findTooDeep(JSON.parse(`{"${key}":${objects(3)}}`), 2), '[<key of 100 characters>].a');
  });

  test('no recursion: a million levels are checked without a stack overflow', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    assert.match(check(text) ?? '', /^nested deeper than 64 levels/);
  });
});
