// A minimal Language Server Protocol client over stdio (JSON-RPC with Content-Length framing), enough
// to open documents in a real language server and read the diagnostics it publishes, as an editor does.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface Position {
  line: number;
  character: number;
}
export interface Diagnostic {
  range: { start: Position; end: Position };
  message: string;
  severity?: number;
  source?: string;
  code?: number | string;
  /** Server-specific; yaml-language-server puts the allowed keys of an unknown-key problem in `properties` (its quick fixes). */
  data?: { properties?: string[] };
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: any;
  result?: unknown;
  error?: { message: string };
}

type Listener = (message: Message) => void;

export class LspClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<Listener>();
  private stderr = '';
  private exited = false;
  private readonly answer: (method: string, params: any) => unknown;

  /**
   * Spawns the server. `answer` replies to the server's own requests (workspace/configuration and
   * the like), by method; a method it does not know gets null, which servers take as "no opinion".
   */
  constructor(command: string, args: readonly string[], answer: (method: string, params: any) => unknown = () => null) {
    this.answer = answer;
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    // A write racing the server's exit fails with EPIPE; the exit handler reports it with the server's stderr.
    this.child.stdin?.on('error', () => {});
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      const error = new Error(`language server exited (${signal ?? code}) before answering; stderr: ${this.stderr.slice(-2000)}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    });
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const answered = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return answered;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification of `method` whose params satisfy `accept`. No timeout: the test's own is the hang guard. */
  waitFor(method: string, accept: (params: any) => boolean = () => true): Promise<any> {
    return new Promise((resolve) => {
      const listener: Listener = (message) => {
        if (message.method !== method || message.id !== undefined || !accept(message.params)) return;
        this.listeners.delete(listener);
        resolve(message.params);
      };
      this.listeners.add(listener);
    });
  }

  /** initialize + initialized, announcing a client that can answer workspace/configuration. */
  async initialize(rootDir: string): Promise<unknown> {
    const rootUri = pathToFileURL(rootDir).href;
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: { dynamicRegistration: true } },
      },
    });
    this.notify('initialized', {});
    return result;
  }

  /** Opens a document and resolves with the diagnostics the server publishes for it. */
  async diagnose(uri: string, text: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    const published = this.waitFor('textDocument/publishDiagnostics', (params) => params?.uri === uri);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const params = await published;
    return params.diagnostics as Diagnostic[];
  }

  /** shutdown + exit, then a kill should the server linger: it never outlives the test. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.request('shutdown', null), gone]);
      this.notify('exit', null);
    } catch {
      // already gone: nothing to shut down
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }

  private send(message: Message): void {
    if (this.exited) throw new Error(`language server is gone; stderr: ${this.stderr.slice(-2000)}`);
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin?.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  /** Content-Length counts bytes, not characters: frames are cut from a byte buffer. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length:\s*(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad LSP header: ${header}`);
      const end = headerEnd + 4 + length;
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method !== undefined) {
      // A request from the server: it waits for our answer.
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message.method, message.params) ?? null });
      return;
    }
    if (message.id !== undefined) {
      const waiting = this.pending.get(Number(message.id));
      this.pending.delete(Number(message.id));
      if (message.error) waiting?.reject(new Error(message.error.message));
      else waiting?.resolve(message.result);
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }
}
