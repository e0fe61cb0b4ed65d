// The validators the bundles ship (ajv's standalone code, written by the build over
// src/schema-validators.ts) against the ones the tests run (ajv compiling the same schemas with the same
// options): the same verdict and the same error objects, which the rewriters read, on valid files and on
// each of many broken variants of them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { glob } from 'tinyglobby';
import { load } from 'js-yaml';
import { standaloneValidators } from '../scripts/build-validators.ts';
import * as fromSource from '../src/schema-validators.ts';
import { ROOT } from './helpers/action.ts';

type Validators = typeof fromSource;

/** The generated module, imported from a temporary file (its ajv runtime imports pointed at this checkout's node_modules). */
async function importStandalone(code: string): Promise<Validators> {
  const resolved = code.replace(
    /from "(ajv\/dist\/runtime\/[^"]+)"/g,
    (_, id: string) => `from ${JSON.stringify(import.meta.resolve(id))}`,
  );
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cxft-validators-')), 'schema-validators.mjs');
  writeFileSync(file, resolved);
  return (await import(pathToFileURL(file).href)) as Validators;
}

/** Deterministic breakages of a document: every value replaced by a wrong-typed one, an unknown key added to every map, every key removed. */
function* variants(doc: unknown): Generator<unknown> {
  yield doc;
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, at: (string | number)[]) => {
    paths.push(at);
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...at, i]));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...at, k]);
  };
  walk(doc, []);
  const edit = (at: (string | number)[], change: (parent: any, key: string | number) => void) => {
    const copy = structuredClone(doc) as any;
    if (at.length === 0) return copy;
    const parent = at.slice(0, -1).reduce((n, k) => n[k], copy);
    change(parent, at.at(-1)!);
    return copy;
  };
  for (const at of paths) {
    if (at.length === 0) continue;
    yield edit(
      at,
      (p, k) =>
        (p[k] =
          typeof p[k] === 'string'
            ? 12
            : typeof p[k] === 'number'
              ? 'twelve'
              : Array.isArray(p[k])
                ? { not: 'a list' }
                : p[k] !== null && typeof p[k] === 'object'
                  ? ['not', 'a map']
                  : null),
    );
    yield edit(at, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k]));
    yield edit(at, (p, k) => {
      if (p[k] !== null && typeof p[k] === 'object' && !Array.isArray(p[k])) p[k].unknwon_key = 'x';
    });
    yield edit(at, (p, k) => (p[k] = typeof p[k] === 'string' ? '' : typeof p[k] === 'number' ? -1.5 : p[k]));
  }
}

async function corpus(patterns: string[]): Promise<unknown[]> {
  const files = await glob(patterns, { cwd: ROOT });
  assert.ok(files.length >= 2, `${patterns.join(', ')} matched ${files.length} files`);
  return files.flatMap((file) => [...variants(load(readFileSync(path.join(ROOT, file), 'utf8')))]);
}

describe('precompiled schema validators', () => {
  test('the build writes the same module twice (dist/ stays reproducible)', () => {
    assert.equal(standaloneValidators(), standaloneValidators());
  });

  test('the generated module imports only ajv runtime helpers and does no work at import', () => {
    const code = standaloneValidators();
    for (const line of code.split('\n').filter((l) => l.startsWith('import ')))
      assert.match(line, /^import \w+ from "ajv\/dist\/runtime\/\w+\.js";$/);
    assert.doesNotMatch(code, /\brequire\(/);
  });

  const cases: [keyof Validators & ('scenarioFileValidator' | 'flowValidator'), string[]][] = [
    ['scenarioFileValidator', ['examples/scenarios/*.yaml', 'examples/broken/scenarios/*.yaml', '__tests__/fixtures/**/scenarios/*.yaml']],
    ['flowValidator', ['examples/flows/*.yaml', 'examples/broken/flows/*.yaml', '__tests__/fixtures/**/flows/*.yaml']],
  ];
  for (const [name, patterns] of cases) {
    test(`${name}: the same verdict and error objects as ajv compiling the schema`, async () => {
      const standalone = await importStandalone(standaloneValidators());
      const shipped = standalone[name]();
      const compiled = fromSource[name]();
      let invalid = 0;
      const docs = await corpus(patterns);
      for (const [i, doc] of docs.entries()) {
        const verdict = compiled(doc);
        assert.equal(shipped(doc), verdict, `document ${i}`);
        assert.deepEqual(shipped.errors ?? null, compiled.errors ?? null, `document ${i}`);
        if (!verdict) invalid++;
      }
      // The corpus exercises both answers, broken documents by the hundred.
      assert.ok(invalid > 100 && invalid < docs.length, `${invalid} of ${docs.length} invalid`);
    });
  }
});
