// Bad input (README, Guarantees): every input limit, as the person who wrote the file sees it. The problem names
// the file, the line the limit was crossed on, and the limit itself. That it comes fast is bench/limits.ts's
// to measure: here the work is bounded by the limits themselves, and the test timeout is the hang guard.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MAX_SUGGESTION_CELLS } from '../../src/validation/suggest.ts';
import { parseFlowFile } from '../../src/flow/load.ts';
import { MAX_SCENARIOS_PER_FILE, MAX_SCENARIO_FILE_BYTES, loadScenarios, parseScenarioFile } from '../../src/scenario/load.ts';
import { MAX_LISTED_PROBLEMS } from '../../src/validation/schema-errors.ts';
import { MAX_ALIASES, MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_YAML_BYTES } from '../../src/yaml/parse.ts';
import { NO_LINE } from '../../src/text.ts';

const FILE = 'cxone-tests/limits.yaml';
const lines = (...l: string[]): string => l.join('\n') + '\n';

interface LimitCase {
  name: string;
  text: string;
  line: number;
  /** The limit's value, as the message must quote it. */
  limit: number;
}

const yamlLimits: LimitCase[] = [
  {
    name: 'MAX_YAML_BYTES',
    text: lines('flow: f', 'scenarios:', `  - name: "${'x'.repeat(MAX_YAML_BYTES)}"`),
    line: NO_LINE, // the whole file: no line to point at
    limit: MAX_YAML_BYTES,
  },
  {
    name: 'MAX_DEPTH (written out)',
    text: lines(
      'flow: f',
      'scenarios:',
      `  - name: a`,
      `    variables: { deep: ${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)} }`,
    ),
    line: 4,
    limit: MAX_DEPTH,
  },
  {
    name: 'MAX_DEPTH (through an alias)',
    text: lines(
      `deep: &d ${'['.repeat(MAX_DEPTH - 10)}${']'.repeat(MAX_DEPTH - 10)}`,
      'flow: f',
      'scenarios:',
      `  - name: a`,
      `    variables: { x: ${'['.repeat(20)}*d${']'.repeat(20)} }`,
    ),
    line: 5,
    limit: MAX_DEPTH,
  },
  {
    name: 'MAX_ALIASES',
    text: lines(
      'x: &x 1',
      'flow: f',
      'scenarios:',
      '  - name: a',
      `    tags: [${Array(MAX_ALIASES + 1)
        .fill('*x')
        .join(', ')}]`,
    ),
    line: 5,
    limit: MAX_ALIASES,
  },
  {
    name: 'MAX_ALIAS_EXPANSION (billion laughs)',
    text: lines(
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
      'flow: f',
    ),
    // a: 11 nodes, b: 111, c: 1,111, d: 11,111, e: 111,111 > MAX_ALIAS_EXPANSION.
    line: 5,
    limit: MAX_ALIAS_EXPANSION,
  },
];

describe('input limits name the file, the line and the limit', () => {
  for (const c of yamlLimits) {
    test(`${c.name} (${c.limit}): scenario file`, () => {
      const { scenarios, problems } = parseScenarioFile(c.text, FILE);
      assert.deepEqual(scenarios, []);
      assert.equal(problems.length, 1);
      const [problem] = problems;
      assert.equal(problem?.code, 'SCENARIO_YAML');
      assert.equal(problem?.file, FILE);
      assert.equal(problem?.line, c.line);
      assert.ok(problem.message.includes(String(c.limit)), `'${problem.message}' does not name the limit ${c.limit}`);
    });

    test(`${c.name} (${c.limit}): flow file`, () => {
      const { flow, problems } = parseFlowFile(c.text, 'flows/limits.yaml');
      assert.equal(flow, undefined);
      assert.equal(problems.length, 1);
      const [problem] = problems;
      assert.equal(problem?.code, 'FLOW_YAML');
      assert.equal(problem?.file, 'flows/limits.yaml');
      assert.equal(problem?.line, c.line);
      assert.ok(problem.message.includes(String(c.limit)), `'${problem.message}' does not name the limit ${c.limit}`);
    });
  }

  test(`MAX_SCENARIOS_PER_FILE (${MAX_SCENARIOS_PER_FILE})`, () => {
    const text = lines(
      'flow: f',
      '# many',
      'scenarios:',
      ...Array.from({ length: MAX_SCENARIOS_PER_FILE + 1 }, (_, i) => `  - name: s${i}`),
    );
    const { scenarios, problems } = parseScenarioFile(text, FILE);
    assert.deepEqual(scenarios, []);
    assert.deepEqual(
      problems.map((p) => [p.code, p.file, p.line, p.key]),
      [['SCENARIO_SCHEMA', FILE, 3, 'scenarios']],
    );
    assert.match(
      problems[0]?.message ?? '',
      new RegExp(`${MAX_SCENARIOS_PER_FILE + 1} scenarios, more than the limit of ${MAX_SCENARIOS_PER_FILE}`),
    );
  });

  test(`MAX_SCENARIO_FILE_BYTES (${MAX_SCENARIO_FILE_BYTES}): read from disk, refused unread`, async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'cxone-limits-'));
    try {
      await writeFile(join(workspace, 'big.yaml'), `flow: f\n# ${'x'.repeat(MAX_SCENARIO_FILE_BYTES)}\nscenarios: [{ name: a }]\n`);
      const { scenarios, problems } = await loadScenarios({ workspace, patterns: ['*.yaml'] });
      assert.deepEqual(scenarios, []);
      assert.deepEqual(
        problems.map((p) => [p.code, p.file, p.line]),
        [['SCENARIO_READ', 'big.yaml', NO_LINE]],
      );
      assert.ok(problems[0]?.message.includes(`limit of ${MAX_SCENARIO_FILE_BYTES}`), problems[0]?.message);
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  test(`MAX_SCENARIO_FILE_BYTES (${MAX_SCENARIO_FILE_BYTES}): parsed text`, () => {
    const { problems } = parseScenarioFile(`flow: f\n# ${'é'.repeat(MAX_SCENARIO_FILE_BYTES / 2)}\nscenarios: [{ name: a }]\n`, FILE);
    assert.deepEqual(
      problems.map((p) => [p.code, p.file, p.line]),
      [['SCENARIO_YAML', FILE, NO_LINE]],
    );
    assert.ok(problems[0]?.message.includes(`limit of ${MAX_SCENARIO_FILE_BYTES}`), problems[0]?.message);
  });

  test(`MAX_LISTED_PROBLEMS (${MAX_LISTED_PROBLEMS}): the rest are counted at the first unlisted one, and still drop their scenarios`, () => {
    const items = 3 * MAX_LISTED_PROBLEMS;
    const text = lines(
      'flow: f',
      'scenarios:',
      '  - name: ok',
      '  - name: numbers',
      `    expect: { path: [${Array(items).fill('1').join(', ')}] }`,
      '  - name: late',
      '    tags: [1]',
    );
    const { scenarios, problems } = parseScenarioFile(text, FILE);
    assert.deepEqual(
      scenarios.map((s) => s.name),
      ['ok'],
    );
    assert.equal(problems.length, MAX_LISTED_PROBLEMS + 1);
    const summary = problems.find((p) => p.message.includes('not listed'));
    assert.equal(summary?.file, FILE);
    assert.equal(summary?.line, 5);
    assert.equal(summary?.key, `scenarios[1].expect.path[${MAX_LISTED_PROBLEMS}]`);
    assert.ok(
      summary?.message.includes(`${items - MAX_LISTED_PROBLEMS + 1} more`) && summary.message.includes(String(MAX_LISTED_PROBLEMS)),
      summary?.message,
    );
  });

  test(`MAX_SUGGESTION_CELLS (${MAX_SUGGESTION_CELLS}): thousands of dangling references, hints only for the first (the budget bounds the work)`, () => {
    const nodes = 5000;
    const text = lines('id: f', 'start: n0', 'nodes:', ...Array.from({ length: nodes }, (_, i) => `  n${i}: { type: Start, next: m${i} }`));
    const { flow, problems } = parseFlowFile(text, 'flows/dangling.yaml');
    assert.ok(flow, 'dangling references keep the flow runnable (it answers 500)');
    assert.equal(problems.length, nodes);
    assert.deepEqual([problems[0]?.file, problems[0]?.line], ['flows/dangling.yaml', 4]);
    assert.match(problems[0]?.message ?? '', /goes to 'm0', which is not a node of this flow \(did you mean 'n0'\?\)/);
    assert.doesNotMatch(problems[nodes - 1]?.message ?? '', /did you mean/);
  });
});
