// The text cutters (src/text.ts): one family, each keeping a start that ends on a whole code point.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clip, CUT_MARK, cut, excerpt, excerptLine } from '../src/text.ts';
import { MAX_PROGRESS_REASON_CHARS, progressLine } from '../src/report/progress.ts';

/** A lone surrogate: half an emoji, which is not valid UTF-8 and prints as garbage. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('text cutters', () => {
  // '😀' is two code units: with the text 'ab😀cd…', a cut after 3 units falls inside it.
  const emoji = `ab😀${'c'.repeat(200)}`;

  test('excerpt never splits a surrogate pair, and says how long the text was', () => {
    const cut3 = excerpt(emoji, 3);
    assert.equal(cut3, `ab${CUT_MARK} (${emoji.length} characters)`);
    assert.equal(excerpt(emoji, 4), `ab😀${CUT_MARK} (${emoji.length} characters)`);
    assert.equal(excerpt('short', 10), 'short');
  });

  test('cut keeps at most max characters with the mark, never half an emoji', () => {
    for (let max = 1; max <= 8; max++) {
      const out = cut(emoji, max);
      assert.ok(out.length <= max, `${max}: ${out}`);
      assert.ok(out.endsWith(CUT_MARK));
      assert.doesNotMatch(out, LONE, `${max}: ${JSON.stringify(out)}`);
    }
    assert.equal(cut(emoji, 4), `ab${CUT_MARK}`);
    assert.equal(cut('abc', 3), 'abc');
  });

  test('clip cuts a cell at a word where it can, never half an emoji', () => {
    for (let max = 2; max <= 8; max++) assert.doesNotMatch(clip(emoji, max), LONE, String(max));
    assert.equal(clip('one two three four', 12), `one two${CUT_MARK}`);
    assert.equal(clip('a\n b', 10), 'a b');
  });

  test('excerptLine puts a server message on one line before cutting it', () => {
    assert.equal(excerptLine('  bad\n\trequest  '), 'bad request');
    const long = `${'x'.repeat(299)}😀 tail`;
    const out = excerptLine(long, 300);
    assert.equal(out, `${'x'.repeat(299)}${CUT_MARK} (${long.length} characters)`);
    assert.doesNotMatch(out, LONE);
  });

  test('a progress line with an emoji across its cut ends on a whole character', () => {
    // The emoji takes the last unit the cut keeps and the one after: it goes whole.
    const before = MAX_PROGRESS_REASON_CHARS - 2;
    const reason = `${'r'.repeat(before)}😀${'s'.repeat(50)}`;
    const line = progressLine(1, 1, { status: 'error', file: 'cxone-tests/a.yaml', line: 3, name: 'emoji', findings: [], reason });
    assert.doesNotMatch(line, LONE, line);
    assert.ok(line.endsWith(` (${'r'.repeat(before)}${CUT_MARK})`), line);
  });
});
