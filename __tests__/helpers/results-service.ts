// A loopback stand-in for GitHub's Actions results service, as far as @actions/artifact 6's upload
// uses it: the Twirp JSON calls CreateArtifact (answers a signed blob upload URL) and FinalizeArtifact
// (answers the artifact id), at POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>,
// with the runtime token as a Bearer token and protobuf JSON field names (snake_case, int64 as string).
// Also: the runtime token it expects, and a small reader for the zip the library uploads.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, inflateRawSync } from 'node:zlib';

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';

export interface TwirpCall {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: any;
}

/** A canned answer that replaces the normal one (an error status with a Twirp error body, or a custom body). */
export interface CannedAnswer {
  status: number;
  body: unknown;
  /** Answer this many calls, then go back to the normal answer (default: until cleared). */
  times?: number;
}

export interface ResultsServiceOptions {
  /** The signed upload URL CreateArtifact hands out for this artifact. */
  signedUploadUrl: (request: { runId: string; jobId: string; name: string }) => string;
  /** The first artifact id FinalizeArtifact answers; each finalize takes the next. */
  firstArtifactId?: number;
}

export interface ResultsService {
  /** For ACTIONS_RESULTS_URL. */
  url: string;
  calls: TwirpCall[];
  /** Ids FinalizeArtifact answered, in order. */
  artifactIds: number[];
  /** Signed upload URLs CreateArtifact handed out, in order. */
  uploadUrls: string[];
  /** Answer every call to this method with the canned answer until cleared (undefined). */
  answer(method: 'CreateArtifact' | 'FinalizeArtifact', canned: CannedAnswer | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startResultsService(options: ResultsServiceOptions): Promise<ResultsService> {
  const calls: TwirpCall[] = [];
  const artifactIds: number[] = [];
  const uploadUrls: string[] = [];
  const canned = new Map<string, CannedAnswer>();
  let nextId = options.firstArtifactId ?? 4_200_000_001;

  const server = createServer((req, res) => {
    readBody(req)
      .then((text) => handle(req, res, text))
      .catch((error: Error) => send(res, 500, { code: 'internal', msg: error.message }));
  });

  function handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    if (req.method !== 'POST' || !req.url?.startsWith(TWIRP_PREFIX))
      return send(res, 404, { code: 'bad_route', msg: `no handler for ${req.method} ${req.url}` });
    const method = req.url.slice(TWIRP_PREFIX.length);
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      return send(res, 400, { code: 'malformed', msg: 'the request body is not JSON' });
    }
    calls.push({ method, authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
    const answer = canned.get(method);
    if (answer) {
      if (answer.times !== undefined && --answer.times <= 0) canned.delete(method);
      return send(res, answer.status, answer.body);
    }
    if (method === 'CreateArtifact') {
      const url = options.signedUploadUrl({
        runId: body.workflow_run_backend_id,
        jobId: body.workflow_job_run_backend_id,
        name: body.name,
      });
      uploadUrls.push(url);
      return send(res, 200, { ok: true, signed_upload_url: url });
    }
    if (method === 'FinalizeArtifact') {
      const id = nextId++;
      artifactIds.push(id);
      return send(res, 200, { ok: true, artifact_id: String(id) });
    }
    return send(res, 404, { code: 'bad_route', msg: `unknown method ${method}` });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    artifactIds,
    uploadUrls,
    answer(method, answer) {
      if (answer) canned.set(method, { ...answer });
      else canned.delete(method);
    },
    reset() {
      calls.length = 0;
      artifactIds.length = 0;
      uploadUrls.length = 0;
      canned.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (text += d));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** An unsigned JWT (alg none): @actions/artifact only decodes it, for the scp claim. */
export function runtimeToken(runId: string, jobId: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: `Actions.GenericRead:x Actions.Results:${runId}:${jobId}`, iat: Math.floor(Date.now() / 1000) })}.`;
}

export interface ZipEntry {
  name: string;
  method: number;
  data: Buffer;
}

/**
 * Reads a zip from its central directory (the local headers of a streamed zip carry no sizes), inflates
 * each entry (stored or deflate) and checks its CRC-32 and size. Enough for the archives @actions/artifact
 * makes; no zip64, no encryption.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(start, start + compressedSize);
    if (name.endsWith('/')) continue;
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${name}: unsupported compression method ${method}`);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, the directory says ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC-32 mismatch`);
    entries.push({ name, method, data });
  }
  return entries;
}
