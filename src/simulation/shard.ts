// shard: k/n (README, Workflows). A scenario's shard depends only on its id (file and position), so it lands in
// the same shard whatever else changes in the run.
import type { Scenario } from '../domain/scenario.ts';
import type { Shard } from '../settings.ts';

export function selectShard(scenarios: Scenario[], shard: Shard | undefined): Scenario[] {
  if (!shard || shard.total === 1) return scenarios;
  return scenarios.filter((s) => shardOf(s.id, shard.total) === shard.index);
}

/** 1-based shard for an id: FNV-1a, which spreads similar ids (`a.yaml#1`, `a.yaml#2`) well. */
export function shardOf(id: string, total: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % total) + 1;
}
