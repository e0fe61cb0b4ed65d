// The only place that talks to GitHub about results: job summary, annotations, outputs, artifact.
// Everything it shows is rendered by the pure modules beside it.
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { HttpClient } from '@actions/http-client';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Settings } from '../settings.ts';
import { planAnnotations } from './annotations.ts';
import type { SourceLinks } from './markdown.ts';
import type { Report } from './model.ts';
import { commentMarker, renderPrComment } from './pr-comment.ts';
import { renderSummary } from './summary.ts';

export interface PublishResult {
  artifactId?: number;
}

export async function publishReport(report: Report, settings: Settings, reportFiles: string[]): Promise<PublishResult> {
  const plan = settings.annotations ? planAnnotations(report) : { shown: [], omitted: 0 };
  for (const a of plan.shown) {
    const props = { title: a.title, file: a.file, startLine: a.line };
    if (a.level === 'error') core.error(a.message, props);
    else core.warning(a.message, props);
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

export function artifactName(settings: Settings): string {
  return settings.shard ? `${settings.artifactName}-${settings.shard.index}-of-${settings.shard.total}` : settings.artifactName;
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

function sourceLinks(): SourceLinks | undefined {
  const server = process.env['GITHUB_SERVER_URL'];
  const repo = process.env['GITHUB_REPOSITORY'];
  const sha = process.env['GITHUB_SHA'];
  return server && repo && sha ? { blobBase: `${server}/${repo}/blob/${sha}/` } : undefined;
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

/** Comment list pages read to find ours (100 comments each): a thread longer than this gets a new comment. */
const MAX_COMMENT_PAGES = 10;
const COMMENT_PAGE_SIZE = 100;
const GITHUB_TIMEOUT_MS = 30_000;

interface PullRequest {
  apiUrl: string;
  repo: string;
  number: number;
  headSha?: string;
}

/** The pull request this run is for, or why there is none (said as a notice, never a failure). */
function pullRequestOfRun(): PullRequest | string {
  const eventPath = process.env['GITHUB_EVENT_PATH'];
  const repo = process.env['GITHUB_REPOSITORY'];
  let event: any;
  try {
    event = eventPath ? JSON.parse(readFileSync(eventPath, 'utf8')) : undefined;
  } catch (error) {
    return `pr-comment: could not read the event payload (${(error as Error).message}): no pull-request comment.`;
  }
  const number = event?.pull_request?.number ?? (event?.issue?.pull_request ? event.issue.number : undefined);
  if (typeof number !== 'number') return `pr-comment: this run is not for a pull request (event ${process.env['GITHUB_EVENT_NAME'] ?? 'unknown'}): no comment.`;
  if (!repo) return 'pr-comment: GITHUB_REPOSITORY is not set: no pull-request comment.';
  const apiUrl = (process.env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '');
  const headSha = event?.pull_request?.head?.sha;
  return { apiUrl, repo, number, ...(typeof headSha === 'string' ? { headSha } : {}) };
}

class GitHubApiError extends Error {
  readonly status: number;
  constructor(method: string, url: string, status: number, detail: string) {
    super(`${method} ${url} answered ${status}${detail ? `: ${detail}` : ''}`);
    this.status = status;
  }
}

/** One comment per pull request, found by its marker and edited in place (SPEC 2 `pr-comment`). */
async function commentOnPullRequest(report: Report, settings: Settings): Promise<void> {
  const pr = pullRequestOfRun();
  if (typeof pr === 'string') return void core.notice(pr);
  if (!settings.githubToken) return void core.notice('pr-comment: github-token is empty: no pull-request comment.');
  const marker = commentMarker(artifactName(settings));
  const links = sourceLinks();
  const url = runUrl();
  const body = JSON.stringify({ body: renderPrComment(report, { marker, ...(links ? { links } : {}), ...(url ? { runUrl: url } : {}), ...(pr.headSha ? { sha: pr.headSha } : {}) }) });
  const call = githubCaller(pr.apiUrl, settings.githubToken);
  try {
    const existing = await findComment(call, pr, marker);
    if (existing !== undefined) await call('PATCH', `/repos/${pr.repo}/issues/comments/${existing}`, body);
    else await call('POST', `/repos/${pr.repo}/issues/${pr.number}/comments`, body);
    core.info(`${existing !== undefined ? 'Updated' : 'Posted'} the results comment on pull request #${pr.number}.`);
  } catch (error) {
    const status = error instanceof GitHubApiError ? error.status : undefined;
    if (status === 403 || status === 404) {
      core.notice(`pr-comment: the token cannot comment on pull request #${pr.number} (${(error as Error).message}). Pull requests from forks and Dependabot get a read-only GITHUB_TOKEN; elsewhere give the job \`permissions: pull-requests: write\`. The job summary and annotations have the results.`);
    } else {
      core.warning(`pr-comment: could not comment on pull request #${pr.number}: ${(error as Error).message}`);
    }
  }
}

type GitHubCall = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: string) => Promise<any>;

function githubCaller(apiUrl: string, token: string): GitHubCall {
  const client = new HttpClient('cxone-flow-test', [], { socketTimeout: GITHUB_TIMEOUT_MS });
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' };
  return async (method, route, body) => {
    const url = `${apiUrl}${route}`;
    const response = method === 'GET' ? await client.get(url, headers) : method === 'POST' ? await client.post(url, body ?? '', headers) : await client.patch(url, body ?? '', headers);
    const text = await response.readBody();
    const status = response.message.statusCode ?? 0;
    if (status < 200 || status > 299) throw new GitHubApiError(method, url, status, githubMessage(text));
    return text ? JSON.parse(text) : undefined;
  };
}

/** GitHub's own words (`Resource not accessible by integration`), never the whole body. */
function githubMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? message.slice(0, 200) : '';
  } catch {
    return '';
  }
}

async function findComment(call: GitHubCall, pr: PullRequest, marker: string): Promise<number | undefined> {
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const comments = (await call('GET', `/repos/${pr.repo}/issues/${pr.number}/comments?per_page=${COMMENT_PAGE_SIZE}&page=${page}`)) as { id: number; body?: string }[];
    const ours = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
    if (ours) return ours.id;
    if (comments.length < COMMENT_PAGE_SIZE) return undefined;
  }
  return undefined;
}
