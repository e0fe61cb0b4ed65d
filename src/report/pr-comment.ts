// The pull-request comment (`pr-comment: true`): the totals and the failing scenarios, compact, under a
// hidden marker so that every run updates the same comment instead of adding one. Pure: publish.ts
// finds, creates and updates the comment.
import { code, details, escapeCell, fence, sourceUrl, type SourceLinks } from './markdown.ts';
import { isFailingScenario, type Report, type ScenarioReport } from './model.ts';
import { joinTotals, runTotals, scenarioCount } from './totals.ts';
import { clip, plural } from '../text.ts';
import { describeRowHeadline } from './wording.ts';
import { COMMENT_BEHAVIOUR_VIEW, renderBehaviourSection } from './behaviour-markdown.ts';
import { renderObservedYaml } from './observed.ts';

/** GitHub refuses an issue comment body longer than this many characters. */
export const COMMENT_MAX_CHARS = 65536;
/** Failing scenarios listed in the comment; the job summary has them all. */
export const MAX_COMMENT_ROWS = 20;
/** A finding as long as this fits a comment row; the job summary has it whole. */
const MAX_FINDING_CHARS = 140;

export interface CommentOptions {
  /** From commentMarker(). */
  marker: string;
  links?: SourceLinks;
  /** The workflow run, for "details in the job summary". */
  runUrl?: string;
  /** The commit the results are for. */
  sha?: string;
}

/** The hidden marker the comment is found by: one comment per artifact name, so shards and matrix jobs keep theirs apart. */
export function commentMarker(artifactName: string): string {
  // `--` cannot appear inside an HTML comment, and `>` would end it early.
  return `<!-- cxone-flow-test:${artifactName.replace(/-{2,}/g, '-').replace(/[<>\r\n]/g, '')} -->`;
}

export function renderPrComment(report: Report, options: CommentOptions): string {
  const s = report.summary;
  const ok = s.conclusion === 'success';
  const lines = [
    options.marker,
    `### ${ok ? '✅' : '❌'} CXone flow tests ${ok ? 'passed' : 'failed'}`,
    '',
    `${joinTotals(runTotals(report), 'markdown')} — ${scenarioCount(report)}`,
    '',
  ];
  // Behaviour changes first: a green run can still re-route callers no scenario expects.
  if (report.behaviour_changes)
    lines.push(
      renderBehaviourSection(
        report.behaviour_changes,
        { ...COMMENT_BEHAVIOUR_VIEW, ...(options.links ? { links: options.links } : {}) },
        '####',
      ).trimEnd(),
      '',
    );
  if (s.failure_reasons.length > 0) lines.push(`Failing because: ${s.failure_reasons.map(escapeCell).join('; ')}.`, '');
  const failing = report.scenarios.filter(isFailingScenario);
  if (failing.length > 0) {
    lines.push('| | Scenario | Finding |', '|---|---|---|');
    lines.push(...failing.slice(0, MAX_COMMENT_ROWS).map((x) => renderRow(x, options.links)));
    if (failing.length > MAX_COMMENT_ROWS) lines.push('', `… and ${plural(failing.length - MAX_COMMENT_ROWS, 'more failing scenario')}.`);
    lines.push('');
  }
  lines.push(...observedBlocks(failing.slice(0, MAX_COMMENT_ROWS), COMMENT_MAX_CHARS - OBSERVED_RESERVE_CHARS - lines.join('\n').length));
  const footer: string[] = [];
  if (options.runUrl) footer.push(`[Path diffs, flowcharts and coverage in the job summary](${options.runUrl})`);
  if (options.sha) footer.push(`results for ${code(options.sha.slice(0, 7))}`);
  if (footer.length > 0) lines.push(`<sub>${footer.join(' · ')}</sub>`);
  const body = `${lines.join('\n')}\n`;
  return body.length > COMMENT_MAX_CHARS ? `${body.slice(0, COMMENT_MAX_CHARS - 80)}\n\n… cut to GitHub's comment size limit.\n` : body;
}

function renderRow(s: ScenarioReport, links: SourceLinks | undefined): string {
  const icon = s.status === 'error' ? '💥' : s.status === 'not_run' ? '⏹️' : '❌';
  const name = links ? `[${escapeCell(s.name)}](${sourceUrl(links, s.file, s.line)})` : escapeCell(s.name);
  const finding = s.findings[0]
    ? describeRowHeadline(s.findings[0], s.findings.length - 1, MAX_FINDING_CHARS)
    : clip(s.reason ?? '', MAX_FINDING_CHARS);
  return `| ${icon} | ${name}<br><sub>${escapeCell(s.file)}:${s.line}</sub> | ${escapeCell(finding)} |`;
}

/** Room the observed expectations leave for the footer and the cut note. */
const OBSERVED_RESERVE_CHARS = 1024;

/** The failing scenarios' observed expectations, one collapsed block each, as many as fit in `budget` characters. */
function observedBlocks(failing: readonly ScenarioReport[], budget: number): string[] {
  const blocks: string[] = [];
  let used = 0;
  for (const s of failing) {
    if (!s.observed_expect) continue;
    const block = details(
      `Observed expectation of ${escapeCell(s.name)}`,
      `To accept it, paste it over the scenario's ${code('expect:')}, or run ${code('cxone-flow-test run --update')}.\n\n${fence('yaml', renderObservedYaml(s.observed_expect))}`,
    );
    if (used + block.length > budget) break;
    blocks.push(block);
    used += block.length;
  }
  return blocks.length > 0 ? [blocks.join('').trimEnd(), ''] : [];
}
