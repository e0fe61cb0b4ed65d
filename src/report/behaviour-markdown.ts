// The "Behaviour changes" section of the job summary and of the pull-request comment (README, Behaviour
// changes): the groups first ("3 callers re-routed: …"), then each changed input with its path diff, then
// the flows' added and removed actions and connectors and their coverage before and after. Pure, and
// bounded: past its caps a list is cut and says how many it left out.
import { formatPercent } from '../analysis/coverage.ts';
import { code, details, escapeCell, fence, fileLink, type SourceLinks } from './markdown.ts';
import type { BehaviourChanges } from './model.ts';
import { plural } from '../text.ts';
import { describeBehaviourEdit, describeEarlierProblems } from './wording.ts';

export interface BehaviourView {
  links?: SourceLinks;
  /** Groups listed, changed inputs shown with their diff, flows in the table. */
  maxGroups: number;
  maxChanges: number;
  maxFlows: number;
  /** Path edits shown per changed input. */
  maxEdits: number;
}

export const SUMMARY_BEHAVIOUR_VIEW: Omit<BehaviourView, 'links'> = { maxGroups: 30, maxChanges: 50, maxFlows: 30, maxEdits: 20 };
export const COMMENT_BEHAVIOUR_VIEW: Omit<BehaviourView, 'links'> = { maxGroups: 10, maxChanges: 10, maxFlows: 10, maxEdits: 10 };

/** What it was compared with, in words: "`main` (`1a2b3c4`)" or "the report `old.yaml`". */
function comparedWith(b: BehaviourChanges): string {
  const { ref, commit, report } = b.compared_to;
  if (report !== undefined) return `the report ${code(report)}`;
  // A commit named by its id (the pull request's base) reads as its short id.
  if (commit !== undefined && commit === ref) return code(commit.slice(0, 7));
  return `${code(ref ?? '')}${commit ? ` (${code(commit.slice(0, 7))})` : ''}`;
}

export function renderBehaviourSection(b: BehaviourChanges, view: BehaviourView, heading = '###'): string {
  let out = `${heading} Behaviour changes\n\n`;
  if (b.skipped) return `${out}> [!WARNING]\n> ${escapeCell(b.skipped)}\n\n`;
  if (b.earlier_problems?.length) out += `> [!WARNING]\n> ${escapeCell(describeEarlierProblems(b))}\n\n`;
  const notCompared = b.not_compared > 0 ? `; ${b.not_compared} not compared (skipped, not run, or cut in a report)` : '';
  if (b.changed === 0)
    return `${out}Compared with ${comparedWith(b)}: no input behaves differently (${b.unchanged} unchanged${notCompared}).\n\n`;
  out += `Compared with ${comparedWith(b)}: **${b.changed} of ${plural(b.inputs, 'input')} ${b.changed === 1 ? 'behaves' : 'behave'} differently**, ${b.unchanged} unchanged${notCompared}.\n\n`;
  out += b.groups
    .slice(0, view.maxGroups)
    .map((g) => `- ${escapeCell(g.message)}\n`)
    .join('');
  const moreGroups = (b.truncated?.groups?.total ?? b.groups.length) - Math.min(view.maxGroups, b.groups.length);
  if (moreGroups > 0) out += `- … and ${plural(moreGroups, 'more group')} in the report\n`;
  out += '\n';
  for (const c of b.changes.slice(0, view.maxChanges)) {
    const where = c.file ? ` — ${fileLink(c.file, c.line ?? 0, view.links)}` : c.origin === 'explored' ? ' — explored input' : '';
    const edits = c.path_edits.slice(0, view.maxEdits).map(describeBehaviourEdit);
    if (c.path_edit_count > edits.length) edits.push(`… ${c.path_edit_count - edits.length} more steps differ`);
    const body =
      edits.length > 0
        ? fence('diff', edits.join('\n'))
        : c.code === 'ADDED' || c.code === 'REMOVED'
          ? 'Run by one version only.'
          : 'Same path.';
    out += details(`${escapeCell(c.message)}${where}`, body);
  }
  const moreChanges = b.changed - Math.min(view.maxChanges, b.changes.length);
  if (moreChanges > 0) out += `… and ${plural(moreChanges, 'more changed input')}: every one is in the report's \`behaviour_changes\`.\n\n`;
  return out + renderFlows(b, view);
}

function renderFlows(b: BehaviourChanges, view: BehaviourView): string {
  if (b.flows.length === 0) return '';
  const cover = (c: { visited: number; total: number } | undefined) =>
    c ? `${c.visited}/${c.total} (${formatPercent(c.visited, c.total)})` : '—';
  const rows = b.flows.slice(0, view.maxFlows).map((f) => {
    const label = `${escapeCell(f.name ?? f.flow_id)}${f.file ? `<br><sub>${escapeCell(f.file)}</sub>` : ''}`;
    const named = [
      ...f.nodes_added.map((n) => `+${code(n)}`),
      ...f.nodes_removed.map((n) => `−${code(n)}`),
      ...f.connectors_added.map((e) => `+${code(e.from)} → ${code(e.to)} (${escapeCell(e.label)})`),
      ...f.connectors_removed.map((e) => `−${code(e.from)} → ${code(e.to)} (${escapeCell(e.label)})`),
    ];
    const shown = named.slice(0, 6).join(', ') + (named.length > 6 ? ` and ${named.length - 6} more` : '');
    const change = `${escapeCell(f.message)}${shown ? `<br>${shown}` : ''}`;
    const nodes = `${cover(f.coverage_before?.nodes)} → ${cover(f.coverage_after?.nodes)}`;
    const edges = `${cover(f.coverage_before?.edges)} → ${cover(f.coverage_after?.edges)}`;
    return `| ${label} | ${change} | ${nodes} | ${edges} |\n`;
  });
  const more = (b.truncated?.flows?.total ?? b.flows.length) - rows.length;
  return (
    `| Flow | Change | Nodes covered (before → after) | Branches covered |\n|---|---|---|---|\n${rows.join('')}\n` +
    (more > 0 ? `… and ${plural(more, 'more flow')} in the report.\n\n` : '')
  );
}
