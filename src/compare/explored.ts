// explore (README, Behaviour changes): the inputs `generate` would write for each version of the flows,
// compared like the scenarios' own, so that a change no scenario tries is reported too. The explorer
// (generate/explore.ts) is pure and budgeted per flow; an input both versions propose is run once.
import type { CompareInput } from '../analysis/behaviour-diff.ts';
import { createFlowLookup, isStudioScript, type LoadedFlow } from '../domain/flow.ts';
import type { StudioScript } from '../domain/studio.ts';
import { exploreFlow } from '../generate/explore.ts';
import { inputKey } from '../generate/input.ts';

export function exploredInputs(flows: { before: readonly LoadedFlow[]; after: readonly LoadedFlow[] }): CompareInput[] {
  const seen = new Set<string>();
  const out: CompareInput[] = [];
  for (const version of [flows.after, flows.before]) {
    const byName = createFlowLookup(version);
    const lookup = (name: string): StudioScript | undefined => {
      const f = byName(name);
      return f && isStudioScript(f) ? f : undefined;
    };
    for (const flow of version) {
      for (const x of exploreFlow(flow, lookup).scenarios) {
        const key = `${x.flowId}\u0000${inputKey(x.input)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          name: x.name,
          flowId: x.flowId,
          dtmf: x.input.dtmf,
          speech: x.input.speech,
          variables: x.input.variables,
          ...(Object.keys(x.input.mocks).length > 0 ? { mocks: x.input.mocks } : {}),
          ...(x.input.clock !== undefined ? { clock: x.input.clock } : {}),
          origin: 'explored',
        });
      }
    }
  }
  return out;
}
