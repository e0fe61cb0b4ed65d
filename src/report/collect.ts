// Each answer is analysed the moment it arrives, and only what the report needs is kept: the scenario's
// report, cut to its share of the size budget (budget.ts), and the nodes and steps coverage needs.
// Fifty answers of 6 MB are then never in memory together: the runner keeps a digest of each (the
// execution without its answer). Pure: data in, data out.
import { analyzeScenario } from '../analysis/analyze.ts';
import { createCoverageVisits, recordRun, type CoverageVisits } from '../analysis/coverage.ts';
import type { Scenario } from '../domain/scenario.ts';
import type { Settings } from '../settings.ts';
import type { Execution } from '../domain/execution.ts';
import { fitScenarioReport, scenarioBudget } from './budget.ts';
import { createScenarioReporter, type ScenarioReporter } from './build.ts';
import type { ScenarioReport } from './model.ts';

export interface ReportCollector {
  /** Analyses the execution of scenario `index` and keeps its report; returns the digest to keep instead of the execution. */
  add(index: number, execution: Execution): Execution;
  /** The report built for scenario `index` so far (for its progress line), if any. */
  built(index: number): ScenarioReport | undefined;
  /** The reports in scenario order; a scenario no result reached is taken from `executions` (not run). */
  finish(executions: readonly (Execution | undefined)[]): Collected;
}

export interface Collected {
  scenarios: ScenarioReport[];
  visits: CoverageVisits;
  /** For buildReport's last pass over the whole report. */
  reporter: ScenarioReporter;
}

const NEVER_STARTED: Execution = { kind: 'not_run', reason: 'the run stopped before this scenario started' };

/** `scrubSecrets` removes the run's secrets from text (build.ts). */
export function createReportCollector(
  settings: Pick<Settings, 'loopThreshold' | 'redactVariables'>,
  scenarios: readonly Scenario[],
  scrubSecrets?: (text: string) => string,
): ReportCollector {
  const reporter = createScenarioReporter(settings, scrubSecrets);
  const budget = scenarioBudget(scenarios.length);
  const reports: (ScenarioReport | undefined)[] = new Array(scenarios.length);
  const visits = createCoverageVisits();
  const add = (index: number, execution: Execution): Execution => {
    const scenario = scenarios[index]!;
    const analysis = analyzeScenario(scenario, execution, { loopThreshold: settings.loopThreshold });
    if (execution.kind === 'completed')
      recordRun(visits, { flowId: scenario.flow, path: execution.response.path, trace: execution.response.trace });
    reports[index] = reporter.scrub(fitScenarioReport(reporter.build({ scenario, execution, analysis }), budget));
    return digestOf(execution);
  };
  return {
    add,
    built: (index) => reports[index],
    finish(executions) {
      scenarios.forEach((_, i) => {
        if (reports[i] === undefined) add(i, executions[i] ?? NEVER_STARTED);
      });
      return { scenarios: reports as ScenarioReport[], visits, reporter };
    },
  };
}

/** The execution without the answer's bulk: what the run needs after the report was built (its kind, counts). */
function digestOf(execution: Execution): Execution {
  if (execution.kind === 'completed') {
    const { exitNode, duration } = execution.response;
    return { ...execution, response: { path: [], variables: {}, exitNode, duration, trace: [] } };
  }
  if (execution.kind === 'failed' && execution.trace) {
    const { trace: _trace, ...rest } = execution;
    return rest;
  }
  return execution;
}
