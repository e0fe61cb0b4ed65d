// Scenario mocks against the loaded flows, before any call (README, Mocks and the clock): a key that
// names no action of the scenario's flow (nor of a script it reaches by RUNSUB or RUNSCRIPT), or a
// `branch` that is not a connector of that action, is a problem of the scenario file, at the key's line,
// with the nearest name. What is mocked is also what the flow checks leave alone (analysis/graph.ts). Pure.
import { createFlowLookup, isStudioScript, type FlowDefinition, type LoadedFlow } from '../domain/flow.ts';
import type { LoadProblem, Scenario } from '../domain/scenario.ts';
import type { StudioScript } from '../domain/studio.ts';
import { connectorNames, mockBranchProblem, mockNames, reachableScripts, scriptPrefix } from '../domain/studio-mocks.ts';
import type { MockOutcome } from '../domain/wire.ts';
import { lineOf } from '../scenario/lines.ts';
import { excerpt } from '../text.ts';
import { didYouMean, suggestBudget, type SuggestBudget } from '../validation/suggest.ts';

export interface MockCheck {
  /** Each key or branch that names nothing, as a problem of the scenario file (code SCENARIO_MOCK). */
  problems: LoadProblem[];
  /** By scenario id: the first problem's words, for a run that refuses the scenario rather than call with it. */
  refusals: Map<string, string>;
  /** By flow id: the path names of its actions that some scenario mocks (a sub-script's too, under its own id). */
  mocked: Map<string, Set<string>>;
}

/** What one key names in a Studio script or a script it reaches. */
interface Target {
  script: StudioScript;
  pathName: string;
}

/** Every name a key may use for each action the scenario's flow can reach, and the names offered in a hint. */
function studioIndex(
  main: StudioScript,
  lookup: (name: string) => LoadedFlow | undefined,
): { byName: Map<string, Target>; offered: string[] } {
  const byName = new Map<string, Target>();
  const offered: string[] = [];
  for (const script of reachableScripts(main, lookup)) {
    const prefix = scriptPrefix(script, main.id);
    for (const [pathName, action] of Object.entries(script.nodes)) {
      const names = mockNames(pathName, action, prefix);
      offered.push(names[0]!, ...names.slice(2));
      for (const n of names) if (!byName.has(n)) byName.set(n, { script, pathName });
    }
  }
  return { byName, offered };
}

/** A sub-script's action named without its script (`Open?` for `Hours/Open?`) is the likeliest slip; else the nearest name. */
function hint(key: string, offered: string[], budget: SuggestBudget): string {
  const qualified = offered.find((n) => n.endsWith(`/${key}`));
  return qualified === undefined ? didYouMean(key, offered, budget) : ` (did you mean '${excerpt(qualified)}'?)`;
}

const outcomesOf = (value: MockOutcome | MockOutcome[]): MockOutcome[] => (Array.isArray(value) ? value : [value]);

/** Where a mock outcome's branch was written: `mocks.<key>.branch`, or `mocks.<key>[i].branch` in a list. */
const branchKey = (key: string, i: number, list: boolean) => (list ? `mocks.${key}[${i}].branch` : `mocks.${key}.branch`);

interface Ctx {
  scenario: Scenario;
  out: MockCheck;
  budget: SuggestBudget;
}

function problem(ctx: Ctx, key: string, message: string): void {
  const { scenario } = ctx;
  const text = `scenario '${excerpt(scenario.name)}': ${message}`;
  ctx.out.problems.push({
    code: 'SCENARIO_MOCK',
    file: scenario.file,
    line: lineOf(scenario, key),
    key: `scenarios[${scenario.index}].${key}`,
    message: text,
  });
  if (!ctx.out.refusals.has(scenario.id)) ctx.out.refusals.set(scenario.id, text);
}

function markMocked(out: MockCheck, flowId: string, node: string): void {
  const set = out.mocked.get(flowId) ?? new Set<string>();
  out.mocked.set(flowId, set);
  set.add(node);
}

function checkStudio(ctx: Ctx, main: StudioScript, lookup: (name: string) => LoadedFlow | undefined): void {
  const { byName, offered } = studioIndex(main, lookup);
  for (const [key, value] of Object.entries(ctx.scenario.mocks ?? {})) {
    const target = byName.get(key);
    if (!target) {
      problem(
        ctx,
        `mocks.${key}`,
        `mocks names '${excerpt(key)}', which is not an action of '${excerpt(main.id)}' or of a script it runs${hint(key, offered, ctx.budget)}; a mock's key is an action's label, path name or id (a sub-script's as 'Sub/Label')`,
      );
      continue;
    }
    markMocked(ctx.out, target.script.id, target.pathName);
    const action = target.script.nodes[target.pathName]!;
    const list = Array.isArray(value);
    outcomesOf(value).forEach((outcome, i) => {
      const why = mockBranchProblem(action, outcome.branch);
      if (why === undefined) return;
      const names = action.connectors.map((c) => connectorNames(c)[0]!);
      const words =
        why === 'no-default'
          ? `mock '${excerpt(key)}' gives no branch, so takes Default, which '${excerpt(target.pathName)}' has not connected: give its branch (one of ${names.join(', ')})`
          : `mock '${excerpt(key)}' takes branch '${excerpt(outcome.branch ?? '')}', which is not a connector of '${excerpt(target.pathName)}'${didYouMean(outcome.branch ?? '', names, ctx.budget)}; its connectors: ${names.join(', ') || 'none'}`;
      problem(ctx, why === 'no-default' ? (list ? `mocks.${key}[${i}]` : `mocks.${key}`) : branchKey(key, i, list), words);
    });
  }
}

function checkDefinition(ctx: Ctx, flow: FlowDefinition): void {
  const externals = Object.keys(flow.nodes).filter((id) => flow.nodes[id]?.type === 'External');
  for (const [key, value] of Object.entries(ctx.scenario.mocks ?? {})) {
    const node = Object.hasOwn(flow.nodes, key) ? flow.nodes[key] : undefined;
    if (node?.type !== 'External') {
      const why = node
        ? `mocks names '${excerpt(key)}', a ${node.type} node: only External nodes take mocks`
        : `mocks names '${excerpt(key)}', which is not an External node of flow '${excerpt(flow.id)}'${didYouMean(key, externals, ctx.budget)}`;
      problem(ctx, `mocks.${key}`, why);
      continue;
    }
    markMocked(ctx.out, flow.id, key);
    const branches = [...Object.keys(node.branches ?? {}), 'next'];
    const list = Array.isArray(value);
    outcomesOf(value).forEach((outcome, i) => {
      if (outcome.branch === undefined || branches.includes(outcome.branch)) return;
      problem(
        ctx,
        branchKey(key, i, list),
        `mock '${excerpt(key)}' takes branch '${excerpt(outcome.branch)}', which is not a branch of External node '${excerpt(key)}'${didYouMean(outcome.branch, branches, ctx.budget)}; its branches: ${branches.join(', ')}`,
      );
    });
  }
}

/** Checks every scenario's mocks against the flow it names; a scenario whose flow is not loaded is left to the unknown-flow check. */
export function checkScenarioMocks(scenarios: readonly Scenario[], flows: readonly LoadedFlow[]): MockCheck {
  const out: MockCheck = { problems: [], refusals: new Map(), mocked: new Map() };
  const lookup = createFlowLookup(flows);
  const budget = suggestBudget();
  for (const scenario of scenarios) {
    if (scenario.skip || scenario.mocks === undefined) continue;
    const flow = lookup(scenario.flow);
    if (!flow) continue;
    const ctx: Ctx = { scenario, out, budget };
    if (isStudioScript(flow)) checkStudio(ctx, flow, lookup);
    else checkDefinition(ctx, flow);
  }
  return out;
}
