import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderJunit } from '../../src/report/junit.ts';
import { finding, report, scenario } from '../helpers/report.ts';
import { assertGolden, fixtureReport } from './golden.ts';
import { NO_LINE } from '../../src/text.ts';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Just enough XML to read JUnit back: a prolog, elements, double-quoted attributes, text, the five entities and numeric references. Throws on anything malformed. */
function parseXml(xml: string): XmlElement {
  const decode = (s: string) =>
    s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!,
    );
  let i = 0;
  const expect = (re: RegExp): RegExpExecArray => {
    re.lastIndex = i;
    const m = re.exec(xml);
    if (!m) throw new Error(`malformed XML at ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
    i = re.lastIndex;
    return m;
  };
  expect(/<\?xml version="1\.0" encoding="UTF-8"\?>\s*/y);
  const element = (): XmlElement => {
    const open = expect(/<([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/y);
    const attrs: Record<string, string> = {};
    for (const a of open[2]!.matchAll(/([\w-]+)="([^"]*)"/g)) {
      assert.ok(!(a[1]! in attrs), `duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const el: XmlElement = { name: open[1]!, attrs, children: [], text: '' };
    if (open[3]) return el;
    for (;;) {
      const text = expect(/[^<]*/y)[0];
      assert.ok(!/&(?!(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);)/i.test(text), `bare & in text: ${text}`);
      el.text += decode(text);
      if (xml.startsWith('</', i)) break;
      el.children.push(element());
    }
    expect(new RegExp(`</${el.name}>\\s*`, 'y'));
    return el;
  };
  const root = element();
  assert.equal(i, xml.length, 'nothing after the root element');
  return root;
}

const all = (el: XmlElement, name: string): XmlElement[] => [
  ...(el.name === name ? [el] : []),
  ...el.children.flatMap((c) => all(c, name)),
];

describe('renderJunit', () => {
  const r = fixtureReport('mixed');
  const xml = renderJunit(r);
  const root = parseXml(xml);

  test('golden file', () => assertGolden('junit-mixed.xml', xml));

  test('one testsuite per scenario file (and per broken file), one testcase per scenario; counts add up', () => {
    assert.equal(root.name, 'testsuites');
    const suites = all(root, 'testsuite');
    for (const file of r.report_metadata.scenario_files)
      assert.ok(
        suites.some((s) => s.attrs['name'] === file),
        file,
      );
    assert.ok(
      suites.some((s) => s.attrs['name'] === 'flows/broken-ref.yaml'),
      'the flow defect has its suite',
    );
    const cases = all(root, 'testcase');
    assert.equal(cases.length, r.scenarios.length + r.problems.length + r.flow_findings.length);
    for (const s of suites) {
      const own = s.children.filter((c) => c.name === 'testcase');
      assert.equal(Number(s.attrs['tests']), own.length);
      assert.equal(Number(s.attrs['failures']), own.filter((c) => c.children.some((x) => x.name === 'failure')).length);
      assert.equal(Number(s.attrs['errors']), own.filter((c) => c.children.some((x) => x.name === 'error')).length);
    }
    assert.deepEqual(
      { tests: root.attrs['tests'], failures: root.attrs['failures'], errors: root.attrs['errors'], skipped: root.attrs['skipped'] },
      { tests: '16', failures: String(r.summary.failed + 1), errors: String(r.summary.errored + r.problems.length), skipped: '0' },
    );
  });

  test("what dorny/test-reporter's phpunit-junit reads: file (workspace-relative) and line on every scenario testcase", () => {
    const cases = all(root, 'testcase').filter((c) =>
      r.scenarios.some((s) => s.file === c.attrs['classname'] && s.name === c.attrs['name']),
    );
    assert.equal(cases.length, r.scenarios.length);
    for (const c of cases) {
      const s = r.scenarios.find((x) => x.file === c.attrs['classname'] && x.name === c.attrs['name'])!;
      assert.deepEqual([c.attrs['file'], c.attrs['line']], [s.file, String(s.line)]);
      assert.ok(!c.attrs['file']!.startsWith('/'), 'relative, as the tracked files it is matched against');
    }
  });

  test('an unreachable node (a warning) is no failure; a problem with no line has no line attribute', () => {
    const unreachable = all(root, 'testcase').filter((c) => c.attrs['name']!.endsWith('FLOW_UNREACHABLE'));
    assert.equal(unreachable.length, 2);
    assert.ok(unreachable.every((c) => !c.children.some((x) => x.name === 'failure')));
    const withProblem = fixtureReport('mixed');
    withProblem.problems = [{ code: 'SCENARIO_READ', file: 'cxone-tests/huge.yaml', line: NO_LINE, key: '', message: 'too big' }];
    const problem = all(parseXml(renderJunit(withProblem)), 'testcase').find((c) => c.attrs['classname'] === 'cxone-tests/huge.yaml')!;
    assert.deepEqual([problem.attrs['file'], problem.attrs['line']], ['cxone-tests/huge.yaml', undefined]);
    assert.match(renderJunit(withProblem), /\ncxone-tests\/huge\.yaml: too big\n/, 'the body names the file alone');
  });

  test('a failure: classname is the file, type the finding code, the body has every finding and the path diff', () => {
    const c = all(root, 'testcase').find(
      (x) => x.attrs['classname'] === 'cxone-tests/broken/routing-bug.yaml' && x.attrs['name'] === 'Option 2 routes to support',
    )!;
    assert.deepEqual(
      { time: c.attrs['time'], file: c.attrs['file'], line: c.attrs['line'] },
      { time: '0.195', file: 'cxone-tests/broken/routing-bug.yaml', line: '12' },
    );
    const failure = c.children[0]!;
    assert.equal(failure.name, 'failure');
    assert.equal(failure.attrs['type'], 'PATH_MISMATCH');
    assert.match(failure.attrs['message']!, /^path differs at step 5/);
    assert.match(failure.text, /cxone-tests\/broken\/routing-bug\.yaml:15: PATH_MISMATCH: path differs/);
    assert.match(failure.text, /- node_check_tier\n- node_route_support\n\+ 5 node_route_sales/);
  });

  test('a loop failure names the cycle and the variable expected vs actual', () => {
    const c = all(root, 'testcase').find((x) => x.attrs['name'] === 'Three silent attempts reach the operator')!;
    assert.equal(c.children[0]!.attrs['type'], 'LOOP_DETECTED');
    assert.match(c.children[0]!.text, /loop infinite: \[node_menu -> node_retry -> node_check_attempts\] x50/);
    assert.match(c.children[0]!.text, /variable attempt_count: expected 3, got 0/);
  });

  test('an errored scenario is an <error>, a malformed file too', () => {
    const errors = all(root, 'error');
    assert.deepEqual(
      errors.map((e) => e.attrs['type']),
      ['API_ERROR', 'SCENARIO_SCHEMA'],
    );
  });

  test('a skipped scenario is <skipped>; one not run fails the run, so it is an <error> with the reason, not skipped', () => {
    const x = parseXml(
      renderJunit(
        report([
          scenario({ name: 'a', status: 'skipped', reason: 'skip: true' }),
          scenario({ name: 'b', status: 'not_run', reason: "no flow 'acme-mian' in flows" }),
        ]),
      ),
    );
    assert.deepEqual(
      all(x, 'skipped').map((s) => s.attrs['message']),
      ['skip: true'],
    );
    assert.deepEqual(
      all(x, 'error').map((e) => [e.attrs['type'], e.attrs['message']]),
      [['NOT_RUN', "not run: no flow 'acme-mian' in flows"]],
    );
    assert.equal(x.attrs['skipped'], '1');
    assert.equal(x.attrs['errors'], '1');
  });

  test('names and messages with markup, quotes, control characters and newlines round-trip escaped', () => {
    const name = `<a href="x">'&'</a>\u0001\nnext ]]>`;
    const findings = [finding('PATH_MISMATCH', { index: 0, expected: name, actual: null, edits: 1 }, { file: 'a&b.yaml', line: 2 })];
    const x = parseXml(renderJunit(report([scenario({ name, status: 'failed', findings })])));
    const c = all(x, 'testcase')[0]!;
    assert.equal(c.attrs['name'], `<a href="x">'&'</a>\nnext ]]>`);
    assert.equal(
      c.children[0]!.attrs['message'],
      `path differs at step 0: expected <a href="x">'&'</a>\nnext ]]>, got the end of the path`,
    );
    assert.match(c.children[0]!.text, /a&b\.yaml:2: PATH_MISMATCH: path differs at step 0: expected <a href="x">'&'<\/a>\nnext ]]>, got/);
  });
});
