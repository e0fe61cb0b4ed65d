// Where this run lives on GitHub: links into the repository, the run's page, the artifact's name. Read
// from the runner's variables as @actions/github's context reads them, without loading that package
// (Octokit comes with it) on every run that writes a summary.
import type { Settings } from '../settings.ts';
import type { SourceLinks } from './markdown.ts';

/** Shards append -<k>-of-<n>: GitHub takes an artifact name once per run (a second upload of it answers 409). */
export function artifactName(settings: Settings): string {
  return settings.shard ? `${settings.artifactName}-${settings.shard.index}-of-${settings.shard.total}` : settings.artifactName;
}

/** GITHUB_SERVER_URL, defaulting as the toolkit's context does. */
const serverUrl = (): string => process.env['GITHUB_SERVER_URL'] ?? 'https://github.com';

/** Links into the repository at this run's commit, when running on GitHub. */
export function sourceLinks(): SourceLinks | undefined {
  const repo = process.env['GITHUB_REPOSITORY'];
  const sha = process.env['GITHUB_SHA'];
  return serverUrl() && repo && sha ? { blobBase: `${serverUrl()}/${repo}/blob/${sha}/` } : undefined;
}

export function runUrl(): string | undefined {
  const repo = process.env['GITHUB_REPOSITORY'];
  const runId = Number.parseInt(process.env['GITHUB_RUN_ID'] ?? '', 10);
  return serverUrl() && repo && runId ? `${serverUrl()}/${repo}/actions/runs/${runId}` : undefined;
}

/** The base commit of the pull request a `pull_request` (or `pull_request_target`) run is for: compare-to's default. */
export function pullRequestBase(event: { name: string; payload: unknown } | undefined): string | undefined {
  if (!event || (event.name !== 'pull_request' && event.name !== 'pull_request_target')) return undefined;
  const pr = (event.payload as { pull_request?: { base?: { sha?: unknown } } } | null)?.pull_request;
  const sha = pr?.base?.sha;
  return typeof sha === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined;
}
