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

/**
 * CXone's Admin API read of a Studio script by its folder path: `GET {base-url}STUDIO_SCRIPTS_PATH?scriptPath=Sales\Main IVR`
 * answers the script's JSON (`cxone-flow-test pull`; the emulator serves it from its loaded scripts).
 * Observed, not documented: public integrations call `{resource_server_base_uri}services/{version}/scripts?scriptPath=`,
 * where that base URI is the gateway's host with `/inContactAPI/`, and the versions they use run from v15.0 to v34.0.
 * Assumed: the newest of those; one constant, easy to change. The path is matched case-insensitively, as
 * integrations spell it both `inContactAPI` and `incontactapi`.
 */
export const STUDIO_SCRIPTS_PATH = '/inContactAPI/services/v34.0/scripts';
