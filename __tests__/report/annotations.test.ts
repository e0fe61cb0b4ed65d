import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ERROR_ANNOTATIONS, MAX_WARNING_ANNOTATIONS, planAnnotations } from '../../src/report/annotations.ts';
import { mismatch, report, scenario } from '../helpers/report.ts';
import { fixtureReport } from './golden.ts';
import { NO_LINE } from '../../src/text.ts';

describe('planAnnotations', () => {
  test('no findings, no annotations', () => {
    assert.deepEqual(planAnnotations(report([scenario({ name: 'ok' })])), { shown: [], omitted: 0, omittedErrors: 0, omittedWarnings: 0 });
  });

  test('one per scenario, on the line of its headline finding, the others in its body', () => {
    const plan = planAnnotations(fixtureReport('mixed'));
    const loop = plan.shown.filter((a) => a.title.startsWith('Failed: Three silent attempts reach the operator'));
    assert.equal(loop.length, 1, 'a loop, a path, an exit and a variable from one cause: one annotation');
    assert.deepEqual(
      [loop[0]!.line, loop[0]!.title.replace(/^.*\(/, '('), loop[0]!.level],
      [14, '(LOOP_DETECTED, +3 more findings)', 'error'],
    );
    assert.equal(loop[0]!.file, 'cxone-tests/broken/infinite-loop.yaml');
    assert.deepEqual(loop[0]!.message.split('\n').slice(1), [
      'Also in this scenario:',
      '- line 15, PATH_MISMATCH: path does not end with [node_check_attempts, node_route_operator, node_exit]: it ends with [node_retry, node_check_attempts, node_menu]',
      '- line 16, EXIT_MISMATCH: expected exit node_exit, got none (the run ended without an exit node)',
      '- line 18, VARIABLE_MISMATCH: attempt_count: expected 3, got 0',
    ]);
  });

  test('the headline is the first finding that fails the run: with fail-on mismatch, the path, not the loop', () => {
    const r = fixtureReport('mixed');
    r.report_metadata.fail_on = ['mismatch'];
    const loop = planAnnotations(r).shown.filter((a) => a.title.includes('Three silent attempts'));
    assert.deepEqual(
      loop.map((a) => [a.line, a.level, a.title.replace(/^.*\(/, '(')]),
      [[15, 'error', '(PATH_MISMATCH, +3 more findings)']],
    );
    assert.match(loop[0]!.message, /^- line 14, LOOP_DETECTED: infinite loop/m);
  });

  test('ranked: problems, then errors (flow defects and API errors), loops, mismatches; in report order within a rank', () => {
    const plan = planAnnotations(fixtureReport('mixed'));
    assert.deepEqual(
      plan.shown.map((a) => a.title.replace(/^.*\((\w+).*\)$/, '$1').replace(/^Invalid.*/, 'problem')),
      [
        'problem',
        'FLOW_REFERENCE',
        'API_ERROR',
        'LOOP_DETECTED',
        'LOOP_DETECTED',
        'PATH_MISMATCH',
        'PATH_MISMATCH',
        'PATH_MISMATCH',
        'FLOW_UNREACHABLE',
        'FLOW_UNREACHABLE',
      ],
    );
    assert.equal(plan.shown[0]!.file, 'cxone-tests/malformed.yaml');
    assert.equal(plan.shown[1]!.file, 'flows/broken-ref.yaml', 'a flow defect is on the flow file');
    assert.deepEqual(
      [plan.omittedErrors, plan.shown.filter((a) => a.level === 'warning').length],
      [0, 2],
      'unreachable nodes are warnings',
    );
  });

  test('a routing mismatch quotes its edits', () => {
    const routing = planAnnotations(fixtureReport('mixed')).shown.find((a) => a.file === 'cxone-tests/broken/routing-bug.yaml')!;
    assert.equal(
      routing.message,
      [
        'path differs at step 5: expected node_check_tier, got node_route_sales (+2 more edits)',
        '- missing node_check_tier after node_menu (step 5)',
        '- missing node_route_support after node_check_tier (step 5)',
        '- unexpected node_route_sales at step 5',
      ].join('\n'),
    );
  });

  test('a map form says where the path diverged, its edits and its other failing keys', () => {
    const map = planAnnotations(fixtureReport('mixed')).shown.find((a) => a.file === 'cxone-tests/map-forms.yaml')!;
    assert.equal(map.line, 6, 'the expect.path line');
    assert.equal(
      map.message,
      [
        'path does not contain [node_menu, node_route_support] in order: node_route_support never ran (+1 more problem)',
        'First divergence at step 2 (contains): expected node_route_support, got node_route_sales (Route).',
        '- missing node_route_support after node_menu (step 2)',
        '- unexpected node_route_sales at step 2',
        '- path contains excluded node node_route_sales at step 2',
      ].join('\n'),
    );
  });

  test('a problem with no line is annotated on its file, with no made-up line', () => {
    const plan = planAnnotations(
      report([], [{ code: 'SCENARIO_READ', file: 'cxone-tests/huge.yaml', line: NO_LINE, key: '', message: 'the file is 2000000 bytes' }]),
    );
    assert.deepEqual(
      plan.shown.map((a) => [a.file, a.line]),
      [['cxone-tests/huge.yaml', NO_LINE]],
    );
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
    const plan = planAnnotations(
      report(
        [mismatch('a')],
        [
          {
            code: 'SCENARIO_SCHEMA',
            file: 'cxone-tests/bad.yaml',
            line: 5,
            key: 'scenarios[0].expected',
            message: "unknown key 'expected'",
          },
        ],
      ),
    );
    assert.deepEqual(
      plan.shown.map((a) => [a.file, a.line]),
      [
        ['cxone-tests/bad.yaml', 5],
        ['cxone-tests/menu.yaml', 7],
      ],
    );
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
