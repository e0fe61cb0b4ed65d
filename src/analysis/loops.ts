// Loop detection (SPEC 6): the seed's trigger (a node visited more than `threshold` times), then for
// each distinct cycle its repeating segment, iterations, span and a verdict. Linear in the path.
import type { TraceEntry } from '../api/types.ts';
import type { JsonValue } from '../scenario/types.ts';
import { deepEqual, formatNodes, formatValue, plural } from './format.ts';
import { hashPath, indexPath } from './path-index.ts';
import type { PathIndex, SegmentHasher } from './path-index.ts';
import type { LoopAnalysis, LoopDetail } from './types.ts';

/** Nodes of a cycle kept in the report; the full length is in cycleLength. */
export const MAX_CYCLE_NODES = 50;

export interface LoopOptions {
  threshold: number;
  hitMaxLoops?: boolean;
}

interface LoopContext {
  path: readonly string[];
  trace: readonly TraceEntry[];
  index: PathIndex;
  hasher: SegmentHasher;
  /** inputs[i]: trace entries before step i that consumed input. */
  inputs: Int32Array;
}

export function detectLoops(path: string[], trace: TraceEntry[], opts: LoopOptions): LoopAnalysis {
  const hitMaxLoops = opts.hitMaxLoops === true || trace.at(-1)?.status === 'MaxLoopsExceeded';
  const index = indexPath(path);
  const candidates = pickCandidates(index, opts.threshold, hitMaxLoops);
  const details: LoopDetail[] = [];
  if (candidates.length > 0) {
    const ctx: LoopContext = { path, trace, index, hasher: hashPath(index.ids), inputs: countInputs(trace, path.length) };
    const claimed = new Uint8Array(index.names.length);
    for (const id of candidates) {
      if (claimed[id] === 1) continue;
      const { detail, start } = describeCycle(ctx, id);
      // Every node of this cycle belongs to this loop: one loop, reported once, by its entry node.
      for (let i = start; i < start + detail.cycleLength; i++) claimed[index.ids[i]!] = 1;
      details.push(detail);
    }
    judgeLoops(ctx, details, hitMaxLoops);
  }
  return {
    has_loops: details.length > 0 || hitMaxLoops,
    loop_details: details,
    total_nodes_executed: path.length,
    unique_nodes: index.names.length,
    hit_max_loops: hitMaxLoops,
  };
}

/** Node ids over the threshold, in order of first visit (so the entry node of a cycle comes first). */
function pickCandidates(index: PathIndex, threshold: number, hitMaxLoops: boolean): number[] {
  const ids: number[] = [];
  index.counts.forEach((count, id) => {
    if (count > threshold) ids.push(id);
  });
  if (ids.length === 0 && hitMaxLoops) {
    // maxLoops below the threshold still means the flow looped (SPEC 4): take the busiest node.
    let busiest = -1;
    index.counts.forEach((count, id) => {
      if (count >= 2 && (busiest < 0 || count > index.counts[busiest]!)) busiest = id;
    });
    if (busiest >= 0) ids.push(busiest);
  }
  return ids.sort((a, b) => index.first[a]! - index.first[b]!);
}

/**
 * The cycle of an entry node is the stretch between two consecutive visits that recurs most often
 * (ties: the shorter, then the earlier): with A B C B C B C B D, node B has cycle [B, C] × 3.
 */
function describeCycle(ctx: LoopContext, id: number): { detail: LoopDetail; start: number } {
  const { index, hasher, path } = ctx;
  const groups = new Map<number, { count: number; start: number; len: number }>();
  let best: { count: number; start: number; len: number } | undefined;
  for (let at = index.first[id]!, to = index.next[at]!; to >= 0; at = to, to = index.next[to]!) {
    const key = hasher.keyOf(at, to);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { count: 0, start: at, len: to - at }));
    group.count++;
    if (!best || group.count > best.count || (group.count === best.count && group.len < best.len)) best = group;
  }
  const start = best?.start ?? index.first[id]!;
  const len = best?.len ?? 1;
  const detail: LoopDetail = {
    nodeId: index.names[id]!,
    occurrences: index.counts[id]!,
    cycle: path.slice(start, start + Math.min(len, MAX_CYCLE_NODES)),
    cycleLength: len,
    iterations: best?.count ?? 0,
    startIndex: index.first[id]!,
    endIndex: index.last[id]!,
    verdict: 'retry',
    reason: '',
  };
  return { detail, start };
}

function judgeLoops(ctx: LoopContext, details: LoopDetail[], hitMaxLoops: boolean): void {
  const lastStep = ctx.path.length - 1;
  // The loop still running when maxLoops stopped the run is the infinite one; a retry loop that
  // ended earlier is not condemned with it. If none reaches the end, the latest one is to blame.
  let running = details.filter((d) => lastStep - d.endIndex < d.cycleLength);
  if (hitMaxLoops && running.length === 0 && details.length > 0) {
    running = [details.reduce((a, b) => (b.endIndex > a.endIndex ? b : a))];
  }
  for (const detail of details) {
    if (hitMaxLoops && running.includes(detail)) {
      detail.verdict = 'infinite';
      detail.reason = `the run hit maxLoops while repeating ${formatNodes(detail.cycle)}`;
    } else Object.assign(detail, judgeByState(ctx, detail));
  }
}

/** Same node, same variables, no input consumed since: a deterministic flow repeats forever. */
function judgeByState(ctx: LoopContext, detail: LoopDetail): Pick<LoopDetail, 'verdict' | 'reason'> {
  const { path, trace, index, inputs } = ctx;
  let firstDifference: string | undefined;
  for (let at = detail.startIndex, to = index.next[at]!; to >= 0; at = to, to = index.next[to]!) {
    const before = snapshotAt(trace, path, at);
    const after = snapshotAt(trace, path, to);
    if (before === undefined || after === undefined) {
      firstDifference ??= `the trace has no variables at step ${before === undefined ? at : to} (includeVariables off?), so a repeated state cannot be shown`;
      continue;
    }
    const consumed = inputs[to + 1]! - inputs[at + 1]!;
    if (consumed === 0 && deepEqual(before, after)) {
      const reason = `${detail.nodeId} was reached again at step ${to} with the same variables as at step ${at} and no input in between; a deterministic flow in the same state repeats forever`;
      return { verdict: 'infinite', reason };
    }
    firstDifference ??= consumed > 0 ? `input was consumed between visits (steps ${at}–${to})` : `variables changed between visits (${describeChange(before, after)})`;
  }
  return { verdict: 'retry', reason: `${firstDifference ?? 'no repeated state'}; treated as a retry loop` };
}

function snapshotAt(trace: readonly TraceEntry[], path: readonly string[], step: number): Record<string, JsonValue> | undefined {
  const entry = trace[step];
  return entry !== undefined && entry.nodeId === path[step] ? entry.variables : undefined;
}

function describeChange(before: Record<string, JsonValue>, after: Record<string, JsonValue>): string {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const name of names) {
    if (!deepEqual(before[name], after[name])) return `${name}: ${formatValue(before[name])} → ${formatValue(after[name])}`;
  }
  return 'values differ';
}

/** Prefix counts of trace entries that consumed input (a non-empty `input`, as GatherInput records). */
function countInputs(trace: readonly TraceEntry[], length: number): Int32Array {
  const n = Math.max(length, trace.length);
  const inputs = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const input = trace[i]?.input;
    inputs[i + 1] = inputs[i]! + (typeof input === 'string' && input.length > 0 ? 1 : 0);
  }
  return inputs;
}

export function describeLoop(detail: LoopDetail): string {
  const cycle = detail.cycleLength > detail.cycle.length ? `${formatNodes(detail.cycle)} (${detail.cycleLength} nodes)` : formatNodes(detail.cycle);
  const kind = detail.verdict === 'infinite' ? 'infinite loop' : 'retry loop';
  const span = `${plural(detail.iterations, 'iteration')}, ${detail.occurrences} visits, steps ${detail.startIndex}–${detail.endIndex}`;
  return `${kind} at ${detail.nodeId}: cycle ${cycle}, ${span}: ${detail.reason}`;
}
