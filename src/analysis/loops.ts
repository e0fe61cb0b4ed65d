// Loop detection (README, How findings are decided): the tutorial's trigger (a node visited more than `threshold` times), then for
// each distinct cycle its repeating segment, iterations, span and a verdict. Linear in the path.
import type { TraceEntry } from '../domain/wire.ts';
import type { JsonValue } from '../domain/json.ts';
import { deepEqual } from './format.ts';
import { GapGroups } from './gap-groups.ts';
import { hashGaps, indexPath } from './path-index.ts';
import type { PathIndex } from './path-index.ts';
import type { LoopAnalysis, LoopCause, LoopDetail } from '../domain/findings.ts';

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
  /** gapKeys[v]: the content hash of the stretch from visit v to the same node's next visit. */
  gapKeys: Float64Array;
  /** inputs[i]: trace entries before step i that consumed input (i up to the trace's length). */
  inputs: Int32Array;
  groups: GapGroups;
}

export function detectLoops(path: string[], trace: TraceEntry[], opts: LoopOptions): LoopAnalysis {
  const hitMaxLoops = opts.hitMaxLoops === true || trace.at(-1)?.status === 'MaxLoopsExceeded';
  const index = indexPath(path);
  const candidates = pickCandidates(index, opts.threshold, hitMaxLoops);
  const details: LoopDetail[] = [];
  if (candidates.length > 0) {
    const ctx: LoopContext = { path, trace, index, gapKeys: hashGaps(index), inputs: countInputs(trace), groups: new GapGroups() };
    const claimed = new Uint8Array(index.names.length);
    const claim = claimer(index.ids, claimed);
    for (const id of candidates) {
      if (claimed[id] === 1) continue;
      const { detail, start } = describeCycle(ctx, id);
      // Every node of this cycle belongs to this loop: one loop, reported once, by its entry node.
      claim(start, start + detail.cycleLength);
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
    // maxLoops below the threshold still means the flow looped (CXone stopped it): take the busiest node.
    let busiest = -1;
    index.counts.forEach((count, id) => {
      if (count >= 2 && (busiest < 0 || count > index.counts[busiest]!)) busiest = id;
    });
    if (busiest >= 0) ids.push(busiest);
  }
  return ids.sort((a, b) => index.first[a]! - index.first[b]!);
}

/**
 * Marks the nodes of path[start, end) as claimed without rescanning cycles claimed before. A later
 * cycle runs between two visits of a node that no earlier cycle contains, so an earlier cycle lies
 * inside it or apart from it, never across its ends: jumping over the enclosed ones visits each
 * step once in all. Rescanning them made nested cycles quadratic in the path length.
 */
function claimer(ids: Int32Array, claimed: Uint8Array): (start: number, end: number) => void {
  // claimedUntil[i]: the end of the cycle claimed from step i (cycles start at distinct steps), or 0.
  const claimedUntil = new Int32Array(ids.length);
  return (start, end) => {
    for (let i = start; i < end; ) {
      if (claimedUntil[i]! > i) {
        i = claimedUntil[i]!;
      } else {
        claimed[ids[i]!] = 1;
        i++;
      }
    }
    claimedUntil[start] = end;
  };
}

/**
 * The cycle of an entry node is the stretch between two consecutive visits that recurs most often
 * (ties: the shorter, then the earlier): with A B C B C B C B D, node B has cycle [B, C] × 3.
 */
function describeCycle(ctx: LoopContext, id: number): { detail: LoopDetail; start: number } {
  const { index, gapKeys, path, groups } = ctx;
  const { visits, visitStart } = index;
  groups.reset(index.counts[id]! - 1);
  const { counts, lens } = groups; // after reset, which may replace the arrays
  let best = -1;
  for (let v = visitStart[id]!, end = visitStart[id + 1]! - 1; v < end; v++) {
    const at = visits[v]!;
    const to = visits[v + 1]!;
    const group = groups.add(gapKeys[v]!, at, to - at);
    if (best < 0 || counts[group]! > counts[best]! || (counts[group] === counts[best] && lens[group]! < lens[best]!)) best = group;
  }
  const start = best < 0 ? index.first[id]! : groups.starts[best]!;
  const len = best < 0 ? 1 : lens[best]!;
  const detail: LoopDetail = {
    nodeId: index.names[id]!,
    occurrences: index.counts[id]!,
    cycle: path.slice(start, start + Math.min(len, MAX_CYCLE_NODES)),
    cycleLength: len,
    iterations: best < 0 ? 0 : counts[best]!,
    startIndex: index.first[id]!,
    endIndex: index.last[id]!,
    verdict: 'retry',
    cause: { kind: 'no_repeat' },
  };
  return { detail, start };
}

function judgeLoops(ctx: LoopContext, details: LoopDetail[], hitMaxLoops: boolean): void {
  const lastStep = ctx.path.length - 1;
  // The loop still running when maxLoops stopped the run is the infinite one; a retry loop that
  // ended earlier is not condemned with it. If none reaches the end, the latest one is to blame.
  // A set: many loops can be running at once, and a list's includes() made that quadratic.
  const running = new Set(details.filter((d) => lastStep - d.endIndex < d.cycleLength));
  if (hitMaxLoops && running.size === 0 && details.length > 0) {
    running.add(details.reduce((a, b) => (b.endIndex > a.endIndex ? b : a)));
  }
  for (const detail of details) {
    if (hitMaxLoops && running.has(detail)) {
      detail.verdict = 'infinite';
      detail.cause = { kind: 'max_loops' };
    } else Object.assign(detail, judgeByState(ctx, detail));
  }
}

/** Same node, same variables, no input consumed since: a deterministic flow repeats forever. */
function judgeByState(ctx: LoopContext, detail: LoopDetail): Pick<LoopDetail, 'verdict' | 'cause'> {
  const { path, trace, index, inputs } = ctx;
  let firstDifference: LoopCause | undefined;
  const { visits, visitStart } = index;
  const id = index.ids[detail.startIndex]!;
  for (let v = visitStart[id]!, end = visitStart[id + 1]! - 1; v < end; v++) {
    const at = visits[v]!;
    const to = visits[v + 1]!;
    const before = snapshotAt(trace, path, at);
    const after = snapshotAt(trace, path, to);
    if (before === undefined || after === undefined) {
      firstDifference ??= { kind: 'no_variables', step: before === undefined ? at : to };
      // Past the trace's end no later visit has variables either: nothing left to find.
      if (to >= trace.length) break;
      continue;
    }
    const consumed = inputs[to + 1]! - inputs[at + 1]!;
    if (consumed === 0 && deepEqual(before, after)) return { verdict: 'infinite', cause: { kind: 'same_state', at, to } };
    firstDifference ??= consumed > 0 ? { kind: 'input_consumed', at, to } : findChange(before, after);
  }
  return { verdict: 'retry', cause: firstDifference ?? { kind: 'no_repeat' } };
}

function snapshotAt(trace: readonly TraceEntry[], path: readonly string[], step: number): Record<string, JsonValue> | undefined {
  const entry = trace[step];
  return entry !== undefined && entry.nodeId === path[step] ? entry.variables : undefined;
}

/** The first variable whose value differs between two visits, with both values. */
function findChange(before: Record<string, JsonValue>, after: Record<string, JsonValue>): LoopCause {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const name of names) {
    if (deepEqual(before[name], after[name])) continue;
    const change: LoopCause = { kind: 'variables_changed', variable: name };
    if (Object.hasOwn(before, name)) change.before = before[name]!;
    if (Object.hasOwn(after, name)) change.after = after[name]!;
    return change;
  }
  return { kind: 'no_repeat' };
}

/**
 * Prefix counts of trace entries that consumed input (a non-empty `input`, as GatherInput records).
 * Only steps inside the trace are compared (both need variables), so the trace's length suffices.
 */
function countInputs(trace: readonly TraceEntry[]): Int32Array {
  const inputs = new Int32Array(trace.length + 1);
  for (let i = 0; i < trace.length; i++) {
    const input = trace[i]?.input;
    inputs[i + 1] = inputs[i]! + (typeof input === 'string' && input.length > 0 ? 1 : 0);
  }
  return inputs;
}
