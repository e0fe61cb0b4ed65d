// The SARIF 2.1.0 log (`sarif-path`) for GitHub code scanning (README, Code scanning): one result per flow
// finding on its flow file, per failing scenario on the line of its headline finding (the others as related
// locations), per scenario not run for its own reason on its line, and per malformed file on its line. What
// has no place in the repository (a flow graph read from the API, an input, a run cut short, what the limits
// left out) is a tool notification, shown on the tool's status page. Rule ids are the finding codes
// (`cxone/FLOW_REFERENCE`), fingerprints are made from what a finding is, not from its line, so an alert
// keeps its identity when lines move. Rendered from the report model only (already redacted). Pure.
import { createHash } from 'node:crypto';
import { FLOW_FINDING_CODES, type FindingKind, SCENARIO_FINDING_CODES } from '../domain/findings.ts';
import { cut, plural, NO_LINE } from '../text.ts';
import { notRunOnItsOwn, type Report, type ReportFinding, type ReportFlowFinding, type ScenarioReport } from './model.ts';
import { describeFinding, describeRule, type RuleCode } from './wording.ts';

/** The OASIS schema of SARIF 2.1.0 (with its approved errata), which the log is tested against. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/cxone-flow-test/cxone-flow-test';
export const HELP_URI = `${INFORMATION_URI}#code-scanning`;

/**
 * GitHub's limits on an upload (docs, "SARIF support for code scanning"): 25,000 results a run, of which
 * code scanning keeps the top 5,000; 10 MB a file (it checks the gzipped file: an uncompressed file under it
 * always passes); 1,000 locations a result. Past them the log keeps the most important results and says
 * how many it left out.
 */
export const MAX_SARIF_RESULTS = 5000;
export const MAX_SARIF_BYTES = 10 * 1000 * 1000;
export const MAX_RELATED_LOCATIONS = 100;
/** A message, a notification: long enough for a finding's words, bounded whatever a label holds. */
export const MAX_SARIF_TEXT_CHARS = 4 * 1024;
/** Notifications (findings with no file, problems of inputs) beyond which one more says how many were left out. */
export const MAX_NOTIFICATIONS = 100;
/** partialFingerprints key: code scanning recomputes `primaryLocationLineHash` itself, so ours has its own name. */
export const FINGERPRINT_KEY = 'cxoneFlowTestIdentity/v1';

/** Every rule, always listed in this order, so a rule's index never changes from run to run. */
export const RULE_CODES: readonly RuleCode[] = [...FLOW_FINDING_CODES, ...SCENARIO_FINDING_CODES, 'NOT_RUN', 'INVALID_FILE'];

const WARNING_RULES = new Set<RuleCode>(['FLOW_UNREACHABLE', 'FLOW_UNEXECUTED_ACTION']);

export const ruleId = (code: RuleCode): string => `cxone/${code}`;

type Level = 'error' | 'warning';

interface Place {
  file: string;
  line: number;
}

interface Related extends Place {
  text: string;
}

/** A result before it is written: its rank decides what the limits keep. */
interface Candidate {
  rank: number;
  code: RuleCode;
  level: Level;
  text: string;
  at: Place;
  related: Related[];
  identity: string[];
  properties: Record<string, string>;
}

interface Notification {
  level: Level;
  text: string;
  code?: RuleCode;
}

const RANK: Record<FindingKind | 'problem', number> = { problem: 0, error: 1, loop: 2, mismatch: 3 };

export function renderSarif(report: Report): string {
  const failOn = new Set<FindingKind>(report.report_metadata.fail_on);
  const candidates: Candidate[] = [];
  const notes: Notification[] = [];
  for (const p of report.problems) {
    const text = `${p.key ? `${p.key}: ` : ''}${p.message}`;
    // A shard's report is an artifact, not a file of the repository; an input's problem has no file at all.
    if (!p.file || p.code.startsWith('REPORT_'))
      notes.push({ level: 'error', text: p.file ? `${p.file}: ${text}` : text, code: 'INVALID_FILE' });
    else
      candidates.push({
        rank: RANK.problem,
        code: 'INVALID_FILE',
        level: 'error',
        text,
        at: p,
        related: [],
        identity: ['problem', p.code, p.file, p.key],
        properties: { problem: p.code },
      });
  }
  for (const f of report.flow_findings) {
    const level: Level = f.severity !== 'warning' && failOn.has(f.kind) ? 'error' : 'warning';
    if (f.file) candidates.push(flowResult(f, level));
    else notes.push({ level, text: `flow ${f.flow_id}${f.node ? ` node ${f.node}` : ''}: ${describeFinding(f)}`, code: f.code });
  }
  for (const s of report.scenarios) {
    const c = notRunOnItsOwn(report, s) ? notRunResult(s) : scenarioResult(s, failOn);
    if (c) candidates.push(c);
  }
  const cutShort = report.report_metadata.cut_short;
  if (cutShort) {
    const notRun = report.summary.not_run;
    notes.push({ level: 'error', text: `run cut short: ${cutShort}${notRun > 0 ? `; ${plural(notRun, 'scenario')} not run` : ''}` });
  }
  return writeLog(report, rankResults(candidates), notes);
}

function flowResult(f: ReportFlowFinding, level: Level): Candidate {
  const p = f.params as Record<string, unknown>;
  // What the finding is, not where: a reference is its source, label and target; Studio text, its property.
  const detail =
    f.code === 'FLOW_REFERENCE' ? [p['from'], p['label'], p['to']] : f.code === 'FLOW_LANGUAGE' ? [p['property'], p['item']] : [];
  return {
    rank: RANK[f.kind],
    code: f.code,
    level,
    text: describeFinding(f),
    at: f,
    related: [],
    identity: ['flow', f.code, f.file, f.flow_id, f.node ?? '', ...detail.map((d) => String(d ?? ''))],
    properties: { flow: f.flow_id, ...(f.node ? { node: f.node } : {}) },
  };
}

/** The headline as annotations pick it: the first finding of a kind in fail-on, in the report's order. */
function scenarioResult(s: ScenarioReport, failOn: Set<FindingKind>): Candidate | undefined {
  const headline: ReportFinding | undefined = s.findings.find((f) => failOn.has(f.kind)) ?? s.findings[0];
  if (!headline) return undefined;
  const others = s.findings.filter((f) => f !== headline);
  const more = s.truncated?.findings ? s.truncated.findings.total - s.truncated.findings.shown : 0;
  const also = others.length + more > 0 ? ` (+${plural(others.length + more, 'more finding')}, in the related locations)` : '';
  return {
    rank: RANK[headline.kind],
    code: headline.code,
    level: failOn.has(headline.kind) ? 'error' : 'warning',
    text: `${s.status === 'error' ? 'Error in' : 'Failed:'} ${s.name}: ${describeFinding(headline)}${also}`,
    at: headline,
    related: others.map((f) => ({ file: f.file, line: f.line, text: `${f.code}: ${describeFinding(f)}` })),
    identity: ['scenario', headline.code, s.file, s.name],
    properties: { scenario: s.name, flow: s.flow_id },
  };
}

function notRunResult(s: ScenarioReport): Candidate {
  return {
    rank: RANK.error,
    code: 'NOT_RUN',
    level: 'error',
    text: `Not run: ${s.name}: ${s.reason ?? 'not run'}`,
    at: s,
    related: [],
    identity: ['not_run', s.file, s.name],
    properties: { scenario: s.name, flow: s.flow_id },
  };
}

/** Errors before warnings, then problems, errors, loops, mismatches; equal ones in report order. */
function rankResults(all: Candidate[]): Candidate[] {
  const level = (c: Candidate) => (c.level === 'error' ? 0 : 1);
  return all
    .map((c, i) => ({ c, i }))
    .sort((a, b) => level(a.c) - level(b.c) || a.c.rank - b.c.rank || a.i - b.i)
    .map(({ c }) => c);
}

function writeLog(report: Report, ranked: Candidate[], notes: Notification[]): string {
  const indexOf = new Map(RULE_CODES.map((code, i) => [code, i]));
  const driver = {
    name: report.report_metadata.tool,
    version: report.report_metadata.tool_version,
    semanticVersion: report.report_metadata.tool_version,
    informationUri: INFORMATION_URI,
    rules: RULE_CODES.map((code) => describeRuleObject(code)),
  };
  const head = {
    tool: { driver },
    originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the repository (the workspace).' } } },
  };
  const kept = notes.slice(0, MAX_NOTIFICATIONS);
  if (notes.length > MAX_NOTIFICATIONS)
    kept.push({
      level: 'warning',
      text: `${plural(notes.length - MAX_NOTIFICATIONS, 'more notification')} left out; the YAML report has them all`,
    });
  const notifications = kept.map((n) => notification(n, indexOf));
  // Room for the envelope, the notifications and the note of what was left out.
  const budget = MAX_SARIF_BYTES - byteLength(JSON.stringify({ head, notifications }, null, 2)) - 64 * 1024;
  const { lines, leftOut } = fitResults(ranked, budget, indexOf);
  if (leftOut) notifications.push(notification(leftOut, indexOf));
  const invocation = {
    executionSuccessful: !report.report_metadata.cut_short,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
  return assemble(head, lines, [invocation]);
}

/** The results that fit the limits, in rank order, one JSON line each (so the size of each is known), and the note of the rest. */
function fitResults(ranked: Candidate[], budget: number, indexOf: Map<RuleCode, number>): { lines: string[]; leftOut?: Notification } {
  const lines: string[] = [];
  let bytes = 0;
  for (const c of ranked.slice(0, MAX_SARIF_RESULTS)) {
    const line = JSON.stringify(result(c, indexOf));
    const size = byteLength(line) + 10;
    if (bytes + size > budget) break;
    lines.push(line);
    bytes += size;
  }
  if (lines.length === ranked.length) return { lines };
  const why =
    lines.length === MAX_SARIF_RESULTS
      ? `code scanning keeps ${MAX_SARIF_RESULTS.toLocaleString('en-US')} results a run`
      : `the file is kept under ${MAX_SARIF_BYTES / 1e6} MB`;
  const text = `${plural(ranked.length - lines.length, 'result')} of ${ranked.length} left out (${why}): errors were kept first; the YAML report has them all`;
  return { lines, leftOut: { level: 'warning', text } };
}

/** The log: its envelope indented as JSON.stringify would, the results one a line. */
function assemble(head: { tool: unknown; originalUriBaseIds: unknown }, lines: string[], invocations: unknown[]): string {
  const body = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\n      ');
  const results = lines.length === 0 ? '[]' : `[\n${lines.map((l) => `        ${l}`).join(',\n')}\n      ]`;
  return [
    '{',
    `  "$schema": ${JSON.stringify(SARIF_SCHEMA_URI)},`,
    '  "version": "2.1.0",',
    '  "runs": [',
    '    {',
    `      "tool": ${body(head.tool)},`,
    `      "originalUriBaseIds": ${body(head.originalUriBaseIds)},`,
    `      "results": ${results},`,
    `      "invocations": ${body(invocations)}`,
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');
}

function describeRuleObject(code: RuleCode) {
  const words = describeRule(code);
  return {
    id: ruleId(code),
    name: words.name,
    shortDescription: { text: words.short },
    fullDescription: { text: words.full },
    help: {
      text: `${words.full}\n\n${words.help}`,
      markdown: `${words.full}\n\n${words.help}\n\n[Code scanning in the README](${HELP_URI})`,
    },
    helpUri: HELP_URI,
    defaultConfiguration: { level: WARNING_RULES.has(code) ? 'warning' : 'error' },
    properties: { tags: ['cxone', code.startsWith('FLOW_') ? 'flow-definition' : code === 'INVALID_FILE' ? 'file' : 'scenario'] },
  };
}

function result(c: Candidate, indexOf: Map<RuleCode, number>) {
  const related = c.related
    .slice(0, MAX_RELATED_LOCATIONS)
    .map((r, i) => ({ id: i + 1, ...physical(r), message: { text: cut(r.text, MAX_SARIF_TEXT_CHARS) } }));
  return {
    ruleId: ruleId(c.code),
    ruleIndex: indexOf.get(c.code)!,
    level: c.level,
    message: { text: cut(c.text, MAX_SARIF_TEXT_CHARS) },
    locations: [physical(c.at)],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(c.identity) },
    properties: Object.fromEntries(Object.entries(c.properties).map(([k, v]) => [k, cut(v, MAX_SARIF_TEXT_CHARS)])),
  };
}

function notification(n: Notification, indexOf: Map<RuleCode, number>) {
  return {
    level: n.level,
    message: { text: cut(n.text, MAX_SARIF_TEXT_CHARS) },
    ...(n.code ? { associatedRule: { id: ruleId(n.code), index: indexOf.get(n.code)! } } : {}),
  };
}

function physical(at: Place) {
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(at.file), uriBaseId: '%SRCROOT%' },
      ...(at.line > NO_LINE ? { region: { startLine: at.line } } : {}),
    },
  };
}

/** A workspace-relative path as a relative URI reference: each segment percent-encoded (a space, `#`, `%`, `:`). */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** The identity's parts, hashed: bounded whatever a node id or a name holds, and the same on every run. */
function fingerprint(parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
