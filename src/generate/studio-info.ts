// What the explorer needs to know of a flow beyond its edges: every action a run may visit by the name
// its trace gives it (a sub-script's as `<script>/<action>`), which actions take a mock and their default
// outcome, and whether the flow reads the clock. Pure; one table per flow.
import type { JsonValue } from '../domain/json.ts';
import { type FlowNode, type LoadedFlow, isStudioScript } from '../domain/flow.ts';
import { STUDIO_EXECUTED_TYPES, type StudioAction, type StudioScript } from '../domain/studio.ts';
import { connectorNames, reachableScripts, scriptPrefix } from '../domain/studio-mocks.ts';
import { studioProp } from '../domain/studio-properties.ts';
import type { MockOutcome } from '../domain/wire.ts';
import { parseSnippet, type Statement } from '../snippet/index.ts';

export type StudioLookup = (name: string) => StudioScript | undefined;

/** A node or action as a run names it, with the script it belongs to (Studio) or none (a flow definition). */
export type Visited = { kind: 'yaml'; node: FlowNode } | { kind: 'studio'; action: StudioAction; script: StudioScript };

/** An action that takes a mock: its key, the branch names a mock may give, and what it takes unless told otherwise. */
export interface Mockable {
  key: string;
  /** undefined: the Default connector (a YAML External's `next`). */
  branches: (string | undefined)[];
  fallback: MockOutcome;
  /** The emulator runs it unmocked (a REQAGENT ends the call there); a mock takes its connectors. */
  optional?: boolean;
}

export interface FlowInfo {
  flow: LoadedFlow;
  studio: boolean;
  /** By the name trace entries give (qualified for a sub-script's actions). */
  visited: Map<string, Visited>;
  mockables: Mockable[];
  readsClock: boolean;
}

/** A value for a variable a mocked call sets and the flow reads, when nothing says which one: digits, as account and PIN numbers are. */
export const MOCK_VALUE = '12345';

export function describeFlow(flow: LoadedFlow, lookup: StudioLookup): FlowInfo {
  const visited = new Map<string, Visited>();
  const mockables: Mockable[] = [];
  if (!isStudioScript(flow)) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      visited.set(id, { kind: 'yaml', node });
      if (node.type === 'External') mockables.push({ key: id, branches: [undefined, ...Object.keys(node.branches ?? {})], fallback: {} });
    }
    return { flow, studio: false, visited, mockables, readsClock: false };
  }
  const scripts = reachableScripts(flow, lookup);
  let readsClock = false;
  const names = new Set(scripts.flatMap((script) => [...readNames(script)]));
  for (const script of scripts) {
    const prefix = scriptPrefix(script, flow.id);
    for (const [name, action] of Object.entries(script.nodes)) {
      visited.set(prefix + name, { kind: 'studio', action, script });
      if (Object.values(action.properties).some((v) => /\bnow\s*\(/i.test(v))) readsClock = true;
      const mockable = mockableOf(prefix + name, action, names);
      if (mockable) mockables.push(mockable);
    }
  }
  return { flow, studio: true, visited, mockables, readsClock };
}

/** Actions the emulator does not run, and snippets that call out: offline, only a mock says what they do. */
function mockableOf(key: string, action: StudioAction, readNames: Set<string>): Mockable | undefined {
  const external = action.type === 'SNIPPET' && action.externalCall !== undefined;
  // Offline no agent answers: the call ends at REQAGENT, and only a mock follows its connectors (the hold loop).
  const queue = action.type === 'REQAGENT' && action.connectors.length > 0;
  if (STUDIO_EXECUTED_TYPES.includes(action.type) && !external && !queue) return undefined;
  const branches: (string | undefined)[] = [];
  for (const c of action.connectors) branches.push(c.kind === 'default' ? undefined : connectorNames(c)[0]);
  const unique = [...new Set(branches)];
  const variables: Record<string, JsonValue> = {};
  if (action.type === 'SNIPPET')
    for (const name of assignedNames(studioProp(action, 'code'))) if (readNames.has(name.toLowerCase())) variables[name] = MOCK_VALUE;
  const hasDefault = action.connectors.length === 0 || action.connectors.some((c) => c.kind === 'default');
  const fallback: MockOutcome = hasDefault ? {} : { branch: unique[0] as string };
  if (Object.keys(variables).length > 0) fallback.variables = variables;
  return { key, branches: unique.length > 0 ? unique : [undefined], fallback, ...(queue ? { optional: true } : {}) };
}

/** The variables a snippet assigns by name, in order. */
function assignedNames(code: string): string[] {
  const parsed = parseSnippet(code);
  const out: string[] = [];
  const walk = (statements: readonly Statement[] | undefined): void => {
    for (const s of statements ?? []) {
      if (s.kind === 'assign' && s.target.kind === 'var' && !out.includes(s.target.name)) out.push(s.target.name);
      if (s.kind === 'if') {
        walk(s.then);
        walk(s.else);
      }
      if (s.kind === 'for' || s.kind === 'foreach' || s.kind === 'while') walk(s.body);
      if (s.kind === 'switch' || s.kind === 'select') {
        for (const c of s.cases) walk(c.body);
        walk(s.default);
      }
    }
  };
  walk(parsed.program?.statements);
  return out;
}

/** Every word the script's actions mention outside snippets that call out, lower-cased: the names it reads. */
function readNames(script: StudioScript): Set<string> {
  const names = new Set<string>();
  for (const action of Object.values(script.nodes)) {
    if (action.type === 'SNIPPET' && action.externalCall !== undefined) continue;
    for (const value of Object.values(action.properties)) for (const m of value.matchAll(/[A-Za-z_][\w]*/g)) names.add(m[0].toLowerCase());
  }
  return names;
}

/** A variable's value as the flow reads it: Studio names ignore case. */
export function readVar(vars: Record<string, JsonValue> | undefined, name: string, studio: boolean): JsonValue | undefined {
  if (!vars) return undefined;
  if (Object.hasOwn(vars, name)) return vars[name];
  if (!studio) return undefined;
  const bare = name.replace(/^global:/i, '').toLowerCase();
  const key = Object.keys(vars).find((k) => k.toLowerCase() === bare);
  return key === undefined ? undefined : vars[key];
}
