import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compressPath, pathView, renderPathDiff } from '../../src/report/details.ts';
import type { PathEdit, PathMismatch, PathProblem } from '../../src/domain/findings.ts';
import { escapeCell, fence } from '../../src/report/markdown.ts';
import { MAX_CHARTS, MAX_FINDING_CHARS, renderSummary, SUMMARY_MAX_BYTES } from '../../src/report/summary.ts';
import { finding, mismatch, report, scenario } from '../helpers/report.ts';
import { assertGolden, fixtureReport, LINKS } from './golden.ts';

describe('renderSummary: golden files from real runs', () => {
  test('mixed: mismatches, loops, a trace error, a malformed file, a flow defect, coverage', () => {
    assertGolden(
      'summary-mixed.md',
      renderSummary(fixtureReport('mixed'), { links: LINKS, omittedAnnotations: 3, reportLocation: 'the `cxone-flow-report` artifact' }),
    );
  });

  test('passing: totals, table and coverage, no details', () => {
    assertGolden('summary-passing.md', renderSummary(fixtureReport('passing'), { links: LINKS }));
  });

  test('oversize: flowcharts go first, then details, and the note says what was left out', () => {
    const md = renderSummary(fixtureReport('mixed'), {
      links: LINKS,
      maxBytes: 16 * 1024,
      reportLocation: 'the `cxone-flow-report` artifact',
    });
    assert.ok(Buffer.byteLength(md) <= 16 * 1024);
    assertGolden('summary-oversize-note.md', md);
  });
});

describe('renderSummary', () => {
  test('totals first, then one row per scenario with status, name, flow, exit node and finding', () => {
    const md = renderSummary(report([scenario({ name: 'Option 2 routes to support' }), mismatch('Option 1 routes to sales')]));
    const lines = md.split('\n');
    assert.match(lines[0]!, /^## ❌ CXone flow tests: failed/);
    assert.match(md, /\*\*1\*\* passed · \*\*1\*\* failed · \*\*0\*\* errored · \*\*0\*\* loops/);
    const rows = lines.filter((l) => l.startsWith('| ✅') || l.startsWith('| ❌'));
    assert.equal(rows.length, 2);
    assert.match(
      rows[1]!,
      /^\| ❌ failed \| Option 1 routes to sales \| <code>a1b2c3d4…<\/code> \| <code>node_exit<\/code> \| path differs at step 2/,
    );
  });

  test('coverage: in the totals and as a table, only when the report has it', () => {
    const r = fixtureReport('passing');
    assert.match(renderSummary(r), /\*\*100%\*\* node coverage/);
    assert.match(renderSummary(r), /\| Flow \| Nodes \| Branches \| Not reached \|/);
    assert.match(renderSummary(r), /<code>node_check<\/code> → <code>node_exit<\/code> \(then, line 14\)/);
    delete r.coverage;
    assert.doesNotMatch(renderSummary(r), /coverage/i);
  });

  test('a details section per failing or errored scenario, none for passing ones', () => {
    const r = fixtureReport('mixed');
    const md = renderSummary(r);
    const failing = r.scenarios.filter((s) => s.status === 'failed' || s.status === 'error').length;
    assert.equal(md.match(/<details>/g)?.length, failing);
    assert.match(
      md,
      /\| <code>attempt_count<\/code> \| <code>3<\/code> \| <code>0<\/code> \|/,
      'the failed variable check, expected vs actual',
    );
    assert.match(md, /\| 50 \| 2–152 \| ♾️ infinite \|/, 'the loop: iterations, steps, verdict');
    assert.match(
      md,
      /node_start → \[node_menu → node_retry → node_check\] ×50 → node_menu/,
      'an executed path without edits, its loop written once',
    );
    assert.match(md, /- API call \(HTTP 500, FLOW_COMPILATION_FAILED, 1 attempt\)/);
  });

  test('the Path paragraph does not repeat the findings listed above it, only what they leave unsaid', () => {
    const md = renderSummary(fixtureReport('mixed'));
    const sections = md.split('<details>').slice(1);
    for (const section of sections) {
      const findings = [...section.matchAll(/^- <code>[A-Z_]+<\/code> (.*) \(\S+:\d+\)$/gm)].map((m) => m[1]!);
      const path = /\*\*Path\*\*[\s\S]*?(?=\n\*\*[A-Z]|\n<\/details>)/.exec(section)?.[0] ?? '';
      const bullets = [...path.matchAll(/^- (.*)$/gm)].map((m) => m[1]!);
      for (const bullet of bullets) assert.ok(!findings.some((f) => f.startsWith(bullet)), `repeated: ${bullet}`);
    }
    const map = sections.find((x) => x.includes('map-forms.yaml'))!;
    assert.match(
      map,
      /First divergence at step 2 \(<code>contains<\/code>\): expected <code>node_route_support<\/code>, got <code>node_route_sales<\/code> \(Route\)\./,
    );
    assert.match(
      map,
      /^- path contains excluded node node_route_sales at step 2$/m,
      "the map form's second failing key, which the finding only counts",
    );
  });

  test('a name with backticks and * renders the same in the table and in <summary>: escaped once, by one helper', () => {
    const md = renderSummary(fixtureReport('mixed'));
    const escaped = escapeCell('Support via `contains` (*map form*)');
    assert.equal(escaped, 'Support via &#96;contains&#96; (&#42;map form&#42;)');
    assert.ok(md.includes(`| ❌ failed | ${escaped} |`), 'the table row');
    assert.ok(md.includes(`<summary>❌ <b>${escaped}</b>`), 'the details summary');
    assert.equal(
      escapeCell('node_route_sales _x_ a_'),
      'node_route_sales &#95;x&#95; a&#95;',
      '_ inside a word is never emphasis, so it stays',
    );
  });

  test('a long loop finding is clipped at a word in the table; the details have it whole', () => {
    const r = fixtureReport('mixed');
    const loop = r.scenarios.find((s) => s.name === 'Silence gives up after three tries')!.findings[0]!.message;
    assert.ok(loop.length > MAX_FINDING_CHARS);
    const md = renderSummary(r);
    const row = md.split('\n').find((l) => l.includes('Silence gives up after three tries') && l.startsWith('| ❌'))!;
    const cell = row.split(' | ').at(-1)!;
    assert.match(cell, /^infinite loop at node_menu: .* maxLoops while… \(\+1 more finding\) \|$/);
    assert.ok(md.includes(`<code>LOOP_DETECTED</code> ${escapeCell(loop)} (`), 'the whole text in the details');
  });

  test('a passing run with an expected retry loop says so', () => {
    assert.match(renderSummary(fixtureReport('passing')), /· \*\*1\*\* expected retry loop ·/);
  });

  test('links each scenario to its file and line when the repository is known', () => {
    const md = renderSummary(report([mismatch('x', 12)]), { links: { blobBase: 'https://github.com/o/r/blob/abc/' } });
    assert.match(md, /\[x\]\(https:\/\/github\.com\/o\/r\/blob\/abc\/cxone-tests\/menu\.yaml#L3\)/);
  });

  test('escapes HTML, pipes, link brackets and mentions that come from files and the API', () => {
    assert.equal(escapeCell('<script>a|b</script>\nnext'), '&lt;script&gt;a&#124;b&lt;/script&gt;<br>next');
    assert.equal(escapeCell('[x](y) @octocat'), '&#91;x&#93;(y) &#64;octocat');
    const evil = '<img src=x onerror=alert(1)>';
    const md = renderSummary(
      report([
        scenario({
          name: evil,
          status: 'failed',
          findings: [finding('PATH_MISMATCH', { index: 1, expected: evil, actual: null, edits: 1 }, { file: 'a.yaml', line: 1 })],
          execution_summary: {
            ...scenario({ name: 'x' }).execution_summary!,
            path: ['node_start', evil, '```'],
            routing_valid: false,
            routing_mismatches: [`unexpected ${evil} at step 1`],
          },
        }),
      ]),
    );
    const outsideFences = md.replace(/^(`{3,})[a-z]*\n[\s\S]*?^\1$/gm, '');
    assert.ok(!outsideFences.includes('<img'), md);
    assert.match(
      md,
      /^````text\nnode_start → <img src=x onerror=alert\(1\)> → ```\n````$/m,
      "inside a fence longer than its content's backticks, markup is text",
    );
  });

  test('a fence is longer than any backtick run inside it', () => {
    assert.equal(fence('text', 'a ``` b'), '````text\na ``` b\n````\n');
  });

  test('over the size limit the summary stays under it and says what was left out', () => {
    const many = Array.from({ length: 2000 }, (_, i) => mismatch(`scenario ${i} ${'x'.repeat(200)}`));
    const md = renderSummary(report(many), { maxBytes: 64 * 1024 });
    assert.ok(Buffer.byteLength(md) <= 64 * 1024);
    assert.match(
      md,
      /To stay under GitHub's 1 MiB step-summary limit, this summary leaves out \d+ failure detail sections and \d+ of 2000 scenario rows/,
    );
    assert.equal(SUMMARY_MAX_BYTES, 1024 * 1024);
  });

  test('flowcharts are drawn for the first MAX_CHARTS failing scenarios, and it says so', () => {
    const md = renderSummary(report(Array.from({ length: MAX_CHARTS + 3 }, (_, i) => mismatch(`s${i}`))));
    assert.equal(md.match(/```mermaid/g)?.length, MAX_CHARTS);
    assert.match(md, new RegExp(`Flowcharts are drawn for the first ${MAX_CHARTS} failing scenarios`));
  });

  test('says how many annotations were not shown, and why a run failed', () => {
    const md = renderSummary(report([mismatch('a')], [], { cutShort: 'cancelled (SIGTERM)' }), { omittedAnnotations: 4 });
    assert.match(md, /4 more annotations were not shown/);
    assert.match(md, /The run was cut short \(cancelled \(SIGTERM\)\)/);
    assert.match(md, /Failing because: 1 scenario with mismatches; run cut short/);
  });
});

describe('path diff', () => {
  const actual = ['node_start', 'node_lookup_tier', 'node_set_standard', 'node_welcome', 'node_menu', 'node_route_sales', 'node_exit'];
  const edits: PathEdit[] = [
    { op: 'missing', node: 'node_check_tier', index: 5, after: 'node_menu' },
    { op: 'missing', node: 'node_route_support', index: 5, after: 'node_check_tier' },
    { op: 'unexpected', node: 'node_route_sales', index: 5 },
  ];
  const withPath = (params: PathMismatch) =>
    scenario({
      name: 'p',
      status: 'failed',
      findings: [finding('PATH_MISMATCH', params)],
      execution_summary: {
        ...scenario({ name: 'p' }).execution_summary!,
        path: actual,
        routing_valid: false,
        routing_mismatches: ['no renderer reads these'],
        path_edits: edits,
      },
    });

  test('the edits come from path_edits, what the finding leaves unsaid from its params, never from the mismatch lines', () => {
    const list = pathView(withPath({ index: 5, expected: 'node_check_tier', actual: 'node_route_sales', edits: 3, approximate: true }));
    assert.deepEqual(list, {
      edits,
      truncated: false,
      unsaid: ['the paths differ too much for an exact alignment: the differing stretch is shown as one block'],
    });
    assert.equal(
      pathView(withPath({ index: 5, expected: 'node_check_tier', actual: 'node_route_sales', edits: 250 })).truncated,
      true,
      'the report holds fewer edits than there are',
    );
    const problems: PathProblem[] = [
      { key: 'contains', nodes: ['node_check_tier'], missing: 'node_check_tier' },
      { key: 'excludes', node: 'node_route_sales', step: 5, count: 1 },
    ];
    assert.deepEqual(
      pathView(withPath({ problems, edits: 3 })).unsaid,
      ['path contains excluded node node_route_sales at step 5'],
      "the first failing key is the finding's own words",
    );
  });

  test('unified-diff lines with the unchanged steps far from an edit folded', () => {
    assert.equal(
      renderPathDiff(actual, edits),
      [
        '--- expected',
        '+++ actual',
        '@@ 3 matching steps @@',
        '  3 node_welcome',
        '  4 node_menu',
        '- node_check_tier',
        '- node_route_support',
        '+ 5 node_route_sales',
        '  6 node_exit',
      ].join('\n'),
    );
  });

  test('a missing node at the end of the path', () => {
    assert.equal(
      renderPathDiff(['a', 'b'], [{ op: 'missing', node: 'c', index: 2, after: 'b' }]),
      ['--- expected', '+++ actual', '  0 a', '  1 b', '- c'].join('\n'),
    );
  });

  test('a loop is written once with its iterations', () => {
    const path = ['s', ...Array.from({ length: 50 }, () => ['m', 'r', 'c']).flat(), 'm'];
    const s = scenario({
      name: 'x',
      execution_summary: { ...scenario({ name: 'x' }).execution_summary!, path },
      state_machine_analysis: {
        has_loops: true,
        hit_max_loops: true,
        total_nodes_executed: path.length,
        unique_nodes: 4,
        loop_details: [
          {
            nodeId: 'm',
            occurrences: 51,
            cycle: ['m', 'r', 'c'],
            cycleLength: 3,
            iterations: 50,
            startIndex: 1,
            endIndex: 151,
            verdict: 'infinite',
            cause: { kind: 'max_loops' },
            reason: 'maxLoops',
          },
        ],
      },
    });
    assert.equal(compressPath(s), 's → [m → r → c] ×50 → m');
  });
});
