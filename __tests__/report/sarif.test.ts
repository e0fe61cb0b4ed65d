import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FINGERPRINT_KEY, fileUri, MAX_SARIF_BYTES, MAX_SARIF_RESULTS, renderSarif, RULE_CODES } from '../../src/report/sarif.ts';
import { describeRule } from '../../src/report/wording.ts';
import { finding, flowFinding, mismatch, report, scenario } from '../helpers/report.ts';
import { placeOf, sarifSchemaErrors, type SarifLog } from '../helpers/sarif.ts';
import { assertGolden, fixtureReport } from './golden.ts';

const parse = (text: string) => JSON.parse(text) as SarifLog;

describe('renderSarif', () => {
  const r = fixtureReport('mixed');
  const text = renderSarif(r);
  const run = parse(text).runs[0]!;

  test('golden file', () => assertGolden('sarif-mixed.sarif', text));

  test('valid against the SARIF 2.1.0 schema, and so is the log of a passing run, with its rules and no result', () => {
    assert.deepEqual(sarifSchemaErrors(text), []);
    const passing = renderSarif(report([scenario({ name: 'Passes' })]));
    assert.deepEqual(sarifSchemaErrors(passing), []);
    const log = parse(passing);
    // An upload with no results is what closes the alerts of a flow that was fixed.
    assert.deepEqual(log.runs[0]!.results, []);
    assert.equal(log.runs[0]!.tool.driver.rules.length, RULE_CODES.length);
  });

  test('tool.driver and every rule: stable ids from the codes, words from wording.ts, help and its link', () => {
    const { driver } = run.tool;
    assert.deepEqual([driver.name, driver.version], ['cxone-flow-test', r.report_metadata.tool_version]);
    assert.match(driver.informationUri, /^https:\/\/github\.com\//);
    assert.deepEqual(
      driver.rules.map((rule) => rule.id),
      RULE_CODES.map((c) => `cxone/${c}`),
    );
    for (const [i, rule] of driver.rules.entries()) {
      const words = describeRule(RULE_CODES[i]!);
      assert.deepEqual([rule.name, rule.shortDescription.text, rule.fullDescription.text], [words.name, words.short, words.full]);
      assert.ok(rule.help.text.includes(words.help) && rule.help.markdown.includes(rule.helpUri));
      assert.match(rule.helpUri, /#code-scanning$/);
    }
    assert.equal(driver.rules.find((x) => x.id === 'cxone/FLOW_UNREACHABLE')!.defaultConfiguration.level, 'warning');
    for (const result of run.results) assert.equal(driver.rules[result.ruleIndex]!.id, result.ruleId);
  });

  test('one result per flow finding on its flow file and line, per failing scenario on its headline line, per problem', () => {
    const flowResults = run.results.filter((x) => x.ruleId.startsWith('cxone/FLOW_'));
    assert.deepEqual(
      flowResults.map((x) => `${x.ruleId} ${x.level} ${placeOf(x)}`).sort(),
      r.flow_findings.map((f) => `cxone/${f.code} ${f.severity === 'warning' ? 'warning' : 'error'} ${f.file}:${f.line}`).sort(),
    );
    const failing = r.scenarios.filter((s) => s.status === 'failed' || s.status === 'error');
    const scenarioResults = run.results.filter((x) => x.properties['scenario'] !== undefined);
    assert.equal(scenarioResults.length, failing.length + r.scenarios.filter((s) => s.status === 'not_run').length);
    const routing = scenarioResults.find((x) => x.properties['scenario'] === 'Option 2 routes to support')!;
    assert.deepEqual(
      [routing.ruleId, routing.level, placeOf(routing)],
      ['cxone/PATH_MISMATCH', 'error', 'cxone-tests/broken/routing-bug.yaml:15'],
    );
    assert.match(routing.message.text, /^Failed: Option 2 routes to support: path differs at step 5/);
    const loop = scenarioResults.find((x) => x.properties['scenario'] === 'Three silent attempts reach the operator')!;
    assert.equal(loop.ruleId, 'cxone/LOOP_DETECTED');
    // The scenario's other findings are its related locations, each on its own line.
    const s = r.scenarios.find((x) => x.name === 'Three silent attempts reach the operator')!;
    assert.deepEqual(
      loop.relatedLocations!.map((l) => `${placeOf(l)} ${l.message.text.split(':')[0]}`),
      s.findings.slice(1).map((f) => `${f.file}:${f.line} ${f.code}`),
    );
    assert.ok(run.results.every((x) => x.locations[0]!.physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%'));
    assert.ok(run.results.every((x) => !x.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('/')));
  });

  test('errors come before warnings; a finding of a kind outside fail-on is a warning', () => {
    const levels = run.results.map((x) => x.level);
    assert.deepEqual(levels, [...levels].sort());
    const lenient = renderSarif(report([mismatch('Wrong branch')], [], { failOn: ['error'] }));
    assert.deepEqual(
      parse(lenient).runs[0]!.results.map((x) => x.level),
      ['warning'],
    );
  });

  test('fingerprints: the same finding keeps its identity when its lines move; another finding has another', () => {
    const at = (line: number) => parse(renderSarif(report([mismatch('Wrong branch', line)]))).runs[0]!.results[0]!.partialFingerprints;
    assert.deepEqual(at(7), at(40));
    assert.match(at(7)[FINGERPRINT_KEY]!, /^[0-9a-f]{32}$/);
    const other = parse(renderSarif(report([mismatch('Another branch')]))).runs[0]!.results[0]!.partialFingerprints;
    assert.notDeepEqual(other, at(7));
    const prints = run.results.map((x) => x.partialFingerprints[FINGERPRINT_KEY]);
    assert.equal(new Set(prints).size, prints.length, 'every result of the fixture has its own');
  });

  test('a file name that is no URI is percent-encoded, and still names the file', () => {
    assert.equal(fileUri('cxone tests/a#1:%.yaml'), 'cxone%20tests/a%231%3A%25.yaml');
    const s = mismatch('Odd file');
    const odd = { ...s, file: 'cxone tests/menü #1.yaml', findings: s.findings.map((f) => ({ ...f, file: 'cxone tests/menü #1.yaml' })) };
    const out = renderSarif(report([odd]));
    assert.deepEqual(sarifSchemaErrors(out), []);
    assert.equal(decodeURIComponent(placeOf(parse(out).runs[0]!.results[0]!)), 'cxone tests/menü #1.yaml:7');
  });

  test('what has no place in the repository is a notification: a graph read from the API, an input problem, a run cut short', () => {
    const base = report(
      [scenario({ name: 'Not reached', status: 'not_run', reason: 'the run was cancelled' })],
      [{ code: 'SCENARIO_NONE_FOUND', file: '', line: 0, key: 'scenarios', message: 'no scenario file matches cxone-tests/**/*.yaml' }],
      { cutShort: 'cancelled' },
    );
    base.flow_findings = [
      flowFinding('FLOW_REFERENCE', { to: 'node_gone', from: 'node_menu', label: '1' }, { file: '', line: 0, node: 'node_menu' }),
    ];
    const out = renderSarif(base);
    assert.deepEqual(sarifSchemaErrors(out), []);
    const log = parse(out).runs[0]!;
    assert.deepEqual(log.results, [], 'a scenario the cut-short run did not reach shares the run notification');
    const notes = log.invocations[0]!.toolExecutionNotifications!.map((n) => `${n.level}: ${n.message.text}`);
    assert.deepEqual(notes, [
      'error: scenarios: no scenario file matches cxone-tests/**/*.yaml',
      "error: flow a1b2c3d4-e5f6-7890-abcd-ef1234567890 node node_menu: node_menu: '1' goes to 'node_gone', which is not a node of this flow",
      'error: run cut short: cancelled; 1 scenario not run',
    ]);
    assert.equal(log.invocations[0]!.executionSuccessful, false);
  });

  test(`over ${MAX_SARIF_RESULTS} results: the first kept, errors first, and a note says how many were left out`, () => {
    const many = Array.from({ length: MAX_SARIF_RESULTS + 250 }, (_, i) => mismatch(`Scenario ${i}`));
    const lenient = report(many, [], { failOn: ['loop', 'error'] });
    lenient.scenarios.push(
      scenario({
        name: 'The error',
        status: 'error',
        findings: [finding('API_ERROR', { message: 'HTTP 500', code: 'SERVER_ERROR', attempts: 4 })],
      }),
    );
    const log = parse(renderSarif(lenient)).runs[0]!;
    assert.equal(log.results.length, MAX_SARIF_RESULTS);
    assert.equal(log.results[0]!.properties['scenario'], 'The error', 'the one error outranks the warnings');
    const note = log.invocations[0]!.toolExecutionNotifications!.at(-1)!;
    assert.match(note.message.text, /^251 results of 5251 left out \(code scanning keeps 5,000 results a run\)/);
  });

  test(`a label of a megabyte in every finding: messages cut, the file stays under ${MAX_SARIF_BYTES / 1e6} MB, valid, and says what it left out`, () => {
    const label = 'x'.repeat(1024 * 1024);
    const huge = Array.from({ length: 3000 }, (_, i) =>
      scenario({
        name: `${i} ${label}`,
        status: 'failed',
        findings: [
          finding('EXIT_MISMATCH', { expected: label, actual: 'node_exit' }),
          finding('EXIT_MISMATCH', { expected: label, actual: 'b' }),
        ],
      }),
    );
    const out = renderSarif(report(huge));
    assert.ok(Buffer.byteLength(out) <= MAX_SARIF_BYTES, `${Buffer.byteLength(out)} bytes`);
    assert.deepEqual(sarifSchemaErrors(out), []);
    const log = parse(out).runs[0]!;
    assert.ok(log.results.length > 0 && log.results.length < 3000);
    assert.ok(log.results.every((x) => x.message.text.length <= 4096));
    assert.match(
      log.invocations[0]!.toolExecutionNotifications!.at(-1)!.message.text,
      /results of 3000 left out \(the file is kept under 10 MB\)/,
    );
  });
});
