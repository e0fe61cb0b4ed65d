// Every input read and validated in one place (checkout's input-helper). The action passes its inputs
// (core.getInput, in main.ts) and the CLI its flags through the same `readSettings`, so both accept and
// reject exactly the same values. No @actions/core here: the CLI does not carry it.
import { stripUserinfo } from './secrets.ts';
import type { FindingKind } from './domain/findings.ts';
import { parseTags } from './simulation/select.ts';
import { excerpt } from './text.ts';
import { compileUserRegex } from './user-regex.ts';
import { DEFAULTS, MAX_LOOPS_CAP, type AuthSettings, type Settings, type Shard } from './settings.ts';
import { ACTION_NAMING, type InputMessage, type InputNaming } from './input-naming.ts';
import { isLoopbackHost } from './loopback.ts';

export { ACTION_NAMING, type InputMessage, type InputNaming } from './input-naming.ts';

export class InputError extends Error {
  readonly code = 'INPUT_INVALID';
  readonly input: string;
  private readonly describe: InputMessage;
  /** `message` is either fixed words, or words made for the naming of the shell that prints them. */
  constructor(input: string, message: string | InputMessage) {
    const describe = typeof message === 'string' ? () => message : message;
    super(describe(ACTION_NAMING));
    this.name = 'InputError';
    this.input = input;
    this.describe = describe;
  }

  /** The message in another shell's names (`message` is in the action's). */
  render(naming: InputNaming): string {
    return this.describe(naming);
  }
}

/** Every input of action.yml; the CLI offers each as a --flag (a test keeps the two in step). */
export const INPUT_NAMES = [
  'scenarios',
  'client-id',
  'client-secret',
  'base-url',
  'token-url',
  'scope',
  'auth',
  'access-key-id',
  'access-key-secret',
  'target',
  'flows',
  'concurrency',
  'max-requests-per-second',
  'max-retries',
  'request-timeout',
  'max-response-mb',
  'max-loops',
  'loop-threshold',
  'fail-on',
  'report-path',
  'json-report-path',
  'junit-path',
  'sarif-path',
  'upload-artifact',
  'artifact-name',
  'retention-days',
  'job-summary',
  'annotations',
  'shard',
  'tags',
  'grep',
  'merge',
  'min-coverage',
  'timeout-minutes',
  'redact-variables',
  'allow-insecure-http',
  'github-token',
  'pr-comment',
  'compare-to',
  'baseline-report',
  'explore',
] as const;

/** Returns the raw value of an input, '' when unset. */
export type InputSource = (name: string) => string;

const MIB = 1024 * 1024;

const FAIL_ON_KINDS: readonly FindingKind[] = ['mismatch', 'loop', 'error'];

/**
 * `calls: false` for a command that makes no API call (the CLI's `validate`): it needs no credentials.
 * `pullRequestBase`: the base commit of the pull request the run is for, compare-to's default.
 */
export function readSettings(get: InputSource, workspace: string, opts: { calls?: boolean; pullRequestBase?: string } = {}): Settings {
  const r = new InputReader(get);
  const target = r.oneOf('target', ['api', 'emulator'], 'api');
  const allowInsecureHttp = r.bool('allow-insecure-http', false);
  const baseUrl = r.url('base-url', DEFAULTS.baseUrl, allowInsecureHttp);
  const merge = r.list('merge');
  // Merging shard reports calls no API, so it needs neither credentials nor flows.
  const auth = readAuth(r, target === 'api' && merge.length === 0 && opts.calls !== false);
  const flows = r.list('flows');
  if (target === 'emulator' && flows.length === 0 && merge.length === 0) {
    throw new InputError(
      'flows',
      (n) =>
        `${n.unset(['flows'])}: ${n.setting('target', 'emulator')} runs the flow definition files it names (e.g. ${n.setting('flows', 'cxone-flows/**/*.yaml')}).`,
    );
  }
  return {
    workspace,
    scenarios: r.list('scenarios', [...DEFAULTS.scenarios]),
    target,
    flows,
    baseUrl,
    tokenUrl: r.url('token-url', `${baseUrl.replace(/\/+$/, '')}/oauth2/token`, allowInsecureHttp),
    scope: r.text('scope', DEFAULTS.scope),
    auth,
    concurrency: r.int('concurrency', DEFAULTS.concurrency, 1, 64),
    maxRequestsPerSecond: r.optionalNumber('max-requests-per-second', 0.01, 10_000),
    maxRetries: r.int('max-retries', DEFAULTS.maxRetries, 0, 10),
    requestTimeoutMs: r.int('request-timeout', DEFAULTS.requestTimeoutSeconds, 1, 600) * 1000,
    maxResponseBytes: r.int('max-response-mb', DEFAULTS.maxResponseMb, 1, 1024) * MIB,
    maxLoops: r.int('max-loops', DEFAULTS.maxLoops, 1, MAX_LOOPS_CAP),
    loopThreshold: r.int('loop-threshold', DEFAULTS.loopThreshold, 1, MAX_LOOPS_CAP),
    failOn: readFailOn(r),
    ...readReportPaths(r),
    uploadArtifact: r.bool('upload-artifact', true),
    artifactName: r.artifactName('artifact-name', DEFAULTS.artifactName),
    retentionDays: r.optionalInt('retention-days', 1, 90),
    jobSummary: r.bool('job-summary', true),
    annotations: r.bool('annotations', true),
    shard: readShard(r),
    tags: readTags(r),
    grep: readGrep(r),
    merge,
    minCoverage: r.optionalNumber('min-coverage', 0, 100),
    timeoutMinutes: r.optionalNumber('timeout-minutes', 0.01, 24 * 60),
    redactVariables: r.list('redact-variables'),
    allowInsecureHttp,
    githubToken: r.text('github-token', ''),
    prComment: r.bool('pr-comment', false),
    ...readComparison(r, opts.pullRequestBase),
    explore: r.bool('explore', false),
  };
}

/** Longer than any branch, tag or `HEAD~3` a workflow names. */
const MAX_REF_CHARS = 255;

/**
 * compare-to (a git ref: untrusted, passed to git after --end-of-options, never through a shell) or
 * baseline-report; on a pull request compare-to defaults to its base, unless baseline-report is set.
 */
function readComparison(r: InputReader, pullRequestBase: string | undefined): Pick<Settings, 'compareTo' | 'baselineReport'> {
  const ref = r.optionalText('compare-to');
  const baseline = r.optionalText('baseline-report');
  if (ref !== undefined && baseline !== undefined)
    throw new InputError(
      'baseline-report',
      (n) =>
        `${n.input('compare-to')} and ${n.input('baseline-report')} are both set: the behaviour is compared with one earlier version, a git ref or a report. Keep one.`,
    );
  if (baseline !== undefined) return { baselineReport: baseline };
  if (ref === undefined)
    return pullRequestBase && isSafeRef(pullRequestBase) ? { compareTo: { ref: pullRequestBase, from: 'pull-request' } } : {};
  if (!isSafeRef(ref)) {
    throw new InputError(
      'compare-to',
      (n) =>
        `Invalid ${n.input('compare-to')} "${excerpt(ref)}": expected a git ref or commit (e.g. ${n.setting('compare-to', 'main')} or a SHA), ` +
        `which cannot start with '-' or hold spaces, control characters, ':' or '..', and is at most ${MAX_REF_CHARS} characters.`,
    );
  }
  return { compareTo: { ref, from: 'input' } };
}

function isSafeRef(ref: string): boolean {
  // '-' would read as an option; ':' would name a file at the ref (REF:path) rather than a commit; '..' a
  // range of commits (no ref name holds it), which git would answer as a ref this clone lacks.
  if (ref.length > MAX_REF_CHARS || ref.startsWith('-') || /[\s:]/.test(ref) || ref.includes('..')) return false;
  return [...ref].every((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f);
}

/** Each report file has a path of its own: two formats written to one path would leave only the last. */
function readReportPaths(r: InputReader): Pick<Settings, 'reportPath' | 'jsonReportPath' | 'junitPath' | 'sarifPath'> {
  const paths = {
    reportPath: r.text('report-path', DEFAULTS.reportPath),
    jsonReportPath: r.optionalText('json-report-path'),
    junitPath: r.optionalText('junit-path'),
    sarifPath: r.optionalText('sarif-path'),
  };
  const names = ['report-path', 'json-report-path', 'junit-path', 'sarif-path'] as const;
  const seen = new Map<string, string>();
  for (const [i, value] of Object.values(paths).entries()) {
    if (value === undefined) continue;
    const key = value.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    const other = seen.get(key);
    if (other !== undefined)
      throw new InputError(
        names[i]!,
        (n) => `Invalid ${n.input(names[i]!)} "${value}": ${n.input(other)} is that file too; each report needs a path of its own.`,
      );
    seen.set(key, names[i]!);
  }
  return paths;
}

function readAuth(r: InputReader, needed: boolean): AuthSettings {
  const kind = r.oneOf('auth', ['client-credentials', 'access-key'], 'client-credentials');
  const clientId = r.text('client-id', '');
  const clientSecret = r.text('client-secret', '');
  if (kind === 'client-credentials') {
    if (needed) requireCredentials({ 'client-id': clientId, 'client-secret': clientSecret }, ['target', 'api']);
    return { kind, clientId, clientSecret };
  }
  const accessKeyId = r.text('access-key-id', '');
  const accessKeySecret = r.text('access-key-secret', '');
  if (needed)
    requireCredentials(
      { 'client-id': clientId, 'client-secret': clientSecret, 'access-key-id': accessKeyId, 'access-key-secret': accessKeySecret },
      ['auth', 'access-key'],
    );
  return { kind, clientId, clientSecret, accessKeyId, accessKeySecret };
}

/**
 * Every missing credential of the grant at once (an access key needs the client's pair too), and where
 * credentials come from: they may be missing for a reason outside the user's command (a fork's run has no secrets).
 */
function requireCredentials(values: Record<string, string>, [by, value]: [string, string]): void {
  const missing = Object.keys(values).filter((name) => !values[name]);
  if (missing.length === 0) return;
  const them = missing.length === 1 ? 'it' : 'them';
  throw new InputError(missing[0]!, (n) => `${n.unset(missing)} but ${n.setting(by, value)} needs ${them}${n.credentialHint(missing)}`);
}

function readFailOn(r: InputReader): FindingKind[] {
  const items = r.list('fail-on', [...DEFAULTS.failOn]);
  if (items.length === 1 && items[0] === 'none') return [];
  const out: FindingKind[] = [];
  for (const item of items) {
    if (!(FAIL_ON_KINDS as readonly string[]).includes(item)) {
      throw new InputError(
        'fail-on',
        (n) => `Invalid ${n.input('fail-on')} "${items.join(',')}": "${item}" is not one of ${FAIL_ON_KINDS.join(', ')} (or 'none' alone).`,
      );
    }
    if (!out.includes(item as FindingKind)) out.push(item as FindingKind);
  }
  return out;
}

function readShard(r: InputReader): Shard | undefined {
  const raw = r.optionalText('shard');
  if (raw === undefined) return undefined;
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || total > 256 || index < 1 || index > total) {
    throw new InputError(
      'shard',
      (n) =>
        `Invalid ${n.input('shard')} "${raw}": expected k/n with 1 <= k <= n <= 256, e.g. ${n.setting('shard', '2/4')} for the second of four shards.`,
    );
  }
  return { index, total };
}

function readTags(r: InputReader): string[] {
  const items = r.list('tags');
  const parsed = parseTags(items);
  if (parsed.error !== undefined)
    throw new InputError('tags', (n) => `Invalid ${n.input('tags')} "${excerpt(items.join(','))}": ${parsed.error}.`);
  return items;
}

/** Compiled here so that a bad pattern is an input error before anything runs; select.ts compiles it again (cached). */
function readGrep(r: InputReader): string | undefined {
  const pattern = r.optionalText('grep');
  const compiled = pattern === undefined ? undefined : compileUserRegex(pattern);
  if (compiled?.error !== undefined)
    throw new InputError('grep', (n) => `Invalid ${n.input('grep')} "${excerpt(pattern!)}": the pattern ${compiled.error}.`);
  return pattern;
}

/** One helper per kind of value; each error quotes the input, the value and what is allowed. */
class InputReader {
  private readonly get: InputSource;
  constructor(get: InputSource) {
    this.get = get;
  }

  private raw(name: string): string {
    return (this.get(name) ?? '').trim();
  }

  text(name: string, fallback: string): string {
    return this.raw(name) || fallback;
  }

  optionalText(name: string): string | undefined {
    return this.raw(name) || undefined;
  }

  /** Newline- or comma-separated; blank items dropped. */
  list(name: string, fallback: string[] = []): string[] {
    const items = this.raw(name)
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean);
    return items.length > 0 ? items : fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (!value) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InputError(name, (n) => `Invalid ${n.input(name)} "${value}": expected one of ${allowed.join(', ')}.`);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (!value) return fallback;
    // The YAML 1.2 core schema's booleans, as core.getBooleanInput accepts them.
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    throw new InputError(name, (n) => `Invalid ${n.input(name)} "${value}": expected true or false.`);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    return this.optionalInt(name, min, max) ?? fallback;
  }

  optionalInt(name: string, min: number, max: number): number | undefined {
    const value = this.raw(name);
    if (!value) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InputError(name, (n) => `Invalid ${n.input(name)} "${value}": expected a whole number from ${min} to ${max}.`);
    }
    return Number(value);
  }

  optionalNumber(name: string, min: number, max: number): number | undefined {
    const value = this.raw(name);
    if (!value) return undefined;
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || n < min || n > max) {
      throw new InputError(name, (n) => `Invalid ${n.input(name)} "${value}": expected a number from ${min} to ${max}.`);
    }
    return n;
  }

  /** https://, or plain http:// to this machine (the emulator) or with allow-insecure-http: a bearer token must not cross a network in clear text. */
  url(name: string, fallback: string, allowInsecureHttp: boolean): string {
    const value = this.raw(name) || fallback;
    // A password in the URL's userinfo is a secret: it is never echoed.
    const shown = stripUserinfo(value);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new InputError(
        name,
        (n) => `Invalid ${n.input(name)} "${shown}": expected an absolute https:// URL, e.g. ${DEFAULTS.baseUrl}.`,
      );
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new InputError(name, (n) => `Invalid ${n.input(name)} "${shown}": expected an https:// URL.`);
    }
    if (parsed.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(parsed.hostname)) {
      throw new InputError(
        name,
        (n) =>
          `Invalid ${n.input(name)} "${shown}": plain http would send credentials and tokens in clear text; ` +
          `use https://, or set ${n.setting('allow-insecure-http', 'true')} for a trusted test server.`,
      );
    }
    return value.replace(/\/+$/, '');
  }

  artifactName(name: string, fallback: string): string {
    const value = this.text(name, fallback);
    // upload-artifact rejects these characters in names.
    if (/["':<>|*?\\/\r\n]/.test(value)) {
      throw new InputError(
        name,
        (n) => `Invalid ${n.input(name)} "${value}": an artifact name cannot contain " : < > | * ? \\ / or line breaks.`,
      );
    }
    return value;
  }
}
