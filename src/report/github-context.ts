// Where this run lives on GitHub: links into the repository, the run's page, the artifact's name.
import { context } from '@actions/github';
import type { Settings } from '../settings.ts';
import type { SourceLinks } from './markdown.ts';

/** Shards append -<k>-of-<n> (SPEC 2): an artifact name may be used once per run. */
export function artifactName(settings: Settings): string {
  return settings.shard ? `${settings.artifactName}-${settings.shard.index}-of-${settings.shard.total}` : settings.artifactName;
}

/** Links into the repository at this run's commit, when running on GitHub. */
export function sourceLinks(): SourceLinks | undefined {
  const repo = process.env['GITHUB_REPOSITORY'];
  return context.serverUrl && repo && context.sha ? { blobBase: `${context.serverUrl}/${repo}/blob/${context.sha}/` } : undefined;
}

export function runUrl(): string | undefined {
  const repo = process.env['GITHUB_REPOSITORY'];
  return context.serverUrl && repo && context.runId ? `${context.serverUrl}/${repo}/actions/runs/${context.runId}` : undefined;
}
