// Writes the JSON Schemas that ship with the project, so editors can complete and check
// scenario files and flow definitions. Run after changing src/scenario/schema.ts or src/flow/schema.ts; a test fails when stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLOW_SCHEMA } from '../src/flow/schema.ts';
import { scenarioFileSchema } from '../src/scenario/schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const SCHEMA_FILES: Record<string, object> = {
  'schemas/scenario.schema.json': scenarioFileSchema,
  'schemas/flow.schema.json': FLOW_SCHEMA,
};

export function renderSchema(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

async function writeSchemas(): Promise<void> {
  for (const [path, schema] of Object.entries(SCHEMA_FILES)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, renderSchema(schema));
    console.log(`wrote ${path}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeSchemas();
