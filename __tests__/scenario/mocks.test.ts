import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFile } from '../../src/scenario/load.ts';
import { buildDebugRequest } from '../../src/simulation/runner.ts';

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('scenario files: mocks and clock', () => {
  const text = yaml(
    'flow: main',
    'clock: 2026-12-01T09:30:00-05:00',
    'mocks:',
    '  Check hours: { branch: OnOpen }',
    '  Lookup account: { variables: { tier: std } }',
    'scenarios:',
    '  - name: gold caller',
    '    mocks:',
    '      Lookup account:',
    '        - { variables: { tier: gold } }',
    '        - { branch: OnError }',
    '  - name: after hours',
    '    clock: 2026-12-01T20:00:00-05:00',
    '    mocks: { Check hours: { branch: OnClosed } }',
    '  - name: defaults only',
  );
  const { scenarios, problems } = parseScenarioFile(text, 'cxone-tests/m.yaml');
  test('file-level mocks merge by key (the scenario wins) and the clock is a default', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(scenarios[0]!.mocks, {
      'Check hours': { branch: 'OnOpen' },
      'Lookup account': [{ variables: { tier: 'gold' } }, { branch: 'OnError' }],
    });
    assert.equal(scenarios[0]!.clock, '2026-12-01T09:30:00-05:00');
    assert.deepEqual(scenarios[1]!.mocks?.['Check hours'], { branch: 'OnClosed' });
    assert.equal(scenarios[1]!.clock, '2026-12-01T20:00:00-05:00');
    assert.deepEqual(scenarios[2]!.mocks?.['Lookup account'], { variables: { tier: 'std' } });
    assert.equal(scenarios[0]!.lines['mocks.Lookup account'], 9);
    assert.equal(scenarios[2]!.lines['mocks.Check hours'], 4);
  });
  test('the debug request carries them to the emulator, never to CXone', () => {
    const toEmulator = buildDebugRequest(scenarios[1]!, 50, true);
    assert.deepEqual(toEmulator.mocks?.['Check hours'], { branch: 'OnClosed' });
    assert.equal(toEmulator.clock, '2026-12-01T20:00:00-05:00');
    const toApi = buildDebugRequest(scenarios[1]!, 50);
    assert.equal('mocks' in toApi, false);
    assert.equal('clock' in toApi, false);
  });
  for (const c of [
    { name: 'a clock without a zone', line: '    clock: 2026-12-01T09:30:00', key: /clock/, message: /ISO 8601 date-time with a zone/ },
    { name: 'a misspelt outcome key', line: '    mocks: { Hours: { brnch: OnOpen } }', key: /mocks\.Hours/, message: /brnch/ },
    { name: 'an empty list of outcomes', line: '    mocks: { Hours: [] }', key: /mocks\.Hours/, message: /fewer than 1|at least 1|empty/ },
  ]) {
    test(`refused: ${c.name}, at its line`, () => {
      const bad = parseScenarioFile(yaml('flow: main', 'scenarios:', '  - name: one', c.line), 'cxone-tests/bad.yaml');
      assert.equal(bad.scenarios.length, 0);
      assert.equal(bad.problems.length, 1, JSON.stringify(bad.problems));
      assert.equal(bad.problems[0]!.line, 4);
      assert.match(bad.problems[0]!.key, c.key);
      assert.match(bad.problems[0]!.message, c.message);
    });
  }
});

describe('scenario files: a clock no calendar has is a problem at load, as the emulator would refuse it', () => {
  const cases: [string, string][] = [
    ['2026-02-30T09:00:00Z', 'February 30th'],
    ['2026-01-05T25:00:00Z', 'hour 25'],
    ['2026-01-05T09:00:00+99:00', 'zone +99:00'],
    ['2026-01-05T23:59:60Z', 'second 60'],
  ];
  for (const [clock, what] of cases) {
    test(`${what}: on the clock's line, that scenario dropped, the other kept`, () => {
      const text = `flow: f\nscenarios:\n  - name: bad\n    clock: "${clock}"\n    expect: { exit: x }\n  - name: good\n    clock: "2026-01-05T09:00:00Z"\n    expect: { exit: x }\n`;
      const { scenarios, problems } = parseScenarioFile(text, 't.yaml');
      assert.deepEqual(
        scenarios.map((s) => s.name),
        ['good'],
      );
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]!.line, 4);
      assert.equal(problems[0]!.key, 'scenarios[0].clock');
      assert.match(problems[0]!.message, /^'clock' ".*" is not a real date and time/);
    });
  }
  test('a file-level clock no calendar has makes the file unusable, on its line', () => {
    const { scenarios, problems } = parseScenarioFile(
      'flow: f\nclock: "2026-13-01T09:00:00Z"\nscenarios:\n  - name: a\n    expect: { exit: x }\n',
      't.yaml',
    );
    assert.equal(scenarios.length, 0);
    assert.equal(problems[0]!.line, 2);
    assert.equal(problems[0]!.key, 'clock');
  });
});
