// Studio's snippet language, running. Each statement, operator and function, loose typing,
// braces substitution, 1-based arrays, DYNAMIC fields, the external-call stop and the budgets (bounded
// by counts: steps and characters, never by time).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_MAX_STEPS,
  evaluate,
  isTrue,
  looseEquals,
  MAX_STRING_CHARS,
  parseExpression,
  parseSnippet,
  runSnippet,
  substitute,
} from '../../src/snippet/index.ts';
import type { StudioValue } from '../../src/snippet/index.ts';

const CLOCK = new Date('2024-05-03T07:30:15Z'); // a Friday
const lines = (...l: string[]) => l.join('\n');

function run(text: string, vars: Record<string, StudioValue> = {}, maxSteps?: number) {
  const { program, problems } = parseSnippet(text);
  assert.deepEqual(problems, [], text);
  const result = runSnippet(program as NonNullable<typeof program>, { vars, now: () => CLOCK, utcOffsetMinutes: 120 }, { maxSteps });
  return { result, vars };
}

function value(text: string, vars: Record<string, StudioValue> = {}): StudioValue {
  const { expr, problems } = parseExpression(text);
  assert.deepEqual(problems, [], text);
  const result = evaluate(expr as NonNullable<typeof expr>, { vars, now: () => CLOCK, utcOffsetMinutes: 120 });
  assert.ok(result.ok, `${text}: ${result.ok ? '' : result.message}`);
  return result.value;
}

describe('snippet statements run', () => {
  const cases: { name: string; text: string; vars?: Record<string, StudioValue>; expect: Record<string, StudioValue> }[] = [
    { name: 'ASSIGN and bare assignment', text: lines('ASSIGN a = 1', 'b = "x"', 'c = a'), expect: { a: 1, b: 'x', c: 1 } },
    { name: 'an undeclared variable reads as null', text: 'a = nothing', expect: { a: null } },
    { name: 'IF true', text: 'IF 2 > 1 { r = "t" } ELSE { r = "f" }', expect: { r: 't' } },
    { name: 'IF false takes ELSE', text: 'IF 2 < 1 { r = "t" } ELSE { r = "f" }', expect: { r: 'f' } },
    { name: 'ELSE IF', text: 'x = 2\nIF x = 1 { r = 1 } ELSE IF x = 2 { r = 2 } ELSE { r = 3 }', expect: { x: 2, r: 2 } },
    {
      name: 'SWITCH matches loosely',
      text: 'd = "2"\nSWITCH d { CASE 1 { r = "one" } CASE 2 { r = "two" } DEFAULT { r = "d" } }',
      expect: { d: '2', r: 'two' },
    },
    { name: 'SWITCH falls to DEFAULT', text: 'SWITCH 9 { CASE 1 { r = "one" } DEFAULT { r = "d" } }', expect: { r: 'd' } },
    { name: 'stacked CASEs share a block', text: 'SWITCH 2 {\nCASE 1\nCASE 2\n{ r = "low" }\n}', expect: { r: 'low' } },
    {
      name: 'SELECT takes the first true CASE',
      text: 'SELECT {\nCASE 1 > 2 { r = 1 }\nCASE 2 > 1 { r = 2 }\nCASE 3 > 1 { r = 3 }\n}',
      expect: { r: 2 },
    },
    { name: 'FOR counts up, inclusive', text: 'FOR i = 1 TO 9 { ph = "{ph}{i}" }', expect: { i: 9, ph: '123456789' } },
    { name: 'FOR counts down when end < start', text: 'FOR i = 9 TO 1 { ph = "{ph}{i}" }', expect: { i: 1, ph: '987654321' } },
    { name: 'FOR runs at least once', text: 'FOR i = 3 TO 3 { n = n + 1 }', expect: { i: 3, n: 1 } },
    { name: 'FOR: the body may move the variable', text: 'FOR i = 1 TO 10 { n = n + 1\ni = i + 1 }', expect: { i: 10, n: 5 } },
    { name: 'FOR with BREAK', text: 'FOR i = 1 TO 100 { IF i = 4 { BREAK } }', expect: { i: 4 } },
    { name: 'WHILE', text: 'n = 0\nWHILE n < 5 { n = n + 1 }', expect: { n: 5 } },
    { name: 'FOREACH over a string array', text: 'FOREACH e IN "a|b|c" { s = "{s}-{e}" }', expect: { e: 'c', s: '-a-b-c' } },
    {
      name: 'FOREACH over a dynamic array',
      text: 'DYNAMIC o\no.items[1].n = 1\no.items[2].n = 2\nFOREACH e IN o.items { t = t + e.n }',
      expect: { o: { items: [{ n: 1 }, { n: 2 }] }, e: { n: 2 }, t: 3 },
    },
    {
      name: 'DYNAMIC with dotted fields',
      text: 'DYNAMIC p\np.name.first = "Ada"\np.age = 36\nf = p.name.first',
      expect: { p: { name: { first: 'Ada' }, age: 36 }, f: 'Ada' },
    },
    {
      name: 'string arrays are 1-based and pipe-delimited',
      text: 'ASSIGN h[1] = "Beowulf"\nASSIGN h[3] = "Grendel"\nx = h[1]\ny = h[2]\nz = h[4]',
      expect: { h: 'Beowulf||Grendel', x: 'Beowulf', y: '', z: null },
    },
    { name: 'size of a string array', text: 'Names = "Wes|Nate|Dan|Clay"\nn = Names.size', expect: { Names: 'Wes|Nate|Dan|Clay', n: 4 } },
    {
      name: 'the docs loop example',
      text: lines(
        'ASSIGN Names = "Wes|Nate"',
        'DYNAMIC Persons',
        'FOR i = 1 TO Names.size',
        '{',
        '  ASSIGN Persons[i].Name = "{Names[i]}"',
        '}',
      ),
      expect: { Names: 'Wes|Nate', Persons: [{ Name: 'Wes' }, { Name: 'Nate' }], i: 2 },
    },
    {
      name: 'names are not case-sensitive',
      text: 'HTTPStatus = 201\nx = "{httpstatus}"\nhttpSTATUS = 200',
      expect: { HTTPStatus: 200, x: '201' },
    },
    { name: 'an assignment copies, never shares', text: 'DYNAMIC a\na.x = 1\nb = a\nb.x = 2', expect: { a: { x: 1 }, b: { x: 2 } } },
    {
      name: '__proto__ and constructor are plain names',
      text: '__proto__ = 1\nconstructor = 2\nDYNAMIC o\no.__proto__ = 3\no.constructor.prototype = 4',
      expect: { ['__proto__']: 1, constructor: 2, o: { ['__proto__']: 3, constructor: { prototype: 4 } } },
    },
    { name: 'a global: name is a name', text: 'ASSIGN global:count = 1\nx = global:count + 1', expect: { 'global:count': 1, x: 2 } },
    { name: 'a call on its own line', text: 'x = 1\nupper("a")', expect: { x: 1 } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { result, vars } = run(c.text, c.vars);
      assert.deepEqual(result, { ok: true });
      const expected: Record<string, StudioValue> = {};
      for (const [k, v] of Object.entries(c.expect))
        Object.defineProperty(expected, k, { value: v, enumerable: true, writable: true, configurable: true });
      assert.deepEqual(JSON.parse(JSON.stringify(vars)), JSON.parse(JSON.stringify(expected)));
      assert.equal(Object.getPrototypeOf(vars), Object.prototype, 'the prototype of vars is untouched');
    });
  }
  test('nothing leaks onto Object.prototype', () => {
    run('DYNAMIC o\no.__proto__.polluted = 1\n__proto__.polluted = 2');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('snippet operators, with precedence and loose typing', () => {
  const cases: [string, StudioValue, Record<string, StudioValue>?][] = [
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['10 - 4 - 3', 3],
    ['7 / 2', 3.5],
    ['7 % 4', 3],
    ['15 \\ 6', 2],
    ['0.1 + 0.2', 0.30000000000000004],
    ['"2" + "3"', 5],
    ['"2" + 3', 5],
    ['"a" + 1', 'a1'],
    ['"a" + "b"', 'ab'],
    ['x + 1', 1],
    ['"" + ""', ''],
    ['"10" > "9"', true],
    ['"abc" < "abd"', true],
    ['"5" = 5', true],
    ['"5.0" == 5', true],
    ['"a" = "A"', false],
    ['1 != 2', true],
    ['1 <> 1', false],
    ['2 >= 2', true],
    ['2 <= 1', false],
    ['1 = 1 & 2 = 2', true],
    ['1 = 2 | 2 = 2', true],
    ['1 && 0', false],
    ['0 || "x"', true],
    ['1 ~ 1', false],
    ['!0', true],
    ['-x', -5, { x: '5' }],
    ['flag = "true"', true, { flag: true }],
    ['"{a}-{b}"', '3-x', { a: 3, b: 'x' }],
    ['"{n * 2}"', '42', { n: '21' }],
    ["'{s.upper()}'", 'HI', { s: 'hi' }],
    ['$"q\\"\\{x}\\t"', 'q"{x}\t'],
    ['"{f}"', 'True', { f: true }],
    ['"{list}"', 'a|b', { list: ['a', 'b'] }],
  ];
  for (const [text, expected, vars] of cases) test(text, () => assert.deepEqual(value(text, vars ?? {}), expected));

  const errors: [string, RegExp][] = [
    ['"a" - 1', /"a" is not a number, so - cannot use it/],
    ['1 / 0', /division by zero/],
    ['10 ^ 400', /not a finite number/],
    ['a[0]', /an array index must be a whole number from 1/],
  ];
  for (const [text, message] of errors) {
    test(`${text} stops with an error`, () => {
      const { expr } = parseExpression(text);
      const result = evaluate(expr as NonNullable<typeof expr>, { vars: {}, now: () => CLOCK });
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.message, message);
    });
  }
});

describe('truth and equality, for the IF and CASE actions too', () => {
  const truth: [StudioValue, boolean][] = [
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ['1', true],
    ['0', false],
    ['', false],
    [null, false],
    ['true', true],
    ['FALSE', false],
    ['yes', true],
    [[], false],
    [['a'], true],
    [{}, true],
  ];
  for (const [v, expected] of truth) test(`isTrue(${JSON.stringify(v)}) is ${expected}`, () => assert.equal(isTrue(v), expected));
  const equal: [StudioValue, StudioValue, boolean][] = [
    ['5', 5, true],
    ['05', 5, true],
    ['a', 'a', true],
    ['a', 'b', false],
    [true, 'True', true],
    [true, 1, true],
    [false, 'false', true],
    [null, '', true],
    ['1', 'true', false],
  ];
  for (const [a, b, expected] of equal)
    test(`looseEquals(${JSON.stringify(a)}, ${JSON.stringify(b)}) is ${expected}`, () => assert.equal(looseEquals(a, b), expected));
});

describe('snippet functions', () => {
  const cases: [string, StudioValue, Record<string, StudioValue>?][] = [
    ['len("abc")', 3],
    ['length("")', 0],
    ['s.length()', 5, { s: 'hello' }],
    ['len(a)', 2, { a: ['x', 'y'] }],
    ['upper("aB")', 'AB'],
    ['lower("aB")', 'ab'],
    ['trim("  x ")', 'x'],
    ['ltrim("  x ")', 'x '],
    ['rtrim("  x ")', '  x'],
    ['left("abcdef", 2)', 'ab'],
    ['right("abcdef", 2)', 'ef'],
    ['right("abc", 0)', ''],
    ['mid("abcdef", 2, 3)', 'bcd'],
    ['mid("abcdef", 4)', 'def'],
    ['substr("abcdef", 1, 2)', 'ab'],
    ['indexof("abcabc", "c")', 3],
    ['indexof("abc", "z")', 0],
    ['indexof(a, "y")', 2, { a: ['x', 'y'] }],
    ['contains("Auto Reply", "Reply")', true],
    ['"abc".contains("z")', false],
    ['replace("a-b-c", "-", "+")', 'a+b+c'],
    ['replace("abc", "", "x")', 'abc'],
    ['char(65)', 'A'],
    ['isnumeric("12.5")', true],
    ['isnumeric("12a")', false],
    ['abs(-3)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(3.14159, 2)', 3.14],
    ['floor(2.7)', 2],
    ['ceiling(2.1)', 3],
    ['now()', '2024-05-03T09:30:15.000+02:00'],
    ['asisodatetime("2024-01-02 03:04:05")', '2024-01-02T03:04:05.000+02:00'],
    ['asdatetime("2024-01-02T15:04:05Z", "MM/dd/yyyy hh:mm:ss tt")', '01/02/2024 03:04:05 PM'],
    ['asdatetime("12/25/2023 9:05 AM", "yyyy-MM-dd HH:mm")', '2023-12-25 09:05'],
    ['dow(now())', 5],
    ['o.asjson()', '{"a":1,"b":["x"]}', { o: { a: 1, b: ['x'] } }],
    ['asjson("x")', '"x"'],
    ['UPPER("x")', 'X'],
  ];
  for (const [text, expected, vars] of cases) test(text, () => assert.deepEqual(value(text, vars ?? {}), expected));
  test('a date that is not one', () => {
    const { expr } = parseExpression('dow("soon")');
    const result = evaluate(expr as NonNullable<typeof expr>, { vars: {}, now: () => CLOCK });
    assert.match(result.ok ? '' : result.message, /"soon" is not a date/);
  });
});

describe('braces substitution (ASSIGN Value, PLAY Sequence)', () => {
  const cases: [string, Record<string, StudioValue>, string][] = [
    ['Hello {name}', { name: 'Bo' }, 'Hello Bo'],
    ['{a}{b}', { a: 1, b: 2 }, '12'],
    ['{n + 1} items', { n: '41' }, '42 items'],
    ['{p.first} {p.last}', { p: { first: 'A', last: 'B' } }, 'A B'],
    ['{list[2]}', { list: 'x|y|z' }, 'y'],
    ['{NAME}', { name: 'case-insensitive' }, 'case-insensitive'],
    ['no braces', {}, 'no braces'],
    ['{} stays', {}, '{} stays'],
    ['"quoted" \\ text {x}', { x: 1 }, '"quoted" \\ text 1'],
    ['broken {x', { x: 1 }, 'broken {x'],
    ['unknown {frob()}', {}, 'unknown {frob()}'],
  ];
  for (const [text, vars, expected] of cases) test(JSON.stringify(text), () => assert.equal(substitute(text, vars), expected));
});

describe('external calls stop the run', () => {
  test('GetRESTProxy() stops with its name and line', () => {
    const { result, vars } = run('a = 1\n\nproxy = GetRESTProxy()\nb = 2');
    assert.deepEqual(result, {
      ok: false,
      line: 3,
      message: 'GetRESTProxy() reaches outside the script: the scenario must mock this snippet',
    });
    assert.equal(vars.b, undefined);
  });
  test('a proxy method stops too', () => {
    const { result } = run('IF 1 {\n  r = p.MakeRestRequest("u", "", 0, "GET")\n}');
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 0 : result.line, 2);
    assert.match(result.ok ? '' : result.message, /MakeRestRequest\(\) reaches outside the script/);
  });
});

describe('runtime budgets are counts', () => {
  test(`an endless WHILE stops after ${DEFAULT_MAX_STEPS} steps`, () => {
    const { result, vars } = run('WHILE 1 { n = n + 1 }');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, new RegExp(`snippet ran more than ${DEFAULT_MAX_STEPS} steps`));
    assert.ok(typeof vars.n === 'number' && vars.n > 1000 && vars.n < DEFAULT_MAX_STEPS);
  });
  test('an empty loop body still costs steps', () => {
    const { result } = run('FOR i = 1 TO 1000000000 { }', {}, 500);
    assert.deepEqual(result, { ok: false, line: 1, message: 'snippet ran more than 500 steps' });
  });
  test('a custom step limit', () => {
    assert.equal(run('FOR i = 1 TO 10 { x = i }', {}, 1000).result.ok, true);
    assert.equal(run('FOR i = 1 TO 1000 { x = i }', {}, 1000).result.ok, false);
  });
  test(`a doubling string stops past ${MAX_STRING_CHARS} characters`, () => {
    const { result, vars } = run('s = "ab"\nWHILE 1 {\n  s = s + s\n}');
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 0 : result.line, 3);
    assert.match(result.ok ? '' : result.message, /a string grew past 1048576 characters/);
    assert.ok(typeof vars.s === 'string' && vars.s.length <= MAX_STRING_CHARS);
  });
  test('a doubling string by substitution, and by replace, stops too', () => {
    assert.match(JSON.stringify(run('s = "ab"\nWHILE 1 { s = "{s}{s}" }').result), /a string grew past/);
    assert.match(JSON.stringify(run('s = "ab"\nWHILE 1 { s = s.replace("a", "aa") }').result), /a string grew past|ran more than/);
  });
  test('copying a doubling object costs steps', () => {
    const { result } = run('DYNAMIC a\na.x = 1\nWHILE 1 { DYNAMIC b\nb.l = a\nb.r = a\na = b }');
    assert.match(result.ok ? '' : result.message, /snippet ran more than/);
  });
  test('a huge array index is an error, not an allocation', () => {
    const { result } = run('a[999999999] = 1');
    assert.match(result.ok ? '' : result.message, /array index 999999999 is beyond the emulator's 100000 elements/);
  });
});
