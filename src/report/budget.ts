// The report's size budget. A scenario's report holds lists that grow with the answer (a 1,000,000-step
// path, its trace, one variables snapshot per node, 200,000 trace errors): written out whole, 50 such
// answers make a report too long for one string, and keeping them runs the process out of memory. Each
// list keeps its first items up to a share of the scenario's budget; what was cut is said in the
// scenario's `truncated` map as { shown, total }. Pure.
import type { ScenarioReport, Truncated, TruncatedList } from './model.ts';

const MIB = 1024 * 1024;

/** Bytes (as JSON) of growing lists one scenario keeps: some 1,500 trace entries and 3,000 path steps. */
export const MAX_SCENARIO_DETAIL_BYTES = MIB / 4;
/** Bytes of growing lists the whole report keeps, shared equally by the run's scenarios. */
export const MAX_RUN_DETAIL_BYTES = 32 * MIB;

/** The budget of each scenario of a run of `scenarioCount`: equal shares, so which ones keep detail does not depend on timing. */
export function scenarioBudget(scenarioCount: number): number {
  return Math.min(MAX_SCENARIO_DETAIL_BYTES, Math.floor(MAX_RUN_DETAIL_BYTES / Math.max(1, scenarioCount)));
}

/** What one list may take of the budget left, in the order they are fitted; raw_trace takes the rest. */
const SHARES: Record<Exclude<TruncatedList, 'raw_trace'>, number> = {
  findings: 1 / 8,
  errors: 1 / 8,
  checks: 1 / 8,
  loop_details: 1 / 8,
  path: 1 / 8,
  final_state: 1 / 16,
  node_history: 1 / 8,
};

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length + 3;
  return (JSON.stringify(value) ?? '').length + 1;
}

interface Cut<T> {
  kept: T[];
  used: number;
}

/**
 * The first items that fit in `bytes`, plus the first item of each `keyOf` key whatever it costs (one
 * finding of each kind, so that fail-on still sees every kind a scenario has). Measures no more than
 * it keeps.
 */
function takeFitting<T>(items: readonly T[], bytes: number, keyOf?: (item: T) => string | undefined): Cut<T> {
  const kept: T[] = [];
  const keys = new Set<string>();
  let used = 0;
  for (const item of items) {
    const key = keyOf?.(item);
    const must = key !== undefined && !keys.has(key);
    if (!must && used >= bytes) {
      if (keyOf) continue;
      break;
    }
    const size = sizeOf(item);
    if (must || used + size <= bytes) {
      kept.push(item);
      used += size;
      if (key !== undefined) keys.add(key);
    } else used = bytes;
  }
  return { kept, used };
}

/** Fits lists one after the other: each gets its share of the scenario's budget, or what is left. */
class Fitter {
  private left: number;
  private readonly budget: number;
  readonly truncated: Truncated = {};

  constructor(budget: number) {
    this.budget = budget;
    this.left = budget;
  }

  list<T>(name: TruncatedList, items: readonly T[], keyOf?: (item: T) => string | undefined): T[] {
    const share = name === 'raw_trace' ? this.left : Math.min(this.left, Math.floor(SHARES[name] * this.budget));
    const { kept, used } = takeFitting(items, share, keyOf);
    this.left = Math.max(0, this.left - used);
    if (kept.length === items.length) return items as T[];
    this.truncated[name] = { shown: kept.length, total: items.length };
    return kept;
  }

  /** A map cut as the list of its entries, in key order. */
  record<V>(name: TruncatedList, value: Record<string, V>): Record<string, V> {
    const entries = Object.entries(value);
    const kept = this.list(name, entries);
    return kept === entries ? value : Object.fromEntries(kept);
  }
}

/**
 * The scenario's report with every growing list cut to fit `budget` bytes, and `truncated` saying
 * what was cut. A report that fits is returned as it is.
 */
export function fitScenarioReport(report: ScenarioReport, budget: number): ScenarioReport {
  const fit = new Fitter(budget);
  const out: ScenarioReport = { ...report, findings: fit.list('findings', report.findings, (f) => f.kind) };
  out.errors = fit.list('errors', report.errors, (e) => (e.source === 'api' ? 'api' : undefined));
  const { variable_validation: checks, state_machine_analysis: loops, execution_summary: summary, variable_states: states } = report;
  if (checks) out.variable_validation = { ...checks, checks: fit.list('checks', checks.checks) };
  if (loops) out.state_machine_analysis = { ...loops, loop_details: fit.list('loop_details', loops.loop_details) };
  if (summary) out.execution_summary = { ...summary, path: fit.list('path', summary.path) };
  if (states)
    out.variable_states = {
      final_state: fit.record('final_state', states.final_state),
      node_history: fit.record('node_history', states.node_history),
    };
  if (report.raw_trace) out.raw_trace = fit.list('raw_trace', report.raw_trace);
  return Object.keys(fit.truncated).length === 0 ? report : withTruncated(out, fit.truncated);
}

/** `truncated` right after `status`, where a reader of the YAML looks first. */
function withTruncated(report: ScenarioReport, truncated: Truncated): ScenarioReport {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(report)) {
    out[key] = value;
    if (key === 'status') out['truncated'] = truncated;
  }
  return out as unknown as ScenarioReport;
}
