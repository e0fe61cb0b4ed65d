// Studio script JSON text for tests, in the shape Studio commits (header, actions, properties as
// {name, value} entries keyed by index, branches), pretty-printed so that lines can be found in it.
import type { ActionSpec } from './studio-builder.ts';

export function studioJson(scriptName: string, specs: ActionSpec[]): string {
  const actions: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const branches: Record<string, unknown> = {};
  for (const s of specs) {
    const id = String(s.id);
    actions[id] = { actionId: Number(id), libraryId: '', name: s.type, version: 1, label: s.label ?? '', x: 0, y: 0 };
    properties[id] = Object.fromEntries(Object.entries(s.properties ?? {}).map(([name, value], i) => [String(i), { name, value }]));
    branches[id] = Object.entries(s.to ?? {}).map(([key, to], index) => {
      if (key === 'default') return { to: Number(to), label: '', type: 'default', index };
      if (key.startsWith('case:')) return { to: Number(to), label: key.slice('case:'.length), type: 'case', index };
      return { to: Number(to), label: key, type: 'branch', index };
    });
  }
  return `${JSON.stringify({ header: { scriptName, masterId: 1 }, actions, properties, branches }, null, 2)}\n`;
}

/** The 1-based line of the first line of `text` holding `needle` (after `after`, when given). */
export function lineWith(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, n) => n >= start && l.includes(needle));
  if (i === -1) throw new Error(`no line holds ${JSON.stringify(needle)}`);
  return i + 1;
}
