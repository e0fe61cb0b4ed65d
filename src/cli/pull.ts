// `cxone-flow-test pull`: one Studio script from CXone's Admin API into a file here (README, Pulling a script).
// It reads through the run's client (token, retries, rate gate, size cap) and only ever reads: the
// Admin API's POST to the same path saves a new version of the script, which this tool never sends.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { FlowDebugClient } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { createRateGate } from '../api/rate-limit.ts';
import { isStudioScript } from '../domain/flow.ts';
import { parseLoadedFlowFile } from '../flow/load.ts';
import { MAX_STUDIO_FILE_BYTES } from '../flow/studio/parse.ts';
import { InputError, readSettings } from '../inputs.ts';
import { toLogText } from '../log-text.ts';
import { locatedLine } from '../report/console.ts';
import { runSecrets, shortSecretWarnings } from '../run.ts';
import type { AuthSettings, Settings } from '../settings.ts';
import { excerpt, plural } from '../text.ts';
import { COMMAND_FLAGS, inputSource } from './flags.ts';
import { CLI_NAMING, errorLine, shellWord, warningLine } from './messages.ts';
import { insideCwd, leadsOut, lstatOrUndefined, type OutPath, writeReplacing } from './out-files.ts';

/** Where the script goes: `relative` (forward slashes) is what messages and the loader's problems name. */
type OutFile = OutPath;

export async function pullCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: COMMAND_FLAGS.pull, strict: true, allowPositionals: false });
  const flags = values as Record<string, string | boolean | undefined>;
  const scriptPath = readScriptPath(flags['script-path']);
  const cwd = process.cwd();
  const out = resolveOut(cwd, typeof flags.out === 'string' ? flags.out : defaultOut(scriptPath), typeof flags.out === 'string');
  // Every flag is checked, and the file is known to be free, before anything is sent.
  const settings = readSettings(inputSource(values), cwd, { calls: false });
  requireCredentials(settings.auth);
  refuseTaken(out, flags.force === true);
  refuseEscape(cwd, out);
  const secrets = runSecrets(settings);
  const print = (stream: NodeJS.WriteStream, text: string) => stream.write(toLogText(text, (t) => secrets.scrub(t)));
  for (const warning of shortSecretWarnings(settings, CLI_NAMING)) print(process.stderr, warningLine(warning));
  if (scriptPath.includes('/') && !scriptPath.includes('\\'))
    print(
      process.stderr,
      warningLine(`--script-path ${shellWord(scriptPath)} has no backslash: Studio separates folders with backslashes.`),
    );
  let text: string;
  try {
    text = await readScript(settings, scriptPath, secrets);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    print(process.stderr, errorLine(`${error.message} Nothing was written.`));
    return 1;
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_STUDIO_FILE_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    print(
      process.stderr,
      errorLine(`the script is ${mb(bytes)}, more than the ${mb(MAX_STUDIO_FILE_BYTES)} a flows file may hold: nothing was written.`),
    );
    return 1;
  }
  try {
    writeOut(cwd, out, text, flags.force === true);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    print(process.stderr, errorLine(`could not write ${shellWord(out.relative)} (${code}): nothing was written.`));
    return 1;
  }
  // What a run would say of the file, said now: the file is CXone's, kept as it came, whatever the loader thinks.
  // Read as the Studio script it is whatever --out is called; a name without .json is one no run reads as one.
  const asJson = out.relative.toLowerCase().endsWith('.json');
  if (!asJson)
    print(
      process.stderr,
      warningLine(`${shellWord(out.relative)} does not end in .json: flows read Studio scripts from .json files only.`),
    );
  const loaded = parseLoadedFlowFile(text, asJson ? out.relative : `${out.relative}.json`);
  for (const p of loaded.problems)
    print(process.stderr, `${locatedLine('warning', out.relative, p.line, p.key ? `${p.key}: ${p.message}` : p.message)}\n`);
  const actions = loaded.flow && isStudioScript(loaded.flow) ? `, ${plural(Object.keys(loaded.flow.nodes).length, 'action')}` : '';
  print(process.stdout, `Pulled '${excerpt(scriptPath)}' into ${out.relative} (${plural(bytes, 'byte')}${actions}), as CXone sent it.\n`);
  return 0;
}

async function readScript(settings: Settings, scriptPath: string, secrets: ReturnType<typeof runSecrets>): Promise<string> {
  const client = new FlowDebugClient({
    baseUrl: settings.baseUrl,
    tokenUrl: settings.tokenUrl,
    auth: settings.auth,
    scope: settings.scope,
    maxRetries: settings.maxRetries,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    allowInsecureHttp: settings.allowInsecureHttp,
    secrets,
    naming: CLI_NAMING,
    rateGate: createRateGate(settings.maxRequestsPerSecond !== undefined ? { requestsPerSecond: settings.maxRequestsPerSecond } : {}),
  });
  try {
    return (await client.getScript(scriptPath)).text;
  } finally {
    client.close();
  }
}

const PATH_EXAMPLE = "--script-path 'Sales\\Main IVR'";

/** Folder and script names between single backslashes: each name becomes a folder or the file of the default --out. */
function readScriptPath(value: string | boolean | undefined): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InputError('script-path', `pull needs ${PATH_EXAMPLE}: the script's folder path in Studio.`);
  const names = value.split('\\');
  const control = (name: string) => [...name].some((c) => c.charCodeAt(0) < 0x20);
  const bad = names.find((name) => name.trim() === '' || name === '.' || name === '..' || control(name));
  if (bad !== undefined) {
    const what = bad.trim() === '' ? 'an empty name (a leading, trailing or doubled backslash)' : `the name '${excerpt(bad)}'`;
    throw new InputError(
      'script-path',
      `Invalid --script-path ${shellWord(excerpt(value))}: it has ${what}; expected folder and script names separated by single backslashes, relative to the business unit's root folder, e.g. ${PATH_EXAMPLE}.`,
    );
  }
  return value;
}

function defaultOut(scriptPath: string): string {
  return `${scriptPath.replaceAll('\\', '/')}.json`;
}

/** Inside the current directory, by the path as written: `..` or an absolute path elsewhere is refused. */
function resolveOut(cwd: string, value: string, given: boolean): OutFile {
  const out = insideCwd(cwd, value);
  if (!out) {
    const flag = given ? `--out ${shellWord(value)}` : `the file the script path names (${shellWord(value)})`;
    throw new InputError(given ? 'out' : 'script-path', `Invalid ${flag}: pull writes inside the current directory (${cwd}) only.`);
  }
  return out;
}

/** As init: never over an existing file unless told, and never through a symbolic link (lstat: a dangling one counts). */
function refuseTaken(out: OutFile, force: boolean): void {
  const stat = lstatOrUndefined(out.absolute);
  if (!stat) return;
  const name = shellWord(out.relative);
  if (stat.isSymbolicLink())
    throw new InputError('out', `pull writes nothing: ${name} is a symbolic link, and pull never writes through one.`);
  if (stat.isDirectory()) throw new InputError('out', `pull writes nothing: ${name} is a directory.`);
  if (!force) throw new InputError('out', `pull writes nothing: ${name} already exists (--force replaces it; --out names another file).`);
}

/**
 * The deepest folder of the file that exists must really be inside the current directory: a symbolic link
 * among the folders (`studio -> /etc`) is not followed out of it. Checked again once the folders are made.
 */
function refuseEscape(cwd: string, out: OutFile): void {
  if (leadsOut(cwd, path.dirname(out.absolute)))
    throw new InputError(
      'out',
      `pull writes nothing: a folder of ${shellWord(out.relative)} is a symbolic link that leads out of the current directory.`,
    );
}

function writeOut(cwd: string, out: OutFile, text: string, force: boolean): void {
  refuseEscape(cwd, out);
  mkdirSync(path.dirname(out.absolute), { recursive: true });
  refuseEscape(cwd, out);
  // 'wx' fails on anything already there, a link too; a replacement is written aside, then renamed over
  // the old file, which replaces a link (had one appeared since the check) instead of writing through it.
  if (!force) return writeFileSync(out.absolute, text, { flag: 'wx' });
  writeReplacing(out.absolute, text);
}

/** Pull signs in as run does; its words say what the credentials are for, with no emulator target to fall back on. */
function requireCredentials(auth: AuthSettings): void {
  const values: Record<string, string> = { 'client-id': auth.clientId, 'client-secret': auth.clientSecret };
  if (auth.kind === 'access-key') Object.assign(values, { 'access-key-id': auth.accessKeyId, 'access-key-secret': auth.accessKeySecret });
  const missing = Object.keys(values).filter((name) => !values[name]);
  if (missing.length === 0) return;
  throw new InputError(
    missing[0]!,
    (n) =>
      `${n.unset(missing)}: pull signs in to CXone at ${n.input('base-url')} with ${missing.length === 1 ? 'it' : 'them'}; export ${missing.length === 1 ? 'it' : 'them'} ` +
      `(an OAuth client of your CXone business unit). To pull from a running emulator, pass its URL as ${n.input('base-url')} and any pair.`,
  );
}
