import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commentMarker, MAX_COMMENT_ROWS, renderPrComment } from '../../src/report/pr-comment.ts';
import { mismatch, report } from '../helpers/report.ts';
import { assertGolden, fixtureReport, LINKS } from './golden.ts';

describe('renderPrComment', () => {
  const marker = commentMarker('cxone-flow-report');

  test('golden file: the marker, totals, the failing scenarios compact, a link to the run', () => {
    const body = renderPrComment(fixtureReport('mixed'), {
      marker,
      links: LINKS,
      runUrl: 'https://github.com/acme/ivr-flows/actions/runs/123',
      sha: '4f2c9e1d0b7a6c5e3f8d2a1b0c9e8f7a6b5c4d3e',
    });
    assert.ok(body.startsWith(`${marker}\n`));
    assertGolden('pr-comment-mixed.md', body);
  });

  test('a passing run: the totals and no table', () => {
    const body = renderPrComment(fixtureReport('passing'), { marker });
    assert.match(body, /### ✅ CXone flow tests passed/);
    assert.match(
      body,
      /\*\*4\*\* passed · \*\*0\*\* failed · \*\*0\*\* errored · \*\*1\*\* expected retry loop · \*\*100%\*\* node coverage — 4 scenarios/,
    );
    assert.doesNotMatch(body, /\| Scenario \|/);
  });

  test('lists at most MAX_COMMENT_ROWS failing scenarios and counts the rest', () => {
    const body = renderPrComment(report(Array.from({ length: MAX_COMMENT_ROWS + 5 }, (_, i) => mismatch(`s${i}`))), { marker });
    assert.equal(body.match(/^\| ❌ \|/gm)?.length, MAX_COMMENT_ROWS);
    assert.match(body, /… and 5 more failing scenarios\./);
  });

  test('the marker cannot end its HTML comment early', () => {
    assert.equal(commentMarker('a-->b<!--c'), '<!-- cxone-flow-test:a-b!-c -->');
  });
});
