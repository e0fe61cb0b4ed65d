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
  const key = (s: Pick<ScenarioReport, 'file' | 'name'>) => `${s.file}\u0000${s.name}`;
  const earlier = new Map<string, ScenarioReport>();
  for (const s of opts.baseline.scenarios) if (!earlier.has(key(s))) earlier.set(key(s), s);
  const now = new Map(opts.scenarios.map((s) => [key(s), s]));
  const inputs: CompareInput[] = [];
  const before: InputOutcome[] = [];
  const after: InputOutcome[] = [];
  for (const s of opts.scenarios) {
    if (s.status === 'skipped') continue;
    const b = earlier.get(key(s));
    inputs.push(inputOf(s));
    before.push(b ? outcomeOf(b) : { kind: 'absent' });
    after.push(outcomeOf(s));
  }
  for (const b of earlier.values()) {
    if (now.has(key(b)) || b.status === 'skipped') continue;
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
