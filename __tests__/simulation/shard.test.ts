import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardOf } from '../../src/simulation/shard.ts';

test('every scenario lands in exactly one shard, always the same one, and shards are balanced', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `cxone-tests/suite-${i % 17}.yaml#${i}`);
  for (const total of [2, 4, 7]) {
    const counts = new Array(total + 1).fill(0);
    for (const id of ids) {
      const k = shardOf(id, total);
      assert.ok(k >= 1 && k <= total);
      assert.equal(shardOf(id, total), k);
      counts[k]++;
    }
    const expected = ids.length / total;
    for (let k = 1; k <= total; k++) assert.ok(Math.abs(counts[k] - expected) < expected * 0.25, `shard ${k}/${total} has ${counts[k]}`);
  }
});
