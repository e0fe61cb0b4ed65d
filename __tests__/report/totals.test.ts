import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loopTotal, overallCoverage } from '../../src/report/totals.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { renderPrComment } from '../../src/report/pr-comment.ts';
import { renderConsole } from '../../src/report/console.ts';
import { fixtureReport } from './golden.ts';

describe('run totals', () => {
  test('loops: a finding is a loop; a loop the scenario expects says so', () => {
    const cases: [Parameters<typeof loopTotal>[0], string][] = [
      [{ total: 0, expected: 0, expectedAllRetry: true }, '0 loops'],
      [{ total: 1, expected: 0, expectedAllRetry: true }, '1 loop'],
      [{ total: 1, expected: 1, expectedAllRetry: true }, '1 expected retry loop'],
      [{ total: 2, expected: 2, expectedAllRetry: true }, '2 expected retry loops'],
      [{ total: 2, expected: 2, expectedAllRetry: false }, '2 expected loops'],
      [{ total: 3, expected: 1, expectedAllRetry: true }, '3 loops (1 expected)'],
    ];
    for (const [count, words] of cases) {
      const t = loopTotal(count);
      assert.equal(`${t.value} ${t.words}`, words);
    }
  });

  test('one coverage percent everywhere: rounded down, from the counts, in the headline, the tables, the comment and the console', () => {
    const r = fixtureReport('mixed');
    // 7 of 9 is 77.77…: rounded down, as min-coverage judges it; the old headline rounded up.
    const flow = r.coverage!.find((c) => c.nodes.visited === 7 && c.nodes.total === 9)!;
    flow.nodes.percent = 77.8; // a stored percent from an older writer is not trusted
    assert.equal(overallCoverage([flow]), '77.7%');
    const summary = renderSummary(r);
    assert.match(summary, /\| 7\/9 \(77\.7%\) \|/);
    assert.doesNotMatch(summary, /77\.8/);
    r.coverage = [flow];
    assert.match(renderSummary(r), /\*\*77\.7%\*\* node coverage/);
    assert.match(renderPrComment(r, { marker: '<!-- m -->' }), /\*\*77\.7%\*\* node coverage/);
    assert.match(renderConsole(r), /7\/9 nodes \(77\.7%\)/);
  });
});
