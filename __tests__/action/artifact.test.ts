// The artifact upload, for real: the built action (node dist/index.js) runs on the emulator with
// ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL pointing at a loopback stand-in for GitHub's results
// service, whose signed upload URLs point at a real Azure Blob service (Azurite). The blob is read
// back, unzipped and compared byte for byte with the report files the action wrote.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type ActionRun, makeWorkspace, runAction } from '../helpers/action.ts';
import { type Azurite, startAzurite } from '../helpers/azurite.ts';
import { readZip, type ResultsService, runtimeToken, startResultsService, type TwirpCall } from '../helpers/results-service.ts';

const CONTAINER = 'actions-results';
const RUN_ID = 'ce7f54c7-61c7-4aae-887f-30da475f5f1a';
const JOB_ID = 'ca395085-040a-526b-2ce8-bdc85f692774';
const TOKEN = runtimeToken(RUN_ID, JOB_ID);
const EMULATOR = { target: 'emulator', flows: 'flows/*.yaml' };
const DAY = 24 * 3600_000;

let azurite: Azurite;
let results: ResultsService;
type UploadUrl = (r: { runId: string; jobId: string; name: string }) => string;
const blobName = (r: { runId: string; jobId: string; name: string }) => `${r.runId}/${r.jobId}/${r.name}.zip`;
const realUploadUrl: UploadUrl = (r) => azurite.uploadUrl(CONTAINER, blobName(r));
let uploadUrl: UploadUrl = realUploadUrl;

function workspaceWith(scenario: string): string {
  return makeWorkspace({ flows: 'e2e/flows', [`cxone-tests/${scenario}`]: `e2e/scenarios/${scenario}` });
}

function onGitHub(inputs: Record<string, string>, scenario = 'pass.yaml'): Promise<ActionRun> {
  return runAction({
    workspace: workspaceWith(scenario),
    inputs: { ...EMULATOR, ...inputs },
    env: { ACTIONS_RUNTIME_TOKEN: TOKEN, ACTIONS_RESULTS_URL: results.url },
  });
}

const callsTo = (method: string): TwirpCall[] => results.calls.filter((c) => c.method === method);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const uploadWarnings = (run: ActionRun) =>
  run.annotations.filter((a) => a.level === 'warning' && /Could not upload the report artifact/.test(a.message));

/** Every call carries the runtime token, JSON, and the backend ids from its scp claim. */
function assertWellFormed(call: TwirpCall, name: string): void {
  assert.equal(call.authorization, `Bearer ${TOKEN}`);
  assert.equal(call.contentType, 'application/json');
  assert.equal(call.body.workflow_run_backend_id, RUN_ID);
  assert.equal(call.body.workflow_job_run_backend_id, JOB_ID);
  assert.equal(call.body.name, name);
}

/** The uploaded zip: the entries' names and bytes, which must be exactly the files in the workspace. */
async function assertUploaded(run: ActionRun, artifact: string, files: Record<string, string>): Promise<Buffer> {
  const blob = await azurite.readBlob(CONTAINER, blobName({ runId: RUN_ID, jobId: JOB_ID, name: artifact }));
  assert.equal(blob.contentType, 'application/zip');
  const entries = readZip(blob.bytes);
  assert.deepEqual(entries.map((e) => e.name).sort(), Object.keys(files).sort());
  for (const [entry, file] of Object.entries(files)) {
    const written = readFileSync(path.join(run.workspace, file));
    assert.ok(entries.find((e) => e.name === entry)!.data.equals(written), `${entry} in the artifact is byte for byte ${file}`);
  }
  return blob.bytes;
}

/** FinalizeArtifact got the blob's real size and sha256; artifact-id is the id it answered. */
function assertFinalized(run: ActionRun, artifact: string, bytes: Buffer): void {
  assert.deepEqual(
    results.calls.map((c) => c.method),
    ['CreateArtifact', 'FinalizeArtifact'],
  );
  const [finalize] = callsTo('FinalizeArtifact');
  assertWellFormed(finalize!, artifact);
  assert.equal(finalize!.body.size, String(bytes.length));
  assert.equal(finalize!.body.hash, `sha256:${sha256(bytes)}`);
  assert.equal(results.artifactIds.length, 1);
  assert.equal(run.outputs['artifact-id'], String(results.artifactIds[0]));
}

describe('artifact upload to a results service stand-in and Azurite', { timeout: 180_000 }, () => {
  before(async () => {
    // Each is kept as it starts: if one fails, after() still closes the other (a server left open kept this
    // file's process alive after Azurite failed to start on a loaded machine).
    const [a, r] = await Promise.allSettled([startAzurite([CONTAINER]), startResultsService({ signedUploadUrl: (u) => uploadUrl(u) })]);
    if (a.status === 'fulfilled') azurite = a.value;
    if (r.status === 'fulfilled') results = r.value;
    if (a.status === 'rejected') throw a.reason;
    if (r.status === 'rejected') throw r.reason;
  });

  after(async () => {
    await Promise.allSettled([azurite?.stop(), results?.close()]);
  });

  beforeEach(() => {
    results.reset();
    uploadUrl = realUploadUrl;
  });

  test('YAML, JSON and SARIF reports land in the artifact byte for byte; retention-days becomes expiresAt', async () => {
    const started = Date.now();
    const run = await onGitHub({
      'json-report-path': 'out/cxone-flow-report.json',
      'sarif-path': 'out/cxone-flow.sarif',
      'retention-days': '7',
    });
    const finished = Date.now();
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.conclusion, 'success');
    assert.deepEqual(uploadWarnings(run), []);

    const [create] = callsTo('CreateArtifact');
    assertWellFormed(create!, 'cxone-flow-report');
    assert.equal(create!.body.version, 7);
    assert.equal(create!.body.mime_type, 'application/zip');
    const expiresAt = Date.parse(create!.body.expires_at);
    assert.ok(
      expiresAt >= started + 7 * DAY - 3600_000 && expiresAt <= finished + 7 * DAY + 3600_000,
      `expires_at ${create!.body.expires_at} is 7 days out`,
    );

    const bytes = await assertUploaded(run, 'cxone-flow-report', {
      'cxone-flow-report.yaml': 'cxone-flow-report.yaml',
      'out/cxone-flow-report.json': 'out/cxone-flow-report.json',
      'out/cxone-flow.sarif': 'out/cxone-flow.sarif',
    });
    assertFinalized(run, 'cxone-flow-report', bytes);
    // What runAction read back is what was uploaded, and the JSON report is the same report.
    assert.equal(run.reportText, readFileSync(path.join(run.workspace, 'cxone-flow-report.yaml'), 'utf8'));
    assert.deepEqual(JSON.parse(readFileSync(path.join(run.workspace, 'out/cxone-flow-report.json'), 'utf8')), run.report);

    // The SAS signature is masked before anything could print it, and printed nowhere else.
    assert.equal(results.uploadUrls.length, 1);
    const sig = new URL(results.uploadUrls[0]!).searchParams.get('sig')!;
    assert.ok(sig.length > 20);
    assert.ok(run.stdout.includes(`::add-mask::${sig}`), 'the upload URL signature is registered as a secret');
    assert.ok(run.stdout.split('\n').every((l) => l.startsWith('::add-mask::') || !l.includes(sig)));
  });

  test('a shard uploads <name>-2-of-3 with only its own report; no retention-days, no expiresAt', async () => {
    const run = await onGitHub({ shard: '2/3', 'report-path': 'reports/shard.yaml' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.total, '1', 'one of the three scenarios');
    assert.deepEqual(uploadWarnings(run), []);
    const [create] = callsTo('CreateArtifact');
    assertWellFormed(create!, 'cxone-flow-report-2-of-3');
    assert.equal('expires_at' in create!.body, false, JSON.stringify(create!.body));
    const bytes = await assertUploaded(run, 'cxone-flow-report-2-of-3', { 'shard.yaml': 'reports/shard.yaml' });
    assertFinalized(run, 'cxone-flow-report-2-of-3', bytes);
  });

  for (const [why, canned, pattern] of [
    [
      '409: the name is already used in this run',
      { status: 409, body: { code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' } },
      /409.*already exists/,
    ],
    [
      'the storage quota is hit',
      { status: 429, body: { code: 'resource_exhausted', msg: 'insufficient usage to create artifact' } },
      /storage quota/,
    ],
  ] as const) {
    test(`CreateArtifact refused (${why}): a warning, the report is still written, the check stays green`, async () => {
      results.answer('CreateArtifact', canned);
      const run = await onGitHub({});
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.outputs.conclusion, 'success');
      assert.equal(run.outputs['artifact-id'], '');
      const warnings = uploadWarnings(run);
      assert.equal(warnings.length, 1, JSON.stringify(run.annotations));
      assert.match(warnings[0]!.message, /'cxone-flow-report'/);
      assert.match(warnings[0]!.message, pattern);
      assert.match(warnings[0]!.message, /still at cxone-flow-report\.yaml/);
      assert.ok(
        run.annotations.every((a) => a.level !== 'error'),
        'no error annotation',
      );
      assert.equal(run.report.summary.conclusion, 'success');
      assert.deepEqual(
        results.calls.map((c) => c.method),
        ['CreateArtifact'],
        'one attempt, no finalize',
      );
    });
  }

  test('a 500 from CreateArtifact once is retried (after ~3 s) and the upload goes through', async () => {
    results.answer('CreateArtifact', { status: 500, body: { code: 'internal', msg: 'try again' }, times: 1 });
    const run = await onGitHub({ 'artifact-name': 'after-a-500' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(uploadWarnings(run), []);
    assert.deepEqual(
      results.calls.map((c) => c.method),
      ['CreateArtifact', 'CreateArtifact', 'FinalizeArtifact'],
    );
    const bytes = await assertUploaded(run, 'after-a-500', { 'cxone-flow-report.yaml': 'cxone-flow-report.yaml' });
    assert.equal(callsTo('FinalizeArtifact')[0]!.body.hash, `sha256:${sha256(bytes)}`);
    assert.equal(run.outputs['artifact-id'], String(results.artifactIds[0]));
  });

  test('blob storage refuses the upload (a forged SAS): a warning, no finalize, a failing suite still fails as it would', async () => {
    uploadUrl = (r) => {
      const url = new URL(realUploadUrl(r));
      url.searchParams.set('sig', Buffer.alloc(32, 7).toString('base64'));
      return url.href;
    };
    const run = await onGitHub({ 'artifact-name': 'sas-refused' }, 'mismatch.yaml');
    assert.equal(run.code, 1);
    assert.equal(run.outputs.conclusion, 'failure');
    assert.equal(run.outputs.failed, '1');
    assert.equal(run.outputs['artifact-id'], '');
    assert.equal(uploadWarnings(run).length, 1, JSON.stringify(run.annotations));
    assert.ok(
      run.annotations.some((a) => a.level === 'error' && /CXone flow tests failed/.test(a.message)),
      'setFailed as without an upload',
    );
    assert.ok(existsSync(path.join(run.workspace, 'cxone-flow-report.yaml')));
    assert.equal(run.report.summary.conclusion, 'failure');
    assert.deepEqual(
      results.calls.map((c) => c.method),
      ['CreateArtifact'],
    );
    assert.equal(await azurite.blobExists(CONTAINER, blobName({ runId: RUN_ID, jobId: JOB_ID, name: 'sas-refused' })), false);
  });

  test('FinalizeArtifact answers not ok: a warning and no artifact-id', async () => {
    results.answer('FinalizeArtifact', { status: 200, body: { ok: false } });
    const run = await onGitHub({ 'artifact-name': 'finalize-refused' });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.outputs['artifact-id'], '');
    const warnings = uploadWarnings(run);
    assert.equal(warnings.length, 1, JSON.stringify(run.annotations));
    assert.match(warnings[0]!.message, /'finalize-refused'.*FinalizeArtifact/);
    assert.deepEqual(
      results.calls.map((c) => c.method),
      ['CreateArtifact', 'FinalizeArtifact'],
    );
  });
});
