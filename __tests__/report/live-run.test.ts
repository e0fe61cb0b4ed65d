// The goldens made by live runs (helpers/live-run.ts): the YAML report as the run writes it, which the
// summary, JUnit and PR-comment goldens are rendered from (golden.ts), and the console table.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { liveRun, type GoldenRun, type LiveRun } from '../helpers/live-run.ts';
import { assertGolden } from './golden.ts';

const NAMES: GoldenRun[] = ['mixed', 'passing'];

describe('golden outputs from live runs on the emulator', () => {
  const runs = new Map<GoldenRun, LiveRun>();
  before(async () => {
    for (const name of NAMES) runs.set(name, await liveRun(name));
  });

  test('a run writes the same bytes every time: fake clock, fixed inputs', async () => {
    const again = await liveRun('mixed');
    assert.equal(again.yaml, runs.get('mixed')!.yaml);
    assert.equal(again.console, runs.get('mixed')!.console);
  });

  for (const name of NAMES) {
    test(`${name}: the YAML report, as the run writes it`, () => assertGolden(`report-${name}.yaml`, runs.get(name)!.yaml));
    test(`${name}: the console table and totals, as the action logs them and the CLI prints them`, () =>
      assertGolden(`console-${name}.txt`, runs.get(name)!.console));
  }
});
