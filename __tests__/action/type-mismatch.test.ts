// A type mismatch is reported as such, for people and for machines: the spawned action's check carries
// mismatch: type, and the words, the annotation and the summary say "type mismatch".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeWorkspace, runAction, writeFiles } from '../helpers/action.ts';

test('selected_option: 2 (a number) against the "2" a menu sets is a type mismatch', { timeout: 120_000 }, async () => {
  const workspace = makeWorkspace({ flows: 'e2e/flows' });
  writeFiles(workspace, {
    'cxone-tests/types.yaml': `flow: 11111111-2222-3333-4444-555555555555
scenarios:
  - name: Digits are strings
    input: { dtmf: "2" }
    expect:
      variables:
        selected_option: 2
        attempt_count: { exists: false }
`,
  });
  const run = await runAction({ workspace, inputs: { target: 'emulator', flows: 'flows/*.yaml' } });
  assert.equal(run.outputs.conclusion, 'failure', run.stdout);
  const [check] = run.report.scenarios[0].variable_validation.checks;
  assert.deepEqual([check.name, check.ok, check.mismatch, check.expected, check.actual], ['selected_option', false, 'type', 2, '2']);
  assert.deepEqual(check.failures, [{ rule: 'equals', expected: 2, actual: '2' }]);
  const words = 'selected_option: type mismatch: expected 2 (number), got "2" (string)';
  assert.equal(check.message, words);
  assert.equal(run.report.scenarios[0].findings[0].message, words);
  assert.ok(
    run.annotations.some((a) => a.level === 'error' && a.message.startsWith(words) && a.line === 7),
    JSON.stringify(run.annotations),
  );
  assert.ok(run.summary.includes('type mismatch'));
});
