// A normal run's coverage section names the connectors no input can take, with why, as warnings (the
// console, the report's `coverage[].unreachable`, the job summary), and `generate` lists the same ones.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { renderSummary } from '../../src/report/summary.ts';
import type { Report } from '../../src/report/model.ts';
import { writeFiles } from '../helpers/action.ts';
import { cli } from '../helpers/cli.ts';

const FLOW = `id: defects
start: start
nodes:
  start: { type: Start, next: set_mode }
  set_mode: { type: SetVariable, set: { mode: day }, next: is_night }
  is_night:
    type: Condition
    if: { variable: mode, op: eq, value: night }
    then: night
    else: menu
  menu:
    type: GatherInput
    options: { "1": done }
    intents: { pay: done, pay bill: night }
    noMatch: done
    noInput: done
  night: { type: Play, prompt: closed, next: done }
  old_promo: { type: Play, prompt: never played, next: done }
  done: { type: Exit }
`;

const SCENARIOS = `flow: defects
scenarios:
  - name: press 1
    input: { dtmf: "1" }
    expect: { exit: done }
`;

describe('coverage warnings for connectors no input can take', () => {
  test('a run on the emulator warns of each, with why; generate lists the same connectors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-unreach-'));
    writeFiles(dir, { 'flows/defects.yaml': FLOW, 'tests/defects.yaml': SCENARIOS });
    const run = await cli(
      ['run', '--target', 'emulator', '--flows', 'flows/*.yaml', '--scenarios', 'tests/*.yaml', '--json-report-path', 'r.json'],
      { cwd: dir },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('  warning: connector'));
    assert.deepEqual(warnings, [
      "  warning: connector 'is_night' → 'night' (then, line 6) can never be taken: 'mode' holds the same value here on every path (the flow sets it), so this side is never taken",
      "  warning: connector 'menu' → 'night' (intent pay bill, line 11) can never be taken: 'pay bill' is always taken by the earlier 'pay' first",
      "  warning: connector 'night' → 'done' (next, line 17) can never be taken: every connector into 'night' is one no input can take",
      "  warning: connector 'old_promo' → 'done' (next, line 18) can never be taken: nothing leads to 'old_promo'",
    ]);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as Report;
    const codes = report.coverage?.[0]?.unreachable?.map((u) => u.reason.code);
    assert.deepEqual(codes, ['contradicted', 'shadowed', 'only_through_unreachable', 'orphan']);
    // The constant's value stays out of the report (the variable may be one redact-variables masks).
    assert.deepEqual(report.coverage?.[0]?.unreachable?.[0]?.reason, {
      code: 'contradicted',
      params: { node: 'is_night', variable: 'mode' },
    });
    const summary = renderSummary(report);
    assert.match(summary, /> \[!WARNING\]\n> Connectors no input can take/);
    assert.match(summary, /> - defects: connector 'old_promo' → 'done' \(next, line 18\) can never be taken: nothing leads to 'old_promo'/);

    const gen = await cli(['generate', '--flows', 'flows/*.yaml', '--out', 'generated'], { cwd: dir });
    assert.equal(gen.code, 0, gen.stderr);
    const listed = gen.stderr.split('\n').filter((l) => l.includes('can never be taken:'));
    assert.equal(listed.length, 4, gen.stderr);
    assert.match(
      gen.stderr,
      /flows\/defects\.yaml:6: warning: connector 'is_night' → 'night' \(then, line 6\) can never be taken: 'mode' holds "day" here on every path/,
    );
    const text = readFileSync(path.join(dir, 'generated', 'defects.yaml'), 'utf8');
    assert.match(text, /^# Connectors no scenario takes:\n# {3}is_night --then--> night \(line 6\): 'mode' holds "day" here/m);
  });
});
