// StudioScript values for tests, without JSON: actions with a type, label, properties and connectors,
// named by studioPathNames as the loader names them. Connectors name their target by action id.
import { STUDIO_EDGE_LABEL, studioPathNames } from '../../src/domain/studio.ts';
import type { StudioAction, StudioConnector, StudioScript } from '../../src/domain/studio.ts';
import type { DebugRequest } from '../../src/domain/wire.ts';

/** `default`: the Default connector; `'case:1'`: the custom case 1; any other name: a named branch (OnTimeout, True). */
export type ConnectorSpec = Record<string, string | number>;

export interface ActionSpec {
  id: string | number;
  type: string;
  label?: string;
  properties?: Record<string, string>;
  /** key → target action id; key `default`, `case:<value>` or a branch name. */
  to?: ConnectorSpec;
}

function connectorOf(key: string, toId: string, names: Record<string, string>, line: number): StudioConnector {
  const to = names[toId] ?? `#${toId}`;
  if (key === 'default') return { kind: 'default', value: '', toId, to, label: STUDIO_EDGE_LABEL.default(), line };
  if (key.startsWith('case:')) {
    const value = key.slice('case:'.length);
    return { kind: 'case', value, toId, to, label: STUDIO_EDGE_LABEL.case(value), line };
  }
  return { kind: 'branch', value: key, toId, to, label: STUDIO_EDGE_LABEL.branch(key), line };
}

/** A script named `id` whose first action is its start (BEGIN by convention). */
export function studioScript(id: string, specs: ActionSpec[], extra: Partial<StudioScript> = {}): StudioScript {
  const ids = specs.map((s) => String(s.id));
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new Error(`studioScript '${id}': action id ${twice} is used twice`);
  const base = specs.map((s) => ({ actionId: String(s.id), type: s.type, label: s.label ?? '' }));
  const names = studioPathNames(base);
  const nodes: Record<string, StudioAction> = {};
  const nodeLines: Record<string, number> = {};
  specs.forEach((s, i) => {
    const actionId = String(s.id);
    const line = 10 + i * 10;
    const connectors = Object.entries(s.to ?? {}).map(([key, to], j) => connectorOf(key, String(to), names, line + j + 1));
    nodes[names[actionId]!] = {
      type: s.type,
      actionId,
      label: s.label ?? '',
      properties: { ...s.properties },
      connectors,
      line,
      propertyLines: {},
    };
    nodeLines[names[actionId]!] = line;
  });
  return {
    format: 'studio',
    id,
    aliases: [],
    name: id,
    header: { scriptName: id },
    start: names[String(specs[0]?.id)] ?? '',
    nodes,
    pathNames: names,
    source: { file: `${id}.json`, line: 1, nodeLines },
    ...extra,
  };
}

/** A lookup over `scripts` by id and alias, as the emulator server gives executeStudio. */
export function lookupOf(...scripts: StudioScript[]): (name: string) => StudioScript | undefined {
  return (name) => scripts.find((s) => s.id === name || s.aliases.includes(name.replace(/\\/g, '/')));
}

/** A debug request as the runner sends it (trace and variables on). */
export function studioRequest(
  over: Partial<Pick<DebugRequest, 'mocks' | 'clock' | 'variables'>> & { dtmf?: string; speech?: string; maxLoops?: number } = {},
): DebugRequest {
  const r: DebugRequest = {
    flowId: 'main',
    input: { dtmf: over.dtmf ?? '', speech: over.speech ?? '' },
    options: { trace: true, includeVariables: true, maxLoops: over.maxLoops ?? 50 },
  };
  if (over.variables) r.variables = over.variables;
  if (over.mocks) r.mocks = over.mocks;
  if (over.clock) r.clock = over.clock;
  return r;
}
