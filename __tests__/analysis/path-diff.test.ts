import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRouting as routingFacts } from '../../src/analysis/path-diff.ts';
import { MAX_KEPT_EDITS } from '../../src/analysis/path-edits.ts';
import { pathMismatch } from '../../src/analysis/analyze.ts';
import { describePathMismatch, describeRouting, MAX_LISTED_MISMATCHES } from '../../src/report/wording.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';
import type { PathExpectation } from '../../src/domain/scenario.ts';
import { exitMatches, pathMatches, routingValid, type PathEdit } from '../../src/domain/findings.ts';

/** The PATH_MISMATCH finding's words, made from its params. */
function summaryOf(r: ReturnType<typeof routingFacts>): string | undefined {
  const facts = pathMismatch(r);
  return facts ? describePathMismatch(facts) : undefined;
}

/** The result with its derived views (validity, the report's mismatch lines, the finding's line) beside its facts. */
function checkRouting(...args: Parameters<typeof routingFacts>) {
  const r = routingFacts(...args);
  return {
    valid: routingValid(r),
    pathValid: pathMatches(r),
    mismatches: describeRouting(r),
    edits: r.path?.edits ?? [],
    editCount: r.path?.editCount ?? 0,
    summary: summaryOf(r),
    firstDivergence: r.path?.firstDivergence,
    exit: r.exit && { ...r.exit, ok: exitMatches(r) },
  };
}

const p = (s: string): string[] => (s === '' ? [] : s.split(' '));

const listCases: { name: string; actual: string; expected: string[]; mismatches: string[]; edits: PathEdit[] }[] = [
  { name: 'identical', actual: 'A B C', expected: p('A B C'), mismatches: [], edits: [] },
  { name: 'both empty', actual: '', expected: [], mismatches: [], edits: [] },
  {
    name: 'empty actual',
    actual: '',
    expected: p('A B'),
    mismatches: ['missing A at the start (step 0)', 'missing B after A (step 0)'],
    edits: [
      { op: 'missing', node: 'A', index: 0, after: null },
      { op: 'missing', node: 'B', index: 0, after: 'A' },
    ],
  },
  {
    name: 'empty expected',
    actual: 'A',
    expected: [],
    mismatches: ['unexpected A at step 0'],
    edits: [{ op: 'unexpected', node: 'A', index: 0 }],
  },
  {
    name: 'all one node, one extra visit',
    actual: 'A A A A',
    expected: p('A A A'),
    mismatches: ['unexpected A at step 3'],
    edits: [{ op: 'unexpected', node: 'A', index: 3 }],
  },
  {
    name: 'one inserted node is one edit, not a cascade',
    actual: 'S M X R1 R2 R3 E',
    expected: p('S M R1 R2 R3 E'),
    mismatches: ['unexpected X at step 2'],
    edits: [{ op: 'unexpected', node: 'X', index: 2 }],
  },
  {
    name: 'one missing node',
    actual: 'S M E',
    expected: p('S M R E'),
    mismatches: ['missing R after M (step 2)'],
    edits: [{ op: 'missing', node: 'R', index: 2, after: 'M' }],
  },
  {
    name: 'a substitution (the brief example)',
    actual: 'node_start node_menu node_route_sales node_exit',
    expected: p('node_start node_menu node_route_support node_exit'),
    mismatches: ['missing node_route_support after node_menu (step 2)', 'unexpected node_route_sales at step 2'],
    edits: [
      { op: 'missing', node: 'node_route_support', index: 2, after: 'node_menu' },
      { op: 'unexpected', node: 'node_route_sales', index: 2 },
    ],
  },
  { name: 'wildcard at the start', actual: 'A B C Z', expected: p('... C Z'), mismatches: [], edits: [] },
  { name: 'wildcard in the middle', actual: 'A B C Z', expected: p('A ... Z'), mismatches: [], edits: [] },
  { name: 'wildcard at the end', actual: 'A B C Z', expected: p('A B ...'), mismatches: [], edits: [] },
  { name: 'wildcard matching an empty run', actual: 'A Z', expected: p('A ... Z'), mismatches: [], edits: [] },
  { name: 'lone wildcard matches the empty path', actual: '', expected: p('...'), mismatches: [], edits: [] },
  {
    name: 'wildcard with a missing literal: missing right after the last match',
    actual: 'A B C Z',
    expected: p('A ... X ... Z'),
    mismatches: ['missing X after A (step 1)'],
    edits: [{ op: 'missing', node: 'X', index: 1, after: 'A' }],
  },
  {
    name: 'wildcard form: wrong first node',
    actual: 'B C Z',
    expected: p('A ...'),
    mismatches: ['missing A at the start (step 0)'],
    edits: [{ op: 'missing', node: 'A', index: 0, after: null }],
  },
  {
    name: 'wildcard form: extra node after the anchored end',
    actual: 'A B Z Q',
    expected: p('A ... Z'),
    mismatches: ['unexpected Q at step 3'],
    edits: [{ op: 'unexpected', node: 'Q', index: 3 }],
  },
];

describe('checkRouting: list forms', () => {
  for (const c of listCases) {
    test(c.name, () => {
      const r = checkRouting(p(c.actual), c.expected, undefined, null, []);
      assert.deepEqual(r.mismatches, c.mismatches);
      assert.deepEqual(r.edits, c.edits);
      assert.equal(r.editCount, c.edits.length);
      assert.equal(r.valid, c.mismatches.length === 0);
      assert.equal(r.pathValid, c.mismatches.length === 0);
    });
  }
});

describe('checkRouting: first divergence and summary', () => {
  const trace: TraceEntry[] = [
    { nodeId: 'node_start', type: 'Start', timestamp: 0 },
    { nodeId: 'node_menu', type: 'GatherInput', timestamp: 45, input: '1' },
    { nodeId: 'node_route_sales', type: 'Route', timestamp: 90, target: 'queue_sales' },
    { nodeId: 'node_exit', type: 'Exit', timestamp: 145 },
  ];
  test('substitution names both nodes and carries the trace entry', () => {
    const r = checkRouting(
      trace.map((t) => t.nodeId),
      p('node_start node_menu node_route_support node_exit'),
      undefined,
      'node_exit',
      trace,
    );
    assert.deepEqual(r.firstDivergence, { index: 2, expected: 'node_route_support', actual: 'node_route_sales', type: 'Route' });
    assert.equal(r.summary, 'path differs at step 2: expected node_route_support, got node_route_sales (+1 more edit)');
  });
  test('the input recorded at the divergence is kept', () => {
    const r = checkRouting(
      trace.map((t) => t.nodeId),
      p('node_start node_other node_route_sales node_exit'),
      undefined,
      null,
      trace,
    );
    assert.deepEqual(r.firstDivergence, { index: 1, expected: 'node_other', actual: 'node_menu', type: 'GatherInput', input: '1' });
  });
  test('a path that stops early says so', () => {
    const r = checkRouting(p('A'), p('A B'), undefined, null, []);
    assert.equal(r.summary, 'path differs at step 1: expected B, got the end of the path');
    assert.deepEqual(r.firstDivergence, { index: 1, expected: 'B', actual: null });
  });
  test('a path that runs on says so', () => {
    const r = checkRouting(p('A B'), p('A'), undefined, null, []);
    assert.equal(r.summary, 'path differs at step 1: expected the end of the path, got B');
  });
  test('no expectation: valid, no summary', () => {
    const r = checkRouting(p('A B'), undefined, undefined, null, []);
    assert.deepEqual([r.valid, r.summary, r.exit], [true, undefined, undefined]);
  });
});

const mapCases: { name: string; actual: string; expected: PathExpectation; mismatches: string[]; noEdits?: true }[] = [
  {
    name: 'all keys hold',
    actual: 'A B C Z',
    expected: { startsWith: ['A', 'B'], endsWith: ['Z'], contains: ['B', 'Z'], excludes: ['X'] },
    mismatches: [],
  },
  {
    name: 'startsWith fails at a step',
    actual: 'A B C',
    expected: { startsWith: ['A', 'C'] },
    mismatches: ['path does not start with [A, C]: step 1 is B, expected C'],
  },
  {
    name: 'startsWith longer than the path',
    actual: 'A',
    expected: { startsWith: ['A', 'B'] },
    mismatches: ['path does not start with [A, B]: the path ends after 1 step'],
  },
  {
    name: 'endsWith fails',
    actual: 'A B C',
    expected: { endsWith: ['B', 'Z'] },
    mismatches: ['path does not end with [B, Z]: it ends with [B, C]'],
  },
  {
    name: 'endsWith on the empty path',
    actual: '',
    expected: { endsWith: ['Z'] },
    mismatches: ['path does not end with [Z]: the path is empty'],
  },
  { name: 'contains is an ordered subsequence, not adjacent', actual: 'A B C D', expected: { contains: ['A', 'D'] }, mismatches: [] },
  {
    name: 'contains in the wrong order',
    actual: 'A B C D',
    expected: { contains: ['C', 'B'] },
    mismatches: ['path does not contain [C, B] in order: B not found after C (step 2)'],
  },
  {
    name: 'contains a node that never ran: no step to name, so no edit',
    actual: 'A B',
    expected: { contains: ['node_route_billing'] },
    mismatches: ['path does not contain [node_route_billing]: node_route_billing never ran'],
    noEdits: true,
  },
  {
    name: 'excludes: each excluded node its own line, counting repeats',
    actual: 'A X B X Y',
    expected: { excludes: ['X', 'Y', 'Q'] },
    mismatches: ['path contains excluded node X at step 1 (and 1 more time)', 'path contains excluded node Y at step 4'],
  },
  {
    name: 'several keys fail: one line each',
    actual: 'A B C',
    expected: { startsWith: ['B'], endsWith: ['A'], contains: ['Z'], excludes: ['C'] },
    mismatches: [
      'path does not start with [B]: step 0 is A, expected B',
      'path does not end with [A]: it ends with [C]',
      'path does not contain [Z]: Z never ran',
      'path contains excluded node C at step 2',
    ],
  },
];

describe('checkRouting: map forms', () => {
  for (const c of mapCases) {
    test(c.name, () => {
      const r = checkRouting(p(c.actual), c.expected, undefined, null, []);
      assert.deepEqual(r.mismatches, c.mismatches);
      assert.equal(r.pathValid, c.mismatches.length === 0);
      if (c.mismatches.length > 0)
        assert.equal(r.editCount > 0, !c.noEdits, 'a failing key produces edits, but for a node with no step to name');
    });
  }
  test('summary counts the other problems', () => {
    const r = checkRouting(p('A B'), { startsWith: ['B'], excludes: ['A'] }, undefined, null, []);
    assert.equal(r.summary, 'path does not start with [B]: step 0 is A, expected B (+1 more problem)');
  });
  test('the first divergence names the map-form key it comes from', () => {
    const cases: [PathExpectation, string, { index: number; expected: string | null; actual: string | null; key: string }][] = [
      [{ startsWith: ['S', 'G'] }, 'S L T W', { index: 1, expected: 'G', actual: 'L', key: 'startsWith' }],
      [{ endsWith: ['R', 'E'] }, 'S M X E', { index: 3, expected: 'R', actual: 'E', key: 'endsWith' }], // the nearest path inserts R before E
      [{ contains: ['M', 'R'] }, 'S M X E', { index: 2, expected: 'R', actual: 'X', key: 'contains' }],
      [{ excludes: ['X'] }, 'S M X E', { index: 2, expected: null, actual: 'X', key: 'excludes' }],
      // Several keys: the earliest step wins, whichever key it is.
      [{ contains: ['E', 'Q'], excludes: ['M'] }, 'S M X E', { index: 1, expected: null, actual: 'M', key: 'excludes' }],
    ];
    for (const [expected, actual, divergence] of cases) {
      assert.deepEqual(checkRouting(p(actual), expected, undefined, null, []).firstDivergence, divergence, JSON.stringify(expected));
    }
  });
  test('contains: one missing node is one edit, and the nodes after it are still found', () => {
    const r = checkRouting(p('S A M B E'), { contains: ['A', 'X', 'B'] }, undefined, null, []);
    assert.deepEqual(r.mismatches, ['path does not contain [A, X, B] in order: X never ran']);
    assert.deepEqual(r.edits, [{ op: 'missing', node: 'X', index: 2, after: 'A' }]);
  });
  test('contains: a first listed node that never ran has no step, so no divergence at step 0', () => {
    const r = checkRouting(p('S M B E'), { contains: ['X', 'B'] }, undefined, null, []);
    assert.deepEqual([r.pathValid, r.editCount, r.firstDivergence], [false, 0, undefined]);
    assert.deepEqual(r.mismatches, ['path does not contain [X, B] in order: X never ran']);
  });
  test('excludes edits point at each occurrence', () => {
    const r = checkRouting(p('A X B X'), { excludes: ['X'] }, undefined, null, []);
    assert.deepEqual(r.edits, [
      { op: 'unexpected', node: 'X', index: 1 },
      { op: 'unexpected', node: 'X', index: 3 },
    ]);
  });
});

describe('checkRouting: exit', () => {
  const cases: { name: string; expected: string | null | undefined; actual: string | null; ok?: boolean; message?: string }[] = [
    { name: 'matching exit', expected: 'node_exit', actual: 'node_exit', ok: true },
    {
      name: 'other exit',
      expected: 'node_exit',
      actual: 'node_exit_error',
      ok: false,
      message: 'expected exit node_exit, got node_exit_error',
    },
    {
      name: 'no exit reached',
      expected: 'node_exit',
      actual: null,
      ok: false,
      message: 'expected exit node_exit, got none (the run ended without an exit node)',
    },
    { name: 'exit null is a valid expectation', expected: null, actual: null, ok: true },
    {
      name: 'exit null, but an exit was reached',
      expected: null,
      actual: 'node_exit',
      ok: false,
      message: 'expected no exit node, got node_exit',
    },
    { name: 'no exit expectation', expected: undefined, actual: 'node_exit' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = checkRouting(p('A'), p('A'), c.expected, c.actual, []);
      assert.equal(r.pathValid, true);
      if (c.ok === undefined) return assert.equal(r.exit, undefined);
      assert.deepEqual(r.exit, { expected: c.expected, actual: c.actual, ok: c.ok });
      assert.equal(r.valid, c.ok);
      assert.deepEqual(r.mismatches, c.message ? [c.message] : []);
    });
  }
});

describe('checkRouting: long paths', () => {
  const names = Array.from({ length: 100 }, (_, i) => `n${i}`);
  const actual = Array.from({ length: 200_000 }, (_, i) => names[(i * 7 + (i >> 5)) % 100]!);
  test('a few edits in a 200,000-step path are found exactly', () => {
    const expected = actual.slice();
    expected.splice(150_000, 1);
    expected.splice(50_000, 0, 'extra');
    const r = checkRouting(actual, expected, undefined, null, []);
    assert.equal(r.editCount, 2);
    assert.deepEqual(
      r.edits.map((e) => [e.op, e.node]),
      [
        ['missing', 'extra'],
        ['unexpected', actual[150_000]],
      ],
    );
    assert.equal(r.edits[0]!.index, 50_000);
  });
  test('a short expectation against a long path: edits are capped, mismatches listed then counted', () => {
    const r = checkRouting(actual, actual.slice(0, 3), undefined, null, []);
    assert.equal(r.editCount, actual.length - 3);
    assert.equal(r.edits.length, MAX_KEPT_EDITS);
    assert.equal(r.mismatches.length, MAX_LISTED_MISMATCHES + 1);
    assert.equal(r.mismatches.at(-1), `… and ${actual.length - 3 - MAX_LISTED_MISMATCHES} more edits`);
  });
});
