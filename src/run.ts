// The pipeline (STYLE.md): files → scenarios → API calls → executions → findings → report.
// Shared by the action (main.ts) and the CLI (cli.ts); it prints through hooks, never through @actions/core.
import { randomBytes } from 'node:crypto';
import { analyzeScenario } from './analysis/analyze.ts';
import { FlowDebugClient } from './api/client.ts';
import { createRateGate } from './api/rate-limit.ts';
import { loadFlows, type LoadFlowsResult } from './emulator/flow.ts';
import { startEmulator, type RunningEmulator } from './emulator/server.ts';
import { buildReport, type ScenarioOutcome } from './report/build.ts';
import { toReportProblem, type FlowFinding, type Report, type ReportProblem } from './report/model.ts';
import { loadScenarios } from './scenario/load.ts';
import type { Scenario } from './scenario/types.ts';
import type { AuthSettings, Settings } from './settings.ts';
import { runScenarios } from './simulation/runner.ts';
import { selectShard } from './simulation/shard.ts';
import type { Execution } from './simulation/types.ts';
import { VERSION } from './version.ts';

export interface RunHooks {
  info(line: string): void;
  /** Called with every secret (issued tokens, generated emulator credentials) before it can be printed. */
  registerSecret(value: string): void;
  /** Aborted on cancellation (SIGINT/SIGTERM): the report is still built, the rest marked not_run. */
  signal?: AbortSignal;
  clock?: () => number;
}

export async function runSuite(settings: Settings, hooks: RunHooks): Promise<Report> {
  const startedAt = new Date();
  const clock = hooks.clock ?? Date.now;
  const loaded = await loadScenarios({ workspace: settings.workspace, patterns: settings.scenarios });
  const problems: ReportProblem[] = loaded.problems.map(toReportProblem);
  const scenarios = selectShard(loaded.scenarios, settings.shard);
  hooks.info(`Found ${loaded.scenarios.length} scenario${loaded.scenarios.length === 1 ? '' : 's'} in ${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'}` +
    (settings.shard ? `; shard ${settings.shard.index}/${settings.shard.total} runs ${scenarios.length}` : '') + '.');

  let flowFiles: string[] = [];
  const flowFindings: FlowFinding[] = [];
  let emulator: RunningEmulator | undefined;
  let executions: Execution[] = scenarios.map(() => ({ kind: 'not_run', reason: 'the run stopped before this scenario started' }));
  let cutShort: string | null = null;
  try {
    let connection = { baseUrl: settings.baseUrl, tokenUrl: settings.tokenUrl, auth: settings.auth };
    if (settings.flows.length > 0) {
      const flows = await loadFlows({ workspace: settings.workspace, patterns: settings.flows });
      flowFiles = flows.files;
      const split = splitFlowProblems(flows);
      problems.push(...split.problems);
      flowFindings.push(...split.findings);
      if (settings.target === 'emulator') {
        const credentials = { clientId: `emulator-${randomBytes(4).toString('hex')}`, clientSecret: randomBytes(24).toString('base64url') };
        hooks.registerSecret(credentials.clientSecret);
        emulator = await startEmulator({ flows: flows.flows, credentials });
        hooks.info(`Started the built-in Flow Debug API emulator at ${emulator.url} with ${flows.flows.length} flow${flows.flows.length === 1 ? '' : 's'}.`);
        const auth: AuthSettings = { kind: 'client-credentials', ...credentials };
        connection = { baseUrl: emulator.url, tokenUrl: `${emulator.url}/oauth2/token`, auth };
      }
    }
    if (scenarios.length > 0) {
      const client = new FlowDebugClient({
        ...connection,
        scope: settings.scope,
        maxRetries: settings.maxRetries,
        requestTimeoutMs: settings.requestTimeoutMs,
        allowInsecureHttp: settings.allowInsecureHttp,
        registerSecret: hooks.registerSecret,
        rateGate: createRateGate(settings.maxRequestsPerSecond !== undefined ? { requestsPerSecond: settings.maxRequestsPerSecond } : {}),
      });
      try {
        executions = await runScenarios(scenarios, client, {
          concurrency: settings.concurrency,
          maxLoops: settings.maxLoops,
          ...(hooks.signal ? { signal: hooks.signal } : {}),
          ...(settings.timeoutMinutes !== undefined ? { deadline: clock() + settings.timeoutMinutes * 60_000 } : {}),
          clock,
          onResult: (s, e) => hooks.info(describeResult(s, e)),
        });
      } finally {
        client.close();
      }
    }
    if (hooks.signal?.aborted) cutShort = `cancelled (${String(hooks.signal.reason ?? 'signal')})`;
    else if (executions.some((e) => e.kind === 'not_run')) cutShort = `timeout-minutes (${settings.timeoutMinutes}) reached`;
  } catch (error) {
    cutShort = `${(error as Error).message}`;
  } finally {
    await emulator?.close();
  }

  const outcomes: ScenarioOutcome[] = scenarios.map((scenario, i) => {
    const execution = executions[i]!;
    return { scenario, execution, analysis: analyzeScenario(scenario, execution, { loopThreshold: settings.loopThreshold }) };
  });
  return buildReport({
    settings,
    toolVersion: VERSION,
    outcomes,
    problems,
    flowFindings,
    scenarioFiles: loaded.files,
    flowFiles,
    startedAt,
    finishedAt: new Date(),
    cutShort,
  });
}

/**
 * A flow file that could not be used is a problem of the suite. A flow that loaded but points at a
 * node that does not exist is a defect of the flow itself (CXone answers 500 when it runs): a finding.
 */
function splitFlowProblems(loaded: LoadFlowsResult): { problems: ReportProblem[]; findings: FlowFinding[] } {
  const byFile = new Map(loaded.flows.map((f) => [f.source?.file, f.id]));
  const problems: ReportProblem[] = [];
  const findings: FlowFinding[] = [];
  for (const p of loaded.problems) {
    const flowId = byFile.get(p.file);
    if (flowId === undefined) problems.push(toReportProblem(p));
    else findings.push({ kind: 'error', code: 'FLOW_REFERENCE', message: p.message, file: p.file, line: p.line, flow_id: flowId, ...(p.node ? { node: p.node } : {}) });
  }
  return { problems, findings };
}

function describeResult(scenario: Scenario, execution: Execution): string {
  switch (execution.kind) {
    case 'completed':
      return `  ran  ${scenario.name} (${scenario.file}:${scenario.line}) → ${execution.response.exitNode ?? 'no exit'} in ${execution.response.path.length} steps`;
    case 'failed':
      return `  error ${scenario.name} (${scenario.file}:${scenario.line}): ${execution.code}${execution.status ? ` ${execution.status}` : ''} after ${execution.attempts} attempt${execution.attempts === 1 ? '' : 's'}`;
    default:
      return `  ${execution.kind === 'skipped' ? 'skip' : 'not run'} ${scenario.name}: ${execution.reason}`;
  }
}
