// The words of findings, checks, loop verdicts and path problems, made from their facts: the one place
// where they are made. Pure. The report builder calls these after redact-variables has masked the
// facts, so no sentence is ever made from a value that must not be shown, and every renderer calls
// them on the report's facts (a finding's `params`), never reading a sentence back.
import { formatNodes, formatTyped, formatValue, typeOfValue } from '../analysis/format.ts';
import { clip, plural } from '../text.ts';
import { meantHint } from '../validation/suggest.ts';
import type {
  CheckFailure,
  CheckSource,
  FindingCode,
  FindingFacts,
  LoopCause,
  LoopDetail,
  LoopHint,
  PathEdit,
  PathMismatch,
  PathProblem,
  FirstDivergence,
  RoutingResult,
  VariableCheck,
} from '../domain/findings.ts';
import { exitMatches } from '../domain/findings.ts';
import { describeLanguageProblem, type StudioLanguage } from '../domain/studio-properties.ts';
import {
  MAX_GROUP_INPUTS,
  type BehaviourChange,
  type BehaviourGroup,
  type Destination,
  type OutcomeFacts,
} from '../analysis/behaviour-diff.ts';
import type { FlowChange } from '../analysis/flow-diff.ts';
import type { BehaviourChanges } from './model.ts';
import type { UnreachableReason } from '../domain/unreachable.ts';

const END = 'the end of the path';

export function describeFinding(finding: FindingFacts): string {
  switch (finding.code) {
    case 'PATH_MISMATCH':
      return describePathMismatch(finding.params);
    case 'EXIT_MISMATCH':
      return describeExitMismatch(finding.params.expected, finding.params.actual);
    case 'VARIABLE_MISMATCH':
      return describeCheck(finding.params.check);
    case 'DURATION_EXCEEDED':
      return `the flow took ${finding.params.duration_ms} ms, over expect.maxDurationMs ${finding.params.max_duration_ms} ms`;
    case 'LOOP_DETECTED':
      return finding.params.loop
        ? describeLoop(finding.params.loop) + describeLoopHint(finding.params.hint)
        : 'the run hit maxLoops (no node repeats in the returned path)';
    case 'LOOP_EXPECTED':
      return `expected a loop (expect.loops: true), but no node ran more than ${plural(finding.params.threshold, 'time')}`;
    case 'TRACE_ERROR': {
      const { error } = finding.params;
      return `${error.nodeId} (${error.type}) failed at ${error.timestamp} ms: ${error.message}`;
    }
    case 'API_ERROR': {
      const { message, code, status, attempts } = finding.params;
      return `Flow Debug API call failed: ${message} (${apiFacts(status, code, attempts).join(', ')})`;
    }
    case 'FLOW_REFERENCE': {
      const { from, label, to, suggestion } = finding.params;
      return `${from === undefined ? 'start' : `${from}: '${label}'`} goes to '${to}', which is not a node of this flow${meantHint(suggestion)}`;
    }
    case 'FLOW_UNREACHABLE': {
      const { start, nodes, count } = finding.params;
      if (count === 1) return `'${nodes[0]}' cannot be reached from start '${start}': dead configuration no call can use`;
      return `${count.toLocaleString('en-US')} connected nodes cannot be reached from start '${start}': dead configuration no call can use: ${nameNodes(nodes, count)}`;
    }
    case 'FLOW_TRAP_CYCLE': {
      const { nodes, count, entry, from } = finding.params;
      return (
        `trap cycle found without running a single call: ${nameNodes(nodes, count)} lead only to each other, ` +
        `never to an Exit or a Route that ends the call, so a call that gets there never ends (${describeEntry(entry, from)})`
      );
    }
    case 'FLOW_DEAD_END': {
      const { node, type, from } = finding.params;
      const what = type === 'GatherInput' ? 'a GatherInput with no options, intents, noMatch or noInput' : `a ${type} with no next node`;
      return `'${node}' is ${what}: every call that reaches it fails (${describeEntry(node, from)})`;
    }
    case 'FLOW_UNEXECUTED_ACTION': {
      const { node, type, call } = finding.params;
      const what =
        call === undefined ? `is a ${type} action, which the emulator does not execute` : `calls ${call}, which cannot run offline`;
      return `'${node}' ${what}: no scenario of the run mocks it (mocks: { '${node}': { branch: … } }), so a run that reaches it stops there`;
    }
    case 'FLOW_LANGUAGE': {
      const { node, type, property, language, text_line, column, message, item } = finding.params;
      const place = describeLanguageProblem({
        property,
        language: language as StudioLanguage,
        textLine: text_line,
        column,
        message,
        ...(item === undefined ? {} : { item }),
      });
      return `'${node}' (${type}): ${place}; the emulator cannot run it, so a run that reaches it stops there`;
    }
  }
}

/**
 * The headline of a finding for a progress line, which is printed before the run has seen every answer
 * (report/progress.ts): node ids, numbers, variable names and codes only, never a value or a server's
 * words. `others` are the scenario's findings, for the node an API error's trace names.
 */
export function describeHeadline(finding: FindingFacts & { line: number }, others: readonly FindingFacts[]): string {
  switch (finding.code) {
    case 'PATH_MISMATCH':
    case 'EXIT_MISMATCH':
    case 'DURATION_EXCEEDED':
    case 'LOOP_EXPECTED':
      return describeFinding(finding);
    case 'LOOP_DETECTED': {
      const { loop } = finding.params;
      return loop ? `${loop.verdict} loop at ${loop.nodeId}, ${loop.iterations} iterations` : 'the run hit maxLoops';
    }
    case 'VARIABLE_MISMATCH': {
      const { check } = finding.params;
      return `variable ${check.name}${check.at ? ` at ${check.at}` : ''} does not match, line ${finding.line}`;
    }
    case 'TRACE_ERROR': {
      const { nodeId, type } = finding.params.error;
      return nodeId ? `${nodeId}${type ? ` (${type})` : ''} failed in the trace` : 'the trace holds an error';
    }
    case 'API_ERROR': {
      const { status, code, attempts } = finding.params;
      // A flow that fails at run time answers 500 with its trace: the node is where to look.
      const node = others.map((f) => (f.code === 'TRACE_ERROR' ? f.params.error.nodeId : '')).find((id) => id);
      return `Flow Debug API call failed: ${apiFacts(status, code, attempts).join(', ')}${node ? `, at ${node}` : ''}`;
    }
    default:
      return describeFinding(finding);
  }
}

function apiFacts(status: number | undefined, code: string, attempts: number): string[] {
  return [...(status !== undefined ? [`HTTP ${status}`] : []), code, plural(attempts, 'attempt')];
}

/** The first nodes named, then how many more (a long cycle or a big group is only partly listed). */
function nameNodes(nodes: readonly string[], count: number): string {
  const more = count - nodes.length;
  return more > 0 ? `${nodes.join(', ')} and ${more.toLocaleString('en-US')} more` : nodes.join(', ');
}

function describeEntry(entry: string, from: string | undefined): string {
  return from === undefined ? `'${entry}' is the start node` : `calls enter it at '${entry}' from '${from}'`;
}

export function describeExitMismatch(expected: string | null, actual: string | null): string {
  if (expected === null) return `expected no exit node, got ${actual}`;
  if (actual === null) return `expected exit ${expected}, got none (the run ended without an exit node)`;
  return `expected exit ${expected}, got ${actual}`;
}

/** "path differs at step 2: expected X, got Y (+1 more edit)"; a map form: its first failing key (+ how many more). */
export function describePathMismatch(path: PathMismatch): string {
  const { text, more } = pathMismatchWords(path);
  return more ? `${text} (${more})` : text;
}

/** A path mismatch's sentence and, apart, how many more edits or problems it has ('' for none). */
function pathMismatchWords(path: PathMismatch): { text: string; more: string } {
  if ('problems' in path) {
    const [first] = path.problems;
    const more = path.problems.length > 1 ? `+${plural(path.problems.length - 1, 'more problem')}` : '';
    return { text: first ? describePathProblem(first) : 'path differs', more };
  }
  const more = path.edits > 1 ? `+${plural(path.edits - 1, 'more edit')}` : '';
  return { text: `path differs at step ${path.index}: expected ${path.expected ?? END}, got ${path.actual ?? END}`, more };
}

/**
 * A scenario's headline finding for a table row: its words clipped to `max`, then one parenthesis with every
 * count, from the data ("(+1 more edit, +1 more finding)"), however the words themselves end.
 */
export function describeRowHeadline(finding: FindingFacts, others: number, max: number): string {
  const { text, more } =
    finding.code === 'PATH_MISMATCH' ? pathMismatchWords(finding.params) : { text: describeFinding(finding), more: '' };
  const counts = [...(more ? [more] : []), ...(others > 0 ? [`+${plural(others, 'more finding')}`] : [])];
  return counts.length ? `${clip(text, max)} (${counts.join(', ')})` : clip(text, max);
}

export function describePathProblem(problem: PathProblem): string {
  switch (problem.key) {
    case 'startsWith': {
      const head = `path does not start with ${formatNodes(problem.nodes)}`;
      if (problem.actual === null) return `${head}: the path ends after ${plural(problem.step, 'step')}`;
      return `${head}: step ${problem.step} is ${problem.actual}, expected ${problem.nodes[problem.step]}`;
    }
    case 'endsWith': {
      const head = `path does not end with ${formatNodes(problem.nodes)}`;
      return problem.tail.length === 0 ? `${head}: the path is empty` : `${head}: it ends with ${formatNodes(problem.tail)}`;
    }
    case 'contains': {
      const head = `path does not contain ${formatNodes(problem.nodes)}${problem.nodes.length > 1 ? ' in order' : ''}`;
      if (problem.after === undefined) return `${head}: ${problem.missing} never ran`;
      return `${head}: ${problem.missing} not found after ${problem.after} (step ${problem.step})`;
    }
    case 'excludes': {
      const more = problem.count > 1 ? ` (and ${plural(problem.count - 1, 'more time')})` : '';
      return `path contains excluded node ${problem.node} at step ${problem.step}${more}`;
    }
  }
}

export function describeEdit(edit: PathEdit): string {
  if (edit.op === 'unexpected') return `unexpected ${edit.node} at step ${edit.index}`;
  const where = edit.after == null ? 'at the start' : `after ${edit.after}`;
  return `missing ${edit.node} ${where} (step ${edit.index})`;
}

/** Edit lines listed in routing_mismatches before the rest are counted; the YAML report must stay readable. */
export const MAX_LISTED_MISMATCHES = 50;

const APPROXIMATE = 'the paths differ too much for an exact alignment: the differing stretch is shown as one block';

/**
 * The report's `routing_mismatches` (kept from the first report format), one line per fact: a list's edits (the first ones,
 * then how many more) or a map form's failing keys, the note that an alignment is approximate, the exit.
 */
export function describeRouting(routing: RoutingResult): string[] {
  const lines: string[] = [];
  const path = routing.path;
  if (path) {
    lines.push(...path.problems.map(describePathProblem));
    if (path.problems.length === 0 && path.editCount > 0) {
      lines.push(...path.edits.slice(0, MAX_LISTED_MISMATCHES).map(describeEdit));
      if (path.editCount > lines.length) lines.push(`… and ${plural(path.editCount - lines.length, 'more edit')}`);
    }
    if (path.approximate) lines.push(APPROXIMATE);
  }
  if (routing.exit && !exitMatches(routing)) lines.push(describeExitMismatch(routing.exit.expected, routing.exit.actual));
  return lines;
}

/**
 * What a path mismatch says beyond its finding's own words and the edits a diff shows: a map form's
 * other failing keys, the note that the alignment is approximate.
 */
export function describeUnsaid(path: PathMismatch): string[] {
  if ('problems' in path) return path.problems.slice(1).map(describePathProblem);
  return path.approximate ? [APPROXIMATE] : [];
}

/**
 * "First divergence at step 5 (contains): expected node_route_support, got node_route_sales (Route)." For
 * excludes nothing was expected there: the node ran though excluded. `node` and `text` format for the output.
 */
export function describeDivergence(
  d: Pick<FirstDivergence, 'index' | 'expected' | 'actual' | 'key' | 'type'>,
  node: (id: string) => string = (id) => id,
  text: (t: string) => string = (t) => t,
): string {
  const where = `First divergence at step ${d.index}${d.key ? ` (${node(d.key)})` : ''}`;
  const type = d.type ? ` (${text(d.type)})` : '';
  if (d.key === 'excludes' && d.actual !== null) return `${where}: ${node(d.actual)}${type} ran, which expect.path excludes.`;
  return `${where}: expected ${d.expected === null ? END : node(d.expected)}, got ${d.actual === null ? END : node(d.actual)}${type}.`;
}

/** "selected_option: type mismatch: expected "1" (string), got 1 (number)". */
export function describeCheck(check: VariableCheck): string {
  const label = labelOf(check.name, check.source);
  if (check.source.kind === 'no_visit')
    return `${label}: ${check.source.node} never ran (it is not in the trace), so there is no snapshot to check`;
  if (check.source.kind === 'no_variables') {
    return `${label}: the trace entry of ${check.source.node} (step ${check.source.step}) has no variables (was includeVariables off?)`;
  }
  if (check.redacted) {
    if (check.ok) return `${label}: matches (value redacted)`;
    const what =
      check.mismatch === 'type' ? 'type mismatch' : check.mismatch === 'missing' ? 'is not set' : 'does not match the expectation';
    return `${label}: ${what} (values redacted by redact-variables)`;
  }
  if (check.ok) return check.actual === undefined ? `${label} is not set` : `${label} is ${formatValue(check.actual)}`;
  const notSet = check.failures.find((f) => f.rule === 'not_set');
  if (notSet) return `${label} is not set${notSet.expected !== undefined ? ` (expected ${formatValue(notSet.expected)})` : ''}`;
  const words = check.failures.map(describeFailure).join('; ');
  return check.mismatch === 'type' ? `${label}: type mismatch: ${words}` : `${label}: ${words}`;
}

function labelOf(name: string, source: CheckSource): string {
  if (source.kind === 'final') return name;
  if (source.kind !== 'snapshot') return `${name} at ${source.node}`;
  const visits = source.visits > 1 ? `last of ${source.visits} visits, ` : '';
  return `${name} at ${source.node} (${visits}step ${source.step})`;
}

const SYMBOLS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

function describeFailure(failure: CheckFailure): string {
  switch (failure.rule) {
    case 'not_set':
      return 'not set';
    case 'equals':
      return typeOfValue(failure.expected) !== typeOfValue(failure.actual)
        ? `expected ${formatTyped(failure.expected)}, got ${formatTyped(failure.actual)}`
        : `expected ${formatValue(failure.expected)}, got ${formatValue(failure.actual)}`;
    case 'exists':
      return `is set to ${formatValue(failure.actual)}, expected it not to be set`;
    case 'type':
      return `expected type ${failure.expected_type}, got ${formatTyped(failure.actual)}`;
    case 'matches':
      return typeof failure.actual === 'string'
        ? `${formatValue(failure.actual)} does not match /${failure.pattern}/`
        : `matches /${failure.pattern}/ needs a string, got ${formatTyped(failure.actual)}`;
    case 'invalid_pattern':
      return `matches ${formatValue(failure.pattern)} is not a valid regular expression: ${failure.error}`;
    case 'one_of': {
      const sameType = failure.options.some((o) => typeOfValue(o) === typeOfValue(failure.actual));
      return `${sameType ? formatValue(failure.actual) : formatTyped(failure.actual)} is not one of ${formatValue(failure.options)}`;
    }
    case 'bound':
      return `${failure.actual} is not ${SYMBOLS[failure.op]} ${failure.bound}`;
    case 'not_number': {
      // A numeric string is not a number (types are strict: README, Scenario files); say so rather than "not > 3".
      const { actual } = failure;
      const numeric = typeof actual === 'string' && actual.trim() !== '' && Number.isFinite(Number(actual));
      const what = numeric ? `${formatValue(actual)} is a string, not a number` : `${formatTyped(actual)} is not a number`;
      return `${what} (${failure.bounds} compares numbers)`;
    }
  }
}

export function describeLoop(detail: LoopDetail): string {
  const cycle =
    detail.cycleLength > detail.cycle.length ? `${formatNodes(detail.cycle)} (${detail.cycleLength} nodes)` : formatNodes(detail.cycle);
  const kind = detail.verdict === 'infinite' ? 'infinite loop' : 'retry loop';
  const span = `${plural(detail.iterations, 'iteration')}, ${detail.occurrences} visits, steps ${detail.startIndex}–${detail.endIndex}`;
  return `${kind} at ${detail.nodeId}: cycle ${cycle}, ${span}: ${describeLoopCause(detail)}`;
}

/** "; if the flow bounds this retry on purpose, set loopThreshold: 4 on the scenario, or expect.loops: true …". */
function describeLoopHint(hint: LoopHint | undefined): string {
  if (!hint) return '';
  const keys = [
    hint.loopThreshold !== undefined ? `set loopThreshold: ${hint.loopThreshold} on the scenario` : undefined,
    hint.expectLoops ? 'set expect.loops: true to test the retry guard itself' : undefined,
  ].filter((k) => k !== undefined);
  return `; if the flow bounds this retry on purpose, ${keys.join(', or ')}`;
}

/** Why the loop got its verdict, in words. */
export function describeLoopCause(detail: Pick<LoopDetail, 'nodeId' | 'cycle' | 'cause'>): string {
  const cause: LoopCause = detail.cause;
  switch (cause.kind) {
    case 'max_loops':
      return `the run hit maxLoops while repeating ${formatNodes(detail.cycle)}`;
    case 'same_state':
      return `${detail.nodeId} was reached again at step ${cause.to} with the same variables as at step ${cause.at} and no input in between; a deterministic flow in the same state repeats forever`;
    case 'input_consumed':
      return `input was consumed between visits (steps ${cause.at}–${cause.to}); treated as a retry loop`;
    case 'variables_changed': {
      const change = cause.redacted
        ? `${cause.variable} changed, values redacted`
        : `${cause.variable}: ${formatValue(cause.before)} → ${formatValue(cause.after)}`;
      return `variables changed between visits (${change}); treated as a retry loop`;
    }
    case 'no_variables':
      return `the trace has no variables at step ${cause.step} (includeVariables off?), so a repeated state cannot be shown; treated as a retry loop`;
    case 'no_repeat':
      return 'no repeated state; treated as a retry loop';
  }
}

// ---- Behaviour changes (compare-to, baseline-report) ----

/** What a caller did: "press 2", `say "billing"`, both, or "no input". */
export function describeInput(input: { dtmf: string; speech: string }): string {
  const parts: string[] = [];
  if (input.dtmf !== '') parts.push(`press ${clip(input.dtmf, 20)}`);
  if (input.speech !== '') parts.push(`say "${clip(input.speech, 40)}"`);
  return parts.length > 0 ? parts.join(' and ') : 'no input';
}

function describeInputs(inputs: readonly { dtmf: string; speech: string }[]): string {
  const named = [...new Set(inputs.slice(0, MAX_GROUP_INPUTS).map(describeInput))];
  const more = inputs.length > MAX_GROUP_INPUTS ? ' and others' : '';
  if (named.length <= 1) return `${named[0] ?? 'no input'}${more}`;
  return more ? `${named.join(', ')}${more}` : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/** A destination: its node (and a Route's queue), or that the call did not end. */
export function describeDestination(d: Destination | undefined): string {
  if (!d || d.node === null) return 'no exit (the run hit maxLoops)';
  return d.target !== undefined ? `${d.node} (${d.target})` : d.node;
}

function describeOutcome(o: OutcomeFacts): string {
  if (o.kind === 'absent') return 'not run (its flow is not in this version)';
  if (o.kind === 'failed') return `an error: ${clip(o.message ?? '', 200)}`;
  return `reaches ${describeDestination(o.destination)}`;
}

/** "3 callers re-routed: press 2 now reach Priority support (was Support)", and the like for each kind of change. */
export function describeBehaviourGroup(g: BehaviourGroup): string {
  const who = describeInputs(g.inputs);
  const callers = plural(g.count, 'caller');
  const one = g.count === 1;
  const flow = ` (flow ${g.flow_id})`;
  switch (g.code) {
    case 'REROUTED':
      return `${callers} re-routed: ${who} now ${one ? 'reaches' : 'reach'} ${describeDestination(g.after)} (was ${describeDestination(g.before)})${flow}`;
    case 'PATH_CHANGED':
      return `${callers} ${one ? 'takes' : 'take'} another path to the same place: ${who}${flow}`;
    case 'VARIABLES_CHANGED':
      return `${callers} ${one ? 'ends' : 'end'} the same way with other variables: ${who}${flow}`;
    case 'OUTCOME_CHANGED':
      return `${callers} ${one ? 'ends' : 'end'} differently (an error in one version only): ${who}${flow}`;
    case 'ADDED':
      return `${plural(g.count, 'input')} of a flow the earlier version does not have: ${who}${flow}`;
    case 'REMOVED':
      return `${plural(g.count, 'input')} of a flow this version no longer has: ${who}${flow}`;
  }
}

/** One changed input: what it did before and now, and its changed variables. */
export function describeBehaviourChange(c: BehaviourChange): string {
  const who = `'${c.name}' (${describeInput(c.input)})`;
  let what: string;
  if (c.code === 'REROUTED')
    what = `now reaches ${describeDestination(c.after.destination)} (was ${describeDestination(c.before.destination)})`;
  else if (c.code === 'PATH_CHANGED')
    what = `takes another path (${plural(c.path_edit_count, 'step')} ${c.path_edit_count === 1 ? 'differs' : 'differ'}) to ${describeDestination(c.after.destination)}`;
  else if (c.code === 'VARIABLES_CHANGED') what = 'takes the same path and ends with other variables';
  else what = `now ${describeOutcome(c.after)} (was ${describeOutcome(c.before)})`;
  const vars = c.variables.map(
    (v) =>
      `${v.name}: ${v.before === undefined ? 'unset' : formatValue(v.before)} → ${v.after === undefined ? 'unset' : formatValue(v.after)}`,
  );
  return vars.length > 0 ? `${who} ${what}; ${vars.join(', ')}` : `${who} ${what}`;
}

/** "2 actions added, 1 removed; 1 connector added": what changed in a flow's own structure. */
export function describeFlowChange(f: FlowChange): string {
  if (f.structure === 'unknown') {
    const what = f.status === 'added' ? 'not in the earlier report' : f.status === 'removed' ? 'not in this run' : 'in both runs';
    const inputs = f.changed_inputs > 0 ? `; ${inputsBehave(f.changed_inputs)}` : '';
    return `${what} (a report holds coverage, not the flow's actions and connectors)${inputs}`;
  }
  if (f.status === 'added') return `new flow: ${plural(f.counts.nodes_added, 'action')}, ${plural(f.counts.connectors_added, 'connector')}`;
  if (f.status === 'removed') return 'flow removed';
  const parts: string[] = [];
  const pair = (added: number, removed: number, what: string) => {
    if (added + removed === 0) return;
    const items = [added > 0 ? `${added} added` : '', removed > 0 ? `${removed} removed` : ''].filter(Boolean);
    parts.push(`${what}: ${items.join(', ')}`);
  };
  pair(f.counts.nodes_added, f.counts.nodes_removed, 'actions');
  pair(f.counts.connectors_added, f.counts.connectors_removed, 'connectors');
  if (parts.length === 0) parts.push('no action or connector added or removed');
  if (f.changed_inputs > 0) parts.push(inputsBehave(f.changed_inputs));
  return parts.join('; ');
}

/**
 * compare-to: the flow files that did not load at the ref, in one line ("At main (1a2b3c4), 1 flow file did
 * not load: flows/menu.yaml: …"), so the reviewer knows the comparison is partial and why.
 */
export function describeEarlierProblems(b: Pick<BehaviourChanges, 'compared_to' | 'earlier_problems' | 'truncated'>): string {
  const problems = b.earlier_problems ?? [];
  const total = b.truncated?.earlier_problems?.total ?? problems.length;
  const { ref, commit } = b.compared_to;
  const at = `${ref ?? commit ?? ''}${commit && commit !== ref ? ` (${commit.slice(0, 7)})` : ''}`;
  const listed = problems
    .slice(0, 3)
    .map((p) => `${p.file || 'flows'}: ${p.message}`)
    .join('; ');
  const more = total > 3 ? `; and ${total - 3} more` : '';
  return `At ${at}, ${plural(total, 'flow file problem')}: ${listed}${more}. The inputs of a flow in such a file are not compared.`;
}

/** "1 input behaves differently", "2 inputs behave differently". */
function inputsBehave(n: number): string {
  return `${plural(n, 'input')} ${n === 1 ? 'behaves' : 'behave'} differently`;
}

/** The path diff's one line per edit: `-` a step only the earlier version took, `+` a step only this one takes. */
export function describeBehaviourEdit(edit: PathEdit): string {
  return `${edit.op === 'missing' ? '-' : '+'} ${edit.node} (step ${edit.index})`;
}

/** Why no behavioural comparison was made: a ref this clone does not have, and how to fetch it. */
export function describeMissingRef(input: string, ref: string, why: 'missing' | 'no-repository' | 'git-failed', detail: string): string {
  if (why === 'missing') {
    // A ref relative to another (HEAD~1, main^, main@{1}) names no ref at origin: only more history helps.
    const fetch = /[~^@]/.test(ref)
      ? 'or deepen the clone with git fetch --deepen=<commits>'
      : `or fetch the base with git fetch origin ${ref} --depth=1`;
    return (
      `${input} '${ref}' is not in this clone (a shallow checkout has the head commit only): ` +
      `check out with fetch-depth: 0 (actions/checkout), ${fetch}. ` +
      'The run goes on without the behaviour comparison.'
    );
  }
  if (why === 'no-repository')
    return `${input} '${ref}' needs a git repository, and the workspace is not one (check out the repository first). The run goes on without the behaviour comparison.`;
  return `${input} '${ref}': ${clip(detail, 200)}. The run goes on without the behaviour comparison.`;
}

/** What a SARIF rule is about: each finding code, a scenario not run, a malformed scenario or flow file. */
export type RuleCode = FindingCode | 'NOT_RUN' | 'INVALID_FILE';

export interface RuleWords {
  /** PascalCase, as SARIF's `reportingDescriptor.name`. */
  name: string;
  /** One line: the alert's title in code scanning. */
  short: string;
  full: string;
  /** What to do about it: code scanning shows it under the alert. */
  help: string;
}

const FIX_SCENARIO =
  'Fix the flow, or the expectation if the flow is right (`cxone-flow-test run --update` rewrites failing expectations).';
const FIX_FLOW = 'Fix the flow definition; no scenario has to run for this to show.';

const RULE_WORDS: Record<RuleCode, RuleWords> = {
  PATH_MISMATCH: {
    name: 'PathMismatch',
    short: 'A scenario took another path through the flow than `expect.path` says',
    full: 'The executed path left `expect.path`: the alert is on that key, and names the first divergence and the edits (missing and unexpected nodes).',
    help: FIX_SCENARIO,
  },
  EXIT_MISMATCH: {
    name: 'ExitMismatch',
    short: 'A scenario ended at another exit node than `expect.exit` says',
    full: 'The call ended at another node than `expect.exit`, or at none.',
    help: FIX_SCENARIO,
  },
  VARIABLE_MISMATCH: {
    name: 'VariableMismatch',
    short: 'A variable did not match `expect.variables` or `expect.variablesAt`',
    full: 'A variable of the call (at its end, or at a node) did not match its expectation: another value, another type, or not set. Values named by `redact-variables` are masked.',
    help: FIX_SCENARIO,
  },
  DURATION_EXCEEDED: {
    name: 'DurationExceeded',
    short: 'A scenario took longer than `expect.maxDurationMs`',
    full: 'The flow took longer than `expect.maxDurationMs` allows.',
    help: 'Find the slow node in the report, or raise `expect.maxDurationMs` if the time is right.',
  },
  LOOP_DETECTED: {
    name: 'LoopDetected',
    short: 'A node ran more often than the loop threshold: a loop',
    full: 'A node ran more than `loop-threshold` times; the verdict is `infinite` when the run hit `maxLoops` or the same state repeated, else `retry`.',
    help: 'Break the cycle in the flow; a retry guard that is bounded on purpose takes `loopThreshold` on the scenario, or `expect.loops: true` to test it.',
  },
  LOOP_EXPECTED: {
    name: 'LoopExpected',
    short: 'A scenario expected a loop (`expect.loops: true`) that did not happen',
    full: 'The scenario says a loop is expected, but no node ran more than the loop threshold.',
    help: FIX_SCENARIO,
  },
  TRACE_ERROR: {
    name: 'TraceError',
    short: 'A node of the flow failed while the scenario ran',
    full: 'The execution trace holds an error entry: the node, its type and the error.',
    help: 'Fix the failing node (or mock the action it calls, on the emulator).',
  },
  API_ERROR: {
    name: 'ApiError',
    short: 'The Flow Debug API call of a scenario failed',
    full: 'The call to run the scenario failed after its retries: the status, code and attempts are in the message.',
    help: 'Check the credentials, the flow id and the flow itself (a 500 carries the trace up to the failing node).',
  },
  FLOW_REFERENCE: {
    name: 'FlowReference',
    short: 'A flow refers to a node it does not have',
    full: 'A branch or `start` of the flow goes to a node id that is not in the flow: every call that takes it fails.',
    help: FIX_FLOW,
  },
  FLOW_UNREACHABLE: {
    name: 'FlowUnreachable',
    short: 'Nodes of a flow cannot be reached from its start',
    full: 'A group of nodes no call can reach: dead configuration. It never fails the check.',
    help: 'Connect the nodes, or remove them.',
  },
  FLOW_TRAP_CYCLE: {
    name: 'FlowTrapCycle',
    short: 'Nodes of a flow lead only to each other: a call that gets there never ends',
    full: 'A cycle with no way out to an Exit or a Route that ends the call, found without running a call.',
    help: FIX_FLOW,
  },
  FLOW_DEAD_END: {
    name: 'FlowDeadEnd',
    short: 'A node of a flow has no way on',
    full: 'A node that is not an Exit has no next node (a GatherInput no branch at all): every call that reaches it fails.',
    help: FIX_FLOW,
  },
  FLOW_UNEXECUTED_ACTION: {
    name: 'FlowUnexecutedAction',
    short: 'A Studio action the emulator does not execute, and no scenario mocks it',
    full: 'The action reaches outside the script (or is one the emulator does not run): a run that reaches it stops there unless the scenario mocks it. A warning.',
    help: "Add `mocks: { '<action>': { branch: … } }` to the scenarios that reach it.",
  },
  FLOW_LANGUAGE: {
    name: 'FlowLanguage',
    short: "A property in Studio's language the emulator cannot parse",
    full: "A property of a Studio action, in Studio's expression or snippet language, is outside what the emulator runs: a run that reaches it stops there.",
    help: 'Rewrite the property in the supported subset (README, Studio scripts), or mock the action.',
  },
  NOT_RUN: {
    name: 'NotRun',
    short: 'A scenario was not run',
    full: 'The scenario could not run for a reason of its own (its flow id is in no flow file, on the emulator). A scenario not run fails the check.',
    help: "Add the flow to `flows`, or fix the scenario's `flow`.",
  },
  INVALID_FILE: {
    name: 'InvalidFile',
    short: 'A scenario or flow file is malformed',
    full: 'The file could not be read as a scenario or flow file: the message names the key and what was expected. A malformed file fails the check.',
    help: 'Fix the file; `cxone-flow-test validate` checks the files without a call, and the JSON Schemas let editors check them as you type.',
  },
};

export function describeRule(code: RuleCode): RuleWords {
  return RULE_WORDS[code];
}

/** Why a connector cannot be taken, or was not: a flow defect, or (not_reached) said as only a search's result. */
export function describeUnreachable(reason: UnreachableReason): string {
  const q = (s: string) => `'${clip(s, 80)}'`;
  switch (reason.code) {
    case 'orphan':
      return `nothing leads to ${q(reason.params.node)}`;
    case 'no_path':
      return `no path from the start leads to ${q(reason.params.node)}`;
    case 'only_through_unreachable':
      return `every connector into ${q(reason.params.node)} is one no input can take`;
    case 'option_too_long':
      return `option ${q(reason.params.option)} is longer than the ${plural(reason.params.digits, 'key')} ${q(reason.params.node)} takes`;
    case 'shadowed':
      return `${q(reason.params.value)} is always taken by the earlier ${q(reason.params.by)} first`;
    case 'contradicted':
      return `${q(reason.params.variable)} holds ${
        'constant' in reason.params ? clip(formatValue(reason.params.constant), 80) : 'the same value'
      } here on every path (the flow sets it), so this side is never taken`;
    case 'missing_target':
      return `it leads to ${q(reason.params.to)}, which is not a node of the flow`;
    case 'not_reached':
      return reason.params.budget_spent
        ? `not reached within the search budget (${plural(reason.params.runs, 'run')}): it may be reachable with more runs`
        : `not reached by any input the generator tried (${plural(reason.params.runs, 'run')}): it may need an input it does not make`;
  }
}

/** One connector no scenario takes, for a run's coverage warnings and `generate`'s: where it is, and why. */
export function describeUnreachableBranch(u: {
  from: string;
  to: string;
  label: string;
  line?: number;
  reason: UnreachableReason;
}): string {
  const at = u.line === undefined ? '' : `, line ${u.line}`;
  const verb = u.reason.code === 'not_reached' ? 'is not taken' : 'can never be taken';
  return `connector '${clip(u.from, 80)}' → '${clip(u.to, 80)}' (${clip(u.label, 80)}${at}) ${verb}: ${describeUnreachable(u.reason)}`;
}
