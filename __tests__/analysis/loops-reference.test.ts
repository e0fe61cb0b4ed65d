// detectLoops against a straightforward reference: the same rules (README, How findings are decided) written the plain way,
// with stretches compared element by element instead of by rolling hash, and every scan repeated
// over the whole path. The fast version (visit lists, gap hashes in one pass, a typed-array group
// table, claimed cycles skipped) must give the same LoopAnalysis on thousands of small random paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deepEqual } from '../../src/analysis/format.ts';
import { detectLoops, MAX_CYCLE_NODES } from '../../src/analysis/loops.ts';
import type { LoopAnalysis, LoopCause, LoopDetail } from '../../src/domain/findings.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';
import type { JsonValue } from '../../src/domain/json.ts';
import { caseRng } from '../fuzz/helpers/prng.ts';
import type { Rng } from '../fuzz/helpers/prng.ts';

const CASES = 4_000;

// ---- the reference ----

const visitsOf = (path: string[], node: string): number[] => path.flatMap((n, i) => (n === node ? [i] : []));

function referenceCandidates(path: string[], threshold: number, hitMaxLoops: boolean): string[] {
  const nodes = [...new Set(path)]; // in order of first visit
  const over = nodes.filter((n) => visitsOf(path, n).length > threshold);
  if (over.length > 0 || !hitMaxLoops) return over;
  let busiest: string | undefined;
  for (const n of nodes) {
    const count = visitsOf(path, n).length;
    if (count >= 2 && (busiest === undefined || count > visitsOf(path, busiest).length)) busiest = n;
  }
  return busiest === undefined ? [] : [busiest];
}

/** Groups the stretches between consecutive visits by content; the best one as the rules say. */
function referenceCycle(path: string[], node: string): { detail: LoopDetail; start: number } {
  const visits = visitsOf(path, node);
  const groups: { stretch: string[]; start: number; count: number }[] = [];
  let best: (typeof groups)[number] | undefined;
  for (let k = 0; k + 1 < visits.length; k++) {
    const stretch = path.slice(visits[k], visits[k + 1]);
    let group = groups.find((g) => g.stretch.length === stretch.length && g.stretch.every((n, i) => n === stretch[i]));
    if (!group) groups.push((group = { stretch, start: visits[k]!, count: 0 }));
    group.count++;
    if (!best || group.count > best.count || (group.count === best.count && group.stretch.length < best.stretch.length)) best = group;
  }
  const len = best?.stretch.length ?? 1;
  const start = best?.start ?? visits[0]!;
  const detail: LoopDetail = {
    nodeId: node,
    occurrences: visits.length,
    cycle: path.slice(start, start + Math.min(len, MAX_CYCLE_NODES)),
    cycleLength: len,
    iterations: best?.count ?? 0,
    startIndex: visits[0]!,
    endIndex: visits.at(-1)!,
    verdict: 'retry',
    cause: { kind: 'no_repeat' },
  };
  return { detail, start };
}

function referenceState(path: string[], trace: TraceEntry[], d: LoopDetail): Pick<LoopDetail, 'verdict' | 'cause'> {
  const visits = visitsOf(path, d.nodeId);
  const snapshot = (i: number) => (trace[i] !== undefined && trace[i].nodeId === path[i] ? trace[i].variables : undefined);
  let first: LoopCause | undefined;
  for (let k = 0; k + 1 < visits.length; k++) {
    const [at, to] = [visits[k]!, visits[k + 1]!];
    const [before, after] = [snapshot(at), snapshot(to)];
    if (before === undefined || after === undefined) {
      first ??= { kind: 'no_variables', step: before === undefined ? at : to };
      continue;
    }
    const consumed = trace.slice(at + 1, to + 1).some((e) => typeof e.input === 'string' && e.input.length > 0);
    if (!consumed && deepEqual(before, after)) return { verdict: 'infinite', cause: { kind: 'same_state', at, to } };
    first ??= consumed ? { kind: 'input_consumed', at, to } : change(before, after);
  }
  return { verdict: 'retry', cause: first ?? { kind: 'no_repeat' } };
}

function change(before: Record<string, JsonValue>, after: Record<string, JsonValue>): LoopCause {
  const name = [...new Set([...Object.keys(before), ...Object.keys(after)])].find((k) => !deepEqual(before[k], after[k]));
  if (name === undefined) return { kind: 'no_repeat' };
  return {
    kind: 'variables_changed',
    variable: name,
    ...(Object.hasOwn(before, name) && { before: before[name] }),
    ...(Object.hasOwn(after, name) && { after: after[name] }),
  };
}

function reference(path: string[], trace: TraceEntry[], threshold: number, hitMaxLoopsOpt: boolean | undefined): LoopAnalysis {
  const hitMaxLoops = hitMaxLoopsOpt === true || trace.at(-1)?.status === 'MaxLoopsExceeded';
  const claimed = new Set<string>();
  const details: LoopDetail[] = [];
  for (const node of referenceCandidates(path, threshold, hitMaxLoops)) {
    if (claimed.has(node)) continue;
    const { detail, start } = referenceCycle(path, node);
    path.slice(start, start + detail.cycleLength).forEach((n) => claimed.add(n));
    details.push(detail);
  }
  const last = path.length - 1;
  let running = details.filter((d) => last - d.endIndex < d.cycleLength);
  if (hitMaxLoops && running.length === 0 && details.length > 0) running = [details.reduce((a, b) => (b.endIndex > a.endIndex ? b : a))];
  for (const d of details) {
    if (hitMaxLoops && running.includes(d)) Object.assign(d, { verdict: 'infinite', cause: { kind: 'max_loops' } });
    else Object.assign(d, referenceState(path, trace, d));
  }
  return {
    has_loops: details.length > 0 || hitMaxLoops,
    loop_details: details,
    total_nodes_executed: path.length,
    unique_nodes: new Set(path).size,
    hit_max_loops: hitMaxLoops,
  };
}

// ---- random inputs ----

/** Random steps, repeated segments (so cycles recur and tie), or nested cycles (each enclosing the last). */
function randomPath(rng: Rng): string[] {
  const alphabet = rng.between(1, 6);
  const length = rng.int(70);
  const node = (): string => `n${rng.int(alphabet)}`;
  const kind = rng.int(3);
  if (kind === 0) return Array.from({ length }, node);
  if (kind === 1) {
    const path: string[] = [];
    while (path.length < length) {
      const segment = Array.from({ length: rng.between(1, 6) }, node);
      for (let r = rng.between(1, 6); r > 0; r--) path.push(...segment);
    }
    return path;
  }
  const outer = Array.from({ length: rng.between(1, 5) }, (_, i) => `L${i}`);
  const fill = (name: string): string[] => Array<string>(rng.between(1, 4)).fill(name);
  const block = [...outer.slice().reverse(), ...fill('F'), ...outer, ...fill('G')];
  return [...outer, ...Array.from({ length: rng.between(1, 5) }, () => block).flat()];
}

/** No trace, a full one, one with gaps in the variables, or one cut short; inputs and maxLoops now and then. */
function randomTrace(rng: Rng, path: string[]): TraceEntry[] {
  const kind = rng.int(4);
  if (kind === 0) return [];
  const length = kind === 3 ? rng.int(path.length + 1) : path.length;
  const trace = path.slice(0, length).map((nodeId, i): TraceEntry => {
    const entry: TraceEntry = { nodeId: rng.chance(0.05) ? 'elsewhere' : nodeId, type: 'Node', timestamp: i * 10 };
    if (kind !== 2 || rng.chance(0.8)) entry.variables = rng.chance(0.5) ? { a: rng.int(2) } : { a: rng.int(2), b: rng.pick(['x', 'y']) };
    if (rng.chance(0.15)) entry.input = rng.chance(0.3) ? '' : '1';
    return entry;
  });
  if (trace.length > 0 && rng.chance(0.2)) trace.at(-1)!.status = 'MaxLoopsExceeded';
  return trace;
}

test(`detectLoops gives the reference's LoopAnalysis on ${CASES} random paths`, () => {
  for (let c = 0; c < CASES; c++) {
    const rng = caseRng(20_260_711, c);
    const path = randomPath(rng);
    const trace = randomTrace(rng, path);
    const threshold = rng.int(5);
    const hitMaxLoops = rng.chance(0.2) ? true : undefined;
    const expected = reference(path, trace, threshold, hitMaxLoops);
    assert.deepEqual(
      detectLoops(path, trace, { threshold, hitMaxLoops }),
      expected,
      `case ${c}: ${JSON.stringify({ path, threshold, hitMaxLoops })}`,
    );
  }
});

test('a long cycle is cut in the report but claims all its nodes, as in the reference', () => {
  const cycle = Array.from({ length: 70 }, (_, i) => `c${i}`);
  const path = ['S', ...cycle, ...cycle, ...cycle, ...cycle, ...cycle.slice(0, 30), 'E'];
  assert.deepEqual(detectLoops(path, [], { threshold: 3 }), reference(path, [], 3, undefined));
});
