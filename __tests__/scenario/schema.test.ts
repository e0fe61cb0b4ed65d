import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { scenarioFileSchema } from '../../src/scenario/schema.ts';
import { renderSchema, SCHEMA_FILES } from '../../scripts/write-schemas.ts';

describe('scenario schema', () => {
  test('the committed schemas/scenario.schema.json is up to date (run scripts/write-schemas.ts)', async () => {
    const committed = await readFile(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8');
    assert.ok(committed === renderSchema(scenarioFileSchema), 'schemas/scenario.schema.json is stale: run node scripts/write-schemas.ts');
    assert.ok(committed.endsWith('}\n'));
  });

  test('every shipped schema file (scenario and flow) is up to date', async () => {
    assert.ok(Object.keys(SCHEMA_FILES).includes('schemas/flow.schema.json'));
    for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
      const committed = await readFile(new URL(`../../${file}`, import.meta.url), 'utf8');
      assert.equal(committed, renderSchema(schema), `${file} is stale: run node scripts/write-schemas.ts`);
    }
  });

  test('every property carries a title and a description for editors', () => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const properties = record['properties'] as Record<string, Record<string, unknown>> | undefined;
      for (const [name, property] of Object.entries(properties ?? {})) {
        const target = typeof property['$ref'] === 'string' ? resolve(property['$ref']) : property;
        if (typeof target['title'] !== 'string' || typeof target['description'] !== 'string') missing.push(`${where}.${name}`);
      }
      for (const [key, child] of Object.entries(record)) visit(child, `${where}.${key}`);
    };
    visit(scenarioFileSchema, '#');
    assert.deepEqual(missing, []);
  });

  test('shapes told apart by type are if/then/else on the type, never anyOf/oneOf (editors then name a typo in a map)', () => {
    const alternatives: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      // An array under anyOf/oneOf is the keyword; the matcher's `oneOf` property is a schema, not an array.
      for (const keyword of ['anyOf', 'oneOf']) if (Array.isArray(record[keyword])) alternatives.push(`${where}.${keyword}`);
      for (const [key, child] of Object.entries(record)) visit(child, `${where}.${key}`);
    };
    visit(scenarioFileSchema, '#');
    assert.deepEqual(alternatives, []);
    const { variableExpectation } = scenarioFileSchema.definitions;
    assert.deepEqual([variableExpectation.if, variableExpectation.then], [{ type: 'object' }, { $ref: '#/definitions/matcher' }]);
  });

  test('every object with properties rejects unknown keys', () => {
    const open: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record['properties'] && record['additionalProperties'] !== false && !where.startsWith('#.then')) open.push(where);
      for (const [key, child] of Object.entries(record)) visit(child, `${where}.${key}`);
    };
    visit(scenarioFileSchema, '#');
    assert.deepEqual(open, []);
  });
});

function resolve(ref: string): Record<string, unknown> {
  const name = ref.replace('#/definitions/', '') as keyof typeof scenarioFileSchema.definitions;
  return scenarioFileSchema.definitions[name] as Record<string, unknown>;
}
