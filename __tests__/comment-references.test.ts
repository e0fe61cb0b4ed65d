// Comments point at what ships: the README's sections, docs/, GitHub's own docs, or the fact itself. The
// project's planning documents (the product contract, the platform, Studio and style notes), its issue
// numbers and the tutorial it started from are not in the repository, so a comment citing them points at
// nothing a reader has (the tutorial is described in the README's "Where it comes from"; history is in
// CHANGELOG.md and git log). Only comments are read in code: test names and printed strings are not comments.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { tokenize } from './helpers/tokenize.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SELF = path.relative(ROOT, import.meta.filename);
const FOLDERS = ['src', 'scripts', 'bench', '__tests__', 'docs'];
/** The golden files are what the product prints, not comments. */
const SKIPPED = ['__tests__/__outputs__/'];

/** References to what the repository does not contain; word-bounded, so `SPECIAL`, `seeded` or a PRNG's `seed` pass. */
const UNSHIPPED: RegExp[] = [
  /\bSPEC\b/,
  /\b(PLATFORM|STUDIO|STYLE)(\.md)?\b/,
  /\b[Ii]ssues? #?\d+/,
  /\b[Tt]he seed\b/,
  /\bseed's\b/i,
  /\bseeds\/\d/,
];

/** The text of `source` that is comment, same length, everything else blanked (line breaks kept). */
function commentText(source: string): string {
  const lineStarts = [0];
  for (let k = 0; k < source.length; k++) if (source[k] === '\n') lineStarts.push(k + 1);
  const code = new Uint8Array(source.length);
  for (const token of tokenize(source)) {
    const start = lineStarts[token.line - 1]! + token.col;
    code.fill(1, start, start + token.text.length);
  }
  let out = '';
  for (let k = 0; k < source.length; k++) out += code[k] === 1 && source[k] !== '\n' ? ' ' : source[k];
  return out;
}

/** YAML: from a `#` that starts a comment to the end of its line. */
function yamlComments(source: string): string {
  return source
    .split('\n')
    .map((line) => {
      const at = line.search(/(^|\s)#/);
      return at === -1 ? '' : ' '.repeat(at) + line.slice(at);
    })
    .join('\n');
}

/** What of a file is read: comments of code and of YAML fixtures; docs and action.yml whole (all of them is prose). */
function readable(file: string, source: string): string | undefined {
  if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(file)) return commentText(source);
  if (file === 'action.yml' || file.endsWith('.md')) return source;
  if (/\.ya?ml$/.test(file)) return yamlComments(source);
  return undefined;
}

/** `file:line: text` for each line of `text` that cites something the repository does not contain. */
function unshippedReferences(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (UNSHIPPED.some((re) => re.test(line))) found.push(`${file}:${index + 1}: ${line.trim()}`);
  });
  return found;
}

function scannedFiles(): string[] {
  const files = ['action.yml'];
  for (const folder of FOLDERS) {
    for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (file !== SELF && !SKIPPED.some((skip) => file.startsWith(skip))) files.push(file);
    }
  }
  return files.sort();
}

describe('comment references', () => {
  test('no comment, doc or action.yml text cites a document, issue or tutorial the repository does not ship', () => {
    const files = scannedFiles();
    assert.ok(files.includes('src/run.ts') && files.includes('docs/architecture.md'), 'the scan reaches the sources and docs/');
    const found = files.flatMap((file) => {
      const text = readable(file, readFileSync(path.join(ROOT, file), 'utf8'));
      return text === undefined ? [] : unshippedReferences(file, text);
    });
    assert.deepEqual(
      found,
      [],
      `point these at what ships (a README section by its heading, docs/, GitHub's docs) or say the fact itself:\n${found.join('\n')}`,
    );
  });

  test('the scan reads comments and flags each kind of reference', () => {
    const source = [
      '// Flow definition files (SPEC 5).',
      '/** Shards append -<k>-of-<n> (SPEC section 2).',
      ' * GitHub drops a summary over 1 MiB (PLATFORM.md). */',
      '// The pipeline (STYLE.md), as named (STUDIO.md).',
      '// Caught before any call (issue 12), see Issue 7.',
      "// Keys after the seed's report; The seed suggests 2 s; seeds/000, Step 2.",
      'const x = 1; // trailing: the seed',
    ].join('\n');
    assert.deepEqual(
      unshippedReferences('f.ts', commentText(source)).map((line) => line.split(':').slice(0, 2).join(':')),
      ['f.ts:1', 'f.ts:2', 'f.ts:3', 'f.ts:4', 'f.ts:5', 'f.ts:6', 'f.ts:7'],
    );
  });

  test('strings, test names, templates, regexes and look-alike words are not flagged', () => {
    const source = [
      "test('the YAML report has the keys of SPEC 6', () => {});",
      `const s = "the seed's way"; const t = \`issue 12 \${SPEC}\`; const r = /SPEC 4/;`,
      'const seed = 42; // a PRNG: its seed is printed, the run is seeded',
      '// SPECIAL characters, a spec, the style of a table, tissue 5 and reissued 3 pass.',
      'const SPECS = [seedRow, seedValidateRouting];',
    ].join('\n');
    assert.deepEqual(unshippedReferences('f.ts', commentText(source)), []);
  });

  test('YAML fixtures are read for their comments only', () => {
    const yaml = ['name: "issue 5 (SPEC 3)"   # from SPEC 3', 'prompt: "the seed" # fine', 'url: http://x/#SPEC'].join('\n');
    assert.deepEqual(unshippedReferences('f.yaml', yamlComments(yaml)), ['f.yaml:1: # from SPEC 3']);
  });
});
