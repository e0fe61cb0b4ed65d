// Studio's snippet language, parsing. What parses (and into what), and every problem a snippet
// can have, each with the 1-based line and column it names. Bounds are counts: nesting, length.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { externalCalls, MAX_NESTING, MAX_SNIPPET_CHARS, parseExpression, parseSnippet, parseTemplate } from '../../src/snippet/index.ts';
import type { Statement } from '../../src/snippet/index.ts';

const lines = (...l: string[]) => l.join('\n');
const kinds = (statements: Statement[]) => statements.map((s) => s.kind);

describe('snippet statements parse', () => {
  const cases: { name: string; text: string; kinds: string[] }[] = [
    { name: 'ASSIGN and bare assignment', text: lines('ASSIGN a = 1', 'b = "x"'), kinds: ['assign', 'assign'] },
    { name: 'DYNAMIC and a dotted field', text: lines('DYNAMIC o', 'o.name.first = "A"'), kinds: ['dynamic', 'assign'] },
    { name: 'an element', text: 'a[2] = "b"', kinds: ['assign'] },
    {
      name: 'IF / ELSE IF / ELSE, braces on their own lines',
      text: lines('IF a = 1', '{', 'x = 1', '}', 'ELSE IF a = 2 { x = 2 }', 'ELSE', '{', 'x = 3', '}'),
      kinds: ['if'],
    },
    { name: 'IF with parentheses', text: 'IF (a > 1) & (b < 2) { x = 1 }', kinds: ['if'] },
    {
      name: 'SWITCH with stacked CASEs and DEFAULT',
      text: lines('SWITCH d', '{', 'CASE 1', 'CASE 2 { x = "low" }', 'DEFAULT { x = "other" }', '}'),
      kinds: ['switch'],
    },
    { name: 'SELECT', text: lines('SELECT {', 'CASE a > 1 { x = 1 }', 'DEFAULT { x = 0 }', '}'), kinds: ['select'] },
    { name: 'FOR … TO', text: 'FOR i = 1 TO n { s = "{s}{i}" }', kinds: ['for'] },
    { name: 'FOREACH … IN', text: 'FOREACH e IN list { c = c + 1 }', kinds: ['foreach'] },
    { name: 'WHILE with BREAK', text: lines('WHILE 1 {', 'BREAK', '}'), kinds: ['while'] },
    { name: 'a call on its own line', text: 'p.AddHeader("a", "b")', kinds: ['call'] },
    {
      name: 'comments and semicolons',
      text: lines('// a comment', 'a = 1 // trailing', 'b = 2; c = 3'),
      kinds: ['assign', 'assign', 'assign'],
    },
    { name: 'keywords in any case', text: lines('assign a = 1', 'if a = 1 { x = true } else { x = FALSE }'), kinds: ['assign', 'if'] },
    { name: 'names with $ and _', text: 'my_var$ = 1', kinds: ['assign'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const parsed = parseSnippet(c.text);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(kinds(parsed.program?.statements ?? []), c.kinds);
    });
  }

  test('statements carry their line and column', () => {
    const parsed = parseSnippet(lines('a = 1', '', '   IF a { b = 2 }'));
    const [first, second] = parsed.program?.statements ?? [];
    assert.deepEqual([first?.line, first?.column, second?.line, second?.column], [1, 1, 3, 4]);
  });
});

describe('snippet expressions parse with Studio precedence', () => {
  // The shape, printed with explicit parentheses.
  const show = (text: string): string => {
    const { expr, problems } = parseExpression(text);
    assert.deepEqual(problems, []);
    const print = (e: NonNullable<typeof expr>): string => {
      if (e.kind === 'binary') return `(${print(e.left)} ${e.op} ${print(e.right)})`;
      if (e.kind === 'unary') return `(${e.op}${print(e.operand)})`;
      if (e.kind === 'literal') return JSON.stringify(e.value);
      if (e.kind === 'var') return e.name;
      if (e.kind === 'member') return `${print(e.object)}.${e.name}`;
      if (e.kind === 'index') return `${print(e.object)}[${print(e.index)}]`;
      if (e.kind === 'call') return `${e.receiver ? `${print(e.receiver)}.` : ''}${e.name}(${e.args.map(print).join(', ')})`;
      return `template(${e.parts.map((p) => (typeof p === 'string' ? JSON.stringify(p) : print(p))).join(', ')})`;
    };
    return print(expr as NonNullable<typeof expr>);
  };
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['-2 ^ 2', '(-(2 ^ 2))'],
    ['a - b - c', '((a - b) - c)'],
    ['10 \\ 3 % 2 / 1', '(((10 \\ 3) % 2) / 1)'],
    ['a + 1 > b * 2', '((a + 1) > (b * 2))'],
    ['a = 1 & b != 2 | c <> 3', '(((a = 1) & (b != 2)) | (c != 3))'],
    ['a == 1 && b >= 2 || !c', '(((a = 1) & (b >= 2)) | (!c))'],
    ['x ~ y', '(x ~ y)'],
    ['a <= b', '(a <= b)'],
    ['p.items[2].name', 'p.items[2].name'],
    ['s.left(2)', 's.left(2)'],
    ['len(s) + 1', '(len(s) + 1)'],
    ['"Hi {name}!"', 'template("Hi ", name, "!")'],
    [`"{s.replace('"','x')}"`, 'template(s.replace("\\"", "x"))'],
    ['$"a\\"b\\{c}"', '"a\\"b{c}"'],
    ["'single {x}'", 'template("single ", x)'],
    ['"empty {} braces"', '"empty {} braces"'],
  ];
  for (const [text, shape] of cases) test(text, () => assert.equal(show(text), shape));
});

describe('every snippet problem names its line and column', () => {
  const cases: { name: string; text: string; problem: { line: number; column: number; message: RegExp } }[] = [
    { name: 'unknown statement', text: lines('a = 1', 'PRINT "x"'), problem: { line: 2, column: 1, message: /unknown statement "PRINT"/ } },
    { name: 'unsupported statement (TRACE)', text: 'TRACE "x"', problem: { line: 1, column: 1, message: /TRACE is not supported/ } },
    {
      name: 'unsupported statement',
      text: 'FUNCTION f() { RETURN 1 }',
      problem: { line: 1, column: 1, message: /FUNCTION is not supported/ },
    },
    {
      name: 'unknown function',
      text: lines('', '  x = frobnicate(1)'),
      problem: { line: 2, column: 7, message: /unknown function frobnicate\(\)/ },
    },
    { name: 'unknown method', text: 'x = s.frob()', problem: { line: 1, column: 7, message: /unknown function frob\(\)/ } },
    {
      name: 'wrong argument count',
      text: 'x = left("abc")',
      problem: { line: 1, column: 5, message: /left\(\) takes 2 arguments, not 1/ },
    },
    {
      name: 'wrong argument count, method form',
      text: 'x = s.left()',
      problem: { line: 1, column: 7, message: /the value before the dot counts as the first/ },
    },
    {
      name: 'BREAK outside a loop',
      text: lines('IF 1 {', '  BREAK', '}'),
      problem: { line: 2, column: 3, message: /BREAK outside a FOR, FOREACH or WHILE loop/ },
    },
    { name: 'unclosed string', text: lines('a = 1', 'b = "abc'), problem: { line: 2, column: 5, message: /no closing "/ } },
    {
      name: 'unclosed brace in a string',
      text: 'b = "a {x"',
      problem: { line: 1, column: 8, message: /this \{ in a string has no closing \}/ },
    },
    {
      name: 'bad brace expression',
      text: 'b = "a {x +}"',
      problem: { line: 1, column: 12, message: /expected a value, found the closing \}/ },
    },
    {
      name: 'a value on the next line',
      text: lines('a =', 'b = 1'),
      problem: { line: 1, column: 3, message: /expected a value after "=" on its line/ },
    },
    { name: 'date literal', text: 'd = #"02/09/2023"', problem: { line: 1, column: 5, message: /date\/time literals/ } },
    { name: 'unexpected character', text: 'a = 1 @ 2', problem: { line: 1, column: 7, message: /unexpected character "@"/ } },
    {
      name: 'word operator',
      text: 'IF a AND b { }',
      problem: { line: 1, column: 6, message: /AND is not an operator in Studio: write &/ },
    },
    { name: 'missing =', text: 'a 1', problem: { line: 1, column: 1, message: /unknown statement "a"/ } },
    { name: 'missing value', text: 'a =', problem: { line: 1, column: 4, message: /expected a value, found the end of the snippet/ } },
    { name: 'missing block', text: 'IF a = 1 x = 2', problem: { line: 1, column: 10, message: /expected \{ to open the IF block/ } },
    {
      name: 'unclosed block',
      text: lines('WHILE a {', 'a = 0'),
      problem: { line: 2, column: 6, message: /the WHILE block opened at line 1 has no closing \}/ },
    },
    { name: 'FOR without TO', text: 'FOR i = 1 9 { }', problem: { line: 1, column: 11, message: /expected TO in FOR i/ } },
    { name: 'FOREACH without IN', text: 'FOREACH e list { }', problem: { line: 1, column: 11, message: /expected IN after FOREACH e/ } },
    { name: 'CASE outside SWITCH', text: 'CASE 1 { }', problem: { line: 1, column: 1, message: /CASE without its statement/ } },
    {
      name: 'SWITCH with a stray line',
      text: lines('SWITCH a {', 'x = 1', '}'),
      problem: { line: 2, column: 1, message: /expected CASE or DEFAULT in SWITCH/ },
    },
    {
      name: 'a CASE with no block',
      text: lines('SWITCH a {', 'CASE 1', '}'),
      problem: { line: 3, column: 1, message: /the last CASE in SWITCH has no block/ },
    },
    {
      name: 'assigning to a call',
      text: 'f(1) = 2',
      problem: { line: 1, column: 6, message: /only a variable, a field or an element can be assigned/ },
    },
    {
      name: 'ASSIGN with a bare call',
      text: 'ASSIGN len(x)',
      problem: { line: 1, column: 14, message: /expected = after the expression/ },
    },
    {
      name: 'operator starting a line',
      text: lines('a = 1', '+ 2'),
      problem: { line: 2, column: 1, message: /expected a statement, found "\+"/ },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { program, problems } = parseSnippet(c.text);
      assert.equal(program, undefined);
      const found = problems.find((p) => c.problem.message.test(p.message));
      assert.ok(found, `no problem matching ${c.problem.message} in ${JSON.stringify(problems)}`);
      assert.deepEqual([found.line, found.column], [c.problem.line, c.problem.column]);
    });
  }

  test('parsing goes on after a bad line: every bad line is reported', () => {
    const { problems } = parseSnippet(lines('a = ', 'b = 1', 'c = foo()', 'TRACE 1'));
    assert.deepEqual(
      problems.map((p) => p.line),
      [1, 3, 4],
    );
  });

  test('an expression with trailing text', () => {
    assert.match(parseExpression('a = 1 b').problems[0]?.message ?? '', /expected the end of the expression, found "b"/);
  });

  test('a template (ASSIGN Value, PLAY Sequence) reports its bad braces', () => {
    assert.deepEqual(parseTemplate('Hello {name}').problems, []);
    const [problem] = parseTemplate('Hello {name').problems;
    assert.deepEqual([problem?.line, problem?.column], [1, 7]);
  });
});

describe('hostile snippet text is a problem, not a crash', () => {
  test(`a snippet over ${MAX_SNIPPET_CHARS} characters`, () => {
    const { problems } = parseSnippet(`a = "${'x'.repeat(MAX_SNIPPET_CHARS)}"`);
    assert.match(problems[0]?.message ?? '', new RegExp(`more than the ${MAX_SNIPPET_CHARS}`));
  });
  const deep: [string, string][] = [
    ['parentheses', `x = ${'('.repeat(60_000)}1`],
    ['unary minus', `x = ${'-'.repeat(60_000)}1`],
    ['blocks', 'IF 1 {\n'.repeat(8_000)],
    ['calls', `x = ${'len('.repeat(15_000)}1`],
    ['indexes', `x = a${'[a'.repeat(30_000)}`],
  ];
  for (const [name, text] of deep) {
    test(`nesting of ${name} beyond ${MAX_NESTING} levels`, () => {
      const { program, problems } = parseSnippet(text);
      assert.equal(program, undefined);
      assert.ok(
        problems.some((p) => /nests deeper than 64 levels/.test(p.message)),
        JSON.stringify(problems.slice(0, 3)),
      );
    });
  }
  test('strings nested in braces beyond the limit', () => {
    const { problems } = parseSnippet(`x = "${'{"'.repeat(30_000)}`);
    assert.ok(problems.some((p) => /strings and braces nest deeper than 64 levels/.test(p.message)));
  });
  test('the problems listed are capped', () => {
    const { problems } = parseSnippet('TRACE 1\n'.repeat(5_000));
    assert.equal(problems.length, 50);
  });
});

describe('external calls are listed statically', () => {
  test('GetRESTProxy and the proxy methods, with their lines', () => {
    const { program } = parseSnippet(
      lines(
        'proxy = GetRESTProxy()',
        'proxy.ContentType = "application/json"',
        'proxy.AddHeader("Authorization", "{token}")',
        'IF x {',
        '  result = proxy.MakeRestRequest(url, body, 0, "POST")',
        '}',
        'status = proxy.StatusCode',
        'y = len(x)',
      ),
    );
    assert.ok(program);
    assert.deepEqual(externalCalls(program), [
      { name: 'GetRESTProxy', line: 1 },
      { name: 'AddHeader', line: 3 },
      { name: 'MakeRestRequest', line: 5 },
    ]);
  });
  test('a snippet with none', () => {
    const { program } = parseSnippet('a = upper("x")');
    assert.ok(program);
    assert.deepEqual(externalCalls(program), []);
  });
  test('other proxies count too (any Get…Proxy)', () => {
    const { program } = parseSnippet('p = GetSOAPProxy()');
    assert.ok(program);
    assert.deepEqual(externalCalls(program), [{ name: 'GetSOAPProxy', line: 1 }]);
  });
});
