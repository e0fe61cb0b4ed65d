// The Flow Debug API's wire shapes (SPEC section 4).
import type { JsonValue } from './json.ts';

export interface DebugRequest {
  flowId: string;
  input: { dtmf: string; speech: string };
  options: { trace: boolean; includeVariables: boolean; maxLoops: number };
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
