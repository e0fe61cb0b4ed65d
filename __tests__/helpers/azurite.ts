// A real Azure Blob service for tests: Azurite, spawned on 127.0.0.1 with an ephemeral port, in memory,
// telemetry off. Containers are made and blobs read back with @azure/storage-blob and the well-known
// development account key; upload URLs are blob SAS URLs, as GitHub's results service hands out.
import { BlobSASPermissions, BlobServiceClient, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from './action.ts';

/** Azurite's documented development account (not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** http://127.0.0.1:<port>/devstoreaccount1 */
  accountUrl: string;
  service: BlobServiceClient;
  /** A SAS URL that lets its holder create and write this one blob (nothing else). */
  uploadUrl(container: string, blob: string): string;
  /** The blob's bytes and content type. */
  readBlob(container: string, blob: string): Promise<{ bytes: Buffer; contentType: string | undefined }>;
  blobExists(container: string, blob: string): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startAzurite(containers: string[] = []): Promise<Azurite> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'cxft-azurite-'));
  const main = path.join(ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  const args = [
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--inMemoryPersistence',
    '--extentMemoryLimit',
    '64',
    '--skipApiVersionCheck',
    '--loose',
    '--silent',
    '--disableTelemetry',
  ];
  const child = spawn(process.execPath, [main, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let origin: string;
  try {
    origin = await listeningOrigin(child);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
    throw error;
  }
  const accountUrl = `${origin}/${DEV_ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
  const service = new BlobServiceClient(accountUrl, credential);
  for (const name of containers) await service.getContainerClient(name).createIfNotExists();

  return {
    accountUrl,
    service,
    uploadUrl(container, blob) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: container,
          blobName: blob,
          permissions: BlobSASPermissions.parse('cw'),
          startsOn: new Date(Date.now() - 60_000),
          expiresOn: new Date(Date.now() + 60 * 60_000),
        },
        credential,
      ).toString();
      return `${accountUrl}/${container}/${blob.split('/').map(encodeURIComponent).join('/')}?${sas}`;
    },
    async readBlob(container, blob) {
      const client = service.getContainerClient(container).getBlobClient(blob);
      const bytes = await client.downloadToBuffer();
      const props = await client.getProperties();
      return { bytes, contentType: props.contentType };
    },
    blobExists(container, blob) {
      return service.getContainerClient(container).getBlobClient(blob).exists();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Waits for "successfully listens on http://127.0.0.1:<port>" (the real port, as --blobPort 0 asks the OS). */
function listeningOrigin(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 60 s:\n${out}${err}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) done(m[1]!);
    };
    const onErr = (d: Buffer) => (err += d);
    const onExit = (code: number | null) => fail(new Error(`Azurite exited (${code}) before listening:\n${out}${err}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its pipes so Azurite never blocks on a full stdout.
      child.stdout!.resume();
      child.stderr!.resume();
    };
    const done = (origin: string) => {
      cleanup();
      resolve(origin);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onErr);
    child.once('exit', onExit);
  });
}
