import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flowEdges } from '../../src/domain/flow.ts';
import { loadFlows, parseFlowFile } from '../../src/flow/load.ts';

const VALID = `id: f-1
name: Small menu
start: node_start
nodes:
  node_start: { type: Start, next: node_menu }
  node_menu:
    type: GatherInput
    variable: choice
    options: { "1": node_route }
    intents: { sales: node_route }
    noMatch: node_check
    noInput: node_exit
  node_check:
    type: Condition
    if: { variable: choice, op: matches, value: "^9" }
    then: node_play
    else: node_set
  node_set: { type: SetVariable, set: { tier: gold }, increment: tries, next: node_exit }
  node_play: { type: Play, prompt: Bye, next: node_exit }
  node_route: { type: Route, target: queue_sales }
  node_exit: { type: Exit }
`;

describe('parseFlowFile', () => {
  test('a valid file gives the flow with its source lines and no problems', () => {
    const { flow, problems } = parseFlowFile(VALID, 'flows/menu.yaml');
    assert.deepEqual(problems, []);
    assert.equal(flow?.id, 'f-1');
    assert.deepEqual(flow?.source, {
      file: 'flows/menu.yaml',
      line: 1,
      nodeLines: { node_start: 5, node_menu: 6, node_check: 13, node_set: 18, node_play: 19, node_route: 20, node_exit: 21 },
      startLine: 3,
      // Each key that names a node, in nodeEdges order: options, intents, noMatch, noInput / then, else / next.
      edgeLines: {
        node_start: [5],
        node_menu: [9, 10, 11, 12],
        node_check: [16, 17],
        node_set: [18],
        node_play: [19],
        node_route: [],
        node_exit: [],
      },
    });
  });

  // Each case: a replacement applied to VALID, and the one problem it must cause.
  const structural: { name: string; from: string; to: string; line: number; node?: string; key: string; pattern: RegExp }[] = [
    {
      name: 'unknown node type',
      from: 'type: Play',
      to: 'type: Say',
      line: 19,
      node: 'node_play',
      key: 'nodes.node_play.type',
      pattern:
        /^node 'node_play': 'type' must be one of Start, GatherInput, SetVariable, Condition, Route, Play, Exit, External, got "Say"$/,
    },
    {
      name: 'misspelt type gets a suggestion',
      from: 'type: Play',
      to: 'type: Plya',
      line: 19,
      node: 'node_play',
      key: 'nodes.node_play.type',
      pattern: /did you mean 'Play'/,
    },
    {
      name: 'unknown key in a node',
      from: 'prompt: Bye',
      to: 'promt: Bye',
      line: 19,
      node: 'node_play',
      key: 'nodes.node_play.promt',
      pattern: /unknown key 'promt'.*did you mean 'prompt'/,
    },
    {
      name: 'bad field type',
      from: 'target: queue_sales',
      to: 'target: 42',
      line: 20,
      node: 'node_route',
      key: 'nodes.node_route.target',
      pattern: /'target' must be a non-empty name: quote it \(target: "42"\)/,
    },
    {
      name: 'Condition without else',
      from: '    else: node_set\n',
      to: '',
      line: 13,
      node: 'node_check',
      key: 'nodes.node_check',
      pattern: /^node 'node_check': a Condition node needs 'else'$/,
    },
    {
      name: 'unknown operator',
      from: 'op: matches',
      to: 'op: like',
      line: 15,
      node: 'node_check',
      key: 'nodes.node_check.if.op',
      pattern: /'if\.op' must be one of eq, ne, gt, gte, lt, lte, matches, exists, got "like"$/,
    },
    {
      name: 'invalid regular expression',
      from: 'value: "^9"',
      to: 'value: "(9"',
      line: 15,
      node: 'node_check',
      key: 'nodes.node_check.if.value',
      pattern: /not a valid regular expression/,
    },
    {
      name: 'backreference (no linear-time match)',
      from: 'value: "^9"',
      to: 'value: "(9)\\\\1"',
      line: 15,
      node: 'node_check',
      key: 'nodes.node_check.if.value',
      pattern: /is not supported: \\1 is a backreference/,
    },
    {
      name: 'lookbehind (no linear-time match)',
      from: 'value: "^9"',
      to: 'value: "(?<=x)9"',
      line: 15,
      node: 'node_check',
      key: 'nodes.node_check.if.value',
      pattern: /is not supported: \(\?<=\.\.\.\) is a lookbehind/,
    },
    {
      name: 'option with the wrong number of digits',
      from: '"1": node_route',
      to: '"12": node_route',
      line: 9,
      node: 'node_menu',
      key: 'nodes.node_menu.options.12',
      pattern: /option "12" can never match/,
    },
    {
      name: 'digits out of range',
      from: 'variable: choice',
      to: 'variable: choice\n    digits: 0',
      line: 9,
      node: 'node_menu',
      key: 'nodes.node_menu.digits',
      pattern: /'digits' must be at least 1, got 0/,
    },
    {
      name: 'SetVariable with nothing to do',
      from: 'set: { tier: gold }, increment: tries, ',
      to: '',
      line: 18,
      node: 'node_set',
      key: 'nodes.node_set',
      pattern: /needs 'set', 'increment' or both/,
    },
    {
      name: 'unknown top-level key',
      from: 'name: Small menu',
      to: 'title: Small menu',
      line: 2,
      key: 'title',
      pattern: /^unknown key 'title': expected one of id, name, start, nodes$/,
    },
    { name: 'missing id', from: 'id: f-1\n', to: '', line: 1, key: '', pattern: /^a flow definition needs 'id'$/ },
    // What the JSON Schema says since it drives validation, worded by the same rewriter as scenario files.
    {
      name: 'operator typo gets a suggestion',
      from: 'op: matches',
      to: 'op: gtee',
      line: 15,
      node: 'node_check',
      key: 'nodes.node_check.if.op',
      pattern: /got "gtee" \(did you mean 'gte'\?\)$/,
    },
    {
      name: 'missing type names the types',
      from: 'type: Play, ',
      to: '',
      line: 19,
      node: 'node_play',
      key: 'nodes.node_play',
      pattern: /^node 'node_play': missing 'type' \(one of Start, GatherInput, SetVariable, Condition, Route, Play, Exit, External\)$/,
    },
    {
      name: 'a misspelt required key is one problem, not also "missing"',
      from: 'target: queue_sales',
      to: 'traget: queue_sales',
      line: 20,
      node: 'node_route',
      key: 'nodes.node_route.traget',
      pattern: /^node 'node_route': unknown key 'traget' \(did you mean 'target'\?\)$/,
    },
    {
      name: 'a comparison without a value',
      from: ', value: "^9"',
      to: '',
      line: 15,
      node: 'node_check',
      key: 'nodes.node_check.if',
      pattern: /^node 'node_check': 'if' is missing 'value'$/,
    },
    {
      name: 'exists with a value that is not true or false',
      from: 'op: matches, value: "^9"',
      to: 'op: exists, value: 3',
      line: 15,
      node: 'node_check',
      key: 'nodes.node_check.if.value',
      pattern: /'if\.value' must be true or false, got 3$/,
    },
    {
      name: 'an option key that is not DTMF digits',
      from: '"1": node_route',
      to: 'one: node_route',
      line: 9,
      node: 'node_menu',
      key: 'nodes.node_menu.options.one',
      pattern: /^node 'node_menu': key "one" of 'options' must be DTMF digits \(0-9, \* or #\)$/,
    },
    {
      name: 'a blank intent keyword',
      from: 'sales: node_route',
      to: '" ": node_route',
      line: 10,
      node: 'node_menu',
      key: 'nodes.node_menu.intents. ',
      pattern: /key " " of 'intents' must be a word or phrase$/,
    },
    {
      name: 'a blank name',
      from: 'variable: choice',
      to: 'variable: "  "',
      line: 8,
      node: 'node_menu',
      key: 'nodes.node_menu.variable',
      pattern: /'variable' must be a non-empty name, got " {2}"$/,
    },
    {
      name: 'a node that is not a map',
      from: '  node_exit: { type: Exit }',
      to: '  node_exit: 3',
      line: 21,
      node: 'node_exit',
      key: 'nodes.node_exit',
      pattern: /^node 'node_exit': the node must be a map, got 3$/,
    },
    {
      name: 'an empty file',
      from: VALID,
      to: '',
      line: 1,
      key: '',
      pattern: /^the file is empty: expected a flow definition \(a map with id, start and nodes\)$/,
    },
  ];
  for (const c of structural) {
    test(`structural: ${c.name} → no flow, one FLOW_INVALID problem at its line`, () => {
      assert.ok(VALID.includes(c.from), c.from);
      const { flow, problems } = parseFlowFile(VALID.replace(c.from, c.to), 'menu.yaml');
      assert.equal(flow, undefined);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      const [p] = problems;
      assert.equal(p?.code, 'FLOW_INVALID');
      assert.equal(p?.line, c.line);
      assert.equal(p?.node, c.node);
      assert.equal(p?.key, c.key);
      assert.match(p?.message ?? '', c.pattern);
      assert.ok(!p?.message.includes(`menu.yaml:`), `the location is in file and line, not repeated in the message: ${p?.message}`);
    });
  }

  const references: { name: string; from: string; to: string; line: number; node?: string; key: string; pattern: RegExp }[] = [
    {
      name: 'next to a missing node',
      from: 'prompt: Bye, next: node_exit',
      to: 'prompt: Bye, next: node_exti',
      line: 19,
      node: 'node_play',
      key: 'nodes.node_play.next',
      pattern: /'next' goes to 'node_exti'.*did you mean 'node_exit'/,
    },
    {
      name: 'option to a missing node',
      from: '"1": node_route',
      to: '"1": node_nowhere',
      line: 9,
      node: 'node_menu',
      key: 'nodes.node_menu.options.1',
      pattern: /'option 1' goes to 'node_nowhere'/,
    },
    {
      name: 'Condition branch to a missing node',
      from: 'then: node_play',
      to: 'then: node_gone',
      line: 16,
      node: 'node_check',
      key: 'nodes.node_check.then',
      pattern: /'then' goes to 'node_gone'/,
    },
    {
      name: 'missing start node',
      from: 'start: node_start',
      to: 'start: node_begin',
      line: 3,
      key: 'start',
      pattern: /start node 'node_begin' is not a node/,
    },
    {
      name: 'a hint forgives - for _ in the target, not in the typed word only',
      from: 'noInput: node_exit',
      to: 'noInput: node-exit',
      line: 12,
      node: 'node_menu',
      key: 'nodes.node_menu.noInput',
      pattern: /'noInput' goes to 'node-exit', which is not a node of this flow \(did you mean 'node_exit'\?\)$/,
    },
  ];
  for (const c of references) {
    test(`reference: ${c.name} → a problem, and the flow is still returned`, () => {
      const { flow, problems } = parseFlowFile(VALID.replace(c.from, c.to), 'menu.yaml');
      assert.ok(flow, 'the flow still loads (running it answers 500)');
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]?.code, 'FLOW_INVALID');
      assert.equal(problems[0]?.line, c.line);
      assert.equal(problems[0]?.node, c.node);
      assert.equal(problems[0]?.key, c.key);
      assert.match(problems[0]?.message ?? '', c.pattern);
    });
  }

  test('a structural problem and a dangling reference in another node are reported together; the flow is not returned', () => {
    const text = VALID.replace('target: queue_sales', 'target: 42').replace(
      'next: node_exit }\n  node_play',
      'next: node_gone }\n  node_play',
    );
    const { flow, problems } = parseFlowFile(text, 'menu.yaml');
    assert.equal(flow, undefined);
    assert.deepEqual(
      problems.map((p) => [p.line, p.key]),
      [
        [18, 'nodes.node_set.next'],
        [20, 'nodes.node_route.target'],
      ],
    );
  });

  test("an option the node's digits can never take: its length is the problem, not also its target", () => {
    const { problems } = parseFlowFile(VALID.replace('"1": node_route', '"12": node_nowhere'), 'menu.yaml');
    assert.deepEqual(
      problems.map((p) => p.message),
      ["node 'node_menu': option \"12\" can never match: expected 1 DTMF digit(s) (0-9, *, #) as 'digits' is 1 by default"],
    );
  });

  test('YAML syntax errors are FLOW_YAML with the parser position', () => {
    const { flow, problems } = parseFlowFile('id: x\nnodes: [unclosed\n', 'bad.yaml');
    assert.equal(flow, undefined);
    assert.equal(problems[0]?.code, 'FLOW_YAML');
    assert.ok((problems[0]?.line ?? 0) >= 2);
  });

  test('a file that is not a map, or has no nodes, is unusable', () => {
    for (const text of ['', '- a\n- b\n', 'id: x\nstart: a\nnodes: {}\n']) {
      const { flow, problems } = parseFlowFile(text, 'x.yaml');
      assert.equal(flow, undefined, text);
      assert.equal(problems[0]?.code, 'FLOW_INVALID', text);
    }
  });
});

describe('flowEdges', () => {
  test('lists every outgoing edge with the label the trace uses', () => {
    const { flow } = parseFlowFile(VALID, 'menu.yaml');
    assert.ok(flow);
    assert.deepEqual(
      flowEdges(flow).map((e) => `${e.from} -${e.label}-> ${e.to}`),
      [
        'node_start -next-> node_menu',
        'node_menu -option 1-> node_route',
        'node_menu -intent sales-> node_route',
        'node_menu -noMatch-> node_check',
        'node_menu -noInput-> node_exit',
        'node_check -then-> node_play',
        'node_check -else-> node_set',
        'node_set -next-> node_exit',
        'node_play -next-> node_exit',
      ],
    );
  });
});

describe('loadFlows', () => {
  test('reads matched files, reports bad ones and duplicate ids without stopping', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flows-'));
    try {
      await mkdir(path.join(dir, 'flows'));
      await writeFile(path.join(dir, 'flows/a.yaml'), VALID);
      await writeFile(path.join(dir, 'flows/b.yaml'), `# same id again\n${VALID}`);
      await writeFile(path.join(dir, 'flows/c.yaml'), VALID.replace('id: f-1', 'id: f-2').replace('type: Play', 'type: Say'));
      await writeFile(path.join(dir, 'flows/d.yaml'), VALID.replace('id: f-1', 'id: f-3'));
      const result = await loadFlows({ workspace: dir, patterns: ['flows/*.yaml'] });
      assert.deepEqual(result.files, ['flows/a.yaml', 'flows/b.yaml', 'flows/c.yaml', 'flows/d.yaml']);
      assert.deepEqual(
        result.flows.map((f) => [f.id, f.source?.file]),
        [
          ['f-1', 'flows/a.yaml'],
          ['f-3', 'flows/d.yaml'],
        ],
      );
      assert.deepEqual(
        result.problems.map((p) => [p.code, p.file, p.line]),
        [
          ['FLOW_DUPLICATE_ID', 'flows/b.yaml', 2],
          ['FLOW_INVALID', 'flows/c.yaml', 19],
        ],
      );
      assert.match(result.problems[0]?.message ?? '', /already defined in flows\/a\.yaml:1/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('no match is FLOW_NONE_FOUND naming the patterns', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flows-'));
    try {
      const result = await loadFlows({ workspace: dir, patterns: ['nothing/*.yaml'] });
      assert.deepEqual(result.flows, []);
      assert.equal(result.problems[0]?.code, 'FLOW_NONE_FOUND');
      assert.match(result.problems[0]?.message ?? '', /^no flow file matches 'flows: nothing\/\*\.yaml' in /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
