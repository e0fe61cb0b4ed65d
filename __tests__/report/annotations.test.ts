import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ERROR_ANNOTATIONS, planAnnotations } from '../../src/report/annotations.ts';
import { mismatch, report, scenario } from '../helpers/report.ts';

describe('planAnnotations', () => {
  test('no findings, no annotations', () => {
    assert.deepEqual(planAnnotations(report([scenario({ name: 'ok' })])), { shown: [], omitted: 0 });
  });

  test('one per failing scenario, on the line of its first finding, titled with the scenario', () => {
    const plan = planAnnotations(report([mismatch('Option 2 routes to support', 12)]));
    assert.equal(plan.shown.length, 1);
    assert.deepEqual(
      { level: plan.shown[0]!.level, file: plan.shown[0]!.file, line: plan.shown[0]!.line },
      { level: 'error', file: 'cxone-tests/menu.yaml', line: 12 },
    );
    assert.match(plan.shown[0]!.title, /Option 2 routes to support/);
    assert.match(plan.shown[0]!.message, /node_route_sales/);
  });

  test('findings of kinds outside fail-on are warnings', () => {
    const plan = planAnnotations(report([mismatch('a')], [], { failOn: ['loop'] }));
    assert.equal(plan.shown[0]!.level, 'warning');
  });

  test('problems in files are errors on their file and line, ranked before scenarios', () => {
    const plan = planAnnotations(report([mismatch('a')], [{ code: 'SCENARIO_SCHEMA', file: 'cxone-tests/bad.yaml', line: 5, key: 'scenarios[0].expected', message: "unknown key 'expected'" }]));
    assert.deepEqual(plan.shown.map((a) => [a.file, a.line]), [['cxone-tests/bad.yaml', 5], ['cxone-tests/menu.yaml', 7]]);
  });

  test('errors are capped below what GitHub shows (setFailed takes one), and the rest counted', () => {
    const many = Array.from({ length: 15 }, (_, i) => mismatch(`s${i}`, i + 1));
    const plan = planAnnotations(report(many));
    assert.equal(plan.shown.length, MAX_ERROR_ANNOTATIONS);
    assert.equal(MAX_ERROR_ANNOTATIONS, 9);
    assert.equal(plan.omitted, 15 - MAX_ERROR_ANNOTATIONS);
  });
});
