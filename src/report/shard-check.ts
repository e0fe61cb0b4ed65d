// Is a parsed shard report (merge, SPEC 2) one of ours? Checks the shape that merging and the renderers
// rely on, so that a stray or crafted file is a problem naming it, never an exception half way through
// publishing. Pure.
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
const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? null : check(v, p);

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

const finding = map({ kind: oneOf('mismatch', 'loop', 'error'), code: text, message: text, file: text, line: num });
const count = map({ visited: num, total: num, percent: num });

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
  findings: list(finding),
  errors: list(map({ message: text })),
  reason: optional(text),
  execution_summary: optional(map({ path: list(text), routing_mismatches: list(text), total_nodes: num })),
  state_machine_analysis: optional(map({ loop_details: list(map({})) })),
  variable_validation: optional(map({ checks: list(map({})) })),
  raw_trace: optional(list(map({}))),
});

const REPORT = map({
  report_metadata: METADATA,
  problems: list(map({ code: text, file: text, line: num, key: text, message: text })),
  flow_findings: optional(list(finding)),
  scenarios: list(SCENARIO),
  coverage: optional(
    list(
      map({
        flow_id: text,
        nodes: count,
        edges: count,
        unvisited_nodes: list(text),
        unvisited_branches: list(map({ from: text, to: text, label: text })),
      }),
    ),
  ),
});

/** Null for a report merge can use; else the first thing wrong, with its key. */
export function checkShardReport(value: unknown): string | null {
  return REPORT(value, '');
}
