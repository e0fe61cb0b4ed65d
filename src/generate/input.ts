// One input the explorer tries: what a scenario gives a run (keys, an utterance, initial variables, mocks,
// a clock), and the debug request it becomes. Pure.
import type { JsonValue } from '../domain/json.ts';
import type { DebugRequest, MockOutcome } from '../domain/wire.ts';
import { DEFAULT_MAX_LOOPS } from '../emulator/run-options.ts';

export interface GenInput {
  dtmf: string;
  speech: string;
  variables: Record<string, JsonValue>;
  /** One outcome per visit; past the end, the last repeats (as the emulator reads a list). */
  mocks: Record<string, MockOutcome[]>;
  /** undefined: the emulator's default clock. */
  clock?: string;
}

/** Instants a flow that reads the clock is tried at (the first is the emulator's default): business hours, evening, dawn, weekend. */
export const CLOCKS: readonly { clock: string; label: string }[] = [
  { clock: '2026-01-05T19:30:00-05:00', label: 'Monday 19:30' },
  { clock: '2026-01-10T10:00:00-05:00', label: 'Saturday 10:00' },
  { clock: '2026-01-05T06:30:00-05:00', label: 'Monday 6:30' },
  { clock: '2026-01-11T12:00:00-05:00', label: 'Sunday 12:00' },
  { clock: '2026-01-07T12:30:00-05:00', label: 'Wednesday 12:30' },
];

export function toRequest(flowId: string, input: GenInput): DebugRequest {
  const request: DebugRequest = {
    flowId,
    input: { dtmf: input.dtmf, speech: input.speech },
    options: { trace: true, includeVariables: true, maxLoops: DEFAULT_MAX_LOOPS },
    variables: structuredClone(input.variables),
  };
  if (Object.keys(input.mocks).length > 0) request.mocks = structuredClone(input.mocks);
  if (input.clock !== undefined) request.clock = input.clock;
  return request;
}

/** The same text for the same input, whatever order its maps were built in: the explorer's seen-set key. */
export function inputKey(input: GenInput): string {
  const sorted = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([input.dtmf, input.speech, sorted(input.variables), sorted(input.mocks), input.clock ?? '']);
}

/** The outcome each visit 0..n-1 of `key` takes under `input`. */
export function outcomesUpTo(input: GenInput, key: string, n: number): MockOutcome[] {
  const list = input.mocks[key] ?? [{}];
  return Array.from({ length: n }, (_, i) => structuredClone(list[Math.min(i, list.length - 1)] ?? {}));
}
