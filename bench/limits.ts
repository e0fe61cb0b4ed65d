// Limits benchmark: the input limits exist to fail fast, and user patterns run in linear time. Each case is
// the worst input of its limit (as __tests__/fuzz/limits.test.ts and __tests__/yaml/parse.test.ts check
// its answer); here only its time is taken, best of three, against one target. The tests bound the work
// (sizes, counts), never the clock: a busy CI machine is no measure of speed.
//   node_modules/.bin/node bench/run.ts limits
import { MAX_SUGGESTION_CELLS } from '../src/validation/suggest.ts';
import { parseFlowFile } from '../src/flow/load.ts';
import { parseScenarioFile } from '../src/scenario/load.ts';
import { MAX_LISTED_PROBLEMS } from '../src/validation/schema-errors.ts';
import { compileUserRegex } from '../src/user-regex.ts';
import { MAX_ALIASES, MAX_DEPTH, MAX_YAML_BYTES, parseYaml } from '../src/yaml/parse.ts';
import { printTable } from './lib/table.ts';

const TARGET_MS = 1_000;
const REPEATS = 3;
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** Each returns a short description of what it got, so a case that stopped doing its work shows. */
const CASES: [string, () => string][] = [
  [
    'scenario file of MAX_YAML_BYTES',
    () => problems(parseScenarioFile(lines('flow: f', 'scenarios:', `  - name: "${'x'.repeat(MAX_YAML_BYTES)}"`), 'f.yaml')),
  ],
  ['flow file of MAX_YAML_BYTES', () => problems(parseFlowFile(lines('id: f', `name: "${'x'.repeat(MAX_YAML_BYTES)}"`), 'f.yaml'))],
  [
    `nesting past MAX_DEPTH (${MAX_DEPTH})`,
    () => problems(parseScenarioFile(lines('flow: f', `x: ${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`), 'f.yaml')),
  ],
  [
    `MAX_ALIASES + 1 aliases (${MAX_ALIASES + 1})`,
    () =>
      problems(
        parseFlowFile(
          lines(
            'x: &x 1',
            `tags: [${Array(MAX_ALIASES + 1)
              .fill('*x')
              .join(', ')}]`,
          ),
          'f.yaml',
        ),
      ),
  ],
  ['billion laughs (10^9 nodes)', () => yamlError(billionLaughs(9))],
  ['doubling alias chain (2^45 nodes)', () => yamlError(doublingChain(45))],
  [
    `${3 * MAX_LISTED_PROBLEMS} schema problems (MAX_LISTED_PROBLEMS ${MAX_LISTED_PROBLEMS})`,
    () => problems(parseScenarioFile(listedProblems(), 'f.yaml')),
  ],
  [
    `5,000 dangling references (MAX_SUGGESTION_CELLS ${MAX_SUGGESTION_CELLS.toLocaleString('en')})`,
    () => problems(parseFlowFile(danglingRefs(5000), 'f.yaml')),
  ],
  ['matches ^(a+)+$ on 1,000,000 a\'s and "!"', () => String(compileUserRegex('^(a+)+$').regex?.test(`${'a'.repeat(1_000_000)}!`))],
  ['matches ^(.*a){20}$ on 1,000,000 characters', () => String(compileUserRegex('^(.*a){20}$').regex?.test('ab'.repeat(500_000)))],
  // A new pattern each repeat: compiled patterns are cached by source.
  ['compile a 10,000-character alternation', () => String(compileUserRegex(alternation(10_000, String(++compiles))).error ?? 'compiled')],
];

function problems(result: { problems: unknown[] }): string {
  return `${result.problems.length} problem(s)`;
}

function yamlError(text: string): string {
  try {
    parseYaml(text, 'f.yaml');
    return 'parsed (expected a limit)';
  } catch (error) {
    return (error as { code?: string }).code ?? 'threw';
  }
}

function billionLaughs(levels: number): string {
  const out = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++)
    out.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return lines(...out);
}

function doublingChain(levels: number): string {
  const out = ['a0: &a0 [x, x]'];
  for (let i = 1; i < levels; i++) out.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return lines(...out);
}

function listedProblems(): string {
  return lines(
    'flow: f',
    'scenarios:',
    '  - name: numbers',
    `    expect: { path: [${Array(3 * MAX_LISTED_PROBLEMS)
      .fill('1')
      .join(', ')}] }`,
  );
}

function danglingRefs(nodes: number): string {
  return lines('id: f', 'start: n0', 'nodes:', ...Array.from({ length: nodes }, (_, i) => `  n${i}: { type: Start, next: m${i} }`));
}

let compiles = 0;

function alternation(chars: number, first: string): string {
  let out = `^(?:${first}`;
  for (let i = 1; out.length + `|w${i}`.length + 2 <= chars; i++) out += `|w${i}`;
  return `${out})$`;
}

function best(run: () => string): { ms: number; got: string } {
  let ms = Infinity;
  let got = '';
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    got = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, got };
}

console.log(`Each input limit's worst case and the linear-time pattern engine, best of ${REPEATS}; target under ${TARGET_MS} ms each.\n`);
const rows: string[][] = [];
let missed = 0;
for (const [name, run] of CASES) {
  const { ms, got } = best(run);
  const ok = ms < TARGET_MS;
  if (!ok) missed++;
  rows.push([name, `${ms.toFixed(1)} ms`, got, `< ${TARGET_MS} ms`, ok ? 'ok' : 'MISSED']);
}
printTable(['case', 'time', 'result', 'target', 'verdict'], rows);
console.log(`\n${missed === 0 ? 'PASS' : 'FAIL'}: ${CASES.length - missed} of ${CASES.length} cases under ${TARGET_MS} ms`);
if (missed > 0) process.exitCode = 1;
