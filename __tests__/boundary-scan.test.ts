// The scanner behind the boundary test (helpers/module-scan.ts) sees what it must: every way to load a
// module, nothing inside comments or strings, and code that runs at import but not code that only
// will when a function is called.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scanModule } from './helpers/module-scan.ts';

const imports = (text: string) => scanModule(text).imports.map((u) => `${u.specifier} ${u.how}${u.typeOnly ? ' type' : ''} @${u.line}`);
const work = (text: string) => scanModule(text).work.map((w) => `${w.what} @${w.line}`);

describe('module scan: imports', () => {
  const cases: [string, string, string[]][] = [
    [
      'default, named, namespace and bare',
      "import a from 'a';\nimport { b } from 'b';\nimport * as c from 'c';\nimport 'd';\n",
      ['a import @1', 'b import @2', 'c import @3', 'd import @4'],
    ],
    ['a multi-line import', "import {\n  one,\n  two,\n} from 'node:fs';\n", ['node:fs import @1']],
    [
      'import type is erased',
      "import type { Stats } from 'node:fs';\nimport type Def from 'x';\n",
      ['node:fs import type @1', 'x import type @2'],
    ],
    [
      'a default import named type is not type-only',
      "import type from 'x';\nimport type, { y } from 'y';\n",
      ['x import @1', 'y import @2'],
    ],
    ['import { type X } still loads the module', "import { type Stats } from 'node:fs';\n", ['node:fs import @1']],
    [
      're-exports',
      "export * from 'a';\nexport { b } from 'b';\nexport type { C } from 'c';\nexport * as d from 'd';\n",
      ['a export-from @1', 'b export-from @2', 'c export-from type @3', 'd export-from @4'],
    ],
    [
      'dynamic import and require, anywhere',
      "export async function f() {\n  const { glob } = await import('tinyglobby');\n  return require('node:fs');\n}\n",
      ['tinyglobby dynamic @2', 'node:fs require @3'],
    ],
    ['a computed dynamic import is named as such', 'const m = await import(name);\n', ['<computed: name…> dynamic @1']],
    [
      'nothing in comments, strings or templates',
      "// import 'a';\n/* import('b') */\nconst s = \"import 'c'\";\nconst t = `import('d') ${x}`;\nconst r = /import('e')/;\n",
      [],
    ],
    ['a local export and method calls named import are no import', "export { a, b };\nfoo.import('x');\nobj.require('y');\n", []],
  ];
  for (const [name, text, want] of cases) test(name, () => assert.deepEqual(imports(text), want));
});

describe('module scan: work at import time', () => {
  const cases: [string, string, string[]][] = [
    [
      'declarations do nothing',
      'export function f() { return g(); }\nexport async function h() { await i(); }\ninterface A { b(): void }\nexport type T = ReturnType<typeof f>;\nclass C { m() { return n(); } }\nexport default function d() { e(); }\ndeclare const x: number;\n',
      [],
    ],
    [
      'literal constants do nothing',
      "const a = 1;\nexport const b = { c: 'd', e: [1, 2] } as const;\nconst f = `text`;\nconst g = /re(x)/g;\nlet h: string | undefined;\n",
      [],
    ],
    [
      'functions as values do nothing',
      'const a = (x: number): number => f(x);\nconst b = async () => {\n  await g();\n};\nconst c = function () { return h(); };\nconst d = { m() { return i(); }, get n() { return j(); }, k: () => l() };\n',
      [],
    ],
    [
      'a call, a new, a method call, a tagged template',
      'const a = compile(schema);\nconst b = new Ajv({ strict: true });\nconst c = ajv.compile(s);\nconst d = html`<b>${x}</b>`;\n',
      ['compile @1', 'new Ajv @2', 'ajv.compile @3', 'html @4'],
    ],
    ['a multi-line initializer', 'export const V = build(\n  one,\n  two(),\n);\n', ['build @1', 'two @3']],
    [
      'a generic call, a call of a call, an optional call',
      'const a = keysOf<T>()([1]);\nconst b = f?.();\nconst c = Object.values(X).map((v) => v.length);\n',
      ['keysOf @1', 'keysOf() @1', 'f @2', 'Object.values @3', 'Object.values().map @3'],
    ],
    [
      'callbacks of a call that runs are read',
      'const a = [1].map((x) => readFileSync(x));\nconst b = list.map(function (x) { return g(x); });\n',
      ['….map @1', 'readFileSync @1', 'list.map @2', 'g @2'],
    ],
    [
      'statements run',
      'main();\nif (x) y();\nawait run();\nfor (const a of b) c(a);\nexport default compile(s);\n',
      ['statement @1', 'statement @2', 'statement @3', 'statement @4', 'compile @5'],
    ],
    [
      'class statics run, members do not',
      'class A extends B {\n  static x = make();\n  static {\n    init();\n  }\n  y = later();\n}\n',
      ['make @2', 'static block @3'],
    ],
    ['a call inside a template substitution', 'const a = `${f()}`;\n', ['f @1']],
    ['a typed arrow is no ternary', 'const f = (a: number): string => g(a);\nconst h = c ? i(a) : j;\n', ['i @2']],
    ['await in an initializer runs', 'const a = await b;\n', ['await @1']],
  ];
  for (const [name, text, want] of cases) test(name, () => assert.deepEqual(work(text), want));

  test('the failure names the statement by its first line', () => {
    const [w] = scanModule('// a comment\nconst validate = new Ajv().compile(SCHEMA); // trailing\n').work;
    assert.deepEqual(w, { line: 2, what: 'new Ajv', source: 'const validate = new Ajv().compile(SCHEMA); // trailing' });
  });
});
