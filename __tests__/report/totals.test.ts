import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loopTotal, overallCoverage } from '../../src/report/totals.ts';
import { describeRowHeadline } from '../../src/report/wording.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { renderPrComment } from '../../src/report/pr-comment.ts';
import { renderConsole } from '../../src/report/console.ts';
import { fixtureReport } from './golden.ts';

describe('run totals', () => {
  test("a row's headline says how many more findings in one count, joined to the headline's own, from the data", () => {
    const path = { index: 1, expected: 'node_gather_menu', actual: 'node_welcome', edits: 2 };
    const edits = { code: 'PATH_MISMATCH', params: path } as const;
    const exit = { code: 'EXIT_MISMATCH', params: { expected: 'node_exit', actual: null } } as const;
    assert.equal(
      describeRowHeadline(edits, 1, 140),
      'path differs at step 1: expected node_gather_menu, got node_welcome (+1 more edit, +1 more finding)',
    );
    assert.equal(
      describeRowHeadline(exit, 2, 140),
      'expected exit node_exit, got none (the run ended without an exit node) (+2 more findings)',
    );
    assert.equal(describeRowHeadline(edits, 0, 140), 'path differs at step 1: expected node_gather_menu, got node_welcome (+1 more edit)');
    // The words are cut, never the counts.
    const long = { code: 'PATH_MISMATCH', params: { ...path, expected: 'n'.repeat(200) } } as const;
    assert.equal(describeRowHeadline(long, 1, 40), 'path differs at step 1: expected… (+1 more edit, +1 more finding)');
    // A server's words that end in a parenthesis stay theirs: the count is never folded into them.
    const error = { nodeId: 'n1', type: 'Snippet', timestamp: 5, message: 'bad value (+1 day)' };
    assert.equal(
      describeRowHeadline({ code: 'TRACE_ERROR', params: { error } } as never, 2, 140),
      'n1 (Snippet) failed at 5 ms: bad value (+1 day) (+2 more findings)',
    );
  });

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
