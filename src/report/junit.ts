// The JUnit XML report (`junit-path`): one <testsuite> per scenario file, one <testcase> per scenario,
// in the shape dorny/test-reporter (java-junit), EnricoMi/publish-unit-test-result-action and
// mikepenz/action-junit-report read. Broken test files and flow defects are test cases too, so a
// JUnit-only consumer cannot show green for a suite that did not run. Pure.
import { compressPath, pathView, renderPathDiff } from './details.ts';
import type { Report, ReportFlowFinding, ReportProblem, ScenarioReport } from './model.ts';
import { located, NO_LINE } from '../text.ts';
import { describeFinding, describeLoopCause } from './wording.ts';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

interface Suite {
  name: string;
  cases: string[];
  counts: Counts;
}

export function renderJunit(report: Report): string {
  const suites = new Map<string, Suite>();
  const suite = (name: string): Suite => {
    let s = suites.get(name);
    if (!s) suites.set(name, (s = { name, cases: [], counts: { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 } }));
    return s;
  };
  for (const s of report.scenarios) {
    const seconds = (s.execution_summary?.simulation_duration_ms ?? 0) / 1000;
    add(suite(s.file), scenarioCase(s, seconds), outcomeOf(s), seconds);
  }
  for (const p of report.problems) add(suite(p.file || '(inputs)'), problemCase(p), 'errors', 0);
  const failOn = new Set<string>(report.report_metadata.fail_on);
  for (const f of report.flow_findings) {
    // A warning (an unreachable node) never fails the run, so it is no failure here either.
    const failing = f.severity !== 'warning' && failOn.has(f.kind);
    add(suite(f.file), flowCase(f, failing), failing ? 'failures' : undefined, 0);
  }
  const all = [...suites.values()];
  const total = all.reduce<Counts>(
    (t, s) => ({
      tests: t.tests + s.counts.tests,
      failures: t.failures + s.counts.failures,
      errors: t.errors + s.counts.errors,
      skipped: t.skipped + s.counts.skipped,
      time: t.time + s.counts.time,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 },
  );
  const stamp = report.report_metadata.generated_at;
  const body = all.map(
    (s) =>
      `  <testsuite ${attrs({ name: s.name, ...countAttrs(s.counts), timestamp: stamp, file: s.name })}>\n${s.cases.join('')}  </testsuite>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attrs({ name: 'cxone-flow-test', ...countAttrs(total) })}>\n${body.join('')}</testsuites>\n`;
}

function add(suite: Suite, xml: string, outcome: 'failures' | 'errors' | 'skipped' | undefined, seconds: number): void {
  suite.cases.push(xml);
  suite.counts.tests++;
  suite.counts.time += seconds;
  if (outcome) suite.counts[outcome]++;
}

function outcomeOf(s: ScenarioReport): 'failures' | 'errors' | 'skipped' | undefined {
  if (s.status === 'failed') return 'failures';
  // Not run fails the run (model.ts isFailingScenario): an error, so that a JUnit reader is not green.
  if (s.status === 'error' || s.status === 'not_run') return 'errors';
  if (s.status === 'skipped') return 'skipped';
  return undefined;
}

function countAttrs(c: Counts): Record<string, string> {
  return {
    tests: String(c.tests),
    failures: String(c.failures),
    errors: String(c.errors),
    skipped: String(c.skipped),
    time: seconds(c.time),
  };
}

function seconds(value: number): string {
  return value.toFixed(3);
}

function scenarioCase(s: ScenarioReport, time: number): string {
  const open = `    <testcase ${attrs({ classname: s.file, name: s.name, time: seconds(time), file: s.file, line: String(s.line) })}`;
  const first = s.findings[0];
  if (s.status === 'skipped') return `${open}>\n      <skipped ${attrs({ message: s.reason ?? 'skipped' })}/>\n    </testcase>\n`;
  if (s.status === 'not_run') {
    const reason = `not run: ${s.reason ?? 'the run stopped before this scenario started'}`;
    return `${open}>\n      <error ${attrs({ type: 'NOT_RUN', message: reason })}>${text(`\n${located(s.file, s.line, reason)}\n      `)}</error>\n    </testcase>\n`;
  }
  if ((s.status === 'failed' || s.status === 'error') && first) {
    const tag = s.status === 'error' ? 'error' : 'failure';
    return `${open}>\n      <${tag} ${attrs({ type: String(first.code), message: describeFinding(first) })}>${text(failureBody(s))}</${tag}>\n    </testcase>\n`;
  }
  return `${open}/>\n`;
}

/** Every finding with its line, then the path diff or the executed path, then the errors. */
function failureBody(s: ScenarioReport): string {
  const lines = s.findings.map((f) => located(f.file, f.line, `${f.code}: ${describeFinding(f)}`));
  const e = s.execution_summary;
  if (e && !e.routing_valid) {
    const { edits, truncated, unsaid } = pathView(s);
    lines.push(...unsaid, '', edits.length > 0 ? renderPathDiff(e.path, edits, truncated) : `executed path: ${compressPath(s)}`);
  }
  for (const c of s.variable_validation?.checks ?? [])
    if (!c.ok)
      lines.push(
        `variable ${c.name}${c.at ? ` at ${c.at}` : ''}: expected ${JSON.stringify(c.expected)}, got ${c.actual === undefined ? 'nothing' : JSON.stringify(c.actual)}`,
      );
  for (const l of s.state_machine_analysis?.loop_details ?? [])
    lines.push(
      `loop ${l.verdict}: [${l.cycle.join(' -> ')}] x${l.iterations}, steps ${l.startIndex}-${l.endIndex}: ${describeLoopCause(l)}`,
    );
  for (const err of s.errors) lines.push(`${err.source} error${err.node_id ? ` at ${err.node_id}` : ''}: ${err.message}`);
  return `\n${lines.join('\n')}\n      `;
}

function problemCase(p: ReportProblem): string {
  const name = `${p.file || '(inputs)'} is valid`;
  return `    <testcase ${attrs({ classname: p.file || '(inputs)', name: p.key ? `${name} (${p.key})` : name, time: '0.000', ...(p.file ? { file: p.file } : {}), ...(p.file && p.line > NO_LINE ? { line: String(p.line) } : {}) })}>\n      <error ${attrs({ type: p.code, message: p.message })}>${text(`\n${located(p.file, p.line, `${p.key ? `${p.key}: ` : ''}${p.message}`)}\n      `)}</error>\n    </testcase>\n`;
}

function flowCase(f: ReportFlowFinding, failing: boolean): string {
  const message = describeFinding(f);
  const open = `    <testcase ${attrs({ classname: f.file, name: `flow ${f.flow_id ?? f.file}${f.node ? ` node ${f.node}` : ''}: ${f.code}`, time: '0.000', file: f.file, line: String(f.line) })}`;
  if (!failing) return `${open}>\n      <system-out>${text(message)}</system-out>\n    </testcase>\n`;
  return `${open}>\n      <failure ${attrs({ type: f.code, message })}>${text(`\n${located(f.file, f.line, message)}\n      `)}</failure>\n    </testcase>\n`;
}

function attrs(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${attribute(v)}"`)
    .join(' ');
}

/** XML 1.0 cannot carry most control characters at all, not even as references: they are dropped. */
function clean(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

export function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
