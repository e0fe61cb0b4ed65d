// Generates the README's inputs and outputs tables from action.yml, between the markers
// <!-- inputs:start --> … <!-- inputs:end --> and <!-- outputs:start --> … <!-- outputs:end -->.
// `node scripts/readme-tables.ts` rewrites README.md; `--check` exits 1 when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

interface ActionYml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
}

export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const action = load(actionYml) as ActionYml;
  const cell = (s: string) =>
    s
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  const def = (d: string | undefined) => {
    const lines = (d ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return lines.length ? lines.map((l) => `\`${l}\``).join('<br>') : '';
  };
  const inputs = ['| Input | Default | Description |', '|---|---|---|']
    .concat(Object.entries(action.inputs).map(([name, i]) => `| \`${name}\` | ${def(i.default)} | ${cell(i.description)} |`))
    .join('\n');
  const outputs = ['| Output | Description |', '|---|---|']
    .concat(Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`))
    .join('\n');
  return { inputs, outputs };
}

export function updateReadme(readme: string, actionYml: string): string {
  const tables = renderTables(actionYml);
  let out = readme;
  for (const key of ['inputs', 'outputs'] as const) {
    const re = new RegExp(`(<!-- ${key}:start -->)[\\s\\S]*?(<!-- ${key}:end -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- ${key}:start --> / <!-- ${key}:end --> markers`);
    out = out.replace(re, (_, start: string, end: string) => `${start}\n${tables[key]}\n${end}`);
  }
  return out;
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  const root = path.resolve(import.meta.dirname, '..');
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const updated = updateReadme(readme, readFileSync(path.join(root, 'action.yml'), 'utf8'));
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md inputs/outputs tables differ from action.yml: run `node scripts/readme-tables.ts`.');
      process.exit(1);
    }
    console.log('README.md tables match action.yml.');
  } else {
    writeFileSync(readmePath, updated);
  }
}
