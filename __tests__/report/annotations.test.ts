import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ERROR_ANNOTATIONS, MAX_WARNING_ANNOTATIONS, planAnnotations } from '../../src/report/annotations.ts';
import { mismatch, report, scenario } from '../helpers/report.ts';
import { fixtureReport } from './golden.ts';

describe('planAnnotations', () => {
  test('no findings, no annotations', () => {
    assert.deepEqual(planAnnotations(report([scenario({ name: 'ok' })])), { shown: [], omitted: 0, omittedErrors: 0, omittedWarnings: 0 });
  });

  test('one per finding, on the line of its expectation, titled with the scenario and the code', () => {
    const r = fixtureReport('mixed');
    const plan = planAnnotations(r);
    const loop = plan.shown.filter((a) => a.title.startsWith('Failed: Three silent attempts reach the operator'));
    assert.deepEqual(loop.map((a) => [a.line, a.title.replace(/^.*\(/, '(')]), [[14, '(LOOP_DETECTED)'], [15, '(PATH_MISMATCH)'], [16, '(EXIT_MISMATCH)'], [18, '(VARIABLE_MISMATCH)']]);
    assert.ok(loop.every((a) => a.file === 'cxone-tests/broken/infinite-loop.yaml' && a.level === 'error'));
  });

  test('ranked: problems, then errors (flow defects and API errors), loops, mismatches; in report order within a rank', () => {
    const plan = planAnnotations(fixtureReport('mixed'));
    assert.deepEqual(plan.shown.map((a) => a.title.replace(/^.*\((.*)\)$/, '$1').replace(/^Invalid.*/, 'problem')), [
      'problem', 'FLOW_REFERENCE', 'API_ERROR', 'TRACE_ERROR', 'LOOP_DETECTED', 'LOOP_DETECTED', 'PATH_MISMATCH', 'EXIT_MISMATCH', 'VARIABLE_MISMATCH',
    ]);
    assert.equal(plan.shown[0]!.file, 'cxone-tests/malformed.yaml');
    assert.equal(plan.shown[1]!.file, 'flows/broken-ref.yaml', 'a flow defect is on the flow file');
    assert.equal(plan.omittedErrors, 12 - MAX_ERROR_ANNOTATIONS, "12 findings and problems fail the run");
  });

  test('a routing mismatch quotes its edits', () => {
    const plan = planAnnotations(fixtureReport('mixed'));
    const all = [...plan.shown];
    const r = fixtureReport('mixed');
    r.report_metadata.fail_on = ['mismatch'];
    all.push(...planAnnotations(r).shown);
    const routing = all.find((a) => a.file === 'cxone-tests/broken/routing-bug.yaml' && a.title.includes('PATH_MISMATCH'))!;
    assert.equal(routing.message, [
      'path differs at step 5: expected node_check_tier, got node_route_sales (+2 more edits)',
      '- missing node_check_tier after node_menu (step 5)',
      '- missing node_route_support after node_check_tier (step 5)',
      '- unexpected node_route_sales at step 5',
    ].join('\n'));
  });

  test('findings of kinds outside fail-on are warnings', () => {
    const plan = planAnnotations(report([mismatch('a')], [], { failOn: ['loop'] }));
    assert.equal(plan.shown[0]!.level, 'warning');
    const r = fixtureReport('mixed');
    r.report_metadata.fail_on = ['error'];
    const levels = planAnnotations(r).shown;
    assert.ok(levels.filter((a) => a.title.includes('LOOP_DETECTED')).every((a) => a.level === 'warning'));
    assert.ok(levels.filter((a) => a.title.includes('API_ERROR')).every((a) => a.level === 'error'));
  });

  test('problems in files are errors on their file and line, ranked before scenarios', () => {
    const plan = planAnnotations(report([mismatch('a')], [{ code: 'SCENARIO_SCHEMA', file: 'cxone-tests/bad.yaml', line: 5, key: 'scenarios[0].expected', message: "unknown key 'expected'" }]));
    assert.deepEqual(plan.shown.map((a) => [a.file, a.line]), [['cxone-tests/bad.yaml', 5], ['cxone-tests/menu.yaml', 7]]);
  });

  test('errors are capped below what GitHub shows (setFailed takes one), warnings at 10, and the rest counted', () => {
    const many = Array.from({ length: 15 }, (_, i) => mismatch(`s${i}`, i + 1));
    const plan = planAnnotations(report(many));
    assert.equal(plan.shown.length, MAX_ERROR_ANNOTATIONS);
    assert.equal(MAX_ERROR_ANNOTATIONS, 9);
    assert.equal(plan.omitted, 15 - MAX_ERROR_ANNOTATIONS);
    const warned = planAnnotations(report(many, [], { failOn: [] }));
    assert.equal(warned.shown.length, MAX_WARNING_ANNOTATIONS);
    assert.deepEqual([warned.omittedWarnings, warned.omittedErrors], [5, 0]);
  });
});
