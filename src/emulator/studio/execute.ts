// Runs a Studio script as CXone would answer a debug call for it: the same EngineResult as the YAML
// engine (path of path names, variables, exitNode, duration, trace). Pure: scripts come from `lookup`.
import type { JsonValue } from '../../domain/json.ts';
import type { StudioAction, StudioScript } from '../../domain/studio.ts';
import type { DebugRequest, TraceEntry } from '../../domain/wire.ts';
import { describeLanguageProblem } from '../../domain/studio-properties.ts';
import { parseClock } from '../../domain/clock.ts';
import { createMockBook, type MockBook, mockHint } from '../mocks.ts';
import { type EngineResult, readOptions } from '../run-options.ts';
import { runBegin, runCase, runIf, runLoop } from './control-actions.ts';
import { runAsrMenu, runMenu, runPlay } from './input-actions.ts';
import { indexMocks, mockedStep, reachableScripts } from './mock-keys.ts';
import { runEnd, runReqAgent, runVoicemail, runWait } from './routing-actions.ts';
import type { Frame, StudioRun, StudioStep } from './run-state.ts';
import { describeAction, prop, setVar, take } from './run-state.ts';
import { runReturn, runScript, runSub } from './sub-scripts.ts';
import { runAssign, runSnippet } from './variable-actions.ts';

type Runner = (name: string, action: StudioAction, run: StudioRun, qualified: string, mockKey: string) => StudioStep;

/** Every action type the emulator executes; any other needs a mock. */
export const STUDIO_ACTIONS: Readonly<Record<string, Runner>> = {
  BEGIN: (n, a) => runBegin(n, a),
  MENU: (n, a, r) => runMenu(n, a, r),
  ASRMENU: (n, a, r) => runAsrMenu(n, a, r),
  PLAY: (n, a, r) => runPlay(n, a, r),
  MUSIC: (n, a, r) => runPlay(n, a, r),
  ASSIGN: (n, a, r) => runAssign(n, a, r),
  IF: (n, a, r) => runIf(n, a, r),
  CASE: (n, a, r) => runCase(n, a, r),
  LOOP: (n, a, r, q) => runLoop(n, a, r, q),
  SNIPPET: (n, a, r, _q, k) => runSnippet(n, a, r, k),
  RUNSUB: (n, a, r) => runSub(n, a, r),
  RETURN: (n, a, r) => runReturn(n, a, r),
  RUNSCRIPT: (n, a, r) => runScript(n, a, r),
  REQAGENT: (n, a, r) => runReqAgent(n, a, r),
  VOICEMAIL: (n, a, r) => runVoicemail(n, a, r),
  WAIT: (n, a) => runWait(n, a),
  HANGUP: () => runEnd(),
  END: () => runEnd(),
};

/** Simulated milliseconds per action type, as NODE_COST_MS is for YAML nodes; a type not listed: MOCKED_COST_MS. */
export const STUDIO_COST_MS: Readonly<Record<string, number>> = {
  BEGIN: 45,
  MENU: 45,
  ASRMENU: 45,
  PLAY: 40,
  MUSIC: 40,
  REQAGENT: 55,
  VOICEMAIL: 55,
  ASSIGN: 5,
  IF: 5,
  CASE: 5,
  LOOP: 5,
  SNIPPET: 5,
  RUNSUB: 5,
  RETURN: 5,
  RUNSCRIPT: 5,
  WAIT: 0,
  HANGUP: 0,
  END: 0,
};
/** An external call (REST, data dip, hours check) answered by a mock: assumed, a typical round trip. */
export const MOCKED_COST_MS = 50;

function failure(script: StudioScript, message: string, trace: TraceEntry[]): EngineResult {
  return { status: 500, body: { error: 'FlowCompilationFailure', message: `Flow '${script.id}' failed: ${message}`, trace } };
}

function frameOf(script: StudioScript, prefix: string, vars: Frame['vars']): Frame {
  return { script, prefix, vars, globals: new Set() };
}

/** The path and trace of one run, as the YAML engine writes them. */
class Tracer {
  readonly path: string[] = [];
  readonly trace: TraceEntry[] = [];
  private readonly opts: ReturnType<typeof readOptions>;
  private readonly run: StudioRun;
  constructor(opts: ReturnType<typeof readOptions>, run: StudioRun) {
    this.opts = opts;
    this.run = run;
  }
  record(name: string, action: StudioAction, time: number, extras: Partial<TraceEntry>): void {
    this.path.push(name);
    if (!this.opts.trace) return;
    const entry: TraceEntry = { nodeId: name, type: action.type, actionId: action.actionId, timestamp: time, ...extras };
    if (this.opts.includeVariables) entry.variables = { ...this.run.frame.vars };
    this.trace.push(entry);
  }
  markLast(fields: Partial<TraceEntry>): void {
    const last = this.trace[this.trace.length - 1];
    if (last) Object.assign(last, fields);
  }
  done(exitNode: string | null, time: number): EngineResult {
    const body = {
      path: this.path,
      variables: this.run.frame.vars as Record<string, JsonValue>,
      exitNode,
      duration: time,
      trace: this.trace,
    };
    return { status: 200, body };
  }
}

interface Setup {
  run: StudioRun;
  book: MockBook;
  keyOf: Map<string, string>;
}

/** The run's state, or the 500 of a clock or mock key the run cannot use. */
function prepare(script: StudioScript, request: DebugRequest, lookup: (name: string) => StudioScript | undefined): Setup | EngineResult {
  const clock = parseClock(request.clock);
  if (typeof clock === 'string') return failure(script, `clock ${JSON.stringify(request.clock)} ${clock}`, []);
  const book = createMockBook(request.mocks);
  const index = indexMocks(reachableScripts(script, lookup), script.id, book);
  if (typeof index === 'string') return failure(script, index, []);
  const vars = request.variables ? (structuredClone(request.variables) as Frame['vars']) : {};
  const input = { dtmf: request.input?.dtmf ?? '', speech: request.input?.speech ?? '' };
  const run: StudioRun = {
    frame: frameOf(script, '', vars),
    ...input,
    dtmfPos: 0,
    typedAhead: 0,
    speechUsed: false,
    clock,
    lookup,
    loops: new Map(),
  };
  return { run, book, keyOf: index.keyOf };
}

/** Runs `script` with the request's inputs, mocks and clock; RUNSUB and RUNSCRIPT find scripts with `lookup`. */
export function executeStudio(
  script: StudioScript,
  request: DebugRequest,
  lookup: (name: string) => StudioScript | undefined = () => undefined,
): EngineResult {
  const setup = prepare(script, request, lookup);
  if ('status' in setup) return setup;
  const opts = readOptions(request);
  const { run, book, keyOf } = setup;
  const t = new Tracer(opts, run);
  if (!Object.hasOwn(script.nodes, script.start)) {
    const error = `the script has no BEGIN action to start at ('${script.start}' is not one of its actions)`;
    t.trace.push({ nodeId: script.start, type: 'Unknown', timestamp: 0, status: 'Error', error });
    return failure(script, error, t.trace);
  }
  const visits = new Map<string, number>();
  let at = script.start;
  let time = 0;
  for (;;) {
    const action = run.frame.script.nodes[at] as StudioAction;
    const qualified = run.frame.prefix + at;
    const count = (visits.get(qualified) ?? 0) + 1;
    visits.set(qualified, count);
    if (count > opts.maxLoops) {
      t.record(qualified, action, time, { status: 'MaxLoopsExceeded' });
      return t.done(null, time);
    }
    const step = stepOf(at, action, run, qualified, keyOf.get(qualified), book);
    t.record(qualified, action, time, step.connector ? { ...step.extras, branch: step.connector.label } : { ...step.extras });
    if (step.error !== undefined) {
      t.markLast({ status: 'Error', error: step.error });
      return failure(script, step.error, t.trace);
    }
    if (step.ends) {
      t.markLast({ status: 'Completed' });
      return t.done(qualified, time);
    }
    time += step.costMs ?? STUDIO_COST_MS[action.type] ?? MOCKED_COST_MS;
    const next = move(at, action, step, run);
    const error =
      typeof next !== 'string'
        ? next.error
        : Object.hasOwn(run.frame.script.nodes, next)
          ? undefined
          : `${describeAction(at, action)} goes to '${next}', which is not an action of the script`;
    if (error !== undefined) {
      t.markLast({ status: 'Error', error });
      return failure(script, error, t.trace);
    }
    at = next as string;
  }
}

/** A mock's outcome when the action has one, else the action's own semantics, else the error asking for a mock. */
function stepOf(
  name: string,
  action: StudioAction,
  run: StudioRun,
  qualified: string,
  key: string | undefined,
  book: ReturnType<typeof createMockBook>,
): StudioStep {
  if (key !== undefined) {
    const outcome = book.take(key);
    for (const [variable, value] of Object.entries(outcome.variables ?? {})) setVar(run.frame, variable, structuredClone(value));
    return mockedStep(name, action, outcome, key);
  }
  const runner = Object.hasOwn(STUDIO_ACTIONS, action.type) ? STUDIO_ACTIONS[action.type] : undefined;
  const hintKey = action.label !== '' && run.frame.prefix === '' ? action.label : qualified;
  if (!runner) {
    const branch = action.connectors.find((c) => c.kind !== 'default')?.value ?? 'Default';
    return { error: `action ${describeAction(name, action)} is not executed by the emulator: ${mockHint(hintKey, branch)}` };
  }
  // What the loader found it cannot parse (flow/studio/language-checks.ts): the words it said at load.
  const problem = action.languageProblems?.[0];
  if (problem) return { error: `${describeAction(name, action)} cannot run: ${describeLanguageProblem(problem)}` };
  return runner(name, action, run, qualified, hintKey);
}

/** The next action's path name in the (possibly new) current frame, after entering or leaving a script. */
function move(name: string, action: StudioAction, step: StudioStep, run: StudioRun): string | { error: string } {
  if (step.enter) {
    const { script, vars, returns } = step.enter;
    const prefix = `${script.id}/`;
    run.frame = returns
      ? { ...frameOf(script, prefix, vars), caller: { frame: run.frame, action, name } }
      : { ...run.frame, script, prefix };
    return script.start;
  }
  if (step.returns) {
    const sub = run.frame;
    const caller = sub.caller;
    if (!caller) return { error: `${describeAction(name, action)} returns from no RUNSUB` };
    run.frame = caller.frame;
    for (const g of sub.globals) if (Object.hasOwn(sub.vars, g)) setVar(run.frame, `global:${g}`, sub.vars[g] as JsonValue);
    const returnVariable = prop(caller.action, 'returnVariable');
    if (returnVariable !== '') setVar(run.frame, returnVariable, step.returns.value);
    const back = take(caller.name, caller.action, undefined, 'returned');
    if (!back.connector) return { error: back.error ?? `${describeAction(caller.name, caller.action)} has no Default connector` };
    return back.connector.to;
  }
  if (!step.connector) return { error: `${describeAction(name, action)} has no connector to take` };
  return step.connector.to;
}
