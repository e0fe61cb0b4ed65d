// pr-comment (README, What a run tells you): one results comment per pull request, found by its hidden marker and edited in
// place on every run. The GitHub side goes through @actions/github (context and Octokit), loaded only
// when a comment is asked for: it is a fifth of the action's code, and its context reads the event file
// as it loads. What the comment says is rendered by pr-comment.ts.
import * as core from '../workflow-commands.ts';
import type * as GitHub from '@actions/github';
import type { Settings } from '../settings.ts';
import type { Report } from './model.ts';
import { commentMarker, renderPrComment } from './pr-comment.ts';
import { artifactName, runUrl, sourceLinks } from './github-context.ts';

/** Comment pages read to find ours (100 comments each): a thread longer than this gets a new comment. */
const MAX_COMMENT_PAGES = 10;
const COMMENT_PAGE_SIZE = 100;
const GITHUB_TIMEOUT_MS = 30_000;

interface PullRequest {
  owner: string;
  repo: string;
  number: number;
  headSha?: string;
}

/** The pull request this run is for, or why there is none (said as a notice, never a failure). */
function pullRequestOfRun(context: typeof GitHub.context): PullRequest | string {
  const payload = context.payload;
  const number = payload.pull_request?.number ?? (payload.issue?.['pull_request'] ? payload.issue.number : undefined);
  if (typeof number !== 'number')
    return `pr-comment: this run is not for a pull request (event ${context.eventName || 'unknown'}): no comment.`;
  if (!process.env['GITHUB_REPOSITORY']) return 'pr-comment: GITHUB_REPOSITORY is not set: no pull-request comment.';
  const headSha = (payload.pull_request?.['head'] as { sha?: unknown } | undefined)?.sha;
  return { ...context.repo, number, ...(typeof headSha === 'string' ? { headSha } : {}) };
}

export async function commentOnPullRequest(report: Report, settings: Settings): Promise<void> {
  const github = await import('@actions/github');
  const pr = pullRequestOfRun(github.context);
  if (typeof pr === 'string') return void core.notice(pr);
  if (!settings.githubToken) return void core.notice('pr-comment: github-token is empty: no pull-request comment.');
  const marker = commentMarker(artifactName(settings));
  const links = sourceLinks();
  const url = runUrl();
  const body = renderPrComment(report, {
    marker,
    ...(links ? { links } : {}),
    ...(url ? { runUrl: url } : {}),
    ...(pr.headSha ? { sha: pr.headSha } : {}),
  });
  const octokit = github.getOctokit(settings.githubToken, { request: { timeout: GITHUB_TIMEOUT_MS } });
  const where = { owner: pr.owner, repo: pr.repo };
  try {
    const existing = await findComment(octokit, pr, marker);
    if (existing !== undefined) await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body });
    else await octokit.rest.issues.createComment({ ...where, issue_number: pr.number, body });
    core.info(`${existing !== undefined ? 'Updated' : 'Posted'} the results comment on pull request #${pr.number}.`);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const message = githubMessage(error);
    if (status === 403 || status === 404) {
      core.notice(
        `pr-comment: the token cannot comment on pull request #${pr.number} (${status}: ${message}). Pull requests from forks and Dependabot get a read-only GITHUB_TOKEN; elsewhere give the job \`permissions: pull-requests: write\`. The job summary and annotations have the results.`,
      );
    } else {
      core.warning(`pr-comment: could not comment on pull request #${pr.number}: ${status ?? ''} ${message}`.trim());
    }
  }
}

type Octokit = ReturnType<typeof GitHub.getOctokit>;

async function findComment(octokit: Octokit, pr: PullRequest, marker: string): Promise<number | undefined> {
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const { data } = await octokit.rest.issues.listComments({
      owner: pr.owner,
      repo: pr.repo,
      issue_number: pr.number,
      per_page: COMMENT_PAGE_SIZE,
      page,
    });
    const ours = data.find((c) => typeof c.body === 'string' && c.body.includes(marker));
    if (ours) return ours.id;
    if (data.length < COMMENT_PAGE_SIZE) return undefined;
  }
  return undefined;
}

/** GitHub's own words (`Resource not accessible by integration`), never a request or its headers. */
function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  const message = typeof data?.message === 'string' ? data.message : error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
  return message.slice(0, 200);
}
