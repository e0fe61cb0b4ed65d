// The observed expectation (report/observed.ts), from scenarios loaded from YAML and analysed as a run
// analyses them: what held is kept, what failed is observed, what must not be written is withheld.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { analyzeScenario } from '../../src/analysis/analyze.ts';
import type { DebugResponse } from '../../src/domain/wire.ts';
import { buildScenarioReport } from '../../src/report/build.ts';
import {
  MAX_OBSERVED_CHARS,
  MAX_OBSERVED_PATH_STEPS,
  MAX_RECORDED_VARIABLES,
  observeExpectation,
  renderObservedYaml,
} from '../../src/report/observed.ts';
import { createRedactor } from '../../src/report/redact.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { renderPrComment } from '../../src/report/pr-comment.ts';
import { fixtureReport } from './golden.ts';

const PATH = ['node_start', 'node_menu', 'node_route_support', 'node_exit'];

function response(over: Partial<DebugResponse> = {}): DebugResponse {
  const path = over.path ?? PATH;
  return {
    path,
    variables: { test_mode: true, selected_option: '2', pin: '4321' },
    exitNode: 'node_exit',
    duration: 4,
    trace: path.map((nodeId, i) => ({ nodeId, type: i === 0 ? 'Start' : 'Play', timestamp: i })),
    ...over,
  };
}

function scenarioOf(expect: string, extra = '') {
  const text = `flow: f\nvariables: { test_mode: true }\nscenarios:\n  - name: s\n    input: { dtmf: "2" }\n${extra}    expect: ${expect}\n`;
  const { scenarios, problems } = parseScenarioFile(text, 'x.yaml');
  assert.deepEqual(problems, []);
  return scenarios[0]!;
}

function observe(expect: string, over: Partial<DebugResponse> = {}, redactVariables: string[] = [], extra = '') {
  const scenario = scenarioOf(expect, extra);
  const execution = { kind: 'completed' as const, response: response(over), attempts: 1, elapsedMs: 1 };
  const analysis = analyzeScenario(scenario, execution, { loopThreshold: 3 });
  const redact = createRedactor(redactVariables);
  return observeExpectation({ scenario, response: execution.response, analysis, redacted: redact.matches, scrub: (t) => t });
}

describe('observeExpectation', () => {
  test('a failed path and variable become what ran; a matcher that held stays as written', () => {
    const observed = observe(
      '{ path: [node_start, node_route_sales], exit: node_exit, variables: { selected_option: "1", test_mode: { exists: true } } }',
    );
    assert.deepEqual(observed, {
      expect: { path: PATH, exit: 'node_exit', variables: { selected_option: '2', test_mode: { exists: true } } },
      withheld: [],
      unsettled: [],
    });
  });

  test('a pattern that held is kept; a list, a map and an unset variable are written so that they match', () => {
    const observed = observe('{ path: { contains: [node_menu] }, exit: node_other, variables: { gone: 1, list: 1 } }', {
      variables: { list: [1, 2] },
    });
    assert.deepEqual(observed?.expect, {
      path: { contains: ['node_menu'] },
      exit: 'node_exit',
      variables: { gone: { exists: false }, list: { equals: [1, 2] } },
    });
  });

  test('a redacted variable is withheld, held or not; the file keeps its expectation there', () => {
    const observed = observe('{ exit: nope, variables: { pin: "0000", selected_option: "2" } }', {}, ['pin']);
    assert.deepEqual(observed?.expect.variables, { selected_option: '2' });
    assert.deepEqual(observed?.withheld, [{ key: 'variables', name: 'pin', reason: 'redacted' }]);
    assert.deepEqual(observed?.unsettled, ['VARIABLE_MISMATCH'], 'the pin still fails');
  });

  test('a value the report would scrub (a secret, a redacted value) is withheld too', () => {
    const scenario = scenarioOf('{ variables: { token: "x" } }');
    const execution = { kind: 'completed' as const, response: response({ variables: { token: 'tok-SECRET' } }), attempts: 1, elapsedMs: 1 };
    const analysis = analyzeScenario(scenario, execution, { loopThreshold: 3 });
    const observed = observeExpectation({
      scenario,
      response: execution.response,
      analysis,
      redacted: () => false,
      scrub: (t) => t.replaceAll('tok-SECRET', '***'),
    });
    assert.deepEqual(observed?.withheld, [{ key: 'variables', name: 'token', reason: 'redacted' }]);
    assert.equal(JSON.stringify(observed).includes('tok-SECRET'), false);
  });

  test('expect: record writes the path, the exit and the variables the flow set, not those passed in unchanged', () => {
    const observed = observe('record', {}, ['pin']);
    assert.deepEqual(observed?.expect, { path: PATH, exit: 'node_exit', variables: { selected_option: '2' } });
    assert.deepEqual(observed?.withheld, [{ key: 'variables', name: 'pin', reason: 'redacted' }]);
  });

  test('a hostile answer cannot grow it: at most so many recorded variables and so many characters, the rest counted', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`v${i}`, i]));
    const counted = observe('record', { variables: many });
    assert.equal(Object.keys(counted?.expect.variables ?? {}).length, MAX_RECORDED_VARIABLES);
    assert.deepEqual(counted?.withheld, [{ key: 'variables', reason: 'too_many', count: 500 - MAX_RECORDED_VARIABLES }]);
    const big = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`v${i}`, 'x'.repeat(1500)]));
    const sized = observe('record', { variables: big });
    assert.ok(JSON.stringify(sized).length < MAX_OBSERVED_CHARS + 1024, 'bounded');
    assert.equal(sized?.withheld.at(-1)?.reason, 'too_many');
  });

  test('variablesAt, maxDurationMs and loops are carried as written; a failing duration is said to stay failing', () => {
    const observed = observe('{ exit: nope, maxDurationMs: 1, variablesAt: { node_menu: { x: 1 } } }');
    assert.deepEqual(observed?.expect, { path: PATH, exit: 'node_exit', variablesAt: { node_menu: { x: 1 } }, maxDurationMs: 1 });
    assert.deepEqual(observed?.unsettled, ['VARIABLE_MISMATCH', 'DURATION_EXCEEDED']);
  });

  test('nothing for a pass, for a failure no expectation settles, or for a path too long to review', () => {
    assert.equal(observe(`{ path: [${PATH.join(', ')}] }`), undefined);
    assert.equal(observe('{ maxDurationMs: 1 }'), undefined, 'a duration alone');
    const long = Array.from({ length: MAX_OBSERVED_PATH_STEPS + 1 }, (_, i) => `n${i}`);
    const observed = observe('{ exit: nope }', { path: long });
    assert.equal(observed?.expect.path, undefined);
    assert.deepEqual(observed?.withheld, [{ key: 'path', reason: 'too_long' }]);
  });

  test('a run that hit maxLoops is no behaviour to accept', () => {
    const loop = ['node_start', ...Array.from({ length: 20 }, () => ['node_menu', 'node_retry']).flat()];
    const trace = loop.map((nodeId, i) => ({ nodeId, type: 'Play', timestamp: i }));
    trace.push({ nodeId: 'node_retry', type: 'Play', timestamp: 99, status: 'MaxLoopsExceeded' } as never);
    assert.equal(observe('{ exit: node_exit }', { path: loop, exitNode: null, trace }), undefined);
  });

  test('the summary block is YAML that reads back as the expectation, and the report keeps it masked', () => {
    const observed = observe('{ exit: nope, variables: { selected_option: "1", "odd: name": 1 } }', {
      variables: { selected_option: '#2', 'odd: name': 'a\nb' },
    });
    assert.ok(observed);
    assert.deepEqual((load(renderObservedYaml(observed)) as { expect: unknown }).expect, observed.expect);
    const scenario = scenarioOf('{ exit: nope, variables: { pin: "1234" } }');
    const execution = { kind: 'completed' as const, response: response(), attempts: 1, elapsedMs: 1 };
    const report = buildScenarioReport(
      { scenario, execution, analysis: analyzeScenario(scenario, execution, { loopThreshold: 3 }) },
      createRedactor(['pin']),
    );
    assert.deepEqual(report.observed_expect?.withheld, [{ key: 'variables', name: 'pin', reason: 'redacted' }]);
    assert.equal(JSON.stringify(report.observed_expect).includes('4321'), false);
  });

  test("the job summary and the PR comment give each failing scenario's observed expectation as YAML that loads as it", () => {
    const report = fixtureReport('mixed');
    const observed = report.scenarios.filter((s) => s.observed_expect).map((s) => s.observed_expect!.expect);
    assert.ok(observed.length >= 2);
    const blocks = (markdown: string) =>
      [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => (load(m[1]!) as { expect: unknown }).expect);
    assert.deepEqual(blocks(renderSummary(report)), observed);
    assert.deepEqual(blocks(renderPrComment(report, { marker: '<!-- m -->' })), observed);
  });
});
