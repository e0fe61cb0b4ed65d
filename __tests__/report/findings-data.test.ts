// Findings are data: every renderer makes its words from a finding's code and params (wording.ts), so a
// report whose sentences are replaced by nonsense renders exactly as the real one, and merge works
// from the same data. The report from a real run (fixtures/regenerate.ts) is the input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planAnnotations } from '../../src/report/annotations.ts';
import { renderConsole } from '../../src/report/console.ts';
import { mergeReports } from '../../src/report/merge.ts';
import type { Report } from '../../src/report/model.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderPrComment } from '../../src/report/pr-comment.ts';
import { progressLine } from '../../src/report/progress.ts';
import { checkShardReport } from '../../src/report/shard-check.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { describeCheck, describeFinding, describeLoopCause, describeRouting } from '../../src/report/wording.ts';
import { createReportCollector } from '../../src/report/collect.ts';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { fixtureReport, LINKS } from './golden.ts';

const NONSENSE = 'zzz (+9 more edits) missing q after r (step 3) … and 7 more edits';

/** The report with every sentence it holds about findings, checks, loops and the path replaced: only the facts are left. */
function withNonsense(report: Report): Report {
  const r = structuredClone(report);
  for (const f of r.flow_findings) f.message = NONSENSE;
  for (const s of r.scenarios) {
    for (const f of s.findings) f.message = NONSENSE;
    for (const c of s.variable_validation?.checks ?? []) c.message = NONSENSE;
    for (const l of s.state_machine_analysis?.loop_details ?? []) l.reason = NONSENSE;
    if (s.execution_summary) s.execution_summary.routing_mismatches = s.execution_summary.routing_mismatches.map(() => NONSENSE);
  }
  return r;
}

/** Everything a person is shown of a report, by every renderer. */
function renderAll(report: Report): Record<string, string> {
  return {
    summary: renderSummary(report, { links: LINKS, omittedAnnotations: 2, reportLocation: 'the artifact' }),
    annotations: JSON.stringify(planAnnotations(report)),
    console: renderConsole(report),
    onlyFailures: renderConsole(report, { onlyFailures: true }),
    junit: renderJunit(report),
    prComment: renderPrComment(report, { marker: '<!-- m -->', links: LINKS, runUrl: 'https://example.com/run', sha: '4f2c9e1d0b7a' }),
    progress: report.scenarios.map((s, i) => progressLine(i + 1, report.scenarios.length, s)).join('\n'),
  };
}

describe('findings as data', () => {
  const real = fixtureReport('mixed');

  test('the fixture has sentences for the renderers to ignore: findings of every kind, checks, loops, routing lines, flow findings', () => {
    const codes = new Set(real.scenarios.flatMap((s) => s.findings.map((f) => f.code)));
    for (const code of ['PATH_MISMATCH', 'EXIT_MISMATCH', 'VARIABLE_MISMATCH', 'LOOP_DETECTED', 'TRACE_ERROR', 'API_ERROR'])
      assert.ok(codes.has(code as never), code);
    assert.ok(real.flow_findings.length > 0);
    assert.ok(real.scenarios.some((s) => (s.execution_summary?.routing_mismatches.length ?? 0) > 0));
  });

  test('no renderer reads a sentence: with every message, reason and routing line replaced by nonsense, every output is the same', () => {
    const rendered = renderAll(real);
    const fake = renderAll(withNonsense(real));
    for (const [name, text] of Object.entries(rendered)) {
      assert.ok(!fake[name]!.includes('zzz'), `${name} shows a message`);
      assert.equal(fake[name], text, name);
    }
  });

  test('merge works from the data: merged nonsense shards render as the merged real ones', () => {
    const policy = { failOn: real.report_metadata.fail_on, minCoverage: null };
    const at = (r: Report): Report => ({
      ...r,
      report_metadata: { ...r.report_metadata, generated_at: real.report_metadata.generated_at },
    });
    const shards = (r: Report): Report[] => [
      { ...r, scenarios: r.scenarios.slice(0, 5) },
      { ...r, scenarios: r.scenarios.slice(5) },
    ];
    assert.equal(
      checkShardReport(JSON.parse(JSON.stringify(withNonsense(real)))),
      null,
      'a shard whose words are nonsense is still a report',
    );
    assert.deepEqual(renderAll(at(mergeReports(shards(withNonsense(real)), policy))), renderAll(at(mergeReports(shards(real), policy))));
  });

  test('each sentence in the report is the rendering of the facts beside it', () => {
    for (const f of real.flow_findings) assert.equal(f.message, describeFinding(f));
    for (const s of real.scenarios) {
      for (const f of s.findings) assert.equal(f.message, describeFinding(f), `${s.id} ${f.code}`);
      for (const c of s.variable_validation?.checks ?? []) assert.equal(c.message, describeCheck(c));
      for (const l of s.state_machine_analysis?.loop_details ?? []) assert.equal(l.reason, describeLoopCause(l));
    }
  });

  test("routing_mismatches stay the tutorial's strings, as a rendering of the path facts", () => {
    const s = real.scenarios.find((x) => x.id === 'cxone-tests/broken/routing-bug.yaml#1')!;
    const e = s.execution_summary!;
    const path = s.findings.find((f) => f.code === 'PATH_MISMATCH')!;
    assert.ok(path.code === 'PATH_MISMATCH' && !('problems' in path.params));
    const exit = e.expected_exit !== undefined ? { exit: { expected: e.expected_exit, actual: e.exit_node } } : {};
    const facts = { edits: e.path_edits ?? [], editCount: path.params.edits, problems: [], approximate: false };
    assert.deepEqual(describeRouting({ path: facts, ...exit }), e.routing_mismatches);
    assert.deepEqual(e.routing_mismatches, [
      'missing node_check_tier after node_menu (step 5)',
      'missing node_route_support after node_check_tier (step 5)',
      'unexpected node_route_sales at step 5',
    ]);
  });
});

describe('shard reports: the facts the renderers read are checked', () => {
  const real = fixtureReport('mixed');
  const broken = (change: (r: Report) => void): string | null => {
    const r = structuredClone(real);
    change(r);
    return checkShardReport(JSON.parse(JSON.stringify(r)));
  };
  const first = (r: Report, code: string) => {
    for (const s of r.scenarios) {
      const f = s.findings.find((x) => x.code === code);
      if (f) return { s: r.scenarios.indexOf(s), i: s.findings.indexOf(f), f: f as { params: Record<string, unknown> } };
    }
    throw new Error(code);
  };

  test('the real report passes', () => assert.equal(checkShardReport(JSON.parse(JSON.stringify(real))), null));
  test('a finding without params (a report of an older version) names the key', () => {
    const { s, i } = first(real, 'EXIT_MISMATCH');
    assert.equal(
      broken((r) => delete (r.scenarios[s]!.findings[i] as { params?: unknown }).params),
      `'scenarios[${s}].findings[${i}].params' is missing, expected a map`,
    );
  });
  test('params of the wrong shape for their code name the key', () => {
    const v = first(real, 'VARIABLE_MISMATCH');
    assert.match(
      broken(
        (r) =>
          ((r.scenarios[v.s]!.findings[v.i] as { params: { check: { source: unknown } } }).params.check.source = { kind: 'elsewhere' }),
      ) ?? '',
      new RegExp(
        `^'scenarios\\[${v.s}\\]\\.findings\\[${v.i}\\]\\.params\\.check\\.source\\.kind' is "elsewhere", expected one of final, snapshot`,
      ),
    );
    const p = first(real, 'PATH_MISMATCH');
    assert.match(
      broken((r) => ((r.scenarios[p.s]!.findings[p.i] as { params: unknown }).params = { problems: [] })) ?? '',
      /params\.problems' is a list, expected a list of at least one$/,
    );
    assert.match(
      broken((r) => ((r.flow_findings[0] as { params: unknown }).params = { from: 'a' })) ?? '',
      /^'flow_findings\[0\]\.params\.to' is missing, expected a string$/,
    );
  });
  test('an unknown code is refused: no renderer could say it', () => {
    const { s, i } = first(real, 'EXIT_MISMATCH');
    assert.match(
      broken((r) => ((r.scenarios[s]!.findings[i] as { code: string }).code = 'SOMETHING_NEW')) ?? '',
      /findings\[\d+\]\.code' is "SOMETHING_NEW", expected one of PATH_MISMATCH/,
    );
  });
  test('the loops and checks whose words the renderers make are checked too', () => {
    const s = real.scenarios.findIndex((x) => (x.state_machine_analysis?.loop_details.length ?? 0) > 0);
    assert.match(
      broken((r) => delete (r.scenarios[s]!.state_machine_analysis!.loop_details[0] as { cause?: unknown }).cause) ?? '',
      /loop_details\[0\]\.cause' is missing, expected a map$/,
    );
  });
});

describe('params are masked as the messages are', () => {
  test('redact-variables: a check, a loop cause and an echoed value lose their values in params as in the words', () => {
    const { scenarios } = parseScenarioFile(
      `flow: f
scenarios:
  - name: pin
    expect: { variables: { pin_code: "1111-2222" }, exit: x }
`,
      'cxone-tests/p.yaml',
    );
    const trace = [0, 1, 2, 3].map((i) => ({
      nodeId: i === 3 ? 'x' : 'ask',
      type: 'Play',
      timestamp: i,
      variables: { pin_code: `9876-000${i}` },
    }));
    trace.push({
      nodeId: 'oops',
      type: 'Play',
      timestamp: 9,
      variables: { pin_code: '9876-0003' },
      error: 'lookup of 9876-0003 failed',
    } as never);
    const collector = createReportCollector({ loopThreshold: 2, redactVariables: ['pin_*'] }, scenarios);
    collector.add(0, {
      kind: 'completed',
      attempts: 1,
      elapsedMs: 1,
      response: { path: trace.map((t) => t.nodeId), variables: { pin_code: '9876-0003' }, exitNode: 'oops', duration: 9, trace },
    });
    const [report] = collector.finish([]).scenarios;
    const findings = report!.findings;
    assert.deepEqual(findings.map((f) => f.code).sort(), ['EXIT_MISMATCH', 'LOOP_DETECTED', 'TRACE_ERROR', 'VARIABLE_MISMATCH']);
    const text = JSON.stringify(findings);
    assert.ok(!/9876|1111-2222/.test(text), text);
    const variable = findings.find((f) => f.code === 'VARIABLE_MISMATCH')!;
    assert.ok(variable.code === 'VARIABLE_MISMATCH');
    assert.deepEqual([variable.params.check.expected, variable.params.check.actual, variable.params.check.redacted], ['***', '***', true]);
    for (const f of findings) assert.equal(describeFinding(f), f.message, f.code);
  });
});
