// The pipeline (docs/architecture.md): files → scenarios → API calls → executions → findings → report.
// Shared by the action (main.ts) and the CLI (cli/commands.ts); it prints through hooks, never through @actions/core.
import { checkMinCoverage, coverageOfVisits, MAX_COVERAGE_VISITS } from './analysis/coverage.ts';
import { checkFlowGraph, type FlowCheckContext } from './analysis/graph.ts';
import { withUnreachable } from './generate/coverage-warnings.ts';
import type { FlowDebugClient } from './api/client.ts';
import { openConnection, type Connection } from './connection.ts';
import { loadFlows } from './flow/load.ts';
import { createUnknownFlowCheck, noUsableFlow } from './flow/preflight.ts';
import { checkScenarioMocks } from './flow/mock-checks.ts';
import { createFlowLookup, type LoadedFlow } from './domain/flow.ts';
import { buildReport } from './report/build.ts';
import { createReportCollector, type Collected, type ReportCollector } from './report/collect.ts';
import { toReportProblem, type FlowFinding, type Report, type ReportProblem } from './report/model.ts';
import { loadScenarios } from './scenario/load.ts';
import type { LoadResult, Scenario } from './domain/scenario.ts';
import type { Settings } from './settings.ts';
import { fetchFlowGraphs, flowsToRead } from './simulation/graphs.ts';
import { RunStop, describeStop } from './simulation/run-stop.ts';
import { progressLine } from './report/progress.ts';
import { runScenarios } from './simulation/runner.ts';
import { describeFilter, selectScenarios, unknownTags, type SelectionFacts } from './simulation/select.ts';
import { selectShard } from './simulation/shard.ts';
import type { Execution } from './domain/execution.ts';
import { VERSION } from './version.ts';
import { plural } from './text.ts';
import { compareToRef } from './compare/compare-to.ts';
import { exploredInputs } from './compare/explored.ts';
import { readShardReport } from './report/merge.ts';
import { diffAgainstBaseline } from './report/baseline-diff.ts';
import { skippedBehaviourSection } from './report/behaviour.ts';
import { createRedactor } from './report/redact.ts';
import type { BehaviourChanges } from './report/model.ts';
import { basicAuthForm, SecretSet, SHORT_SECRET_CHARS } from './secrets.ts';
import { ACTION_NAMING, type InputNaming } from './input-naming.ts';

export interface RunHooks {
  info(line: string): void;
  /** A line about something that does not fail the run but needs a look; default: info("Warning: …"). */
  warn?(line: string): void;
  /** How the shell names inputs in the words the run makes (the API client's hints, the loaders); default: the action's. */
  naming?: InputNaming;
  /**
   * The run's secrets (runSecrets): the run adds issued tokens and generated emulator credentials before
   * they can be printed, and scrubs all of them out of the report.
   */
  secrets: SecretSet;
  /** Aborted on cancellation (SIGINT/SIGTERM): the report is still built, the rest marked not_run. */
  signal?: AbortSignal;
  /** Epoch ms: the run's start and end in the report, its deadline, every duration (tests pass a fixed one). */
  clock?: () => number;
}

/** What the files hold, before any call: the scenarios and flows that loaded, and each file's problems. */
export interface Suite {
  scenarios: Scenario[];
  scenarioFiles: string[];
  flows: LoadedFlow[];
  flowFiles: string[];
  problems: ReportProblem[];
  /** Set when `flows` gives no usable flow: no call is made (flow/preflight.ts). */
  refusal?: string;
  /** Why a scenario's flow id is in no loaded flow, when `flows` is given. */
  unknownFlow?: (flowId: string) => string | undefined;
  /** On the emulator, by scenario id: why its mocks name nothing of its flow (flow/mock-checks.ts); it is not run. */
  mockRefusals?: Map<string, string>;
  /** By flow id: the actions some scenario mocks, which the flow checks leave alone (analysis/graph.ts). */
  mocked?: Map<string, Set<string>>;
  selection: SelectionFacts;
}

export async function runSuite(settings: Settings, hooks: RunHooks): Promise<Report> {
  const clock = hooks.clock ?? Date.now;
  const startedAt = new Date(clock());
  const suite = await loadSuite(settings, hooks);
  if (settings.target === 'api' && suite.unknownFlow) noteFlowsWithoutFile(suite.scenarios, suite.unknownFlow, hooks);
  if (settings.target === 'api') noteEmulatorOnly(suite.scenarios, hooks);
  const collector = createReportCollector(settings, suite.scenarios, (text) => hooks.secrets.scrub(text));
  if (suite.refusal) return refusedRun(settings, suite, collector, hooks, startedAt);
  const baseline =
    settings.baselineReport !== undefined ? await readBaseline(settings.workspace, settings.baselineReport, hooks) : undefined;
  let executions: Execution[] = suite.scenarios.map(() => ({ kind: 'not_run', reason: 'the run stopped before this scenario started' }));
  let graphs: LoadedFlow[] = suite.flows;
  let cutShort: string | null = null;
  let connection: Connection | undefined;
  // Cancellation, timeout-minutes or a run-ending API failure end every wait, the graph reads' too.
  const stop = new RunStop({
    ...(hooks.signal ? { cancel: hooks.signal } : {}),
    ...(settings.timeoutMinutes !== undefined ? { deadline: clock() + settings.timeoutMinutes * 60_000 } : {}),
    clock,
  });
  try {
    // Inside the try: a connection that cannot be made (an emulator that cannot listen; an http:// URL to
    // another machine is refused earlier, as an input) still ends in a report, with every scenario not_run and the reason.
    connection = await openConnection(settings, suite.flows, hooks);
    const refuse = refusalOf(settings, suite);
    executions = await executeSuite(settings, suite.scenarios, connection.client, hooks, stop, collector, refuse);
    if (settings.target === 'api' && settings.flows.length === 0 && !stop.reason) {
      graphs = await fetchFlowGraphs(connection.client, flowsToRead(suite.scenarios, executions), {
        warn: warner(hooks),
        naming: hooks.naming ?? ACTION_NAMING,
        signal: stop.signal,
      });
    }
    const reason = stop.reason;
    if (reason) cutShort = describeStop(reason, settings.timeoutMinutes);
    else if (executions.some((e, i) => e.kind === 'not_run' && !refuse?.(suite.scenarios[i]!))) cutShort = 'some scenarios did not run';
  } catch (error) {
    cutShort = (error as Error).message;
  } finally {
    stop.dispose();
    await connection?.close();
  }
  let comparison: Comparison | undefined = baseline;
  // The pull request's base is only a default: a run without flows has nothing to compare, and says nothing of it.
  const compare = settings.compareTo && !(settings.compareTo.from === 'pull-request' && settings.flows.length === 0);
  if (settings.compareTo && compare && !stop.reason) {
    // The comparison's calls end with the run's: on cancellation or at timeout-minutes' deadline.
    const compareStop = new RunStop({
      ...(hooks.signal ? { cancel: hooks.signal } : {}),
      ...(settings.timeoutMinutes !== undefined ? { deadline: startedAt.getTime() + settings.timeoutMinutes * 60_000 } : {}),
      clock,
    });
    try {
      comparison = { section: await compareSafely(settings, settings.compareTo.ref, suite, { ...hooks, signal: compareStop.signal }) };
    } finally {
      compareStop.dispose();
    }
  }
  const collected = collector.finish(executions);
  if (collected.visits.cut) {
    hooks.info(
      `Coverage counts the first ${MAX_COVERAGE_VISITS.toLocaleString('en')} distinct nodes and steps visited; the answers named more, so it may read low.`,
    );
  }
  return assembleReport(settings, suite, collected, graphs, { startedAt, cutShort, clock, ...(comparison ? { comparison } : {}) });
}

/** What the behaviour is compared with: a section made already (compare-to), or a baseline report to diff once the run's reports are built. */
type Comparison = { section: BehaviourChanges } | { baseline: Report; path: string };

/** compare-to never fails the run it is part of: what goes wrong is a warning and the section's reason. */
async function compareSafely(settings: Settings, ref: string, suite: Suite, hooks: RunHooks): Promise<BehaviourChanges> {
  try {
    return await compareToRef({
      settings,
      ref,
      scenarios: suite.scenarios,
      flows: suite.flows,
      hooks,
      ...(settings.explore ? { explore: exploredInputs } : {}),
    });
  } catch (error) {
    const reason = `The behaviour comparison with ${ref} failed: ${(error as Error).message}`;
    warner(hooks)(reason);
    return skippedBehaviourSection({ ref }, reason);
  }
}

/** baseline-report, read as shard reports are (inside the workspace, bounded, checked); one that cannot be used is a warning and the section's reason. */
async function readBaseline(workspace: string, file: string, hooks: RunHooks): Promise<Comparison> {
  const read = await readShardReport(workspace, file);
  if ('report' in read) return { baseline: read.report, path: file };
  const naming = hooks.naming ?? ACTION_NAMING;
  const reason = `${naming.input('baseline-report')} ${file} cannot be used: ${read.problem.message}. The run goes on without the behaviour comparison.`;
  warner(hooks)(reason);
  return { section: skippedBehaviourSection({ report: file }, reason) };
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

/**
 * A credential too short to be a real one, whose masking would garble the log (SHORT_SECRET_CHARS):
 * one warning each, naming the input and the length, never the value. An id is no secret to us, but the
 * runner masks whatever comes from `${{ secrets.* }}`: only a shell whose credentials come from there warns of it.
 */
export function shortSecretWarnings(
  settings: Pick<Settings, 'auth' | 'baseUrl' | 'tokenUrl'>,
  naming: InputNaming = ACTION_NAMING,
): string[] {
  const { auth } = settings;
  const secrets: [string, string | undefined][] = [[naming.credential('client-secret'), auth.clientSecret]];
  const ids: [string, string | undefined][] = [[naming.credential('client-id'), auth.clientId]];
  if (auth.kind === 'access-key') {
    secrets.push([naming.credential('access-key-secret'), auth.accessKeySecret]);
    ids.push([naming.credential('access-key-id'), auth.accessKeyId]);
  }
  for (const [name, url] of [
    ['base-url', settings.baseUrl],
    ['token-url', settings.tokenUrl],
  ] as const)
    secrets.push([`the password in ${naming.input(name)}`, urlPassword(url)]);
  const short = (value: string | undefined): value is string => value !== undefined && value !== '' && value.length < SHORT_SECRET_CHARS;
  const log = naming.secretsMaskedByRunner ? 'the log' : 'the output';
  const warnings = secrets
    .filter(([, v]) => short(v))
    .map(
      ([name, v]) =>
        `${name} is ${plural(v!.length, 'character')}: masking it wherever it appears would garble ${log}, so it is masked only where it stands alone, not inside other words. ` +
        `No CXone credential is that short: check that ${naming.secretsMaskedByRunner ? 'the secret' : 'it'} holds the whole value.`,
    );
  for (const [name, v] of ids.filter(([, v]) => short(v))) {
    warnings.push(
      naming.secretsMaskedByRunner
        ? `${name} is ${plural(v!.length, 'character')}: passed from a secret, GitHub masks it wherever it appears in the log, inside other words too, which garbles the log. ` +
            'No CXone id is that short: check that the secret holds the whole value.'
        : `${name} is ${plural(v!.length, 'character')}: no CXone id is that short: check that it holds the whole value.`,
    );
  }
  return warnings.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
}

function urlPassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return undefined;
  }
}

/** The run's loading, shared with the CLI's `validate`: both see the same problems. */
export async function loadSuite(settings: Settings, hooks: Pick<RunHooks, 'info' | 'naming'>): Promise<Suite> {
  const loaded = await loadScenarios({ workspace: settings.workspace, patterns: settings.scenarios });
  // Selection first, then the shard split: "matches nothing" is about the whole suite, and a shard that
  // gets none of the selected scenarios is not an empty selection.
  const selected = selectScenarios(loaded.scenarios, settings);
  const scenarios = selectShard(selected.scenarios, settings.shard);
  for (const line of describeLoaded(loaded, selected.facts, settings, scenarios.length)) hooks.info(line);
  const suite: Suite = {
    scenarios,
    scenarioFiles: loaded.files,
    flows: [],
    flowFiles: [],
    problems: loaded.problems.map(toReportProblem),
    selection: selected.facts,
  };
  if (settings.flows.length > 0) {
    const naming = hooks.naming ?? ACTION_NAMING;
    const flows = await loadFlows({ workspace: settings.workspace, patterns: settings.flows, naming });
    const usable = new Set(flows.flows.map((f) => f.source?.file));
    suite.flows = flows.flows;
    suite.flowFiles = flows.files;
    // A flow that loaded may still point at missing nodes: checkFlowGraph reports that as a defect of
    // the flow. What is left is a file that could not be used at all: a problem of the suite.
    suite.problems.push(...flows.problems.filter((p) => !usable.has(p.file)).map(toReportProblem));
    const refusal = noUsableFlow(flows, naming);
    if (refusal) suite.refusal = refusal;
    else suite.unknownFlow = createUnknownFlowCheck(flows);
    // Mocks are the emulator's: on CXone they are not sent (noteEmulatorOnly), so they cannot be wrong there.
    const mocks = checkScenarioMocks(scenarios, flows.flows);
    suite.mocked = mocks.mocked;
    if (settings.target === 'emulator') {
      suite.problems.push(...mocks.problems.map(toReportProblem));
      suite.mockRefusals = mocks.refusals;
    }
  }
  return suite;
}

/**
 * On CXone a flow id that no file of `flows` defines still runs (CXone has it), but without static checks
 * or coverage: a warning, said once per flow id, not a failure. A run's, not the loading's: `validate`
 * runs nothing and judges these scenarios itself.
 */
function noteFlowsWithoutFile(scenarios: Scenario[], unknownFlow: (flowId: string) => string | undefined, hooks: RunHooks): void {
  const warn = warner(hooks);
  const counts = new Map<string, number>();
  for (const s of scenarios) if (!s.skip && unknownFlow(s.flow) !== undefined) counts.set(s.flow, (counts.get(s.flow) ?? 0) + 1);
  const ids = [...counts.keys()];
  for (const id of ids.slice(0, MAX_FLOW_NOTES)) {
    warn(`${unknownFlow(id)}. Its ${plural(counts.get(id)!, 'scenario')} run on CXone, without static checks or coverage of that flow.`);
  }
  const flows = (hooks.naming ?? ACTION_NAMING).input('flows');
  if (ids.length > MAX_FLOW_NOTES) warn(`${ids.length - MAX_FLOW_NOTES} more flow ids that scenarios name are in no file of ${flows}.`);
}

/**
 * `mocks` and `clock` are the emulator's: CXone's debug API does not define them, so on CXone they are
 * not sent and the real actions run at the real time. Said once, with the first scenario that has them.
 */
function noteEmulatorOnly(scenarios: Scenario[], hooks: RunHooks): void {
  const using = scenarios.filter((s) => !s.skip && (s.mocks !== undefined || s.clock !== undefined));
  const first = using[0];
  if (!first) return;
  warner(hooks)(
    `${plural(using.length, 'scenario')} (first: '${first.name}' in ${first.file}) ${using.length === 1 ? 'gives' : 'give'} mocks or clock, which only the emulator applies: on CXone they are not sent, and the real actions run at the real time.`,
  );
}

function warner(hooks: RunHooks): (line: string) => void {
  return hooks.warn ? (line) => hooks.warn!(line) : (line) => hooks.info(`Warning: ${line}`);
}

const MAX_FLOW_NOTES = 5;

/** `flows` gave nothing to run (flow/preflight.ts): no call is made, and the report says why. */
function refusedRun(settings: Settings, suite: Suite, collector: ReportCollector, hooks: RunHooks, startedAt: Date): Report {
  const reason = suite.refusal!;
  hooks.info(`No scenario runs and no call is made: ${reason}`);
  const executions = suite.scenarios.map(
    (s): Execution => (s.skip ? { kind: 'skipped', reason: 'skip: true' } : { kind: 'not_run', reason }),
  );
  return assembleReport(settings, suite, collector.finish(executions), [], { startedAt, cutShort: reason, clock: hooks.clock ?? Date.now });
}

function executeSuite(
  settings: Settings,
  scenarios: Scenario[],
  client: FlowDebugClient,
  hooks: RunHooks,
  stop: RunStop,
  collector: ReportCollector,
  refuse?: (scenario: Scenario) => string | undefined,
): Promise<Execution[]> {
  let finished = 0;
  return runScenarios(scenarios, client, {
    ...(refuse ? { refuse } : {}),
    concurrency: settings.concurrency,
    maxLoops: settings.maxLoops,
    emulator: settings.target === 'emulator',
    stop,
    clock: hooks.clock ?? Date.now,
    onResult: (_s, e, i) => {
      // The line is made from the scenario's report: its status and headline finding, already masked.
      const digest = collector.add(i, e);
      hooks.info(progressLine(++finished, scenarios.length, collector.built(i)!));
      return digest;
    },
  });
}

interface RunFacts {
  startedAt: Date;
  cutShort: string | null;
  clock: () => number;
  comparison?: Comparison;
}

/** What the flow checks of `flow` need from the run: its target, and which of the flow's actions scenarios mock. */
export function flowCheckContext(target: Settings['target'], suite: Pick<Suite, 'mocked'>, flow: LoadedFlow): FlowCheckContext {
  const mocked = suite.mocked?.get(flow.id);
  return { target, ...(mocked ? { mocked } : {}) };
}

/**
 * Why a scenario is not run: `expect: record` outside `run --update`, and on the emulator, a flow in no
 * file or mocks that name nothing of it.
 */
function refusalOf(settings: Settings, suite: Suite): ((scenario: Scenario) => string | undefined) | undefined {
  const record = settings.update !== true;
  const emulator = settings.target === 'emulator';
  if (!record && !emulator) return undefined;
  return (s) =>
    (record && s.record ? RECORD_REFUSAL : undefined) ??
    (emulator ? (suite.unknownFlow?.(s.flow) ?? suite.mockRefusals?.get(s.id)) : undefined);
}

/** The reason an `expect: record` scenario is not run outside `run --update` (README, Accepting new behaviour). */
export const RECORD_REFUSAL =
  'expect: record: no expectation yet; record it with `cxone-flow-test run --update`, review the change and commit it';

/** The scenario reports were built as the answers arrived (report/collect.ts); what is left is run-wide. */
function assembleReport(settings: Settings, suite: Suite, collected: Collected, graphs: LoadedFlow[], run: RunFacts): Report {
  const flowFindings: FlowFinding[] = graphs.flatMap((g) => checkFlowGraph(g, flowCheckContext(settings.target, suite, g)));
  const coverage = graphs.length > 0 ? withUnreachable(coverageOfVisits(graphs, collected.visits), graphs) : undefined;
  // min-coverage judges the flows this run exercised: a flow in a broad `flows` glob that no scenario
  // targets is listed at 0% in the coverage table, but does not fail someone else's suite.
  const named = createFlowLookup(graphs);
  const ran = new Set(suite.scenarios.map((s) => named(s.flow)?.id ?? s.flow));
  const shortfalls =
    coverage && settings.minCoverage !== undefined
      ? checkMinCoverage(
          coverage.filter((c) => ran.has(c.flow_id)),
          settings.minCoverage,
        )
      : [];
  let behaviourChanges: BehaviourChanges | undefined;
  if (run.comparison && 'section' in run.comparison) behaviourChanges = run.comparison.section;
  else if (run.comparison) {
    const redactor = createRedactor(settings.redactVariables);
    behaviourChanges = diffAgainstBaseline({
      baseline: run.comparison.baseline,
      reportPath: run.comparison.path,
      scenarios: collected.scenarios,
      coverage,
      redacted: (name) => redactor.matches(name),
      flows: graphs,
    });
  }
  return buildReport({
    settings,
    toolVersion: VERSION,
    ...(behaviourChanges ? { behaviourChanges } : {}),
    scenarios: collected.scenarios,
    reporter: collected.reporter,
    problems: suite.problems,
    flowFindings,
    ...(coverage ? { coverage } : {}),
    coverageShortfalls: shortfalls.map((s) => s.message),
    scenarioFiles: suite.scenarioFiles,
    flowFiles: suite.flowFiles,
    startedAt: run.startedAt,
    finishedAt: new Date(run.clock()),
    cutShort: run.cutShort,
    selection: suite.selection,
  });
}

/** "Found 12 scenarios in 3 files; 3 selected by tags smoke; shard 1/2 runs 2.", and a hint for a listed tag no scenario has. */
function describeLoaded(loaded: LoadResult, facts: SelectionFacts, settings: Settings, running: number): string[] {
  const filter = describeFilter(facts);
  const selection = !filter ? '' : `; ${facts.selected === 0 ? 'none' : facts.selected} selected by ${filter}`;
  const lines = [
    `Found ${plural(loaded.scenarios.length, 'scenario')} in ${plural(loaded.files.length, 'file')}${selection}` +
      (settings.shard ? `; shard ${settings.shard.index}/${settings.shard.total} runs ${running}` : '') +
      '.',
  ];
  const { unknown, known } = unknownTags(loaded.scenarios, facts.tags);
  if (unknown.length > 0 && loaded.scenarios.length > 0) {
    const shown = known.length > MAX_LISTED_TAGS ? `${known.slice(0, MAX_LISTED_TAGS).join(', ')}, …` : known.join(', ') || 'none';
    lines.push(
      `No scenario has the tag${unknown.length === 1 ? '' : 's'} ${unknown.map((t) => `'${t}'`).join(', ')} (tags in these files: ${shown}).`,
    );
  }
  return lines;
}

const MAX_LISTED_TAGS = 20;
