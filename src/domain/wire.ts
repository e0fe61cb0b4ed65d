// The Flow Debug API's wire shapes (README, The emulator, shows one exchange with each endpoint).
import type { JsonValue } from './json.ts';

export interface DebugRequest {
  flowId: string;
  input: { dtmf: string; speech: string };
  options: { trace: boolean; includeVariables: boolean; maxLoops: number };
  variables?: Record<string, JsonValue>;
  /**
   * The emulator's extension (CXone's API has no such field): outcomes for the actions that reach outside
   * the flow, by action label, path name or id (a YAML flow: node id); a list is one outcome per visit.
   */
  mocks?: Record<string, MockOutcome | MockOutcome[]>;
  /** The emulator's extension: the time the flow sees, ISO 8601 with a zone (2026-12-01T09:30:00-05:00). */
  clock?: string;
}

/** An ISO 8601 date-time with a zone, as `clock` takes it (the emulator also checks the date is real). */
export const CLOCK_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

/** What a mocked action does: takes `branch` (a connector name; default the Default connector) after assigning `variables`. */
export interface MockOutcome {
  branch?: string;
  variables?: Record<string, JsonValue>;
}

export interface TraceEntry {
  nodeId: string;
  type: string;
  timestamp: number;
  input?: string;
  target?: string;
  /** 'Completed', 'Error', 'MaxLoopsExceeded', … */
  status?: string;
  /** Variables after this node ran (with options.includeVariables). */
  variables?: Record<string, JsonValue>;
  error?: string;
  exception?: string;
  [extra: string]: unknown;
}

export interface DebugResponse {
  path: string[];
  variables: Record<string, JsonValue>;
  /** null when the run hit maxLoops. */
  exitNode: string | null;
  duration: number;
  trace: TraceEntry[];
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: string;
}
