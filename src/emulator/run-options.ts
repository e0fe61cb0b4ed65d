// What every executor answers and reads off a debug request: the YAML engine and the Studio executor
// give the same EngineResult for the same options, so the server and the runner need not know which ran.
import type { DebugRequest, DebugResponse, TraceEntry } from '../domain/wire.ts';

export type EngineResult =
  | { status: 200; body: DebugResponse }
  | { status: 500; body: { error: string; message: string; trace: TraceEntry[] } };

export const DEFAULT_MAX_LOOPS = 50;

export function readOptions(request: DebugRequest): { trace: boolean; includeVariables: boolean; maxLoops: number } {
  const o = request.options ?? ({} as Partial<DebugRequest['options']>);
  const maxLoops = Number.isInteger(o.maxLoops) && (o.maxLoops as number) > 0 ? (o.maxLoops as number) : DEFAULT_MAX_LOOPS;
  return { trace: o.trace !== false, includeVariables: o.includeVariables === true, maxLoops };
}
