// Runs a Studio script as CXone would answer a debug call for it: the same EngineResult as the YAML
// engine (path of path names, variables, exitNode, duration, trace). Pure: scripts come from `lookup`.
import type { JsonValue } from '../../domain/json.ts';
import type { StudioAction, StudioScript } from '../../domain/studio.ts';
import type { DebugRequest, TraceEntry } from '../../domain/wire.ts';
import { parseClock } from '../clock.ts';
import { createMockBook, mockHint } from '../mocks.ts';
import { type EngineResult, readOptions } from '../run-options.ts';
import { runBegin, runCase, runIf, runLoop } from './control-actions.ts';
import { runAsrMenu, runMenu, runPlay } from './input-actions.ts';
import { indexMocks, mockedStep, reachableScripts } from './mock-keys.ts';
import { runEnd, runReqAgent, runVoicemail, runWait } from './routing-actions.ts';
import type { Frame, StudioRun, StudioStep } from './run-state.ts';
import { describeAction, setVar, take } from './run-state.ts';
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

/** Runs `script` with the request's inputs, mocks and clock; RUNSUB and RUNSCRIPT find scripts with `lookup`. */
export function executeStudio(
  script: StudioScript,
  request: DebugRequest,
  lookup: (name: string) => StudioScript | undefined = () => undefined,
): EngineResult {
  const opts = readOptions(request);
  const path: string[] = [];
  const trace: TraceEntry[] = [];
  const clock = parseClock(request.clock);
  if (typeof clock === 'string') return failure(script, `clock ${JSON.stringify(request.clock)} ${clock}`, trace);
  const book = createMockBook(request.mocks);
  const index = indexMocks(reachableScripts(script, lookup), script.id, book);
  if (typeof index === 'string') return failure(script, index, trace);
  const run: StudioRun = {
    frame: frameOf(script, '', request.variables ? (structuredClone(request.variables) as Frame['vars']) : {}),
    dtmf: request.input?.dtmf ?? '',
    dtmfPos: 0,
    typedAhead: 0,
    speech: request.input?.speech ?? '',
    speechUsed: false,
    clock,
    lookup,
    loops: new Map(),
  };
  const visits = new Map<string, number>();
  const record = (name: string, action: StudioAction, time: number, extras: Partial<TraceEntry>): void => {
    path.push(name);
    if (!opts.trace) return;
    const entry: TraceEntry = { nodeId: name, type: action.type, actionId: action.actionId, timestamp: time, ...extras };
    if (opts.includeVariables) entry.variables = { ...run.frame.vars };
    trace.push(entry);
  };
  const markLast = (fields: Partial<TraceEntry>): void => {
    const last = trace[trace.length - 1];
    if (last) Object.assign(last, fields);
  };
  const done = (exitNode: string | null, time: number): EngineResult => ({
    status: 200,
    body: { path, variables: run.frame.vars as Record<string, JsonValue>, exitNode, duration: time, trace },
  });

  let at = script.start;
  let time = 0;
  if (!Object.hasOwn(script.nodes, at)) {
    const error = `the script has no BEGIN action to start at ('${at}' is not one of its actions)`;
    trace.push({ nodeId: at, type: 'Unknown', timestamp: 0, status: 'Error', error });
    return failure(script, error, trace);
  }
  for (;;) {
    const action = run.frame.script.nodes[at] as StudioAction;
    const qualified = run.frame.prefix + at;
    const count = (visits.get(qualified) ?? 0) + 1;
    visits.set(qualified, count);
    if (count > opts.maxLoops) {
      record(qualified, action, time, { status: 'MaxLoopsExceeded' });
      return done(null, time);
    }
    const step = stepOf(at, action, run, qualified, index.keyOf.get(qualified), book);
    const extras: Partial<TraceEntry> = { ...step.extras };
    if (step.connector) extras.branch = step.connector.label;
    record(qualified, action, time, extras);
    if (step.error !== undefined) {
      markLast({ status: 'Error', error: step.error });
      return failure(script, step.error, trace);
    }
    if (step.ends) {
      markLast({ status: 'Completed' });
      return done(qualified, time);
    }
    time += step.costMs ?? STUDIO_COST_MS[action.type] ?? MOCKED_COST_MS;
    const next = move(at, action, step, run);
    if (typeof next !== 'string' || !Object.hasOwn(run.frame.script.nodes, next)) {
      const error =
        typeof next === 'string' ? `${describeAction(at, action)} goes to '${next}', which is not an action of the script` : next.error;
      markLast({ status: 'Error', error });
      return failure(script, error, trace);
    }
    at = next;
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
    const returnVariable = caller.action.properties.ReturnVariable ?? caller.action.properties['Return Variable'] ?? '';
    if (returnVariable !== '') setVar(run.frame, returnVariable, step.returns.value);
    const back = take(caller.name, caller.action, undefined, 'returned');
    if (!back.connector) return { error: back.error ?? `${describeAction(caller.name, caller.action)} has no Default connector` };
    return back.connector.to;
  }
  if (!step.connector) return { error: `${describeAction(name, action)} has no connector to take` };
  return step.connector.to;
}
