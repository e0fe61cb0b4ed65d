// The only place that talks to GitHub about results: job summary, annotations, outputs, artifact.
// Everything it shows is rendered by the pure modules beside it.
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import * as path from 'node:path';
import type { Settings } from '../settings.ts';
import { neutralizeCommands } from '../log-text.ts';
import { planAnnotations } from './annotations.ts';
import type { Report } from './model.ts';
import { artifactName, sourceLinks } from './github-context.ts';
import { commentOnPullRequest } from './pr-comment-publish.ts';
import { renderSummary } from './summary.ts';

export interface PublishResult {
  artifactId?: number;
}

export async function publishReport(report: Report, settings: Settings, reportFiles: string[]): Promise<PublishResult> {
  const plan = settings.annotations ? planAnnotations(report) : { shown: [], omitted: 0 };
  for (const a of plan.shown) {
    // core escapes line breaks in annotations; the gate also breaks an old-style ##[command] inside.
    const props = { title: neutralizeCommands(a.title), file: a.file, startLine: a.line };
    if (a.level === 'error') core.error(neutralizeCommands(a.message), props);
    else core.warning(neutralizeCommands(a.message), props);
  }
  const artifactId = settings.uploadArtifact ? await uploadReport(settings, reportFiles) : undefined;
  if (settings.jobSummary) {
    try {
      const markdown = renderSummary(report, {
        links: sourceLinks(),
        omittedAnnotations: plan.omitted,
        reportLocation: artifactId !== undefined ? `the \`${artifactName(settings)}\` artifact` : `\`${settings.reportPath}\``,
      });
      await core.summary.addRaw(markdown).write();
    } catch (error) {
      core.warning(`Could not write the job summary: ${(error as Error).message}`);
    }
  }
  if (settings.prComment) await commentOnPullRequest(report, settings);
  setOutputs(report, settings, artifactId);
  return artifactId !== undefined ? { artifactId } : {};
}

export function setOutputs(report: Report, settings: Settings, artifactId?: number): void {
  const s = report.summary;
  core.setOutput('total', s.total);
  core.setOutput('passed', s.passed);
  core.setOutput('failed', s.failed);
  core.setOutput('errored', s.errored);
  core.setOutput('loops', s.loops);
  core.setOutput('conclusion', s.conclusion);
  core.setOutput('report-path', settings.reportPath);
  core.setOutput('artifact-id', artifactId ?? '');
}


/** A failed upload is a warning, never a lost report: the files are already on disk. */
async function uploadReport(settings: Settings, files: string[]): Promise<number | undefined> {
  if (!process.env['ACTIONS_RUNTIME_TOKEN'] || !process.env['ACTIONS_RESULTS_URL']) {
    core.notice(`Not running on GitHub Actions (no ACTIONS_RUNTIME_TOKEN): the artifact upload is skipped. The report is at ${settings.reportPath}.`);
    return undefined;
  }
  try {
    const client = new DefaultArtifactClient();
    const root = commonRoot(files);
    const options = settings.retentionDays !== undefined ? { retentionDays: settings.retentionDays } : {};
    const result = await client.uploadArtifact(artifactName(settings), files, root, options);
    return result.id;
  } catch (error) {
    core.warning(`Could not upload the report artifact '${artifactName(settings)}': ${(error as Error).message}. The report is still at ${settings.reportPath}.`);
    return undefined;
  }
}

function commonRoot(files: string[]): string {
  const dirs = files.map((f) => path.dirname(f));
  let root = dirs[0] ?? process.cwd();
  while (!dirs.every((d) => d === root || d.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) root = path.dirname(root);
  return root;
}
