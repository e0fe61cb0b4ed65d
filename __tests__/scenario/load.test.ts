import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MAX_SCENARIOS_PER_FILE, MAX_SCENARIO_FILE_BYTES, loadScenarios, parseScenarioFile } from '../../src/scenario/load.ts';
import { lineOf } from '../../src/scenario/lines.ts';
import { NO_LINE } from '../../src/text.ts';
import type { Expectations, LoadProblemCode, Scenario } from '../../src/domain/scenario.ts';

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

function parseOne(text: string): Scenario {
  const { scenarios, problems } = parseScenarioFile(text, 'cxone-tests/a.yaml');
  assert.deepEqual(problems, []);
  assert.equal(scenarios.length, 1);
  return scenarios[0] as Scenario;
}

describe("parseScenarioFile: the README's example", () => {
  const text = yaml(
    'flow: a1b2c3d4-e5f6-7890-abcd-ef1234567890   # flowId (file default)', //  1
    'variables: { test_mode: true }                # initial variables', //    2
    'scenarios:', //                                                           3
    '  - name: Option 2 routes to support', //                                 4
    '    input: { dtmf: "2" }', //                                             5
    '    expect:', //                                                          6
    '      path: [node_start, node_gather_menu, node_route_support, node_exit]', // 7
    '      exit: node_exit', //                                                8
    '      variables:', //                                                     9
    '        selected_option: "2"', //                                         10
    '        attempt_count: { lte: 3 }', //                                    11
    '  - name: Speech reaches billing', //                                     12
    '    input: { speech: "I have a billing question" }', //                   13
    '    expect:', //                                                          14
    '      path: { contains: [node_route_billing], excludes: [node_route_sales] }', // 15
  );
  const { scenarios, problems } = parseScenarioFile(text, 'cxone-tests/menu.yaml');

  test('no problems, both scenarios', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(
      scenarios.map((s) => s.name),
      ['Option 2 routes to support', 'Speech reaches billing'],
    );
  });

  test('first scenario normalized', () => {
    const { lines, ...rest } = scenarios[0] as Scenario;
    assert.deepEqual(rest, {
      id: 'cxone-tests/menu.yaml#0',
      name: 'Option 2 routes to support',
      file: 'cxone-tests/menu.yaml',
      index: 0,
      line: 4,
      flow: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
      input: { dtmf: '2', speech: '' },
      variables: { test_mode: true },
      expect: {
        path: ['node_start', 'node_gather_menu', 'node_route_support', 'node_exit'],
        exit: 'node_exit',
        variables: { selected_option: '2', attempt_count: { lte: 3 } },
      },
      tags: [],
      skip: false,
    });
    assert.deepEqual(
      {
        name: lines['name'],
        input: lines['input'],
        path: lines['expect.path'],
        exit: lines['expect.exit'],
        sel: lines['expect.variables.selected_option'],
        att: lines['expect.variables.attempt_count'],
        flow: lines['flow'],
        tm: lines['variables.test_mode'],
      },
      { name: 4, input: 5, path: 7, exit: 8, sel: 10, att: 11, flow: 1, tm: 2 },
    );
  });

  test('second scenario: speech input and path pattern', () => {
    const second = scenarios[1] as Scenario;
    assert.deepEqual(second.input, { dtmf: '', speech: 'I have a billing question' });
    assert.deepEqual(second.expect, { path: { contains: ['node_route_billing'], excludes: ['node_route_sales'] } });
    assert.equal(second.id, 'cxone-tests/menu.yaml#1');
    assert.equal(lineOf(second, 'expect.path'), 15);
    assert.equal(lineOf(second, 'expect.variables.nothing'), 14);
  });
});

const expectCases: { name: string; expect: string[]; parsed: Expectations }[] = [
  { name: 'exact path with wildcard', expect: ['path: [a, "...", z]'], parsed: { path: ['a', '...', 'z'] } },
  { name: 'block-style path list', expect: ['path:', '  - a', '  - b'], parsed: { path: ['a', 'b'] } },
  {
    name: 'path pattern with every key',
    expect: ['path: { startsWith: [a], endsWith: [z], contains: [m, n], excludes: [x] }'],
    parsed: { path: { startsWith: ['a'], endsWith: ['z'], contains: ['m', 'n'], excludes: ['x'] } },
  },
  { name: 'exit node', expect: ['exit: node_exit'], parsed: { exit: 'node_exit' } },
  { name: 'exit null', expect: ['exit: null'], parsed: { exit: null } },
  {
    name: 'scalar variable expectations keep their types',
    expect: ['variables: { s: "2", n: 2, b: false, z: null }'],
    parsed: { variables: { s: '2', n: 2, b: false, z: null } },
  },
  {
    name: 'every matcher key',
    expect: [
      'variables:',
      '  a: { equals: { tier: gold } }',
      '  b: { matches: "^[0-9]{3}$" }',
      '  c: { oneOf: [1, "1", one] }',
      '  d: { gt: 0, gte: 1, lt: 10, lte: 9.5 }',
      '  e: { exists: false }',
      '  f: { type: array }',
    ],
    parsed: {
      variables: {
        a: { equals: { tier: 'gold' } },
        b: { matches: '^[0-9]{3}$' },
        c: { oneOf: [1, '1', 'one'] },
        d: { gt: 0, gte: 1, lt: 10, lte: 9.5 },
        e: { exists: false },
        f: { type: 'array' },
      },
    },
  },
  {
    name: 'variables at nodes',
    expect: ['variablesAt:', '  node_menu: { selected_option: "1", attempt_count: { lt: 3 } }'],
    parsed: { variablesAt: { node_menu: { selected_option: '1', attempt_count: { lt: 3 } } } },
  },
  { name: 'duration and loops', expect: ['maxDurationMs: 1500', 'loops: true'], parsed: { maxDurationMs: 1500, loops: true } },
];

describe('parseScenarioFile: expect forms', () => {
  for (const c of expectCases) {
    test(c.name, () => {
      const text = yaml('flow: f', 'scenarios:', '  - name: s', '    expect:', ...c.expect.map((l) => `      ${l}`));
      assert.deepEqual(parseOne(text).expect, c.parsed);
    });
  }

  test('no expect at all is an empty expectation', () => {
    assert.deepEqual(parseOne(yaml('scenarios:', '  - { name: s, flow: f }')).expect, {});
  });
});

describe('parseScenarioFile: file defaults', () => {
  const text = yaml(
    'flow: default-flow', //                                  1
    'variables: { a: 1, b: file }', //                         2
    'input: { dtmf: "9" }', //                                 3
    'tags: [regression]', //                                   4
    'skip: true', //                                           5
    'loopThreshold: 5', //                                     6
    'maxLoops: 20', //                                         7
    'scenarios:', //                                           8
    '  - name: inherits everything', //                        9
    '  - name: overrides everything', //                       10
    '    flow: other-flow', //                                 11
    '    variables: { b: scenario, c: true }', //              12
    '    input: { speech: hello }', //                         13
    '    tags: [smoke, regression]', //                        14
    '    skip: false', //                                      15
    '    loopThreshold: 2', //                                 16
    '    maxLoops: 7', //                                      17
  );
  const { scenarios, problems } = parseScenarioFile(text, 'd.yaml');
  const [inherits, overrides] = scenarios as [Scenario, Scenario];

  test('no problems', () => assert.deepEqual(problems, []));

  test('a scenario without its own keys takes the file defaults', () => {
    assert.deepEqual(
      [inherits.flow, inherits.variables, inherits.input, inherits.tags, inherits.skip, inherits.loopThreshold, inherits.maxLoops],
      ['default-flow', { a: 1, b: 'file' }, { dtmf: '9', speech: '' }, ['regression'], true, 5, 20],
    );
  });

  test('scenario keys win; variables merge; tags add up; input replaces', () => {
    assert.deepEqual(
      [overrides.flow, overrides.variables, overrides.input, overrides.tags, overrides.skip, overrides.loopThreshold, overrides.maxLoops],
      ['other-flow', { a: 1, b: 'scenario', c: true }, { dtmf: '', speech: 'hello' }, ['regression', 'smoke'], false, 2, 7],
    );
  });

  test('inherited keys point at the file-level lines', () => {
    assert.deepEqual(
      ['flow', 'variables', 'variables.a', 'input', 'input.dtmf', 'tags', 'skip', 'loopThreshold', 'maxLoops'].map((k) =>
        lineOf(inherits, k),
      ),
      [1, 2, 2, 3, 3, 4, 5, 6, 7],
    );
  });

  test('own keys point at the scenario lines, merged variables at their origin', () => {
    assert.deepEqual(
      ['flow', 'variables', 'variables.a', 'variables.b', 'input', 'input.dtmf', 'tags', 'maxLoops'].map((k) => lineOf(overrides, k)),
      [11, 12, 2, 12, 13, 13, 14, 17],
    );
  });

  test('scenarios do not share variable objects', () => {
    (inherits.variables as Record<string, unknown>)['a'] = 99;
    assert.equal(overrides.variables['a'], 1);
  });
});

const big = yaml('flow: f', 'scenarios:', ...Array.from({ length: MAX_SCENARIOS_PER_FILE + 1 }, (_, i) => `  - name: s${i}`));

const errorCases: {
  name: string;
  text: string;
  problems: { code: LoadProblemCode; line: number; key: string; message?: RegExp }[];
  kept: string[];
}[] = [
  {
    name: 'YAML syntax error',
    text: yaml('flow: f', 'scenarios:', '  - name: [a', '  - name: b'),
    problems: [{ code: 'SCENARIO_YAML', line: 4, key: '' }],
    kept: [],
  },
  {
    name: 'second YAML document',
    text: yaml('flow: f', 'scenarios: [{ name: a }]', '---', 'flow: g'),
    problems: [{ code: 'SCENARIO_YAML', line: 3, key: '' }],
    kept: [],
  },
  {
    name: 'duplicate YAML key',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    name: b'),
    problems: [{ code: 'SCENARIO_YAML', line: 4, key: '' }],
    kept: [],
  },
  { name: 'empty file', text: '', problems: [{ code: 'SCENARIO_SCHEMA', line: 1, key: '', message: /empty/ }], kept: [] },
  {
    name: 'a list at the top',
    text: yaml('# x', '- name: a'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 2, key: '', message: /got a list/ }],
    kept: [],
  },
  {
    name: 'no scenarios key',
    text: yaml('flow: f'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 1, key: '', message: /missing 'scenarios'/ }],
    kept: [],
  },
  {
    name: 'empty scenarios list',
    text: yaml('flow: f', 'scenarios: []'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 2, key: 'scenarios', message: /must not be empty/ }],
    kept: [],
  },
  {
    name: 'unknown top-level key drops the whole file',
    text: yaml('flow: f', 'flows: g', 'scenarios:', '  - name: a'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 2, key: 'flows', message: /unknown key 'flows' \(did you mean 'flow'\?\)/ }],
    kept: [],
  },
  {
    name: 'typo in a scenario drops only that scenario',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expected:', '      exit: x', '  - name: b'),
    problems: [
      { code: 'SCENARIO_SCHEMA', line: 4, key: 'scenarios[0].expected', message: /^unknown key 'expected' \(did you mean 'expect'\?\)$/ },
    ],
    kept: ['b'],
  },
  {
    name: 'dtmf given as a number',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    input: { dtmf: 2 }', '  - name: b'),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 4,
        key: 'scenarios[0].input.dtmf',
        message: /'input\.dtmf' must be a string of digits 0-9, \* or #: quote it \(dtmf: "2"\)/,
      },
    ],
    kept: ['b'],
  },
  {
    name: 'dtmf 0123: the hint quotes the digits as written, not the number that lost its zero',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    input:', '      dtmf: 0123', '  - name: b', '    input: { dtmf: 1e3 }'),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 5,
        key: 'scenarios[0].input.dtmf',
        message: /: quote it \(dtmf: "0123"\) so leading zeros survive$/,
      },
      { code: 'SCENARIO_SCHEMA', line: 7, key: 'scenarios[1].input.dtmf', message: /: quote it \(dtmf: "1e3"\)/ },
    ],
    kept: [],
  },
  {
    name: 'dtmf with letters',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    input:', '      dtmf: "12a"'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 5, key: 'scenarios[0].input.dtmf', message: /got "12a"/ }],
    kept: [],
  },
  {
    name: 'missing flow without a file default',
    text: yaml('scenarios:', '  - name: a', '  - name: b', '    flow: f'),
    problems: [
      { code: 'SCENARIO_SCHEMA', line: 2, key: 'scenarios[0]', message: /^missing 'flow' \(set it on the scenario or at file level\)$/ },
    ],
    kept: ['b'],
  },
  {
    name: 'missing name',
    text: yaml('flow: f', 'scenarios:', '  - input: { dtmf: "1" }'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 3, key: 'scenarios[0]', message: /missing 'name'/ }],
    kept: [],
  },
  {
    name: 'empty name',
    text: yaml('flow: f', 'scenarios:', '  - name: ""'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 3, key: 'scenarios[0].name' }],
    kept: [],
  },
  {
    name: 'scenario that is not a map',
    text: yaml('flow: f', 'scenarios:', '  - just text'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 3, key: 'scenarios[0]', message: /must be a map/ }],
    kept: [],
  },
  {
    name: 'path item that is not a string',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      path:', '        - a', '        - 3'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 7, key: 'scenarios[0].expect.path[1]' }],
    kept: [],
  },
  {
    name: 'path that is neither list nor map',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect: { path: node_a }'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 4, key: 'scenarios[0].expect.path', message: /must be a list or a map, got "node_a"/ }],
    kept: [],
  },
  {
    name: 'path pattern typo',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      path:', '        startWith: [a]'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 6, key: 'scenarios[0].expect.path.startWith', message: /did you mean 'startsWith'/ }],
    kept: [],
  },
  {
    name: 'path pattern typo in a flow map',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect: { path: { startWith: [a] } }'),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 4,
        key: 'scenarios[0].expect.path.startWith',
        message: /^unknown key 'startWith' \(did you mean 'startsWith'\?\)$/,
      },
    ],
    kept: [],
  },
  {
    name: 'matcher operator typo',
    text: yaml(
      'flow: f',
      'scenarios:',
      '  - name: a',
      '    expect:',
      '      variables:',
      '        attempt_count: { gtee: 0 }',
      '      variablesAt:',
      '        n1:',
      '          x: { equal: 2 }',
    ),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 6,
        key: 'scenarios[0].expect.variables.attempt_count.gtee',
        message: /^unknown key 'gtee' \(did you mean 'gte'\?\)$/,
      },
      {
        code: 'SCENARIO_SCHEMA',
        line: 9,
        key: 'scenarios[0].expect.variablesAt.n1.x.equal',
        message: /^unknown key 'equal' \(did you mean 'equals'\?\)$/,
      },
    ],
    kept: [],
  },
  {
    name: 'empty path pattern',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect: { path: {} }'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 4, key: 'scenarios[0].expect.path' }],
    kept: [],
  },
  {
    name: 'unknown matcher key',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      variables:', '        x: { lessThan: 3 }'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 6, key: 'scenarios[0].expect.variables.x.lessThan', message: /unknown key 'lessThan'/ }],
    kept: [],
  },
  {
    name: 'list as a variable expectation',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      variables:', '        x: [1, 2]'),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 6,
        key: 'scenarios[0].expect.variables.x',
        message:
          /^'expect\.variables\.x' must be a string, a number, true or false, null or a map, got a list \(to expect a list value, write \{ equals: \[\.\.\.\] \}\)$/,
      },
    ],
    kept: [],
  },
  {
    name: 'bad matcher type name',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      variables:', '        x: { type: str }'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 6, key: 'scenarios[0].expect.variables.x.type', message: /one of string, number/ }],
    kept: [],
  },
  {
    // The same typo helper as for keys and flow node types (validation/suggest.ts).
    name: 'misspelt matcher type name gets a suggestion',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      variables:', '        x: { type: strng }'),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 6,
        key: 'scenarios[0].expect.variables.x.type',
        message:
          /^'expect\.variables\.x\.type' must be one of string, number, boolean, object, array, null, got "strng" \(did you mean 'string'\?\)$/,
      },
    ],
    kept: [],
  },
  {
    name: 'a misspelt required key is one problem, not also "missing"',
    text: yaml('flow: f', 'scenarios:', '  - nmae: a'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 3, key: 'scenarios[0].nmae', message: /^unknown key 'nmae' \(did you mean 'name'\?\)$/ }],
    kept: [],
  },
  {
    name: 'invalid regex in variables',
    text: yaml(
      'flow: f',
      'scenarios:',
      '  - name: a',
      '    expect:',
      '      variables:',
      '        x:',
      '          matches: "([a-z"',
      '  - name: b',
    ),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 7,
        key: 'scenarios[0].expect.variables.x.matches',
        message: /"\(\[a-z" is not a valid regular expression: Unterminated character class/,
      },
    ],
    kept: ['b'],
  },
  {
    name: 'maxLoops above the cap of the max-loops input',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    maxLoops: 10001', '  - name: b', '    maxLoops: 10000'),
    problems: [
      { code: 'SCENARIO_SCHEMA', line: 4, key: 'scenarios[0].maxLoops', message: /^'maxLoops' must be at most 10000, got 10001$/ },
    ],
    kept: ['b'],
  },
  {
    name: 'file-level loopThreshold above the cap of the loop-threshold input',
    text: yaml('flow: f', 'loopThreshold: 1000000', 'scenarios:', '  - name: a'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 2, key: 'loopThreshold', message: /^'loopThreshold' must be at most 10000, got 1000000$/ }],
    kept: [],
  },
  {
    name: 'backreference in variables (not linear time)',
    text: yaml(
      'flow: f',
      'scenarios:',
      '  - name: a',
      '    expect:',
      '      variables:',
      '        x:',
      '          matches: "(a)\\\\1"',
      '  - name: b',
    ),
    problems: [
      {
        code: 'SCENARIO_SCHEMA',
        line: 7,
        key: 'scenarios[0].expect.variables.x.matches',
        message: /"\(a\)\\\\1" is not supported: \\1 is a backreference/,
      },
    ],
    kept: ['b'],
  },
  {
    name: 'lookahead in variablesAt (not linear time)',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      variablesAt:', '        n1: { x: { matches: "^(?!0)" } }'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 6, key: 'scenarios[0].expect.variablesAt.n1.x.matches', message: /is a lookahead/ }],
    kept: [],
  },
  {
    name: 'invalid regex in variablesAt',
    text: yaml('flow: f', 'scenarios:', '  - name: a', '    expect:', '      variablesAt:', '        n1: { x: { matches: "*" } }'),
    problems: [{ code: 'SCENARIO_SCHEMA', line: 6, key: 'scenarios[0].expect.variablesAt.n1.x.matches' }],
    kept: [],
  },
  {
    name: 'numbers out of range',
    text: yaml(
      'flow: f',
      'scenarios:',
      '  - name: a',
      '    loopThreshold: 0',
      '    maxLoops: 1.5',
      '    expect: { maxDurationMs: -1, exit: 5 }',
    ),
    problems: [
      { code: 'SCENARIO_SCHEMA', line: 4, key: 'scenarios[0].loopThreshold', message: /at least 1, got 0/ },
      { code: 'SCENARIO_SCHEMA', line: 5, key: 'scenarios[0].maxLoops', message: /whole number/ },
      { code: 'SCENARIO_SCHEMA', line: 6, key: 'scenarios[0].expect.exit' },
      { code: 'SCENARIO_SCHEMA', line: 6, key: 'scenarios[0].expect.maxDurationMs' },
    ],
    kept: [],
  },
  {
    name: 'duplicate scenario name',
    text: yaml('flow: f', 'scenarios:', '  - name: same', '  - name: other', '  - name: same'),
    problems: [{ code: 'SCENARIO_DUPLICATE_NAME', line: 5, key: 'scenarios[2].name', message: /first at line 3/ }],
    kept: ['same', 'other'],
  },
  {
    name: 'too many scenarios',
    text: big,
    problems: [
      { code: 'SCENARIO_SCHEMA', line: 2, key: 'scenarios', message: new RegExp(`more than the limit of ${MAX_SCENARIOS_PER_FILE}`) },
    ],
    kept: [],
  },
  {
    name: 'file too large',
    text: yaml('flow: f', `# ${'x'.repeat(MAX_SCENARIO_FILE_BYTES)}`, 'scenarios: [{ name: a }]'),
    problems: [{ code: 'SCENARIO_YAML', line: NO_LINE, key: '', message: /limit/ }],
    kept: [],
  },
];

describe('parseScenarioFile: problems', () => {
  for (const c of errorCases) {
    test(c.name, () => {
      const { scenarios, problems } = parseScenarioFile(c.text, 'cxone-tests/bad.yaml');
      assert.deepEqual(
        problems.map((p) => ({ code: p.code, line: p.line, key: p.key })),
        c.problems.map((p) => ({ code: p.code, line: p.line, key: p.key })),
      );
      c.problems.forEach((expected, i) => {
        const problem = problems[i];
        assert.equal(problem?.file, 'cxone-tests/bad.yaml');
        if (expected.message) assert.match(problem?.message ?? '', expected.message);
      });
      assert.deepEqual(
        scenarios.map((s) => s.name),
        c.kept,
      );
    });
  }

  test('a YAML problem carries the column', () => {
    const [problem] = parseScenarioFile('flow: f\nscenarios: [a\n', 'x.yaml').problems;
    assert.equal(problem?.code, 'SCENARIO_YAML');
    assert.equal(typeof problem?.column, 'number');
  });
});

describe('parseScenarioFile: encodings and real-world files', () => {
  test('CRLF line endings and a BOM', () => {
    const text =
      '\uFEFF' +
      ['flow: f', 'scenarios:', '  - name: a', '    input:', '      dtmf: "0#"', '    expect:', '      exit: done', ''].join('\r\n');
    const scenario = parseOne(text);
    assert.deepEqual(scenario.input, { dtmf: '0#', speech: '' });
    assert.equal(scenario.name, 'a');
    assert.equal(lineOf(scenario, 'expect.exit'), 7);
  });

  test('an ugly real-world file: comments, anchors, aliases, merge keys, flow maps, quoted keys', () => {
    const text = yaml(
      '# yaml-language-server: $schema=../schemas/scenario.schema.json', //  1
      '$schema: ../schemas/scenario.schema.json', //                          2
      'flow: "a1b2c3d4-e5f6-7890-abcd-ef1234567890"', //                     3
      'variables: &base', //                                                 4
      '  test_mode: true      # never bill in tests', //                     5
      '  "customer.tier": gold', //                                          6
      'tags: [ivr]', //                                                      7
      '', //                                                                 8
      'scenarios:', //                                                       9
      '', //                                                                 10
      '  # ---- main menu ----', //                                          11
      '  - name: "Option 1: sales"', //                                      12
      "    input: {dtmf: '1'}", //                                           13
      '    variables: { <<: *base, "customer.tier": silver }', //            14
      '    expect: &sales', //                                               15
      '      path: [node_start, ..., node_route_sales]', //                  16
      "      'exit': node_exit", //                                          17
      '      variables: {"customer.tier": silver, attempt_count: {lte: 3}}', // 18
      '  - name: >-', //                                                     19
      '      Option 1 again,', //                                            20
      '      folded name', //                                                21
      '    tags: [smoke]', //                                                22
      '    input:', //                                                       23
      '      dtmf: "1"', //                                                  24
      '    expect: *sales', //                                               25
    );
    const { scenarios, problems } = parseScenarioFile(text, 'cxone-tests/ugly.yaml');
    assert.deepEqual(problems, []);
    const [first, second] = scenarios as [Scenario, Scenario];
    assert.equal(first.name, 'Option 1: sales');
    assert.equal(second.name, 'Option 1 again, folded name');
    assert.deepEqual(first.variables, { test_mode: true, 'customer.tier': 'silver' });
    assert.deepEqual(second.variables, { test_mode: true, 'customer.tier': 'gold' });
    assert.deepEqual(first.expect.path, ['node_start', '...', 'node_route_sales']);
    assert.deepEqual(second.expect, first.expect);
    assert.notEqual(second.expect, first.expect);
    assert.deepEqual(second.tags, ['ivr', 'smoke']);
    assert.deepEqual(
      [
        lineOf(first, 'expect.exit'),
        lineOf(first, 'expect.variables.customer.tier'),
        lineOf(first, 'variables.test_mode'),
        lineOf(second, 'expect.path'),
        second.line,
      ],
      [17, 18, 5, 16, 19],
    );
  });
});

describe('loadScenarios', () => {
  let workspace = '';
  const files: Record<string, string | Buffer> = {
    'cxone-tests/a.yaml': yaml('flow: f', 'scenarios:', '  - name: a1', '  - name: a2'),
    'cxone-tests/nested/b.yml': yaml('flow: f', 'scenarios: [{ name: b1 }]'),
    'cxone-tests/broken.yaml': yaml('flow: f', 'scenarios:', '  - name: [oops'),
    'cxone-tests/c.yaml': yaml('scenarios:', '  - name: c1', '    flow: g', '  - name: c2'),
    'cxone-tests/latin1.yaml': Buffer.from([0x66, 0x6c, 0x6f, 0x77, 0x3a, 0x20, 0xe9, 0x0a]),
    'cxone-tests/.hidden.yaml': yaml('flow: f', 'scenarios: [{ name: hidden }]'),
    'cxone-tests/drafts/d.yaml': yaml('flow: f', 'scenarios: [{ name: draft }]'),
    'cxone-tests/README.md': '# not a scenario\n',
  };

  before(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'cxone-load-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(workspace, path)), { recursive: true });
      await writeFile(join(workspace, path), content);
    }
  });
  after(async () => rm(workspace, { recursive: true, force: true }));

  test('one broken file never stops the others', async () => {
    const result = await loadScenarios({
      workspace,
      patterns: ['cxone-tests/**/*.yaml', 'cxone-tests/**/*.yml', '!cxone-tests/drafts/**'],
    });
    assert.deepEqual(result.files, [
      'cxone-tests/a.yaml',
      'cxone-tests/broken.yaml',
      'cxone-tests/c.yaml',
      'cxone-tests/latin1.yaml',
      'cxone-tests/nested/b.yml',
    ]);
    assert.deepEqual(
      result.scenarios.map((s) => s.id),
      ['cxone-tests/a.yaml#0', 'cxone-tests/a.yaml#1', 'cxone-tests/c.yaml#0', 'cxone-tests/nested/b.yml#0'],
    );
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.file, p.line, p.key]),
      [
        ['SCENARIO_YAML', 'cxone-tests/broken.yaml', 4, ''],
        ['SCENARIO_SCHEMA', 'cxone-tests/c.yaml', 4, 'scenarios[1]'],
        ['SCENARIO_READ', 'cxone-tests/latin1.yaml', NO_LINE, ''],
      ],
    );
  });

  test('overlapping patterns list each file once', async () => {
    const result = await loadScenarios({ workspace, patterns: ['cxone-tests/a.yaml', 'cxone-tests/*.yaml', ' cxone-tests/a.yaml ', ''] });
    assert.equal(result.files.filter((f) => f === 'cxone-tests/a.yaml').length, 1);
    assert.equal(result.scenarios.filter((s) => s.file === 'cxone-tests/a.yaml').length, 2);
  });

  test('dot files and directories are not matched', async () => {
    const result = await loadScenarios({ workspace, patterns: ['cxone-tests/*', 'cxone-tests'] });
    assert.ok(!result.files.includes('cxone-tests/.hidden.yaml'));
    assert.ok(!result.files.some((f) => f.startsWith('cxone-tests/nested')));
    assert.ok(result.files.includes('cxone-tests/README.md'));
  });

  test('nothing matched is one problem quoting the patterns', async () => {
    const result = await loadScenarios({ workspace, patterns: ['tests/**/*.yaml'] });
    assert.deepEqual(result.files, []);
    assert.deepEqual(result.scenarios, []);
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.file, p.line, p.key]),
      [['SCENARIO_NONE_FOUND', '', NO_LINE, '']],
    );
    assert.match(result.problems[0]?.message ?? '', /"tests\/\*\*\/\*\.yaml"/);
  });

  test('no patterns at all finds nothing', async () => {
    const result = await loadScenarios({ workspace, patterns: [] });
    assert.equal(result.problems[0]?.code, 'SCENARIO_NONE_FOUND');
  });

  test('an oversized file is refused unread', async () => {
    await writeFile(join(workspace, 'huge.yaml'), Buffer.alloc(MAX_SCENARIO_FILE_BYTES + 1, 0x20));
    const result = await loadScenarios({ workspace, patterns: ['huge.yaml'] });
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.file, p.line]),
      [['SCENARIO_READ', 'huge.yaml', NO_LINE]],
      'the whole file: no line 1 made up',
    );
    assert.match(result.problems[0]?.message ?? '', /limit/);
  });
});

test('a huge unknown key is cut in the key and the message, not quoted whole', () => {
  const name = 'x'.repeat(5000);
  const { problems } = parseScenarioFile(`flow: f\nscenarios:\n  - name: a\n    ${name}: 1\n`, 'a.yaml');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 4);
  assert.ok(
    problems[0]!.key.length < 200 && problems[0]!.message.length < 400,
    `${problems[0]!.key.length} / ${problems[0]!.message.length}`,
  );
  assert.match(problems[0]!.message, /\(5000 characters\)/);
});
