// compare-to (README, Behaviour changes): the flow files at a git ref beside the head's, the same inputs
// run through both on the emulator, and the `behaviour_changes` section made of what differs. A ref this
// clone lacks is one warning that says what to add, and the run goes on.
import { diffInputs, type CompareInput } from '../analysis/behaviour-diff.ts';
import { coverageOfVisits } from '../analysis/coverage.ts';
import { diffFlows } from '../analysis/flow-diff.ts';
import { createFlowLookup, type LoadedFlow } from '../domain/flow.ts';
import type { Scenario } from '../domain/scenario.ts';
import { ACTION_NAMING } from '../input-naming.ts';
import { buildBehaviourSection, skippedBehaviourSection } from '../report/behaviour.ts';
import type { BehaviourChanges } from '../report/model.ts';
import { createRedactor } from '../report/redact.ts';
import { describeMissingRef } from '../report/wording.ts';
import type { RunHooks } from '../run.ts';
import type { Settings } from '../settings.ts';
import { plural } from '../text.ts';
import { loadFlowsAtRef } from './flows-at-ref.ts';
import { probeFlows } from './probe.ts';

/** The scenarios' inputs, skipped ones left out. Explored inputs (generate) are appended to this list. */
export function scenarioInputs(scenarios: readonly Scenario[]): CompareInput[] {
  return scenarios
    .filter((s) => !s.skip)
    .map((s) => ({
      name: s.name,
      flowId: s.flow,
      dtmf: s.input.dtmf,
      speech: s.input.speech,
      variables: s.variables,
      ...(s.mocks !== undefined ? { mocks: s.mocks } : {}),
      ...(s.clock !== undefined ? { clock: s.clock } : {}),
      ...(s.maxLoops !== undefined ? { maxLoops: s.maxLoops } : {}),
      origin: 'scenario' as const,
      file: s.file,
      line: s.line,
    }));
}

export interface CompareContext {
  settings: Settings;
  ref: string;
  scenarios: readonly Scenario[];
  /** The head's flows, as the run loaded them. */
  flows: LoadedFlow[];
  /**
   * explore: more inputs to compare, made from both versions' flows once the earlier one is loaded (the
   * inputs generate would write for each; origin 'explored'). Unset: the scenarios' inputs only.
   */
  explore?: (flows: { before: readonly LoadedFlow[]; after: readonly LoadedFlow[] }) => CompareInput[];
  hooks: Pick<RunHooks, 'info' | 'warn' | 'secrets' | 'naming' | 'signal'>;
}

export async function compareToRef(ctx: CompareContext): Promise<BehaviourChanges> {
  const { settings, ref, hooks } = ctx;
  const naming = hooks.naming ?? ACTION_NAMING;
  const warn = hooks.warn ?? ((line: string) => hooks.info(`Warning: ${line}`));
  const comparedTo: BehaviourChanges['compared_to'] = { ref };
  if (settings.flows.length === 0) {
    const reason = `${naming.input('compare-to')} compares the flow files of ${naming.input('flows')} at two commits, and ${naming.input('flows')} is not set: no comparison was made.`;
    warn(reason);
    return skippedBehaviourSection(comparedTo, reason);
  }
  const base = await loadFlowsAtRef({ workspace: settings.workspace, ref, patterns: settings.flows, naming });
  if (!base.ok) {
    const reason = describeMissingRef(naming.input('compare-to'), ref, base.why, base.detail);
    warn(reason);
    return skippedBehaviourSection(comparedTo, reason);
  }
  comparedTo.commit = base.commit;
  const baseFlows = base.loaded.flows;
  const unusable = base.loaded.problems.filter((p) => p.code !== 'FLOW_STUDIO_UNEXECUTED' && p.code !== 'FLOW_STUDIO_LANGUAGE');
  if (unusable.length > 0)
    warn(
      `At ${ref} (${base.commit.slice(0, 12)}), ${plural(unusable.length, 'flow file problem')} (first: ${unusable[0]!.file || 'flows'}: ${unusable[0]!.message}); inputs of a flow in a file that did not load there are not compared.`,
    );
  // A head flow whose file is among them, and whose id no flow at the ref has: its earlier version is
  // unknown (the file did not parse), not absent. A file that merely has a finding still loaded its flow.
  const baseIds = new Set(baseFlows.map((f) => f.id));
  const brokenFiles = new Set(unusable.map((p) => p.file).filter(Boolean));
  const unknownAtBase = new Set(
    ctx.flows.filter((f) => f.source?.file && brokenFiles.has(f.source.file) && !baseIds.has(f.id)).map((f) => f.id),
  );
  const inputs = [...scenarioInputs(ctx.scenarios), ...(ctx.explore?.({ before: baseFlows, after: ctx.flows }) ?? [])];
  hooks.info(
    `Comparing with ${ref} (${base.commit.slice(0, 12)}): ${plural(inputs.length, 'input')} through ${plural(baseFlows.length, 'flow')} there and ${plural(ctx.flows.length, 'flow')} here, on the built-in emulator.`,
  );
  const before = await probeFlows(settings, baseFlows, inputs, hooks);
  const after = await probeFlows(settings, ctx.flows, inputs, hooks);
  if (hooks.signal?.aborted) {
    const reason = `The behaviour comparison with ${ref} was cut short (the run was cancelled or reached timeout-minutes): no comparison is reported.`;
    warn(reason);
    return skippedBehaviourSection(comparedTo, reason);
  }
  // Inputs may name a Studio script by an alias: counted under the flow's id.
  const lookup = createFlowLookup([...ctx.flows, ...baseFlows]);
  const beforeOutcomes = before.outcomes.map((o, i) =>
    o.kind === 'absent' && unknownAtBase.has(lookup(inputs[i]!.flowId)?.id ?? inputs[i]!.flowId) ? ({ kind: 'unknown' } as const) : o,
  );
  const diff = diffInputs(inputs, beforeOutcomes, after.outcomes, { before: baseFlows, after: ctx.flows });
  const byFlow = new Map<string, number>();
  for (const c of diff.changed) {
    const id = lookup(c.flow_id)?.id ?? c.flow_id;
    byFlow.set(id, (byFlow.get(id) ?? 0) + 1);
  }
  const flows = diffFlows(
    baseFlows,
    ctx.flows,
    { before: coverageOfVisits(baseFlows, before.visits), after: coverageOfVisits(ctx.flows, after.visits) },
    byFlow,
  ).filter((f) => !(f.status === 'added' && unknownAtBase.has(f.flow_id)));
  const redactor = createRedactor(settings.redactVariables);
  return buildBehaviourSection({
    comparedTo,
    diff,
    flows,
    redacted: (name) => redactor.matches(name),
    // A file's problems only: no flow file at the ref at all (the pull request adds the first) is no problem of the comparison.
    earlierProblems: unusable.filter((p) => p.file !== '').map((p) => ({ file: p.file, message: p.message })),
  });
}
