import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findTraceErrors } from '../../src/analysis/trace-errors.ts';
import type { TraceEntry } from '../../src/domain/wire.ts';

const base = { nodeId: 'node_script', type: 'Script', timestamp: 90 };
const cases: { name: string; entry: TraceEntry; expected: ReturnType<typeof findTraceErrors> }[] = [
  { name: 'healthy entry', entry: { ...base, status: 'Completed' }, expected: [] },
  {
    name: 'status Error without a message',
    entry: { ...base, status: 'Error' },
    expected: [{ ...base, status: 'Error', message: 'status Error (the trace gives no message)' }],
  },
  {
    name: 'an error field',
    entry: { ...base, error: 'Undefined variable customer_id' },
    expected: [{ ...base, message: 'Undefined variable customer_id' }],
  },
  {
    name: 'an exception field',
    entry: { ...base, exception: 'NullReferenceException at line 4' },
    expected: [{ ...base, message: 'NullReferenceException at line 4' }],
  },
  {
    name: 'status, error and exception together',
    entry: { ...base, status: 'Error', error: 'bad', exception: 'trace' },
    expected: [{ ...base, status: 'Error', message: 'bad; trace' }],
  },
  {
    name: 'an exception object keeps its message',
    entry: { ...base, exception: { message: 'boom' } as unknown as string },
    expected: [{ ...base, message: 'boom' }],
  },
  { name: 'empty and null error fields are no errors', entry: { ...base, error: '', exception: null as unknown as string }, expected: [] },
  { name: 'MaxLoopsExceeded is a loop, not a trace error', entry: { ...base, status: 'MaxLoopsExceeded' }, expected: [] },
];

describe('findTraceErrors', () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(findTraceErrors([c.entry]), c.expected));
  test('every failing entry, in trace order', () => {
    const trace: TraceEntry[] = [
      { nodeId: 'a', type: 'Start', timestamp: 0, error: 'first' },
      { nodeId: 'b', type: 'Play', timestamp: 5 },
      { nodeId: 'c', type: 'Route', timestamp: 9, status: 'Error' },
    ];
    assert.deepEqual(
      findTraceErrors(trace).map((e) => e.nodeId),
      ['a', 'c'],
    );
  });
  test('empty trace', () => assert.deepEqual(findTraceErrors([]), []));
});
