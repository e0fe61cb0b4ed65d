import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { load } from 'js-yaml';
import { updateReadme } from '../scripts/readme-tables.ts';
import { ROOT } from './helpers/action.ts';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const actionText = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');

test("README's inputs and outputs tables are generated from action.yml and up to date", () => {
  assert.equal(updateReadme(readme, actionText), readme, 'run `node scripts/readme-tables.ts`');
  const action = load(actionText) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
  for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
    assert.ok(readme.includes(`| \`${name}\` |`), `${name} is in a README table`);
  }
});

test('the README opens with the two commands', () => {
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const [demo, tests] = block.split('\n');
  assert.match(demo!, /^npm ci && npm run demo /);
  assert.match(tests!, /^npm ci && npm test /);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.ok(pkg.scripts.demo && pkg.scripts.test && pkg.scripts['demo:broken']);
});
