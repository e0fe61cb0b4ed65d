import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ALIASES, MAX_DEPTH, MAX_YAML_BYTES, YamlError, parseYaml } from '../../src/yaml/parse.ts';
import type { YamlErrorCode, YamlLimits, YamlPath } from '../../src/yaml/parse.ts';
import { NO_LINE } from '../../src/text.ts';

const BLOCK = [
  '# scenario file', //                         1
  'flow: abc', //                               2
  'scenarios:', //                              3
  '  - name: first', //                         4
  '    input:', //                              5
  '      dtmf: "2"', //                         6
  '    expect:', //                             7
  '      path: [a, b,', //                      8
  '        c]', //                              9
  '  -', //                                     10
  '    name: second', //                        11
  '    variables: { x: 1,', //                  12
  '      "quoted key": 2 }', //                 13
  '', //                                        14
].join('\n');

const lineCases: { name: string; text: string; path: YamlPath; line: number }[] = [
  { name: 'root starts after a comment', text: BLOCK, path: [], line: 2 },
  { name: 'top-level key', text: BLOCK, path: ['flow'], line: 2 },
  { name: 'key whose value is a block list', text: BLOCK, path: ['scenarios'], line: 3 },
  { name: 'list item on the dash line', text: BLOCK, path: ['scenarios', 0], line: 4 },
  { name: 'list item whose map starts below the dash', text: BLOCK, path: ['scenarios', 1], line: 11 },
  { name: 'nested block key', text: BLOCK, path: ['scenarios', 0, 'input', 'dtmf'], line: 6 },
  { name: 'flow list item on a continuation line', text: BLOCK, path: ['scenarios', 0, 'expect', 'path', 2], line: 9 },
  { name: 'flow list item on the key line', text: BLOCK, path: ['scenarios', 0, 'expect', 'path', 0], line: 8 },
  { name: 'flow map key', text: BLOCK, path: ['scenarios', 1, 'variables', 'x'], line: 12 },
  { name: 'quoted flow map key on the next line', text: BLOCK, path: ['scenarios', 1, 'variables', 'quoted key'], line: 13 },
  { name: 'index given as a string', text: BLOCK, path: ['scenarios', '1', 'name'], line: 11 },
  { name: 'missing key falls back to its parent', text: BLOCK, path: ['scenarios', 0, 'input', 'speech'], line: 5 },
  { name: 'missing index falls back to the list', text: BLOCK, path: ['scenarios', 7, 'name'], line: 3 },
  { name: 'path below a scalar falls back to the scalar', text: BLOCK, path: ['flow', 'deeper'], line: 2 },
  { name: 'CRLF line endings', text: 'a: 1\r\nb:\r\n  c: 2\r\n', path: ['b', 'c'], line: 3 },
  { name: 'lone CR line endings', text: 'a: 1\rb: 2\r', path: ['b'], line: 2 },
  { name: 'BOM then CRLF', text: '\uFEFFa: 1\r\nb: 2\r\n', path: ['b'], line: 2 },
  { name: 'block scalar does not shift later lines', text: 'a: |\n  one\n  two\nb: 3\n', path: ['b'], line: 4 },
  { name: 'alias children point into the anchor', text: 'x: &v\n  k: 1\ny: *v\n', path: ['y', 'k'], line: 2 },
  { name: 'alias itself is at its key', text: 'x: &v\n  k: 1\ny: *v\n', path: ['y'], line: 3 },
  { name: 'merged key points at its definition', text: 'x: &v { k: 1 }\ny:\n  <<: *v\n  j: 2\n', path: ['y', 'k'], line: 1 },
  { name: 'explicit key wins over the merged one', text: 'x: &v { k: 1 }\ny:\n  <<: *v\n  k: 2\n', path: ['y', 'k'], line: 4 },
  { name: 'empty file', text: '', path: ['a'], line: 1 },
];

describe('parseYaml lineOf', () => {
  for (const c of lineCases) {
    test(c.name, () => {
      assert.equal(parseYaml(c.text, 'f.yaml').lineOf(c.path), c.line);
    });
  }
});

const valueCases: { name: string; text: string; value: unknown }[] = [
  { name: 'empty file', text: '', value: null },
  { name: 'comments only', text: '# nothing here\n\n', value: null },
  { name: 'explicit document start', text: '---\na: 1\n', value: { a: 1 } },
  { name: 'explicit document end', text: 'a: 1\n...\n', value: { a: 1 } },
  { name: 'BOM and CRLF', text: '\uFEFFa: 1\r\nb: [x, "y"]\r\n', value: { a: 1, b: ['x', 'y'] } },
  { name: 'core schema scalars', text: 'a: 007\nb: "007"\nc: true\nd: ~\ne: 1.5\n', value: { a: 7, b: '007', c: true, d: null, e: 1.5 } },
  { name: 'aliases share values', text: 'x: &v { k: 1 }\ny: *v\n', value: { x: { k: 1 }, y: { k: 1 } } },
  { name: 'merge keys', text: 'x: &v { k: 1, j: 1 }\ny: { <<: *v, j: 2 }\n', value: { x: { k: 1, j: 1 }, y: { k: 1, j: 2 } } },
];

describe('parseYaml value', () => {
  for (const c of valueCases) {
    test(c.name, () => {
      assert.deepEqual(parseYaml(c.text, 'f.yaml').value, c.value);
    });
  }
});

function billionLaughs(levels: number): string {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

function doublingChain(levels: number): string {
  const lines = ['a0: &a0 [x, x]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return lines.join('\n') + '\n';
}

const errorCases: { name: string; text: string; code: YamlErrorCode; line: number; limits?: Partial<YamlLimits> }[] = [
  { name: 'syntax error line', text: 'a: 1\nb: [1, {c: 2}\nd: 3\n', code: 'YAML_SYNTAX', line: 3 },
  { name: 'bad indentation', text: 'a:\n  b: 1\n c: 2\n', code: 'YAML_SYNTAX', line: 3 },
  { name: 'duplicate key at the duplicate', text: 'a:\n  b: 1\n  c: 2\n  b: 3\n', code: 'YAML_SYNTAX', line: 4 },
  { name: 'duplicate key in flow style', text: 'x: 0\na: { b: 1, b: 2 }\n', code: 'YAML_SYNTAX', line: 2 },
  { name: 'second document', text: 'a: 1\n# note\n---\nb: 2\n', code: 'YAML_SYNTAX', line: 3 },
  { name: 'trailing empty document', text: '---\na: 1\n---\n', code: 'YAML_SYNTAX', line: 3 },
  { name: 'second document after an end marker', text: 'a: 1\n...\nb: 2\n', code: 'YAML_SYNTAX', line: 3 },
  { name: 'unknown tag', text: 'a: 1\nb: !custom 2\n', code: 'YAML_SYNTAX', line: 2 },
  { name: 'unknown alias', text: 'a: *nowhere\n', code: 'YAML_SYNTAX', line: 1 },
  { name: 'self-referencing alias', text: 'a: &a [*a, *a]\n', code: 'YAML_LIMIT', line: 1 },
  { name: 'billion laughs', text: billionLaughs(9), code: 'YAML_LIMIT', line: 5 },
  { name: 'doubling alias chain under the alias cap', text: doublingChain(45), code: 'YAML_LIMIT', line: 15 },
  {
    name: 'too many aliases',
    text:
      'a: &a 1\nb: [' +
      Array(MAX_ALIASES + 1)
        .fill('*a')
        .join(', ') +
      ']\n',
    code: 'YAML_LIMIT',
    line: 2,
  },
  { name: 'nesting too deep', text: 'a: ' + '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1) + '\n', code: 'YAML_LIMIT', line: 1 },
  {
    name: 'nesting too deep through an alias',
    text: 'a: &d ' + '['.repeat(40) + ']'.repeat(40) + '\nb: ' + '['.repeat(30) + '*d' + ']'.repeat(30) + '\n',
    code: 'YAML_LIMIT',
    line: 2,
  },
  { name: 'file too large', text: 'a: "' + 'x'.repeat(MAX_YAML_BYTES) + '"\n', code: 'YAML_LIMIT', line: NO_LINE },
  { name: 'size limit counts bytes, not characters', text: 'a: "ééé"\n', code: 'YAML_LIMIT', line: NO_LINE, limits: { maxBytes: 10 } },
];

describe('parseYaml errors', () => {
  for (const c of errorCases) {
    // Limits exist to fail fast: bench/limits.ts times the worst of them; here the timeout is the hang guard.
    test(c.name, { timeout: 60_000 }, () => {
      assert.throws(
        () => parseYaml(c.text, 'dir/f.yaml', c.limits),
        (error: unknown) => {
          assert.ok(error instanceof YamlError);
          assert.equal(error.code, c.code);
          assert.equal(error.line, c.line);
          assert.equal(error.file, 'dir/f.yaml');
          // A file too big has no line: the message names the file alone, with no made-up 1:1.
          assert.ok(c.line === NO_LINE ? error.column === NO_LINE : error.column >= 1);
          assert.match(error.message, c.line === NO_LINE ? /^dir\/f\.yaml: / : new RegExp(`^dir/f\\.yaml:${c.line}:`));
          return true;
        },
      );
    });
  }
});

describe('sourceOf', () => {
  test('a scalar as written, for messages about what YAML made of it', () => {
    const doc = parseYaml('a: 0123\nb: { c: 1e3, d: "x" }\nlist: [007]\nref: &r 08\nalias: *r\nmap: { k: v }\n', 'f.yaml');
    assert.equal((doc.value as { a: number }).a, 123);
    assert.equal(doc.sourceOf(['a']), '0123');
    assert.equal(doc.sourceOf(['b', 'c']), '1e3');
    assert.equal(doc.sourceOf(['list', 0]), '007');
    assert.equal(doc.sourceOf(['ref']), '08');
    assert.equal(doc.sourceOf(['alias']), undefined, 'an alias is not where the value is written');
    assert.equal(doc.sourceOf(['map']), undefined, 'a collection');
    assert.equal(doc.sourceOf(['nowhere']), undefined);
  });
});
