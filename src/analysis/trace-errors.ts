// Trace entries that report a failure (`status: "Error"`, an `error` or an `exception`: README, How findings are decided).
// `MaxLoopsExceeded` is a loop, judged by loops.ts, not an error.
import type { TraceEntry } from '../domain/wire.ts';
import type { TraceError } from '../domain/findings.ts';

export function findTraceErrors(trace: TraceEntry[]): TraceError[] {
  const errors: TraceError[] = [];
  for (const entry of trace) {
    const details = ([entry.error, entry.exception] as unknown[]).filter(isPresent).map(describeDetail);
    if (entry.status !== 'Error' && details.length === 0) continue;
    const error: TraceError = {
      nodeId: entry.nodeId,
      type: entry.type,
      timestamp: entry.timestamp,
      message: details.length > 0 ? details.join('; ') : 'status Error (the trace gives no message)',
    };
    if (entry.status !== undefined) error.status = entry.status;
    errors.push(error);
  }
  return errors;
}

/** Real responses carry `error: null` or `""` on healthy nodes. */
function isPresent(detail: unknown): boolean {
  return detail !== undefined && detail !== null && detail !== '' && detail !== false;
}

/** The API documents strings, but a stack object must not become "[object Object]". */
function describeDetail(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (detail !== null && typeof detail === 'object' && typeof (detail as { message?: unknown }).message === 'string') {
    return (detail as { message: string }).message;
  }
  return JSON.stringify(detail) ?? String(detail);
}
