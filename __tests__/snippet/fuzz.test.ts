// Seeded fuzzing of the snippet parser. 2,000 mutations of valid snippets: each ends in a
// program or in problems with a line and column inside the text, never an exception. A run is reproducible
// (mulberry32 from a fixed seed; FUZZ_SEED=<n> for another); the test's timeout is the hang guard, and the
// programs that parse are run under a small step budget, which must end them too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSnippet, runSnippet } from '../../src/snippet/index.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 14);
const CASES = 2_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  'ASSIGN Names = "Wes|Nate|Dan"\nDYNAMIC P\nFOR i = 1 TO Names.size\n{\n  ASSIGN P[i].Name = "{Names[i]}"\n}',
  'IF (a > 1) & b = "x" { r = left(s, 2) } ELSE IF c { r = 2 } ELSE { r = -3 ^ 2 }',
  'SWITCH d {\nCASE 1\nCASE 2 { x = "low" }\nDEFAULT { x = $"\\{ \\"k\\": {v} }" }\n}',
  'SELECT {\n  CASE s.contains("a") { n = n + 1 }\n  DEFAULT { n = 0 }\n}\nWHILE n < 3 { n = n + 1\nIF n = 2 { BREAK } }',
  'proxy = GetRESTProxy()\nproxy.AddHeader("A", "{token}")\nt = "{body.replace(\'"\',\'\\"\')}"\nFOREACH e IN list { c = c + len(e) }',
];
const PIECES = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '"',
  "'",
  '$"',
  '{x}',
  '=',
  '==',
  '<>',
  '&',
  '|',
  '^',
  '\\',
  '.',
  ',',
  '\n',
  '//',
  'IF ',
  'ELSE ',
  'CASE ',
  'FOR ',
  ' TO ',
  'BREAK',
  'len(',
  'GetRESTProxy()',
  '#"',
  '@',
  '-',
  '!',
  '1e5',
  '9'.repeat(30),
];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.35) out = out.slice(0, at) + (PIECES[Math.floor(random() * PIECES.length)] ?? '') + out.slice(at);
    else if (kind < 0.65) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else if (kind < 0.85) out = out.slice(0, at) + out.slice(at, at + 12).repeat(1 + Math.floor(random() * 40)) + out.slice(at);
    else out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + out.slice(at);
  }
  return out;
}

test(`${CASES} mutated snippets parse to a program or to problems, never throw (seed ${SEED})`, () => {
  const random = mulberry32(SEED);
  let programs = 0;
  for (let i = 0; i < CASES; i++) {
    const text = mutate(SEEDS[i % SEEDS.length] as string, random);
    const lineCount = text.split('\n').length;
    let parsed: ReturnType<typeof parseSnippet>;
    try {
      parsed = parseSnippet(text);
    } catch (error) {
      assert.fail(`case ${i} threw ${String(error)} for ${JSON.stringify(text)}`);
    }
    if (parsed.program) {
      programs++;
      assert.deepEqual(parsed.problems, []);
      const result = runSnippet(parsed.program, { vars: {}, now: () => new Date(0) }, { maxSteps: 2_000 });
      assert.ok(result.ok || (result.line >= 1 && result.message.length > 0), `case ${i}`);
    } else {
      assert.ok(parsed.problems.length > 0, `case ${i}: no program and no problem`);
      for (const p of parsed.problems) {
        assert.ok(
          p.line >= 1 && p.line <= lineCount && p.column >= 1 && p.message,
          `case ${i}: ${JSON.stringify(p)} for ${JSON.stringify(text)}`,
        );
      }
    }
  }
  // Both outcomes occur, or the mutations test nothing.
  assert.ok(programs > 20 && programs < CASES - 20, `${programs} of ${CASES} parsed`);
});
