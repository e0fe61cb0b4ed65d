import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { glob } from 'tinyglobby';
import { FLOW_SCHEMA } from '../../src/flow/schema.ts';
import { CONDITION_FIELDS, CONDITION_OPS, FLOW_FIELDS, NODE_FIELDS } from '../../src/domain/flow.ts';
import { parseYaml } from '../../src/yaml/parse.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const validate = new Ajv({ allErrors: true, strict: false }).compile(FLOW_SCHEMA);

test('every example flow satisfies the JSON Schema', async () => {
  const files = await glob(['examples/flows/*.yaml', 'examples/broken/flows/*.yaml'], { cwd: ROOT });
  assert.ok(files.length >= 4);
  for (const file of files) {
    const value = parseYaml(await readFile(path.join(ROOT, file), 'utf8'), file).value;
    assert.ok(validate(value), `${file}: ${JSON.stringify(validate.errors)}`);
  }
});

test('the schema rejects what the loader rejects', () => {
  const base = { id: 'f', start: 's', nodes: { s: { type: 'Start', next: 'x' }, x: { type: 'Exit' } } };
  const bad: unknown[] = [
    { ...base, nodes: { s: { type: 'Say', next: 'x' } } },
    { ...base, nodes: { s: { type: 'Start', nxt: 'x' } } },
    { ...base, nodes: { c: { type: 'Condition', if: { variable: 'v', op: 'eq', value: 1 }, then: 'x' } } },
    { ...base, nodes: { c: { type: 'Condition', if: { variable: 'v', op: 'like' }, then: 'x', else: 'x' } } },
    { ...base, nodes: { v: { type: 'SetVariable', next: 'x' } } },
    { ...base, title: 'x' },
    { start: 's', nodes: base.nodes },
  ];
  assert.ok(validate(base));
  for (const value of bad) assert.equal(validate(value), false, JSON.stringify(value));
});

describe('the action checks flow files against the shipped schema too', () => {
  test('a schema violation is a problem on its line with its key', async () => {
    const { checkFlowSchema } = await import('../../src/flow/schema-check.ts');
    const text = 'id: f\nstart: a\nnodes:\n  a: { type: Start, next: b }\n  b:\n    type: Exit\n    colour: red\n';
    const doc = parseYaml(text, 'flows/x.yaml');
    const { problems } = checkFlowSchema(doc.value, doc, 'flows/x.yaml');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 7);
    assert.equal(problems[0]!.node, 'b');
    assert.equal(problems[0]!.key, 'nodes.b.colour');
    // Judged by its own type's schema alone: the digits limit of GatherInput, not another type's complaint.
    const gather = parseYaml('id: f\nstart: a\nnodes:\n  a:\n    type: GatherInput\n    digits: 99\n', 'z');
    const [own] = checkFlowSchema(gather.value, gather, 'z').problems;
    assert.deepEqual([own?.line, own?.key, own?.message], [6, 'nodes.a.digits', "node 'a': 'digits' must be at most 32, got 99"]);
    const valid = parseYaml('id: f\nstart: a\nnodes:\n  a: { type: Exit }\n', 'y');
    assert.deepEqual(checkFlowSchema(valid.value, valid, 'y').problems, []);
  });
});

describe('the schema and the TypeScript types (src/domain/flow.ts) describe the same files', () => {
  type Schema = { properties: Record<string, any>; required?: string[] };
  const keysOf = (fields: Record<string, string>) => Object.keys(fields).sort();
  const requiredOf = (fields: Record<string, string>) =>
    Object.keys(fields)
      .filter((k) => fields[k] === 'required')
      .sort();
  const nodes = (FLOW_SCHEMA.properties.nodes as any).additionalProperties;

  test('the same node types, each with the same keys, the same of them required', () => {
    assert.deepEqual([...nodes.properties.type.enum].sort(), Object.keys(NODE_FIELDS).sort());
    const branches = nodes.allOf as { if: { properties: { type: { const: string } } }; then: Schema }[];
    assert.deepEqual(branches.map((b) => b.if.properties.type.const).sort(), Object.keys(NODE_FIELDS).sort(), 'one schema per node type');
    for (const { if: when, then } of branches) {
      const type = when.properties.type.const as keyof typeof NODE_FIELDS;
      const fields: Record<string, string> = NODE_FIELDS[type];
      assert.deepEqual(
        Object.keys(then.properties)
          .filter((k) => k !== 'type')
          .sort(),
        keysOf(fields),
        `${type}: keys`,
      );
      assert.deepEqual((then.required ?? []).filter((k) => k !== 'type').sort(), requiredOf(fields), `${type}: required keys`);
    }
  });

  test("the same keys of a Condition's `if` and the same operators; the same top-level keys", () => {
    const condition = (nodes.allOf as { then: Schema }[]).map((b) => b.then.properties['if']).find(Boolean) as Schema;
    assert.deepEqual(Object.keys(condition.properties).sort(), keysOf(CONDITION_FIELDS));
    assert.deepEqual([...(condition.required ?? [])].sort(), requiredOf(CONDITION_FIELDS));
    assert.deepEqual(condition.properties['op'].enum, CONDITION_OPS);
    assert.deepEqual(Object.keys(FLOW_SCHEMA.properties).sort(), keysOf(FLOW_FIELDS));
    assert.deepEqual([...FLOW_SCHEMA.required].sort(), requiredOf(FLOW_FIELDS));
  });
});
