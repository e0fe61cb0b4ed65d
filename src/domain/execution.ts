// What running one scenario through the API produced: data, never an exception (docs/architecture.md).
import type { DebugResponse, TraceEntry } from './wire.ts';

export type Execution =
  | { kind: 'completed'; response: DebugResponse; attempts: number; elapsedMs: number }
  | {
      kind: 'failed';
      /** Error code of api/errors.ts, e.g. 'AUTH_FAILED', 'RATE_LIMITED', 'FLOW_COMPILATION_FAILED'. */
      code: string;
      status?: number;
      message: string;
      attempts: number;
      elapsedMs: number;
      /** A 500 flow compilation failure may carry the trace up to the failing node. */
      trace?: TraceEntry[];
    }
  | { kind: 'skipped'; reason: string }
  | { kind: 'not_run'; reason: string };
