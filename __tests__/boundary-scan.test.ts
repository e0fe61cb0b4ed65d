// The scanner behind the boundary test (helpers/module-scan.ts) sees what it must: every way to load a
// module, nothing inside comments or strings, and code that runs at import but not code that only
// will when a function is called.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isPureCall, reachesOutside } from './helpers/boundary-rules.ts';
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
    ['a computed template specifier is computed', 'const m = await import(`./${name}.ts`);\n', ['<computed: `./${…> dynamic @1']],
    [
      'process.getBuiltinModule loads the module it names',
      "const fs = process.getBuiltinModule('node:fs');\nconst p = globalThis.process.getBuiltinModule?.('path');\nconst g = process.getBuiltinModule;\n",
      ['node:fs getBuiltinModule @1', 'path getBuiltinModule @2', '<computed: getBuiltinModule> getBuiltinModule @3'],
    ],
    ['typeof process.getBuiltinModule loads nothing', "if (typeof process.getBuiltinModule === 'function') x();\n", []],
    [
      'createRequire makes a require of anything',
      "import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nconst m = Module.createRequire(here);\n",
      ['node:module import @1', '<computed: createRequire> createRequire @2', '<computed: createRequire> createRequire @3'],
    ],
    [
      'the global fetch, called or passed on',
      'export const get = (url: string) => fetch(url);\nconst deps = { fetch };\nconst f = globalThis.fetch;\n',
      ['globalThis.fetch global @1', 'globalThis.fetch global @2', 'globalThis.fetch global @3'],
    ],
    [
      'a property, method, key, type or local binding named fetch is not the global',
      'const a = client.fetch(url);\nconst b = { fetch: 1, fetch2() {} };\nclass C { fetch(u: string) { return u; } }\ntype F = typeof fetch;\ninterface D { fetch?: F }\n' +
        'const run = (fetch: F) => fetch(u);\n',
      [],
    ],
    [
      'a module that binds fetch itself still names globalThis.fetch',
      "import { fetch } from './http.ts';\nconst a = fetch(u);\nconst b = globalThis.fetch(u);\n",
      ['./http.ts import @1', 'globalThis.fetch global @3'],
    ],
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
    [
      'a function passed by name to a callback method runs',
      "const a = ['x'].map(compile);\nconst b = list.filter(ajv.compile, self).flatMap(g);\nconst c = Array.from(xs, make);\nconst d = xs.join(sep);\n",
      [
        '….map @1',
        'compile @1',
        'list.filter @2',
        'ajv.compile @2',
        'list.filter().flatMap @2',
        'g @2',
        'Array.from @3',
        'make @3',
        'xs.join @4',
      ],
    ],
    [
      'default parameters run only when the function is called',
      'const f = (a = compute()) => a;\nconst g = async (b = h()) => b;\nconst i = <T,>(c: T = j()): T => c;\nconst k = function (d = l()) { return d; };\n',
      [],
    ],
    [
      'enums and namespaces are refused: their bodies run at import',
      'enum A { B = f() }\nexport const enum C { D }\nnamespace E { g(); }\nexport module F {}\ndeclare enum G { H }\ndeclare namespace I { const j: number }\n',
      ['enum @1', 'enum @2', 'namespace @3', 'namespace @4'],
    ],
    ['module.exports is a statement, not a namespace', 'module.exports = f();\n', ['statement @1']],
    ['an abstract class runs its statics', 'abstract class A {\n  static x = make();\n}\n', ['make @2']],
  ];
  for (const [name, text, want] of cases) test(name, () => assert.deepEqual(work(text), want));

  test('the failure names the statement by its first line', () => {
    const [w] = scanModule('// a comment\nconst validate = new Ajv().compile(SCHEMA); // trailing\n').work;
    assert.deepEqual(w, { line: 2, what: 'new Ajv', source: 'const validate = new Ajv().compile(SCHEMA); // trailing' });
  });
});

describe('the rules judge what the scan finds', () => {
  // What a module outside every allowlist is told: its loads that reach outside, its work that is no pure builtin.
  const offences = (text: string) => {
    const { imports: uses, work: done } = scanModule(text);
    return [
      ...uses.filter(reachesOutside).map((u) => `loads ${u.specifier} @${u.line}`),
      ...done.filter((w) => !isPureCall(w.what)).map((w) => `runs ${w.what} @${w.line}`),
    ];
  };
  const cases: [string, string, string[]][] = [
    ['a computed specifier may load anything', 'export const load = (name: string) => import(name);\n', ['loads <computed: name…> @1']],
    [
      'getBuiltinModule of an outside module, createRequire and fetch reach outside',
      "const fs = () => process.getBuiltinModule('fs');\nconst p = () => process.getBuiltinModule('node:path');\nconst r = () => createRequire(here);\nconst f = () => fetch(u);\n",
      ['loads fs @1', 'loads <computed: createRequire> @3', 'loads globalThis.fetch @4'],
    ],
    [
      'a function handed to a pure method runs',
      "const a = ['x'].map(compile);\nconst b = KEYS.map((k) => k.length).join(',');\n",
      ['runs compile @1'],
    ],
    ['a default parameter does not run', 'export const f = (a = compute()) => a;\n', []],
  ];
  for (const [name, text, want] of cases) test(name, () => assert.deepEqual(offences(text), want));
});
