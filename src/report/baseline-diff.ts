// baseline-report (README, Behaviour changes): the behavioural diff of this run's scenarios against a
// report of an earlier run, for `target: api`, where only one version of a flow can be called. Scenarios
// are matched by file and name (an index moves when one is added above). What a report cannot tell (a
// path cut to the report's budget, a scenario that did not run) is counted as not compared. Pure.
import { diffInputs, type CompareInput, type InputOutcome } from '../analysis/behaviour-diff.ts';
import type { FlowChange } from '../analysis/flow-diff.ts';
import type { LoadedFlow } from '../domain/flow.ts';
import { buildBehaviourSection } from './behaviour.ts';
import type { BehaviourChanges, FlowCoverage, Report, ScenarioReport } from './model.ts';

export function diffAgainstBaseline(opts: {
  baseline: Pick<Report, 'scenarios' | 'coverage'>;
  reportPath: string;
  scenarios: readonly ScenarioReport[];
  coverage: readonly FlowCoverage[] | undefined;
  redacted: (name: string) => boolean;
  /** This run's flow graphs: where a path's routing steps are (the earlier version's graph is not in its report). */
  flows?: readonly LoadedFlow[];
}): BehaviourChanges {
  // A name used twice in a file: the n-th scenario of that name is paired with the n-th of the baseline.
  const keyed = (list: readonly ScenarioReport[]): Map<string, ScenarioReport> => {
    const seen = new Map<string, number>();
    const out = new Map<string, ScenarioReport>();
    for (const s of list) {
      const base = `${s.file}\u0000${s.name}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.set(`${base}\u0000${n}`, s);
    }
    return out;
  };
  const earlier = keyed(opts.baseline.scenarios);
  const now = keyed(opts.scenarios);
  const inputs: CompareInput[] = [];
  const before: InputOutcome[] = [];
  const after: InputOutcome[] = [];
  for (const [key, s] of now) {
    if (s.status === 'skipped') continue;
    const b = earlier.get(key);
    inputs.push(inputOf(s));
    before.push(b ? outcomeOf(b) : { kind: 'absent' });
    after.push(outcomeOf(s));
  }
  for (const [key, b] of earlier) {
    if (now.has(key) || b.status === 'skipped') continue;
    inputs.push(inputOf(b));
    before.push(outcomeOf(b));
    after.push({ kind: 'absent' });
  }
  const diff = diffInputs(inputs, before, after, { before: opts.flows ?? [], after: opts.flows ?? [] });
  const byFlow = new Map<string, number>();
  for (const c of diff.changed) byFlow.set(c.flow_id, (byFlow.get(c.flow_id) ?? 0) + 1);
  return buildBehaviourSection({
    comparedTo: { report: opts.reportPath },
    diff,
    flows: coverageChanges(opts.baseline.coverage ?? [], opts.coverage ?? [], byFlow),
    redacted: opts.redacted,
  });
}

function inputOf(s: ScenarioReport): CompareInput {
  const input = s.input ?? { dtmf: '', speech: '' };
  return {
    name: s.name,
    flowId: s.flow_id,
    dtmf: typeof input.dtmf === 'string' ? input.dtmf : '',
    speech: typeof input.speech === 'string' ? input.speech : '',
    variables: {},
    origin: 'scenario',
    file: s.file,
    line: s.line,
  };
}

/** What a scenario's report says it did; a path cut to the budget, or no run, tells nothing to compare. */
function outcomeOf(s: ScenarioReport): InputOutcome {
  const e = s.execution_summary;
  if (s.status === 'skipped' || s.status === 'not_run') return { kind: 'unknown' };
  if (e) {
    if (s.truncated?.path || s.truncated?.final_state) return { kind: 'unknown' };
    return { kind: 'ran', path: e.path, steps: e.total_nodes, exit: e.exit_node ?? null, variables: s.variable_states?.final_state ?? {} };
  }
  const api = s.errors.find((x) => x.source === 'api');
  if (api) return { kind: 'failed', message: api.message, signature: `${api.code ?? 'ERROR'} ${api.status ?? ''}`.trim() };
  return { kind: 'unknown' };
}

/** A report holds no flow graph: per flow, its coverage before and after, and whether it is new or gone. */
function coverageChanges(
  before: readonly FlowCoverage[],
  after: readonly FlowCoverage[],
  byFlow: ReadonlyMap<string, number>,
): FlowChange[] {
  const b = new Map(before.map((c) => [c.flow_id, c]));
  const a = new Map(after.map((c) => [c.flow_id, c]));
  const ids = [...a.keys(), ...[...b.keys()].filter((id) => !a.has(id))];
  return ids.map((id) => {
    const cb = b.get(id);
    const ca = a.get(id);
    const shown = (ca ?? cb)!;
    return {
      flow_id: id,
      ...(shown.name !== undefined ? { name: shown.name } : {}),
      ...(shown.file !== undefined ? { file: shown.file } : {}),
      status: !cb ? 'added' : !ca ? 'removed' : 'unchanged',
      structure: 'unknown',
      counts: { nodes_added: 0, nodes_removed: 0, connectors_added: 0, connectors_removed: 0 },
      nodes_added: [],
      nodes_removed: [],
      connectors_added: [],
      connectors_removed: [],
      ...(cb ? { coverage_before: { nodes: cb.nodes, edges: cb.edges } } : {}),
      ...(ca ? { coverage_after: { nodes: ca.nodes, edges: ca.edges } } : {}),
      changed_inputs: byFlow.get(id) ?? 0,
    };
  });
}
