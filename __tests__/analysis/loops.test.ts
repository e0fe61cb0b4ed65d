import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLoops, MAX_CYCLE_NODES } from '../../src/analysis/loops.ts';
import { describeLoop, describeLoopCause } from '../../src/report/wording.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';
import type { JsonValue } from '../../src/domain/json.ts';

const p = (s: string): string[] => (s === '' ? [] : s.split(' '));
type Shape = {
  nodeId: string;
  cycle: string[];
  iterations: number;
  occurrences: number;
  startIndex: number;
  endIndex: number;
  verdict: string;
};
const shape = (path: string[], trace: TraceEntry[], threshold: number, hitMaxLoops?: boolean): Shape[] =>
  detectLoops(path, trace, { threshold, hitMaxLoops }).loop_details.map(
    ({ nodeId, cycle, iterations, occurrences, startIndex, endIndex, verdict }) => ({
      nodeId,
      cycle,
      iterations,
      occurrences,
      startIndex,
      endIndex,
      verdict,
    }),
  );

/** A trace with one entry per step; `vars(i)` gives the snapshot, `input(i)` the consumed input. */
const traceOf = (
  path: string[],
  vars?: (i: number) => Record<string, JsonValue>,
  input?: (i: number) => string | undefined,
): TraceEntry[] =>
  path.map((nodeId, i) => {
    const entry: TraceEntry = { nodeId, type: 'Node', timestamp: i * 10 };
    if (vars) entry.variables = vars(i);
    const consumed = input?.(i);
    if (consumed !== undefined) entry.input = consumed;
    return entry;
  });

const cases: { name: string; path: string; threshold: number; loops: Shape[] }[] = [
  { name: 'empty path', path: '', threshold: 3, loops: [] },
  { name: 'no repeats', path: 'A B C', threshold: 3, loops: [] },
  {
    name: "the brief's example: B C repeating, C not over the threshold",
    path: 'A B C B C B C B D',
    threshold: 3,
    loops: [{ nodeId: 'B', cycle: ['B', 'C'], iterations: 3, occurrences: 4, startIndex: 1, endIndex: 7, verdict: 'retry' }],
  },
  { name: 'retry loop of exactly threshold visits is no finding', path: 'S M R M R M R X', threshold: 3, loops: [] },
  {
    name: 'threshold + 1 visits is a finding',
    path: 'S M R M R M R M X',
    threshold: 3,
    loops: [{ nodeId: 'M', cycle: ['M', 'R'], iterations: 3, occurrences: 4, startIndex: 1, endIndex: 7, verdict: 'retry' }],
  },
  {
    name: 'a path that is all one node',
    path: 'A A A A A',
    threshold: 3,
    loops: [{ nodeId: 'A', cycle: ['A'], iterations: 4, occurrences: 5, startIndex: 0, endIndex: 4, verdict: 'retry' }],
  },
  {
    name: 'a three-node cycle is reported once, by its entry node',
    path: 'S A B C A B C A B C A B C E',
    threshold: 3,
    loops: [{ nodeId: 'A', cycle: ['A', 'B', 'C'], iterations: 3, occurrences: 4, startIndex: 1, endIndex: 10, verdict: 'retry' }],
  },
  {
    name: 'two loops one after the other',
    path: 'A B A B A B A B C D C D C D C D E',
    threshold: 3,
    loops: [
      { nodeId: 'A', cycle: ['A', 'B'], iterations: 3, occurrences: 4, startIndex: 0, endIndex: 6, verdict: 'retry' },
      { nodeId: 'C', cycle: ['C', 'D'], iterations: 3, occurrences: 4, startIndex: 8, endIndex: 14, verdict: 'retry' },
    ],
  },
  {
    name: 'two interleaved loops come out as two loops',
    path: 'S A B A B C D C D A B A B C D C D',
    threshold: 3,
    loops: [
      { nodeId: 'A', cycle: ['A', 'B'], iterations: 2, occurrences: 4, startIndex: 1, endIndex: 11, verdict: 'retry' },
      { nodeId: 'C', cycle: ['C', 'D'], iterations: 2, occurrences: 4, startIndex: 5, endIndex: 15, verdict: 'retry' },
    ],
  },
];

describe('detectLoops: cycles', () => {
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(shape(p(c.path), [], c.threshold), c.loops));
  }
  test("the tutorial's keys are kept", () => {
    const r = detectLoops(p('A B C B C B C B D'), [], { threshold: 3 });
    assert.deepEqual([r.has_loops, r.total_nodes_executed, r.unique_nodes, r.hit_max_loops], [true, 9, 4, false]);
  });
  test('a very long cycle is shortened, its length kept', () => {
    const cycle = Array.from({ length: 120 }, (_, i) => `n${i}`);
    const path = [...cycle, ...cycle, ...cycle, ...cycle, 'end'];
    const [loop] = detectLoops(path, [], { threshold: 3 }).loop_details;
    assert.deepEqual([loop!.nodeId, loop!.cycle.length, loop!.cycleLength, loop!.iterations], ['n0', MAX_CYCLE_NODES, 120, 3]);
    assert.equal(detectLoops(path, [], { threshold: 3 }).loop_details.length, 1);
  });
});

describe('detectLoops: verdicts', () => {
  const path = p('S M R M R M R M R');
  test('infinite when the caller says the run hit maxLoops', () => {
    const r = detectLoops(path, [], { threshold: 3, hitMaxLoops: true });
    assert.equal(r.hit_max_loops, true);
    assert.equal(r.loop_details[0]!.verdict, 'infinite');
    assert.equal(describeLoopCause(r.loop_details[0]!), 'the run hit maxLoops while repeating [M, R]');
  });
  test('infinite when the last trace entry is MaxLoopsExceeded', () => {
    const trace = traceOf(path, undefined, undefined);
    trace.at(-1)!.status = 'MaxLoopsExceeded';
    const r = detectLoops(path, trace, { threshold: 3 });
    assert.deepEqual([r.hit_max_loops, r.loop_details[0]!.verdict], [true, 'infinite']);
  });
  test('maxLoops blames the loop still running, not an earlier retry loop', () => {
    const twoLoops = p('A B A B A B A B C D C D C D C D');
    const r = detectLoops(twoLoops, [], { threshold: 3, hitMaxLoops: true });
    assert.deepEqual(
      r.loop_details.map((d) => [d.nodeId, d.verdict]),
      [
        ['A', 'retry'],
        ['C', 'infinite'],
      ],
    );
  });
  test('maxLoops below the threshold still reports the loop', () => {
    const r = detectLoops(p('S M R M R'), [], { threshold: 3, hitMaxLoops: true });
    assert.deepEqual(
      r.loop_details.map((d) => [d.nodeId, d.cycle, d.verdict]),
      [['M', ['M', 'R'], 'infinite']],
    );
  });
  test('infinite when the same node comes back with identical variables and no input', () => {
    const r = detectLoops(
      path,
      traceOf(path, () => ({ attempt_count: 1 })),
      { threshold: 3 },
    );
    assert.equal(r.loop_details[0]!.verdict, 'infinite');
    assert.equal(
      describeLoopCause(r.loop_details[0]!),
      'M was reached again at step 3 with the same variables as at step 1 and no input in between; a deterministic flow in the same state repeats forever',
    );
  });
  test('retry when the variables change between visits', () => {
    const r = detectLoops(
      path,
      traceOf(path, (i) => ({ attempt_count: i >> 1 })),
      { threshold: 3 },
    );
    assert.equal(r.loop_details[0]!.verdict, 'retry');
    assert.equal(describeLoopCause(r.loop_details[0]!), 'variables changed between visits (attempt_count: 0 → 1); treated as a retry loop');
  });
  test('retry when input is consumed between visits, even with identical variables', () => {
    const trace = traceOf(
      path,
      () => ({ attempt_count: 1 }),
      (i) => (path[i] === 'R' ? '9' : undefined),
    );
    const r = detectLoops(path, trace, { threshold: 3 });
    assert.equal(r.loop_details[0]!.verdict, 'retry');
    assert.equal(describeLoopCause(r.loop_details[0]!), 'input was consumed between visits (steps 1–3); treated as a retry loop');
  });
  test('an empty input does not count as consumed', () => {
    const trace = traceOf(
      path,
      () => ({}),
      (i) => (path[i] === 'R' ? '' : undefined),
    );
    assert.equal(detectLoops(path, trace, { threshold: 3 }).loop_details[0]!.verdict, 'infinite');
  });
  test('retry, saying why, when the trace carries no variables', () => {
    const r = detectLoops(path, traceOf(path), { threshold: 3 });
    assert.equal(r.loop_details[0]!.verdict, 'retry');
    assert.match(describeLoopCause(r.loop_details[0]!), /has no variables at step 1 \(includeVariables off\?\)/);
  });
  test('describeLoop gives the cycle, iterations and verdict in one line', () => {
    const [loop] = detectLoops(path, [], { threshold: 3, hitMaxLoops: true }).loop_details;
    assert.equal(
      describeLoop(loop!),
      'infinite loop at M: cycle [M, R], 3 iterations, 4 visits, steps 1–7: the run hit maxLoops while repeating [M, R]',
    );
  });
});

describe('detectLoops: scale', () => {
  test('nested cycles stay linear: each cycle encloses all earlier ones and all are running at the end', () => {
    // Node Li's cycle [Li … L0 F… L0 … Li-1] encloses every earlier one: claiming by rescanning the
    // enclosed steps, and finding the running loops in a list, took ~10 s here (linear work: ~0.5 s).
    // The time is not asserted (timing belongs in `npm run bench`); the shape of the answer is.
    const k = 55_000;
    const outer = Array.from({ length: k }, (_, i) => `L${i}`);
    const block = [...outer.slice().reverse(), ...Array<string>(k).fill('F'), ...outer, ...Array<string>(k).fill('G')];
    const path = [...outer, ...block, ...block, ...block, ...block];
    const r = detectLoops(path, [], { threshold: 3, hitMaxLoops: true });
    assert.equal(r.loop_details.length, k + 1);
    assert.deepEqual(r.loop_details[1]!.cycle.slice(0, 3), ['L1', 'L0', 'F']);
  });
});
