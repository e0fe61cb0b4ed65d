// run --update on a file's text (update/rewrite.ts): the new expectations spliced in, every other byte kept,
// and the values it must not touch left alone with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import type { ObservedExpect } from '../../src/report/observed.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { rewriteExpectations, type ScenarioUpdate } from '../../src/update/rewrite.ts';
import { locateValue } from '../../src/yaml/ranges.ts';

const SUPPORT = ['node_start', 'node_menu', 'node_route_support', 'node_exit'];

const observed = (expect: ObservedExpect['expect'], withheld: ObservedExpect['withheld'] = []): ObservedExpect => ({
  expect,
  withheld,
  unsettled: [],
});

/** The text outside the `expect` values of `indexes` is the same before and after, in the same order. */
function assertOnlyExpectChanged(before: string, after: string, indexes: number[]): void {
  const kept: string[] = [];
  let cursor = 0;
  for (const i of indexes) {
    const found = locateValue(before, ['scenarios', i, 'expect']);
    assert.ok(found.ok);
    kept.push(before.slice(cursor, found.span.start));
    cursor = found.span.end;
  }
  kept.push(before.slice(cursor));
  assert.ok(after.startsWith(kept[0]!), 'the head of the file is kept');
  assert.ok(after.endsWith(kept.at(-1)!), 'the tail of the file is kept');
  let at = kept[0]!.length;
  for (const piece of kept.slice(1, -1)) {
    const where = after.indexOf(piece, at);
    assert.ok(where > at, 'the text between the values is kept, in order');
    at = where + piece.length;
  }
}

const FILE = `# Main menu scenarios: a comment at the top.
flow: 11111111-2222-3333-4444-555555555555
variables: &vars { test_mode: true }   # an anchor, used below
tags: ['menu']

scenarios:
  - name: 'Press 2: support'        # quoted name, comment after it
    input: { dtmf: "2" }
    expect:
      # the path the menu takes
      path: [node_start, node_menu, node_route_sales, node_exit]
      exit: node_exit
      variables:
        selected_option: "1"
  - name: Unchanged neighbour
    variables: *vars
    input: { dtmf: "9" }
    expect: { exit: node_exit }
  - name: "Press 1: sales"
    input: { dtmf: "1" }
    expect: { path: [node_start, node_menu, node_route_billing, node_exit], exit: node_exit }
`;

describe('rewriteExpectations', () => {
  test('two failing scenarios of a commented, anchored file: only their expect values change, and the result loads', () => {
    const updates: ScenarioUpdate[] = [
      { index: 0, name: 'Press 2: support', observed: observed({ path: SUPPORT, exit: 'node_exit', variables: { selected_option: '2' } }) },
      {
        index: 2,
        name: 'Press 1: sales',
        observed: observed({ path: ['node_start', 'node_menu', 'node_route_sales', 'node_exit'], exit: 'node_exit' }),
      },
    ];
    const result = rewriteExpectations(FILE, 'main.yaml', updates);
    assert.equal(result.failure, undefined);
    assert.ok(result.text);
    assertOnlyExpectChanged(FILE, result.text, [0, 2]);
    assert.deepEqual(
      result.outcomes.map((o) => ('changed' in o ? o.changed : o.refused)),
      [['path', 'variables'], ['path']],
    );
    const before = load(FILE) as { scenarios: Record<string, unknown>[] };
    const after = load(result.text) as typeof before;
    assert.deepEqual(after.scenarios[0]!['expect'], updates[0]!.observed.expect);
    assert.deepEqual(after.scenarios[1], before.scenarios[1]);
    assert.match(
      result.text,
      /^ {4}expect: \{path: \[node_start, node_menu, node_route_sales, node_exit\], exit: node_exit\}$/m,
      'flow stays flow',
    );
    assert.match(result.text, /^ {6}# the path the menu takes\n {6}path: \[node_start, node_menu, node_route_support, node_exit\]$/m);
    assert.equal(parseScenarioFile(result.text, 'main.yaml').problems.length, 0);
  });

  test('in a block map only the values that changed are replaced, in their own style; new keys go after the last', () => {
    const text = [
      'flow: f',
      'scenarios:',
      '  - name: a',
      '    expect:',
      '      # the path',
      '      path:',
      '        - n1   # first',
      '        - n2',
      '      exit: x   # the exit',
      '      variables:',
      "        keep: 'q'   # kept",
      '        v: "1"      # changes',
      '  - name: b',
      '    expect:',
      '      exit: y',
      '',
    ].join('\n');
    const result = rewriteExpectations(text, 'k.yaml', [
      { index: 0, name: 'a', observed: observed({ path: ['n1', 'n3'], exit: 'x', variables: { keep: 'q', v: '2' } }) },
      { index: 1, name: 'b', observed: observed({ path: ['n1'], exit: 'y', variables: { z: 1 } }) },
    ]);
    assert.equal(
      result.text,
      text
        .replace('        - n1   # first\n        - n2', '        - n1\n        - n3')
        .replace('v: "1"      # changes', 'v: "2"      # changes')
        .replace('      exit: y\n', '      exit: y\n      path: [n1]\n      variables:\n        z: 1\n'),
    );
  });

  test('expect: record becomes a block map under its key, or a flow map inside a flow scenario; its comment goes with it', () => {
    const text = 'flow: f\nscenarios:\n  - name: a\n    expect: record   # to record\n  - { name: b, expect: record }\n';
    const seen = observed({ path: SUPPORT, exit: 'node_exit', variables: { v: 'x y' } });
    const result = rewriteExpectations(text, 'r.yaml', [
      { index: 0, name: 'a', observed: seen },
      { index: 1, name: 'b', observed: seen },
    ]);
    assert.equal(
      result.text,
      'flow: f\nscenarios:\n  - name: a\n    expect:\n      path: [node_start, node_menu, node_route_support, node_exit]\n      exit: node_exit\n      variables:\n        v: x y\n' +
        '  - { name: b, expect: {path: [node_start, node_menu, node_route_support, node_exit], exit: node_exit, variables: {v: x y}} }\n',
    );
  });

  test('withheld values and keys the run does not observe stay as the file has them', () => {
    const text =
      'flow: f\nscenarios:\n  - name: a\n    expect:\n      exit: nope\n      variables: { pin: "0000", x: 1 }\n      maxDurationMs: 50\n';
    const result = rewriteExpectations(text, 'w.yaml', [
      {
        index: 0,
        name: 'a',
        observed: observed({ path: ['n'], exit: 'node_exit', variables: { x: 2 } }, [
          { key: 'variables', name: 'pin', reason: 'redacted' },
        ]),
      },
    ]);
    assert.deepEqual((load(result.text!) as { scenarios: { expect: unknown }[] }).scenarios[0]!.expect, {
      exit: 'node_exit',
      variables: { pin: '0000', x: 2 },
      maxDurationMs: 50,
      path: ['n'],
    });
  });

  test('an alias, an anchor, a merge, a scenario that moved: left alone, and the file is untouched when nothing else changes', () => {
    const text = [
      'flow: f',
      'scenarios:',
      '  - name: anchored',
      '    expect: &shared { exit: x }',
      '  - name: aliased',
      '    expect: *shared',
      '  - &base',
      '    name: base',
      '    expect: { exit: x }',
      '  - <<: *base',
      '    name: merged',
      '  - name: holds an alias',
      '    variables: &v { a: 1 }',
      '    expect:',
      '      variables: *v',
      '  - name: no expect',
      '',
    ].join('\n');
    const names = ['anchored', 'aliased', 'base', 'merged', 'holds an alias', 'no expect'];
    const updates = names.map((name, index) => ({ index, name, observed: observed({ path: ['n'], exit: 'y' }) }));
    updates.push({ index: 0, name: 'renamed since', observed: observed({ exit: 'y' }) });
    const result = rewriteExpectations(text, 'a.yaml', updates);
    assert.equal(result.text, null);
    assert.deepEqual(
      result.outcomes.map((o) => ('refused' in o ? o.refused : 'changed')),
      ['anchor', 'alias', 'anchor', 'merge', 'alias', 'no_expect', 'moved'],
    );
  });

  test('an expectation already as observed changes nothing', () => {
    const text = 'flow: f\nscenarios:\n  - name: a\n    expect: { path: [n], exit: y }\n';
    const result = rewriteExpectations(text, 'u.yaml', [{ index: 0, name: 'a', observed: observed({ path: ['n'], exit: 'y' }) }]);
    assert.equal(result.text, null);
    assert.deepEqual(result.outcomes, [{ index: 0, name: 'a', changed: [], observed: observed({ path: ['n'], exit: 'y' }) }]);
  });

  test('a new text that would not load is not written, and says why', () => {
    const text = 'flow: f\nscenarios:\n  - name: a\n    expect: { exit: y }\n';
    // A variable expectation the schema refuses: a list where a scalar or a matcher is expected.
    const bad = observed({ exit: 'z', variables: { v: [1] as never } });
    const result = rewriteExpectations(text, 'b.yaml', [{ index: 0, name: 'a', observed: bad }]);
    assert.equal(result.text, null);
    assert.match(result.failure ?? '', /would no longer load/);
  });

  test('a CRLF file keeps CRLF line breaks in what is spliced in: no line ends in a lone LF', () => {
    const text = [
      'flow: f',
      'scenarios:',
      '  - name: a',
      '    expect: record',
      '  - name: b',
      '    expect:',
      '      exit: e',
      '    input: {}',
      '',
    ].join('\r\n');
    const result = rewriteExpectations(text, 'crlf.yaml', [
      { index: 0, name: 'a', observed: observed({ path: ['n1', 'n2'], exit: 'y', variables: { v: 'yes' } }) },
      { index: 1, name: 'b', observed: observed({ path: ['n1'], exit: 'e', variables: { w: 1 } }) },
    ]);
    assert.ok(result.text, result.failure);
    assert.doesNotMatch(result.text, /[^\r]\n/, 'every line break is CRLF');
    assert.deepEqual(
      parseScenarioFile(result.text, 'crlf.yaml').scenarios.map((s) => s.expect),
      [
        { path: ['n1', 'n2'], exit: 'y', variables: { v: 'yes' } },
        { exit: 'e', path: ['n1'], variables: { w: 1 } },
      ],
    );
  });

  test('a block map whose last value is a block scalar takes new keys after it, and a replaced block scalar keeps the line after it', () => {
    const text = [
      'flow: f',
      'scenarios:',
      '  - name: adds',
      '    expect:',
      '      exit: |',
      '        e',
      '    input: {}',
      '  - name: keeps blank lines',
      '    expect:',
      '      exit: |+',
      '        e',
      '',
      '    input: {}',
      '  - name: replaces',
      '    expect:',
      '      path: [a]',
      '      exit: >',
      '        old',
      '    input: {}',
      '',
    ].join('\n');
    const result = rewriteExpectations(text, 'bs.yaml', [
      { index: 0, name: 'adds', observed: observed({ path: ['n'], exit: 'e\n' }) },
      { index: 1, name: 'keeps blank lines', observed: observed({ path: ['n'], exit: 'e\n\n' }) },
      { index: 2, name: 'replaces', observed: observed({ path: ['n'], exit: 'new' }) },
    ]);
    assert.ok(result.text, result.failure);
    const parsed = load(result.text) as { scenarios: { expect: unknown; input: unknown }[] };
    assert.deepEqual(
      parsed.scenarios.map((s) => [s.expect, s.input]),
      [
        [{ exit: 'e\n', path: ['n'] }, {}],
        [{ exit: 'e\n\n', path: ['n'] }, {}],
        [{ path: ['n'], exit: 'new' }, {}],
      ],
    );
    assertOnlyExpectChanged(text, result.text, [0, 1, 2]);
  });
});
