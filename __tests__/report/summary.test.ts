import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeCell, renderSummary, SUMMARY_MAX_BYTES } from '../../src/report/summary.ts';
import { mismatch, report, scenario } from '../helpers/report.ts';

describe('renderSummary', () => {
  test('totals first, then one row per scenario with status, name, flow, exit node and finding', () => {
    const md = renderSummary(report([scenario({ name: 'Option 2 routes to support' }), mismatch('Option 1 routes to sales')]));
    const lines = md.split('\n');
    assert.match(lines[0]!, /^## ❌ CXone flow tests: failed/);
    assert.match(md, /\*\*1\*\* passed · \*\*1\*\* failed · \*\*0\*\* errored · \*\*0\*\* loops/);
    const rows = lines.filter((l) => l.startsWith('| ✅') || l.startsWith('| ❌'));
    assert.equal(rows.length, 2);
    assert.match(rows[1]!, /^\| ❌ failed \| Option 1 routes to sales \| <code>a1b2c3d4…<\/code> \| <code>node_exit<\/code> \| path differs at step 2/);
  });

  test('links each scenario to its file and line when the repository is known', () => {
    const md = renderSummary(report([mismatch('x', 12)]), { links: { blobBase: 'https://github.com/o/r/blob/abc/' } });
    assert.match(md, /\[x\]\(https:\/\/github\.com\/o\/r\/blob\/abc\/cxone-tests\/menu\.yaml#L3\)/);
  });

  test('escapes HTML and pipes that come from files and the API', () => {
    assert.equal(escapeCell('<script>a|b</script>\nnext'), '&lt;script&gt;a&#124;b&lt;/script&gt;<br>next');
    const md = renderSummary(report([scenario({ name: '<img src=x onerror=alert(1)>' })]));
    assert.ok(!md.includes('<img'));
  });

  test('over the size limit, rows are left out visibly and the summary stays under it', () => {
    const many = Array.from({ length: 2000 }, (_, i) => mismatch(`scenario ${i} ${'x'.repeat(200)}`));
    const md = renderSummary(report(many), { maxBytes: 64 * 1024 });
    assert.ok(Buffer.byteLength(md) <= 64 * 1024);
    assert.match(md, /rows were left out to keep this summary under GitHub's 1 MiB limit/);
    assert.equal(SUMMARY_MAX_BYTES, 1024 * 1024);
  });

  test('says how many annotations were not shown, and why a run failed', () => {
    const md = renderSummary(report([mismatch('a')], [], { cutShort: 'cancelled (SIGTERM)' }), { omittedAnnotations: 4 });
    assert.match(md, /4 more annotations were not shown/);
    assert.match(md, /The run was cut short \(cancelled \(SIGTERM\)\)/);
    assert.match(md, /Failing because: 1 scenario with mismatches; run cut short/);
  });
});
