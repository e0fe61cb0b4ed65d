// One typed object for everything a run needs, built by inputs.ts (the action) or cli/ (the terminal).
import type { FindingKind } from './domain/findings.ts';

export type AuthSettings =
  | { kind: 'client-credentials'; clientId: string; clientSecret: string }
  | { kind: 'access-key'; clientId: string; clientSecret: string; accessKeyId: string; accessKeySecret: string };

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export interface Settings {
  /** Root that globs and reported file paths are relative to (GITHUB_WORKSPACE or cwd). */
  workspace: string;
  scenarios: string[];
  target: 'api' | 'emulator';
  flows: string[];
  baseUrl: string;
  tokenUrl: string;
  scope: string;
  /** Empty credentials are allowed only with target: emulator, which makes its own. */
  auth: AuthSettings;
  concurrency: number;
  maxRequestsPerSecond?: number;
  maxRetries: number;
  requestTimeoutMs: number;
  /** max-response-mb in bytes: the largest answer the transport reads into memory. */
  maxResponseBytes: number;
  maxLoops: number;
  loopThreshold: number;
  failOn: FindingKind[];
  reportPath: string;
  jsonReportPath?: string;
  junitPath?: string;
  /** `sarif-path`: the SARIF 2.1.0 log for code scanning, written when set. */
  sarifPath?: string;
  uploadArtifact: boolean;
  artifactName: string;
  retentionDays?: number;
  jobSummary: boolean;
  annotations: boolean;
  shard?: Shard;
  /** `tags` items as written (`smoke`, `!slow`): simulation/select.ts reads them. */
  tags: string[];
  /** `grep`: a pattern matched against scenario names (user-regex.ts, linear time). */
  grep?: string;
  merge: string[];
  minCoverage?: number;
  timeoutMinutes?: number;
  redactVariables: string[];
  allowInsecureHttp: boolean;
  githubToken: string;
  prComment: boolean;
  /** compare-to: the git ref whose flow files run beside the head's; `from` says whether the pull request's base gave it. */
  compareTo?: { ref: string; from: 'input' | 'pull-request' };
  /** baseline-report: a report of an earlier run to diff this run's scenarios against. */
  baselineReport?: string;
  /** explore: with compare-to, also the inputs `generate` would write for each version. */
  explore: boolean;
  /** The CLI's `run --update`: scenarios with `expect: record` run too, and the command rewrites expectations after. */
  update?: boolean;
}

/**
 * The largest max-loops and loop-threshold, as an input or per scenario: one scenario's trace is at most
 * about this many visits per node, which keeps a report readable and its analysis quick.
 */
export const MAX_LOOPS_CAP = 10_000;

export const DEFAULTS = {
  scenarios: ['cxone-tests/**/*.yaml', 'cxone-tests/**/*.yml'],
  baseUrl: 'https://api-us-1.cxone.com',
  scope: 'flow:debug flow:read',
  concurrency: 4,
  maxRetries: 3,
  requestTimeoutSeconds: 30,
  maxResponseMb: 64,
  maxLoops: 50,
  loopThreshold: 3,
  failOn: ['mismatch', 'loop', 'error'] as FindingKind[],
  reportPath: 'cxone-flow-report.yaml',
  artifactName: 'cxone-flow-report',
} as const;
