// The words of run --update (update/describe.ts): one line per file, then one per scenario left alone or kept
// in part; a hostile name stays on one bounded line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFileUpdate, describeUpdateRun, NOTHING_TO_UPDATE } from '../../src/update/describe.ts';

const seen = { expect: { exit: 'x' }, withheld: [], unsettled: [] };

test('what changed, file by file, and why the rest was left', () => {
  const lines = describeFileUpdate({
    file: 'cxone-tests/main.yaml',
    written: true,
    outcomes: [
      { index: 0, name: 'Press 2: support', changed: ['path', 'exit'], observed: seen },
      { index: 1, name: 'Press 1: sales', changed: ['path'], observed: { ...seen, unsettled: ['LOOP_DETECTED'] } },
      { index: 2, name: 'Shared', refused: 'alias' },
      {
        index: 3,
        name: 'Login',
        changed: ['variables'],
        observed: { ...seen, withheld: [{ key: 'variables', name: 'pin', reason: 'redacted' }] },
      },
    ],
  });
  assert.deepEqual(lines, [
    'Updated cxone-tests/main.yaml: 3 scenarios (Press 2: support — path, exit; Press 1: sales — path; Login — variables).',
    "  'Press 1: sales' still fails on a loop: the update does not settle that.",
    "  Left alone 'Shared': its expect is an alias (*name) of a value other scenarios share: edit it by hand.",
    "  Kept as written in 'Login': variables.pin (redacted or holding a secret).",
  ]);
});

test('a file not written says why; a hostile name stays on one bounded line', () => {
  const name = `evil\n::error::x ${'a'.repeat(500)}`;
  const lines = describeFileUpdate({
    file: 'f.yaml',
    written: false,
    failure: 'cannot write it (EACCES)',
    outcomes: [{ index: 0, name, refused: 'moved' }],
  });
  assert.equal(lines[0], 'Not updated f.yaml: cannot write it (EACCES); the file is as it was.');
  assert.equal(lines.length, 2);
  assert.ok(!lines[1]!.includes('\n') && lines[1]!.length < 300, lines[1]);
});

test('nothing to update, and the failing scenarios nothing can be recorded for', () => {
  assert.deepEqual(describeUpdateRun([], 0), [NOTHING_TO_UPDATE]);
  assert.deepEqual(describeUpdateRun([], 2), [
    '2 failing scenarios have nothing to record (an error, an infinite loop, a failure on a loop or a duration alone, or not run): they need a look.',
  ]);
});
