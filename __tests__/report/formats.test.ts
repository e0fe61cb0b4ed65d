import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load } from 'js-yaml';
import { renderConsole } from '../../src/report/console.ts';
import { renderJsonReport, renderYamlReport } from '../../src/report/formats.ts';
import { fixtureReport } from './golden.ts';

describe('report formats on a real run', () => {
  for (const name of ['mixed', 'passing'] as const) {
    test(`${name}: the JSON report parses back to exactly the YAML report's content`, () => {
      const r = fixtureReport(name);
      const fromJson = JSON.parse(renderJsonReport(r));
      assert.deepEqual(fromJson, load(renderYamlReport(r)));
      assert.deepEqual(fromJson, JSON.parse(JSON.stringify(r)));
      assert.ok(fromJson.coverage.length > 0);
    });
  }
});

describe('console table', () => {
  test('coverage per flow after the totals, when the report has it', () => {
    const text = renderConsole(fixtureReport('passing'));
    assert.match(text, /^PASSED: 3 scenarios, 3 passed, 0 failed, 0 errored, 0 loops\nCoverage of E2E menu: 8\/8 nodes \(100%\), 11\/12 branches \(91\.7%\)$/m);
  });
});
