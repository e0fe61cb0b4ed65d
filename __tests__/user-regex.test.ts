import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PATTERN_CHARS, MAX_PROGRAM_SIZE, compileUserRegex } from '../src/user-regex.ts';

function compiled(pattern: string) {
  const { regex, error } = compileUserRegex(pattern);
  assert.equal(error, undefined, `${pattern} should compile`);
  return regex!;
}

describe('compileUserRegex: linear time', () => {
  // No clock: each of these takes minutes to years on a backtracking engine, so the test's timeout is the guard.
  const hostile: [string, string][] = [
    ['^(a+)+$', `${'a'.repeat(40)}!`],
    ['^(a+)+$', `${'a'.repeat(200_000)}!`],
    ['^(a|aa)+$', `${'a'.repeat(200_000)}!`],
    ['^(.*a){20}$', 'ab'.repeat(100_000)],
    ['^(\\w+\\s?)*$', `${'word '.repeat(40_000)}!`],
  ];
  for (const [pattern, input] of hostile) {
    it(`${pattern} against ${input.length} characters returns (false)`, { timeout: 60_000 }, () => {
      assert.equal(compiled(pattern).test(input), false);
    });
  }
  it('the same patterns still match what they should', () => {
    assert.equal(compiled('^(a+)+$').test('a'.repeat(100_000)), true);
    assert.equal(compiled('^(\\w+\\s?)*$').test('two words'), true);
  });
});

describe('compileUserRegex: refused at compile time, with the reason', () => {
  const refused: [string, RegExp][] = [
    ['(a)\\1', /^is not supported: \\1 is a backreference .*linear-time engine/],
    ['(?<x>a)\\k<x>', /^is not supported: \\k<\.\.\.> is a named backreference/],
    ['^(?=.*\\d)', /^is not supported: \(\?=\.\.\.\) is a lookahead/],
    ['a(?!b)', /^is not supported: \(\?!\.\.\.\) is a lookahead/],
    ['(?<=a)b', /^is not supported: \(\?<=\.\.\.\) is a lookbehind/],
    ['(?<!a)b', /^is not supported: \(\?<!\.\.\.\) is a lookbehind/],
    ['\\p{L}', /^is not supported: \\p is a Unicode property escape only with the u flag/],
    ['\\012', /^is not supported: \\01 is an octal escape/],
    ['[\\1]', /^is not supported: \\1 in a character class is an octal escape/],
    ['(?m:^a)', /^is not supported: \(\?m:\.\.\.\) sets the m or s flag/],
    ['[^\\Sa]', /^is not supported: \\S inside a negated character class/],
    ['a{1001}', /^is not supported: invalid repeat count: `\{1001\}` \(a repeat count is at most 1000\)/],
    ['(a{100}){100}', /^is not supported: invalid repeat count/],
    ['[a-z]{1000}'.repeat(21), new RegExp(`^is not supported: it compiles to \\d+ steps, more than the limit of ${MAX_PROGRAM_SIZE}`)],
    ['a'.repeat(MAX_PATTERN_CHARS + 1), new RegExp(`^is not supported: it is ${MAX_PATTERN_CHARS + 1} characters long`)],
    ['([a-z', /^is not a valid regular expression: Unterminated character class$/],
    ['*', /^is not a valid regular expression: Nothing to repeat$/],
    ['(?i)a', /^is not a valid regular expression: Invalid group$/],
  ];
  for (const [pattern, reason] of refused) {
    it(`${pattern.length > 40 ? `${pattern.slice(0, 40)}...` : pattern}`, () => {
      const { regex, error } = compileUserRegex(pattern);
      assert.equal(regex, undefined);
      assert.match(error ?? '', reason);
    });
  }
});

describe('compileUserRegex: JavaScript meaning where the two engines differ', () => {
  // [pattern, input, what RegExp says]: each pair below is one where RE2's own syntax means something else.
  const cases: [string, string, boolean][] = [
    ['^.$', '\r', false], // RE2's . matches \r
    ['^.$', '\u2028', false],
    ['^\\s$', '\u00a0', true], // RE2's \s is ASCII
    ['^\\s$', '\ufeff', true],
    ['^\\S$', '\u3000', false],
    ['^[\\s]$', '\u00a0', true],
    ['^[^\\s]$', '\u00a0', false],
    ['^[\\Sx]$', ' ', false],
    ['^[\\Sx]$', 'y', true],
    ['^\\A\\z$', 'Az', true], // identity escapes: letters, not RE2's anchors
    ['^\\a$', 'a', true],
    ['^a{,2}$', 'a{,2}', true], // not a quantifier in JavaScript
    ['^x{$', 'x{', true],
    ['^\\u{2}$', 'uu', true], // \u without 4 hex digits is the letter u, then a quantifier
    ['^\\x{41}$', 'x'.repeat(41), true],
    ['^[]$', '', false],
    ['^[^]$', '\n', true],
    ['^[\\b]$', '\b', true],
    ['^[\\d-z]$', '-', true], // a dash next to a class escape is a dash
    ['^[a\\-z]$', 'b', false],
    ['^\\c!$', '\\c!', true],
    ['^[\\c1]$', '\x11', true],
    ['^\\cj$', '\n', true],
    ['^\\uD83D\\uDE00$', '😀', true],
    ['^(?<year>\\d{4})-(\\d\\d)$', '2024-05', true],
    ['(?i:abc)D', 'ABCD', true],
    ['(?i:abc)D', 'ABCd', false],
    ['^\\/$', '/', true],
    ['^a$', 'a\n', false], // $ is the end of the input, not of a line
    ['\\bcat\\b', 'a cat!', true],
  ];
  for (const [pattern, input, expected] of cases) {
    it(`${pattern} on ${JSON.stringify(input)} is ${expected}`, () => {
      assert.equal(new RegExp(pattern).test(input), expected, 'the table itself agrees with RegExp');
      assert.equal(compiled(pattern).test(input), expected);
    });
  }

  it('documented difference: a character outside the BMP is one character, as with the u flag', () => {
    assert.equal(/^.$/.test('😀'), false);
    assert.equal(compiled('^.$').test('😀'), true);
  });
});

describe('compileUserRegex: agrees with RegExp on generated patterns', () => {
  // A seeded generator, so a failure names a pattern that can be replayed. Inputs stay short: RegExp backtracks.
  let seed = 20240611;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return list[seed % list.length] as T;
  };
  const atoms = [
    'a',
    'b',
    'A',
    '.',
    '\\d',
    '\\s',
    '\\S',
    '\\w',
    '\\W',
    '\\b',
    '\\B',
    '[ab]',
    '[^a]',
    '[a-c]',
    '[\\s]',
    '[\\Sa]',
    '[\\d-z]',
    '[]',
    '[^]',
    '\\-',
    '\\x41',
    '\\u00e9',
    '\\n',
    '\\r',
    ' ',
    '\u00a0',
    '\\cJ',
    '[\\b]',
    'é',
    '^',
    '$',
    '{',
    '}',
    ']',
    '\\A',
    '\\.',
    'x{,2}',
    '\\0',
    '-',
    '/',
  ];
  const quantifiers = ['', '', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?', '+?'];
  const chars = [
    'a',
    'b',
    'A',
    'B',
    '1',
    ' ',
    '\n',
    '\r',
    '\u00a0',
    '\u2028',
    '-',
    'é',
    'É',
    'z',
    '\t',
    '\\',
    'x',
    '{',
    '}',
    ']',
    '\u0000',
    '/',
    '_',
  ];
  const generate = (depth: number): string => {
    let out = '';
    for (let n = Number(pick(['1', '2', '3', '4'])); n > 0; n--) {
      const kind = depth < 3 ? pick(['atom', 'atom', 'atom', 'atom', 'group', 'alt']) : 'atom';
      const atom =
        kind === 'group'
          ? `${pick(['(', '(?:', '(?<g>', '(?i:'])}${generate(depth + 1)})`
          : kind === 'alt'
            ? `(?:${generate(depth + 1)}|${generate(depth + 1)})`
            : pick(atoms);
      out += atom + pick(quantifiers);
    }
    return out;
  };

  it('2,000 patterns × 10 inputs give the same answer', () => {
    let compared = 0;
    for (let p = 0; p < 2000; p++) {
      const pattern = generate(0);
      let native: RegExp;
      try {
        native = new RegExp(pattern);
      } catch {
        assert.notEqual(compileUserRegex(pattern).error, undefined, `${pattern} is invalid, so it must not compile`);
        continue;
      }
      const regex = compiled(pattern);
      for (let i = 0; i < 10; i++) {
        let input = '';
        for (let length = Number(pick(['0', '1', '2', '3', '5', '8'])); length > 0; length--) input += pick(chars);
        assert.equal(regex.test(input), native.test(input), `${JSON.stringify(pattern)} on ${JSON.stringify(input)}`);
        compared++;
      }
    }
    assert.ok(compared > 10_000, `compared ${compared}`);
  });
});

describe('compileUserRegex: cache', () => {
  it('compiles a source once', () => {
    assert.equal(compileUserRegex('^cached$'), compileUserRegex('^cached$'));
    assert.equal(compileUserRegex('^cached$').regex?.source, '^cached$');
  });
});
