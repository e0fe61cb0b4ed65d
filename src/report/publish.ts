// The only place that talks to GitHub about results: job summary, annotations, outputs, artifact.
// Everything it shows is rendered by the pure modules beside it. @actions/artifact (a third of the
// action's code) is loaded only when a report is uploaded, so a run does not parse it before its first call.
import * as core from '../workflow-commands.ts';
import * as path from 'node:path';
import type { Settings } from '../settings.ts';
import { neutralizeCommands } from '../log-text.ts';
import { NO_LINE } from '../text.ts';
import { planAnnotations } from './annotations.ts';
import type { WrittenReports } from './files.ts';
import type { Report } from './model.ts';
import { artifactName, sourceLinks } from './github-context.ts';
import { escapeCell } from './markdown.ts';
import { commentOnPullRequest } from './pr-comment-publish.ts';
import { renderSummary } from './summary.ts';
import { countLoops } from './totals.ts';

export interface PublishResult {
  artifactId?: number;
}

/**
 * Annotations, artifact, summary, PR comment, then the outputs, which come whatever failed before them:
 * a workflow's `if: steps.x.outputs.conclusion == 'failure'` must fire on a broken run too.
 */
export async function publishReport(report: Report, settings: Settings, written: WrittenReports): Promise<PublishResult> {
  let artifactId: number | undefined;
  try {
    const plan = settings.annotations ? planAnnotations(report) : { shown: [], omitted: 0 };
    for (const a of plan.shown) {
      // core escapes line breaks in annotations; the gate also breaks an old-style ##[command] inside.
      // A problem with no line (a file too big or unreadable) is annotated on the file, not on a made-up line 1.
      const props = { title: neutralizeCommands(a.title), file: a.file, ...(a.line > NO_LINE ? { startLine: a.line } : {}) };
      if (a.level === 'error') core.error(neutralizeCommands(a.message), props);
      else if (a.level === 'warning') core.warning(neutralizeCommands(a.message), props);
      else core.notice(neutralizeCommands(a.message), props);
    }
    if (settings.uploadArtifact && written.files.length > 0) artifactId = await uploadReport(settings, written.files);
    if (settings.jobSummary) {
      const reportLocation =
        artifactId !== undefined
          ? `the \`${artifactName(settings)}\` artifact`
          : written.yamlWritten
            ? `\`${settings.reportPath}\``
            : undefined;
      await writeSummary(() =>
        renderSummary(report, { links: sourceLinks(), omittedAnnotations: plan.omitted, ...(reportLocation ? { reportLocation } : {}) }),
      );
    }
    if (settings.prComment) await commentOnPullRequest(report, settings);
  } finally {
    const s = report.summary;
    // `loops` counts the loops that are findings; a loop a scenario expects (expect.loops: true) is no finding.
    const loops = countLoops(report.scenarios);
    writeOutputs({
      ...s,
      notRun: s.not_run,
      loops: loops.total - loops.expected,
      expectedLoops: loops.expected,
      reportPath: written.yamlWritten ? settings.reportPath : '',
      artifactId: artifactId ?? '',
      ...behaviourOutputs(report),
    });
  }
  return artifactId !== undefined ? { artifactId } : {};
}

/**
 * No report could be built (a bad input, a missing secret): the outputs a workflow branches on, with
 * zero counts, and one summary line. The caller still calls setFailed.
 */
export async function publishFailure(sentence: string): Promise<void> {
  try {
    await writeSummary(() => `## ❌ CXone flow tests: failed\n\n${escapeCell(sentence)}\n`);
  } finally {
    writeOutputs({
      total: 0,
      passed: 0,
      failed: 0,
      errored: 0,
      notRun: 0,
      loops: 0,
      expectedLoops: 0,
      conclusion: 'failure',
      reportPath: '',
      artifactId: '',
      changed: '',
      unchanged: '',
    });
  }
}

/** changed and unchanged: counts when a comparison was made, empty when none was asked for or it could not be made. */
function behaviourOutputs(report: Report): Pick<Outputs, 'changed' | 'unchanged'> {
  const b = report.behaviour_changes;
  return b && !b.skipped ? { changed: b.changed, unchanged: b.unchanged } : { changed: '', unchanged: '' };
}

async function writeSummary(render: () => string): Promise<void> {
  try {
    await core.appendSummary(render());
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

interface Outputs {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  notRun: number;
  loops: number;
  expectedLoops: number;
  conclusion: 'success' | 'failure';
  /** The YAML report, '' when none was written. */
  reportPath: string;
  artifactId: number | '';
  changed: number | '';
  unchanged: number | '';
}

function writeOutputs(o: Outputs): void {
  core.setOutput('total', o.total);
  core.setOutput('passed', o.passed);
  core.setOutput('failed', o.failed);
  core.setOutput('errored', o.errored);
  core.setOutput('not-run', o.notRun);
  core.setOutput('loops', o.loops);
  core.setOutput('expected-loops', o.expectedLoops);
  core.setOutput('conclusion', o.conclusion);
  core.setOutput('report-path', o.reportPath);
  core.setOutput('artifact-id', o.artifactId);
  core.setOutput('changed', o.changed);
  core.setOutput('unchanged', o.unchanged);
}

/** A failed upload is a warning, never a lost report: the files are already on disk. */
async function uploadReport(settings: Settings, files: string[]): Promise<number | undefined> {
  if (!process.env['ACTIONS_RUNTIME_TOKEN'] || !process.env['ACTIONS_RESULTS_URL']) {
    core.notice(
      `Not running on GitHub Actions (no ACTIONS_RUNTIME_TOKEN): the artifact upload is skipped. The report is at ${settings.reportPath}.`,
    );
    return undefined;
  }
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const client = new DefaultArtifactClient();
    const root = commonRoot(files);
    const options = settings.retentionDays !== undefined ? { retentionDays: settings.retentionDays } : {};
    const result = await client.uploadArtifact(artifactName(settings), files, root, options);
    return result.id;
  } catch (error) {
    core.warning(
      `Could not upload the report artifact '${artifactName(settings)}': ${(error as Error).message}. The report is still at ${settings.reportPath}.`,
    );
    return undefined;
  }
}

function commonRoot(files: string[]): string {
  const dirs = files.map((f) => path.dirname(f));
  let root = dirs[0] ?? process.cwd();
  while (!dirs.every((d) => d === root || d.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) root = path.dirname(root);
  return root;
}
