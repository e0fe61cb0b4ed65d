// What the loaded flow files mean for a run before any call is made (README, Flow definitions): no usable flow at all
// refuses the run (or the emulator command), and a scenario naming a flow id no file defines is told so
// by name, with the ids that do exist, instead of one 404 per scenario. Pure.
import { ACTION_NAMING, type InputNaming } from '../input-naming.ts';
import { excerpt, located, location, plural } from '../text.ts';
import type { LoadFlowsResult } from './load.ts';
import { didYouMean, suggestBudget, type SuggestBudget } from '../validation/suggest.ts';
import { createFlowLookup, flowNames, type LoadedFlow } from '../domain/flow.ts';

/** Flows listed in a "known:" hint; the rest are counted. */
export const MAX_KNOWN_FLOWS = 5;
/** Other problems quoted after the first one's words; the rest are counted (every one is listed with the problems). */
const MAX_OTHER_PROBLEMS = 3;

/**
 * Why `flows` gives nothing to run, or null when at least one flow loaded: no file matched (the glob is
 * named), or every matched file is unusable: the first problem in full, then the next few with their
 * words (a location only where it differs from the one before), then how many more.
 */
export function noUsableFlow(loaded: LoadFlowsResult, naming: InputNaming = ACTION_NAMING): string | null {
  if (loaded.flows.length > 0) return null;
  const none = loaded.problems.find((p) => p.code === 'FLOW_NONE_FOUND');
  if (none) return `no usable flow: ${none.message}`;
  const [first, ...others] = loaded.problems;
  const one = loaded.files.length === 1;
  const matched = `${one ? 'the one file' : `none of the ${loaded.files.length} files`} that ${naming.input('flows')} matched`;
  if (!first) return `no usable flow: ${matched} ${one ? 'defines no flow' : 'defines a flow'}`;
  const quoted = others.slice(0, MAX_OTHER_PROBLEMS);
  const also = quoted.map((p, i) => {
    const before = i === 0 ? first : quoted[i - 1]!;
    return location(p.file, p.line) === location(before.file, before.line) ? p.message : located(p.file, p.line, p.message);
  });
  const more = others.length - quoted.length;
  const rest = (also.length > 0 ? `; also ${also.join('; ')}` : '') + (more > 0 ? `; and ${plural(more, 'more problem')}` : '');
  return `no usable flow: ${matched} ${one ? 'cannot be used' : 'can be used'}: ${located(first.file, first.line, first.message)}${rest}`;
}

/**
 * The reason a scenario naming `flowId` cannot run on the emulator, or undefined when a loaded flow has
 * that id. Memoized per id (a thousand scenarios share a few flows); the typo hints share one budget.
 */
export function createUnknownFlowCheck(loaded: Pick<LoadFlowsResult, 'flows' | 'problems'>): (flowId: string) => string | undefined {
  const { flows } = loaded;
  const lookup = createFlowLookup(flows);
  const known = describeKnown(flows);
  const unusableFiles = countUnusableFiles(loaded);
  const broken =
    unusableFiles > 0
      ? `; ${unusableFiles === 1 ? '1 flow file' : `${unusableFiles} flow files`} could not be used (see the problems)`
      : '';
  const budget = suggestBudget();
  const reasons = new Map<string, string>();
  return (flowId) => {
    if (lookup(flowId)) return undefined;
    let reason = reasons.get(flowId);
    if (reason === undefined) {
      reason = `no flow '${excerpt(flowId)}' in flows; known: ${known}${hintFor(flowId, flows, budget)}${broken}`;
      reasons.set(flowId, reason);
    }
    return reason;
  };
}

/** Files that defined no flow: the missing id may well be in one of them. */
function countUnusableFiles(loaded: Pick<LoadFlowsResult, 'flows' | 'problems'>): number {
  const used = new Set(loaded.flows.map((f) => f.source?.file));
  const files = loaded.problems.filter((p) => p.code !== 'FLOW_DUPLICATE_ID' && p.file !== '' && !used.has(p.file)).map((p) => p.file);
  return new Set(files).size;
}

function describeKnown(flows: readonly LoadedFlow[]): string {
  if (flows.length === 0) return 'none';
  const listed = flows
    .slice(0, MAX_KNOWN_FLOWS)
    .map((f) => (f.name && f.name !== f.id ? `${excerpt(f.id)} (${excerpt(f.name)})` : excerpt(f.id)));
  const more = flows.length - listed.length;
  return listed.join(', ') + (more > 0 ? `, and ${more} more` : '');
}

/** A flow's name where its id belongs is a common first mistake; otherwise the nearest id, if close. */
function hintFor(flowId: string, flows: readonly LoadedFlow[], budget: SuggestBudget): string {
  const wanted = flowId.trim().toLowerCase();
  const byName = flows.find((f) => f.name !== undefined && f.name !== f.id && f.name.trim().toLowerCase() === wanted);
  if (byName) return ` (that is the name of flow '${excerpt(byName.id)}': scenarios name a flow by its id)`;
  return didYouMean(
    flowId,
    flows.flatMap((f) => flowNames(f)),
    budget,
  );
}
