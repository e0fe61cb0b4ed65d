// The updates a report asks of run --update (update/apply.ts): a value or a name the report's last pass masked
// is withheld, never written as ***.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObservedExpect } from '../../src/report/observed.ts';
import { MASK } from '../../src/secrets.ts';
import { updatesOf } from '../../src/update/apply.ts';

const scenario = (observed: ObservedExpect) => ({
  id: 'scenarios/a.yaml#0',
  file: 'scenarios/a.yaml',
  name: 'a',
  observed_expect: observed,
});

test('a recorded variable whose name the report masked (it held a secret) is withheld, not written under a masked name', () => {
  const observed: ObservedExpect = {
    expect: { path: ['n'], exit: 'x', variables: { [`token_${MASK}`]: 'v', kept: 1, masked_value: `a${MASK}` } },
    withheld: [],
    unsettled: [],
  };
  const updates = updatesOf({ scenarios: [scenario(observed)] as never });
  const [update] = updates.get('scenarios/a.yaml') ?? [];
  assert.deepEqual(update?.observed.expect.variables, { kept: 1 });
  assert.deepEqual(
    update?.observed.withheld.map((w) => [w.key, w.name, w.reason]),
    [
      ['variables', `token_${MASK}`, 'redacted'],
      ['variables', 'masked_value', 'redacted'],
    ],
  );
});
