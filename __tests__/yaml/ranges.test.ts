// Where a value is written (yaml/ranges.ts): the text a span covers, for each style, and what shares it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locateValue, type Located } from '../../src/yaml/ranges.ts';

const TEXT = [
  'flow: abc # the flow', //
  'tags: &t [smoke]',
  'scenarios:',
  '  - name: "first"',
  '    expect:',
  '      path: [a, b,',
  '        c]   # trailing',
  '      exit: "x" # quoted',
  '  - { name: second, expect: { path: [ a ] , } }',
  '  - name: third',
  '    expect: record  # later',
  '  - name: fourth',
  '    tags: *t',
  '    expect: &e { exit: y }',
  '  - <<: { name: fifth }',
  '    flow: other',
  '  - name: sixth',
  '    expect:',
  '      variables: { a: *t }',
  '  - name: seventh',
  '    expect:',
  '',
].join('\n');

const slice = (found: Located) => (found.ok ? TEXT.slice(found.span.start, found.span.end) : `(${found.reason})`);

describe('locateValue', () => {
  const cases: { path: (string | number)[]; text: string; facts?: Record<string, unknown> }[] = [
    { path: ['flow'], text: 'abc', facts: { kind: 'scalar', inFlow: false } },
    { path: ['scenarios', 0, 'name'], text: '"first"' },
    {
      path: ['scenarios', 0, 'expect'],
      text: 'path: [a, b,\n        c]   # trailing\n      exit: "x"',
      facts: { kind: 'mapping', flow: false },
    },
    { path: ['scenarios', 0, 'expect', 'path'], text: '[a, b,\n        c]', facts: { flow: true } },
    { path: ['scenarios', 1, 'expect'], text: '{ path: [ a ] , }', facts: { flow: true, inFlow: true } },
    { path: ['scenarios', 1, 'expect', 'path', 0], text: 'a', facts: { inFlow: true } },
    { path: ['scenarios', 2, 'expect'], text: 'record', facts: { kind: 'scalar', sharing: null } },
    { path: ['scenarios', 3, 'expect'], text: '&e { exit: y }', facts: { sharing: 'anchor', anchored: true } },
    { path: ['scenarios', 3, 'tags'], text: '*t', facts: { kind: 'alias', sharing: 'alias' } },
    { path: ['scenarios', 4, 'expect'], text: '(merged)' },
    { path: ['scenarios', 4, 'name'], text: '(merged)' },
    { path: ['scenarios', 5, 'expect'], text: 'variables: { a: *t }', facts: { sharing: 'alias' } },
    { path: ['scenarios', 6, 'expect'], text: '', facts: { empty: true } },
    { path: ['scenarios', 2, 'input'], text: '(missing)' },
    { path: ['scenarios', 3, 'tags', 0], text: '(alias)' },
  ];
  for (const c of cases) {
    test(c.path.join('.'), () => {
      const found = locateValue(TEXT, c.path);
      if (c.text !== '' || !found.ok) assert.equal(slice(found), c.text);
      if (found.ok)
        for (const [key, value] of Object.entries(c.facts ?? {})) assert.deepEqual(found.span[key as keyof typeof found.span], value, key);
    });
  }

  test('a value inside an anchored collection says so: an alias elsewhere may share it', () => {
    const text = 'scenarios:\n  - &s\n    name: a\n    expect: { exit: x }\n  - <<: *s\n    name: b\n';
    const found = locateValue(text, ['scenarios', 0, 'expect']);
    assert.ok(found.ok && found.anchoredAbove && found.span.sharing === null);
    const plain = locateValue(text.replace('&s', '').replace('<<: *s', 'flow: f'), ['scenarios', 0, 'expect']);
    assert.ok(plain.ok && !plain.anchoredAbove);
  });

  test('the key of a value is where its line starts: a scalar on the key line is told apart from one below', () => {
    const found = locateValue(TEXT, ['scenarios', 2, 'expect']);
    assert.ok(found.ok);
    assert.equal(TEXT.slice(found.span.keyStart, found.span.keyStart + 'expect'.length), 'expect');
  });
});
