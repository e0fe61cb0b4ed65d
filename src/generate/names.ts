// A generated scenario's name, said from what it does: "Press 2, then 1: queue_billing", "No input 3 times:
// queue_operator", "With customer_tier gold: ...", "Monday 19:30: Leave voicemail". Pure.
import type { JsonValue } from '../domain/json.ts';
import type { DebugResponse } from '../domain/wire.ts';
import { excerpt, excerptLine } from '../text.ts';
import { CLOCKS, type GenInput } from './input.ts';
import type { FlowInfo } from './studio-info.ts';

const MAX_NAME_CHARS = 160;

export function nameScenario(info: FlowInfo, input: GenInput, response: DebugResponse): string {
  const parts: string[] = [];
  const clock = CLOCKS.find((c) => c.clock === input.clock);
  if (clock) parts.push(clock.label);
  else if (input.clock !== undefined) parts.push(`At ${input.clock}`);
  const given = Object.entries(input.variables).map(([k, v]) => `${k} ${show(v)}`);
  if (given.length > 0) parts.push(`with ${given.join(' and ')}`);
  for (const [key, list] of Object.entries(input.mocks)) {
    const branches = list.map((o) => o.branch ?? 'Default');
    const optional = info.mockables.some((m) => m.optional && m.key === key);
    if (optional || branches.some((b) => b !== 'Default')) parts.push(`${key} ${optional ? 'answered, ' : ''}${branches.join(' then ')}`);
  }
  parts.push(...inputSteps(info, input, response));
  const said = parts.length > 0 ? parts.join(', ') : 'As it starts';
  const name = `${said.charAt(0).toUpperCase()}${said.slice(1)}: ${outcome(info, response)}`;
  // One line: a node id or label with a line break would otherwise make a multi-line name in the file and the table.
  return excerptLine(name, MAX_NAME_CHARS);
}

function show(value: JsonValue): string {
  return typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
}

/** "Press 2", "Say 'billing'", "No input" for each input action the run went through; repeats counted. */
function inputSteps(info: FlowInfo, input: GenInput, response: DebugResponse): string[] {
  const steps: string[] = [];
  let pos = 0;
  for (const entry of response.trace) {
    const hearing = info.studio ? entry.type === 'MENU' || entry.type === 'ASRMENU' : entry.type === 'GatherInput';
    if (!hearing || typeof entry.mock === 'string') continue;
    if (typeof entry.input !== 'string') steps.push('no input');
    else if (entry.type !== 'ASRMENU' && pos < input.dtmf.length) {
      steps.push(`press ${entry.input}`);
      pos += entry.input.length;
    } else steps.push(`say '${excerpt(entry.input, 40)}'`);
  }
  const grouped: string[] = [];
  for (let i = 0; i < steps.length; ) {
    let n = 1;
    while (steps[i + n] === steps[i]) n++;
    grouped.push(n === 1 ? (steps[i] as string) : `${steps[i]} ${n} times`);
    i += n;
  }
  // "press 2, then press 1" reads "press 2, then 1".
  return grouped.length === 0
    ? []
    : [grouped.map((s, i) => (i > 0 && s.startsWith('press ') && grouped[i - 1]?.startsWith('press') ? s.slice(6) : s)).join(', then ')];
}

/** Where the call went: the last route's target, else the last prompt played, else the node it ended at. */
function outcome(info: FlowInfo, response: DebugResponse): string {
  if (response.exitNode === null) return `loops until maxLoops at ${response.path[response.path.length - 1] ?? 'the start'}`;
  if (!info.studio) {
    const route = [...response.trace].reverse().find((t) => typeof t.target === 'string');
    if (route) return String(route.target);
    // No queue: the last thing the caller heard says more than the Exit node does.
    const played = [...response.trace].reverse().find((t) => t.type === 'Play');
    if (played) return played.nodeId;
  }
  return response.exitNode;
}
