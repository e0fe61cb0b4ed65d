// Is a parsed shard report (merge: README, Workflows) one of ours? Checks the shape that merging and the renderers
// rely on, so that a stray or crafted file is a problem naming it, never an exception half way through
// publishing. The renderers make their words from each finding's `params` (wording.ts), so those are
// checked per code, as are the checks and loops whose words they make. Pure.
import { FLOW_FINDING_CODES, type FindingCode, SCENARIO_FINDING_CODES } from '../domain/findings.ts';
import { quoteValue } from '../text.ts';
import { REPORT_VERSION } from './model.ts';

/** What is wrong with `value` at `path`, or null. */
type Check = (value: unknown, path: string) => string | null;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const got = (v: unknown): string => (Array.isArray(v) ? 'a list' : isMap(v) ? 'a map' : v === undefined ? 'missing' : quoteValue(v));
const expect =
  (ok: (v: unknown) => boolean, what: string): Check =>
  (v, p) =>
    ok(v) ? null : `'${p}' is ${got(v)}, expected ${what}`;

const text = expect((v) => typeof v === 'string', 'a string');
const num = expect((v) => typeof v === 'number' && Number.isFinite(v), 'a number');
const textOrNull = expect((v) => v === null || typeof v === 'string', 'a string or null');
const numOrNull = expect((v) => v === null || (typeof v === 'number' && Number.isFinite(v)), 'a number or null');
const oneOf = (...allowed: string[]): Check => expect((v) => allowed.includes(v as string), `one of ${allowed.join(', ')}`);
const bool = expect((v) => typeof v === 'boolean', 'true or false');
const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? null : check(v, p);
const both =
  (...checks: Check[]): Check =>
  (v, p) => {
    for (const check of checks) {
      const wrong = check(v, p);
      if (wrong) return wrong;
    }
    return null;
  };

function list(item: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return `'${p}' is ${got(v)}, expected a list`;
    for (let i = 0; i < v.length; i++) {
      const wrong = item(v[i], `${p}[${i}]`);
      if (wrong) return wrong;
    }
    return null;
  };
}

function map(fields: Record<string, Check>): Check {
  return (v, p) => {
    if (!isMap(v)) return `'${p || 'the file'}' is ${got(v)}, expected a map`;
    for (const [name, check] of Object.entries(fields)) {
      const wrong = check(v[name], p ? `${p}.${name}` : name);
      if (wrong) return wrong;
    }
    return null;
  };
}

/** A map whose `field` says which of `shapes` it is; `field` is checked by the shape's own `oneOf`. */
function tagged(field: string, shapes: Record<string, Record<string, Check>>): Check {
  const tag = oneOf(...Object.keys(shapes));
  return (v, p) => {
    if (!isMap(v)) return `'${p}' is ${got(v)}, expected a map`;
    return tag(v[field], `${p}.${field}`) ?? map(shapes[v[field] as string]!)(v, p);
  };
}

const nodes = list(text);
const SOURCE = tagged('kind', {
  final: {},
  snapshot: { node: text, step: num, visits: num },
  no_visit: { node: text },
  no_variables: { node: text, step: num },
});
const FAILURE = tagged('rule', {
  not_set: {},
  equals: {},
  exists: {},
  type: { expected_type: text },
  matches: { pattern: text },
  invalid_pattern: { pattern: text, error: text },
  one_of: { options: list(() => null) },
  bound: { op: oneOf('gt', 'gte', 'lt', 'lte'), bound: num, actual: num },
  not_number: { bounds: text },
});
const CHECK = map({
  name: text,
  at: optional(text),
  ok: bool,
  mismatch: optional(oneOf('type', 'value', 'missing', 'unexpected', 'invalid')),
  failures: list(FAILURE),
  source: SOURCE,
  redacted: optional(bool),
});
const CAUSE = tagged('kind', {
  max_loops: {},
  same_state: { at: num, to: num },
  input_consumed: { at: num, to: num },
  variables_changed: { variable: text, redacted: optional(bool) },
  no_variables: { step: num },
  no_repeat: {},
});
const LOOP = map({
  nodeId: text,
  occurrences: num,
  cycle: nodes,
  cycleLength: num,
  iterations: num,
  startIndex: num,
  endIndex: num,
  verdict: oneOf('infinite', 'retry'),
  cause: CAUSE,
});
const PROBLEM = tagged('key', {
  startsWith: { nodes, step: num, actual: textOrNull },
  endsWith: { nodes, tail: nodes },
  contains: { nodes, missing: text, after: optional(text), step: optional(num) },
  excludes: { node: text, step: num, count: num },
});
const PATH: Check = (v, p) =>
  isMap(v) && 'problems' in v
    ? map({
        problems: both(
          list(PROBLEM),
          expect((x) => Array.isArray(x) && x.length > 0, 'a list of at least one'),
        ),
        edits: num,
      })(v, p)
    : map({ index: num, expected: textOrNull, actual: textOrNull, edits: num, approximate: optional(bool) })(v, p);
const via = { from: optional(text) };

/** What the words of each code are made from (wording.ts describeFinding). */
const PARAMS: Record<FindingCode, Check> = {
  PATH_MISMATCH: PATH,
  EXIT_MISMATCH: map({ expected: textOrNull, actual: textOrNull }),
  VARIABLE_MISMATCH: map({ check: CHECK }),
  DURATION_EXCEEDED: map({ duration_ms: num, max_duration_ms: num }),
  LOOP_DETECTED: map({ loop: optional(LOOP), hint: optional(map({ loopThreshold: optional(num), expectLoops: bool })) }),
  LOOP_EXPECTED: map({ threshold: num }),
  TRACE_ERROR: map({ error: map({ nodeId: text, type: text, timestamp: num, message: text, status: optional(text) }) }),
  API_ERROR: map({ message: text, code: text, status: optional(num), attempts: num }),
  FLOW_REFERENCE: map({ to: text, label: optional(text), suggestion: optional(text), ...via }),
  FLOW_UNREACHABLE: map({ start: text, nodes, count: num }),
  FLOW_TRAP_CYCLE: map({ nodes, count: num, entry: text, ...via }),
  FLOW_DEAD_END: map({ node: text, type: text, ...via }),
  FLOW_UNEXECUTED_ACTION: map({ node: text, type: text, call: optional(text) }),
  FLOW_LANGUAGE: map({
    node: text,
    type: text,
    property: text,
    language: text,
    key: text,
    text_line: num,
    column: num,
    message: text,
    item: optional(num),
  }),
};

function finding(codes: readonly FindingCode[], fields: Record<string, Check> = {}): Check {
  const base = map({ kind: oneOf('mismatch', 'loop', 'error'), code: oneOf(...codes), message: text, file: text, line: num, ...fields });
  return (v, p) => base(v, p) ?? PARAMS[(v as { code: FindingCode }).code]((v as { params: unknown }).params, `${p}.params`);
}

const count = map({ visited: num, total: num, percent: num });
/** Why a connector cannot be taken (domain/unreachable.ts): its words are made from these. */
const UNREACHABLE = tagged('code', {
  orphan: { params: map({ node: text }) },
  no_path: { params: map({ node: text }) },
  only_through_unreachable: { params: map({ node: text }) },
  option_too_long: { params: map({ node: text, option: text, digits: num }) },
  shadowed: { params: map({ node: text, value: text, by: text }) },
  contradicted: { params: map({ node: text, variable: text }) },
  missing_target: { params: map({ to: text }) },
  not_reached: { params: map({ runs: num, budget_spent: bool }) },
});
const EDIT = map({ op: oneOf('missing', 'unexpected'), node: text, index: num, after: optional(textOrNull) });
const DIVERGENCE = map({ index: num, expected: textOrNull, actual: textOrNull, key: optional(text), type: optional(text) });

const METADATA = map({
  report_version: expect((v) => v === REPORT_VERSION, `${REPORT_VERSION} (the report format this version writes)`),
  target: oneOf('api', 'emulator'),
  base_url: text,
  fail_on: list(oneOf('mismatch', 'loop', 'error')),
  loop_threshold: num,
  max_loops: num,
  min_coverage: optional(numOrNull),
  shard: optional(textOrNull),
  selection: optional(map({ tags: list(text), grep: textOrNull, selected: num, total: num })),
  scenario_files: list(text),
  flow_files: list(text),
  run_duration_ms: num,
  cut_short: optional(textOrNull),
});

const SCENARIO = map({
  id: text,
  name: text,
  file: text,
  line: num,
  flow_id: text,
  status: oneOf('passed', 'failed', 'error', 'skipped', 'not_run'),
  tags: list(text),
  input: optional(map({})),
  findings: list(finding(SCENARIO_FINDING_CODES)),
  errors: list(map({ message: text })),
  reason: optional(text),
  execution_summary: optional(
    map({
      path: list(text),
      routing_mismatches: list(text),
      total_nodes: num,
      first_divergence: optional(DIVERGENCE),
      path_edits: optional(list(EDIT)),
    }),
  ),
  state_machine_analysis: optional(map({ loop_details: list(LOOP) })),
  variable_validation: optional(map({ checks: list(CHECK) })),
  raw_trace: optional(list(map({}))),
  observed_expect: optional(
    map({
      expect: map({ exit: textOrNull }),
      withheld: list(map({ key: oneOf('path', 'variables', 'variablesAt'), reason: oneOf('redacted', 'too_long', 'too_many') })),
      unsettled: list(oneOf(...SCENARIO_FINDING_CODES)),
    }),
  ),
});

const REPORT = map({
  report_metadata: METADATA,
  problems: list(map({ code: text, file: text, line: num, key: text, message: text })),
  flow_findings: optional(
    list(finding(FLOW_FINDING_CODES, { severity: oneOf('error', 'warning'), flow_id: optional(text), node: optional(text) })),
  ),
  scenarios: list(SCENARIO),
  coverage: optional(
    list(
      map({
        flow_id: text,
        nodes: count,
        edges: count,
        unvisited_nodes: list(text),
        unvisited_branches: list(map({ from: text, to: text, label: text })),
        unreachable: optional(list(map({ from: text, to: text, label: text, reason: UNREACHABLE }))),
      }),
    ),
  ),
});

/** Null for a report merge can use; else the first thing wrong, with its key. */
export function checkShardReport(value: unknown): string | null {
  return REPORT(value, '');
}
