import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dump, load } from 'js-yaml';
import { renderConsole } from '../../src/report/console.ts';
import { renderJsonReport, renderYamlReport } from '../../src/report/formats.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';
import { summarize, type Report } from '../../src/report/model.ts';
import { NO_LINE } from '../../src/text.ts';
import { parseYaml } from '../../src/yaml/parse.ts';
import { fixtureReport } from './golden.ts';

/** What one js-yaml dump of the whole report writes. */
const dumpWhole = (r: Report) => dump(JSON.parse(JSON.stringify(r)), { noRefs: true, lineWidth: 120, sortKeys: false });
/** The report without the lists written one item per line (raw_trace, node_history); path steps are plain either way. */
const withoutLineLists = (r: Report): Report => ({
  ...r,
  scenarios: r.scenarios.map(({ raw_trace: _t, ...s }) =>
    s.variable_states ? { ...s, variable_states: { ...s.variable_states, node_history: {} } } : s,
  ),
});

/** Trace entries that YAML's flow style could get wrong: line breaks, controls, quotes, keys and values of every kind. */
const AWKWARD_ENTRIES: TraceEntry[] = [
  {
    nodeId: 'a: b',
    type: '- dash',
    timestamp: 0,
    variables: { text: 'line one\n\n  indented\nlast\n', quote: `it's "quoted" \\ {[,]}`, '': 'empty key', 'key: with colon': true },
  },
  {
    nodeId: 'c1',
    type: 'Play',
    timestamp: -0.5,
    variables: { controls: '\u0000\u0007\t\u007f\u0085\u009f', breaks: 'a\u2028b\u2029c', bom: '\ufeffx', astral: '😀', lone: '\ud800' },
  },
  {
    nodeId: 'n',
    type: 'Play',
    timestamp: 1e21,
    variables: { yes: 'yes', no: 'no', nul: 'null', num: '012', tilde: '~', list: [[1, [2]], {}, [], null], big: 'x'.repeat(2_000) },
  },
  { nodeId: 'k'.repeat(1_100), type: 'long key', timestamp: 2 },
];

describe('report formats on a real run', () => {
  for (const name of ['mixed', 'passing'] as const) {
    test(`${name}: the JSON report parses back to exactly the YAML report's content`, () => {
      const r = fixtureReport(name);
      const fromJson = JSON.parse(renderJsonReport(r));
      assert.deepEqual(fromJson, load(renderYamlReport(r)));
      assert.deepEqual(fromJson, JSON.parse(JSON.stringify(r)));
      assert.ok(fromJson.coverage.length > 0);
    });
  }
});

describe('YAML report, written piecewise', () => {
  for (const name of ['mixed', 'passing'] as const) {
    test(`${name}: apart from raw_trace and node_history, byte for byte what one dump of the whole report writes`, () => {
      const r = withoutLineLists(fixtureReport(name));
      assert.equal(renderYamlReport(r), dumpWhole(r));
    });
  }

  test('folds long strings at the same column as one dump (the pieces are dumped less indented)', () => {
    const r = withoutLineLists(fixtureReport('mixed'));
    const s = r.scenarios[0]!;
    r.scenarios[0] = {
      ...s,
      name: `${'word '.repeat(60)}\nsecond line\n\nafter a blank`,
      findings: s.findings.map((f) => ({ ...f, message: 'long '.repeat(40) })),
    };
    assert.equal(renderYamlReport(r), dumpWhole(r));
  });

  test('raw_trace, node_history and path: one line per item that reads back exactly, with js-yaml and with the loader merge uses', () => {
    const r = fixtureReport('mixed');
    const s = r.scenarios[0]!;
    const history = Object.fromEntries([
      ...AWKWARD_ENTRIES.map((e) => [e.nodeId, e.variables ?? {}]),
      ['yes', { a: 1 }],
      ['12', {}],
      ['node: x', { b: [] }],
    ]);
    const path = ['node_start', 'yes', 'No', '12', '-x', 'a b', 'n#1', 'ünïcode', '', 'k'.repeat(1_100), 'node_exit'];
    r.scenarios[0] = {
      ...s,
      raw_trace: AWKWARD_ENTRIES,
      execution_summary: { ...s.execution_summary!, path },
      variable_states: { final_state: {}, node_history: history },
    };
    const text = renderYamlReport(r);
    const expected = JSON.parse(JSON.stringify(r));
    assert.deepEqual(load(text), expected);
    assert.deepEqual(parseYaml(text, 'report.yaml', { maxBytes: 10 * 1024 * 1024 }).value, expected);
    assert.match(text, /^ {6}- \{"nodeId":"c1","type":"Play",.*\\u007f\\u0085\\u009f.*\\u2028b\\u2029c.*\\ufeffx/m);
    // Longer than YAML's 1024-character implicit keys allow in flow style: a block instead.
    assert.match(text, /^ {6}- nodeId: k{1100}\n {8}type: long key$/m);
    assert.match(text, /^ {6}path:\n {8}- node_start\n {8}- "yes"\n {8}- "No"\n {8}- "12"\n/m);
    assert.match(text, /^ {8}c1: \{"controls":"\\u0000\\u0007\\t\\u007f/m);
  });
});

describe('console table', () => {
  test('coverage per flow after the totals, when the report has it', () => {
    const text = renderConsole(fixtureReport('passing'));
    assert.match(
      text,
      /^PASSED: 4 scenarios, 4 passed, 0 failed, 0 errored, 1 expected retry loop\nCoverage of E2E menu: 8\/8 nodes \(100%\), 10\/12 branches \(83\.3%\)$/m,
    );
  });
  test('one scenario is "1 scenario"; a loop that is a finding is "1 loop"', () => {
    const one = fixtureReport('mixed');
    one.scenarios = one.scenarios.filter((s) => s.name === 'Silence gives up after three tries');
    one.summary = summarize({
      scenarios: one.scenarios,
      problems: [],
      flowFindings: [],
      failOn: one.report_metadata.fail_on,
      cutShort: null,
    });
    assert.match(renderConsole(one), /^FAILED: 1 scenario, 0 passed, 1 failed, 0 errored, 1 loop$/m);
  });
  test('problems and findings read as compilers write them, with the severity as the word: no made-up line', () => {
    const r = fixtureReport('mixed');
    r.problems.push({ code: 'SCENARIO_NONE_FOUND', file: '', line: NO_LINE, key: '', message: 'no scenario file matched "x/*.yaml"' });
    r.problems.push({ code: 'SCENARIO_READ', file: 'cxone-tests/huge.yaml', line: NO_LINE, key: '', message: 'the file is too big' });
    r.report_metadata.fail_on = ['loop', 'error'];
    const lines = renderConsole(r).split('\n');
    assert.ok(lines.includes('error: no scenario file matched "x/*.yaml"'));
    assert.ok(lines.includes('cxone-tests/huge.yaml: error: the file is too big'));
    assert.ok(
      lines.includes("cxone-tests/malformed.yaml:5: error: scenarios[0].expected: unknown key 'expected' (did you mean 'expect'?)"),
    );
    assert.ok(
      lines.some((l) => /^flows\/buggy\.yaml:14: warning: flow defect: 'node_route_support' cannot be reached/.test(l)),
      'an unreachable node does not fail the run',
    );
    assert.ok(
      lines.includes(
        '  cxone-tests/broken/infinite-loop.yaml:16: warning: Three silent attempts reach the operator: expected exit node_exit, got none (the run ended without an exit node)',
      ),
      'a mismatch outside fail-on',
    );
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          '  cxone-tests/broken/infinite-loop.yaml:14: error: Three silent attempts reach the operator: infinite loop at node_menu:',
        ),
      ),
      'the clipped headline, whole',
    );
    assert.ok(!lines.some((l) => /\(inputs\)|:1:|: :/.test(l)), lines.join('\n'));
  });
});
