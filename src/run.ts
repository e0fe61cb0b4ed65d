// The pipeline (STYLE.md): files → scenarios → API calls → executions → findings → report.
// Shared by the action (main.ts) and the CLI (cli/commands.ts); it prints through hooks, never through @actions/core.
import { randomBytes } from 'node:crypto';
import { checkMinCoverage, coverageOfVisits, MAX_COVERAGE_VISITS } from './analysis/coverage.ts';
import { checkFlowGraph } from './analysis/graph.ts';
import { FlowDebugClient } from './api/client.ts';
import { createRateGate } from './api/rate-limit.ts';
import { loadFlows } from './emulator/flow.ts';
import { startEmulator } from './emulator/server.ts';
import type { FlowDefinition } from './emulator/types.ts';
import { buildReport } from './report/build.ts';
import { createReportCollector, type Collected, type ReportCollector } from './report/collect.ts';
import { toReportProblem, type FlowFinding, type Report, type ReportProblem } from './report/model.ts';
import { loadScenarios } from './scenario/load.ts';
import type { Scenario } from './scenario/types.ts';
import type { Settings } from './settings.ts';
import { fetchFlowGraphs, flowsToRead } from './simulation/graphs.ts';
import { RunStop, describeStop } from './simulation/run-stop.ts';
import { runScenarios } from './simulation/runner.ts';
import { selectShard } from './simulation/shard.ts';
import type { Execution } from './simulation/types.ts';
import { VERSION } from './version.ts';
import { plural } from './text.ts';
import { basicAuthForm, SecretSet } from './secrets.ts';

export interface RunHooks {
  info(line: string): void;
  /**
   * The run's secrets (runSecrets): the run adds issued tokens and generated emulator credentials before
   * they can be printed, and scrubs all of them out of the report.
   */
  secrets: SecretSet;
  /** Aborted on cancellation (SIGINT/SIGTERM): the report is still built, the rest marked not_run. */
  signal?: AbortSignal;
  clock?: () => number;
}

/** What the files hold, before any call: the scenarios and flows that loaded, and each file's problems. */
export interface Suite {
  scenarios: Scenario[];
  scenarioFiles: string[];
  flows: FlowDefinition[];
  flowFiles: string[];
  problems: ReportProblem[];
}

export async function runSuite(settings: Settings, hooks: RunHooks): Promise<Report> {
  const startedAt = new Date();
  const suite = await loadSuite(settings, hooks);
  const collector = createReportCollector(settings, suite.scenarios, (text) => hooks.secrets.scrub(text));
  let executions: Execution[] = suite.scenarios.map(() => ({ kind: 'not_run', reason: 'the run stopped before this scenario started' }));
  let graphs = suite.flows;
  let cutShort: string | null = null;
  let connection: Connection | undefined;
  // Cancellation, timeout-minutes or a run-ending API failure end every wait, the graph reads' too.
  const clock = hooks.clock ?? Date.now;
  const stop = new RunStop({
    ...(hooks.signal ? { cancel: hooks.signal } : {}),
    ...(settings.timeoutMinutes !== undefined ? { deadline: clock() + settings.timeoutMinutes * 60_000 } : {}),
    clock,
  });
  try {
    // Inside the try: a connection that cannot be made (an http:// URL refused, an emulator that cannot
    // listen) still ends in a report, with every scenario not_run and the reason.
    connection = await openConnection(settings, suite.flows, hooks);
    executions = await executeSuite(settings, suite.scenarios, connection.client, hooks, stop, collector);
    if (settings.target === 'api' && settings.flows.length === 0 && !stop.reason) {
      graphs = await fetchFlowGraphs(connection.client, flowsToRead(suite.scenarios, executions), { info: hooks.info, signal: stop.signal });
    }
    const reason = stop.reason;
    if (reason) cutShort = describeStop(reason, settings.timeoutMinutes);
    else if (executions.some((e) => e.kind === 'not_run')) cutShort = 'some scenarios did not run';
  } catch (error) {
    cutShort = (error as Error).message;
  } finally {
    stop.dispose();
    await connection?.close();
  }
  const collected = collector.finish(executions);
  if (collected.visits.cut) {
    hooks.info(`Coverage counts the first ${MAX_COVERAGE_VISITS.toLocaleString('en')} distinct nodes and steps visited; the answers named more, so it may read low.`);
  }
  return assembleReport(settings, suite, collected, graphs, { startedAt, cutShort });
}

/** Every secret the settings hold, in all its forms, before anything runs or prints. */
export function runSecrets(settings: Pick<Settings, 'auth' | 'baseUrl' | 'tokenUrl' | 'githubToken'>): SecretSet {
  const secrets = new SecretSet();
  secrets.add(settings.auth.clientSecret);
  if (settings.auth.kind === 'access-key') {
    secrets.add(settings.auth.accessKeySecret);
    secrets.addExact(basicAuthForm(settings.auth.clientId, settings.auth.clientSecret));
  }
  secrets.addUrlUserinfo(settings.baseUrl);
  secrets.addUrlUserinfo(settings.tokenUrl);
  secrets.add(settings.githubToken);
  return secrets;
}

/** The run's loading, shared with the CLI's `validate`: both see the same problems. */
export async function loadSuite(settings: Settings, hooks: Pick<RunHooks, 'info'>): Promise<Suite> {
  const loaded = await loadScenarios({ workspace: settings.workspace, patterns: settings.scenarios });
  const scenarios = selectShard(loaded.scenarios, settings.shard);
  hooks.info(`Found ${plural(loaded.scenarios.length, 'scenario')} in ${plural(loaded.files.length, 'file')}` +
    (settings.shard ? `; shard ${settings.shard.index}/${settings.shard.total} runs ${scenarios.length}` : '') + '.');
  const suite: Suite = { scenarios, scenarioFiles: loaded.files, flows: [], flowFiles: [], problems: loaded.problems.map(toReportProblem) };
  if (settings.flows.length > 0) {
    const flows = await loadFlows({ workspace: settings.workspace, patterns: settings.flows });
    const usable = new Set(flows.flows.map((f) => f.source?.file));
    suite.flows = flows.flows;
    suite.flowFiles = flows.files;
    // A flow that loaded may still point at missing nodes: checkFlowGraph reports that as a defect of
    // the flow. What is left is a file that could not be used at all: a problem of the suite.
    suite.problems.push(...flows.problems.filter((p) => !usable.has(p.file)).map(toReportProblem));
  }
  return suite;
}

interface Connection {
  client: FlowDebugClient;
  close(): Promise<void>;
}

/** CXone, or the built-in emulator on an ephemeral loopback port with generated credentials (SPEC 5). */
async function openConnection(settings: Settings, flows: FlowDefinition[], hooks: RunHooks): Promise<Connection> {
  let target = { baseUrl: settings.baseUrl, tokenUrl: settings.tokenUrl, auth: settings.auth };
  let stop = async () => {};
  if (settings.target === 'emulator') {
    const credentials = { clientId: `emulator-${randomBytes(4).toString('hex')}`, clientSecret: randomBytes(24).toString('base64url') };
    hooks.secrets.add(credentials.clientSecret);
    const emulator = await startEmulator({ flows, credentials });
    hooks.info(`Started the built-in Flow Debug API emulator at ${emulator.url} with ${plural(flows.length, 'flow')}.`);
    target = { baseUrl: emulator.url, tokenUrl: `${emulator.url}/oauth2/token`, auth: { kind: 'client-credentials', ...credentials } };
    stop = () => emulator.close();
  }
  const client = new FlowDebugClient({
    ...target,
    scope: settings.scope,
    maxRetries: settings.maxRetries,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    allowInsecureHttp: settings.allowInsecureHttp,
    secrets: hooks.secrets,
    rateGate: createRateGate(settings.maxRequestsPerSecond !== undefined ? { requestsPerSecond: settings.maxRequestsPerSecond } : {}),
  });
  return {
    client,
    close: async () => {
      client.close();
      await stop();
    },
  };
}

function executeSuite(settings: Settings, scenarios: Scenario[], client: FlowDebugClient, hooks: RunHooks, stop: RunStop, collector: ReportCollector): Promise<Execution[]> {
  return runScenarios(scenarios, client, {
    concurrency: settings.concurrency,
    maxLoops: settings.maxLoops,
    stop,
    clock: hooks.clock ?? Date.now,
    onResult: (s, e, i) => {
      hooks.info(describeResult(s, e));
      return collector.add(i, e);
    },
  });
}

interface RunFacts {
  startedAt: Date;
  cutShort: string | null;
}

/** The scenario reports were built as the answers arrived (report/collect.ts); what is left is run-wide. */
function assembleReport(settings: Settings, suite: Suite, collected: Collected, graphs: FlowDefinition[], run: RunFacts): Report {
  const flowFindings: FlowFinding[] = graphs.flatMap((g) => checkFlowGraph(g));
  const coverage = graphs.length > 0 ? coverageOfVisits(graphs, collected.visits) : undefined;
  // min-coverage judges the flows this run exercised: a flow in a broad `flows` glob that no scenario
  // targets is listed at 0% in the coverage table, but does not fail someone else's suite.
  const ran = new Set(suite.scenarios.map((s) => s.flow));
  const shortfalls = coverage && settings.minCoverage !== undefined ? checkMinCoverage(coverage.filter((c) => ran.has(c.flow_id)), settings.minCoverage) : [];
  return buildReport({
    settings,
    toolVersion: VERSION,
    scenarios: collected.scenarios,
    reporter: collected.reporter,
    problems: suite.problems,
    flowFindings,
    ...(coverage ? { coverage } : {}),
    coverageShortfalls: shortfalls.map((s) => s.message),
    scenarioFiles: suite.scenarioFiles,
    flowFiles: suite.flowFiles,
    startedAt: run.startedAt,
    finishedAt: new Date(),
    cutShort: run.cutShort,
  });
}

function describeResult(scenario: Scenario, execution: Execution): string {
  const where = `${scenario.name} (${scenario.file}:${scenario.line})`;
  switch (execution.kind) {
    case 'completed':
      return `  ran   ${where} → ${execution.response.exitNode ?? 'no exit'} in ${plural(execution.response.path.length, 'step')}`;
    case 'failed':
      return `  error ${where}: ${execution.code}${execution.status ? ` ${execution.status}` : ''} after ${plural(execution.attempts, 'attempt')}`;
    default:
      return `  ${execution.kind === 'skipped' ? 'skip ' : 'not run'} ${where}: ${execution.reason}`;
  }
}
