// The same engine for a terminal: `cxone-flow-test run|emulator|merge`.
import { isIPv4, isIPv6 } from 'node:net';
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { INPUT_NAMES, InputError, readSettings } from './inputs.ts';
import { loadFlows } from './emulator/flow.ts';
import { noUsableFlow } from './emulator/flow-preflight.ts';
import { startEmulator, type Fault } from './emulator/server.ts';
import { renderConsole } from './report/console.ts';
import { describeWrittenReports, writeReportFiles } from './report/files.ts';
import { mergeReportFiles } from './report/merge.ts';
import type { Report } from './report/model.ts';
import { toLogText } from './log-text.ts';
import { runSecrets, runSuite, shortSecretWarnings } from './run.ts';
import { VERSION } from './version.ts';
import { located } from './text.ts';

const USAGE = `cxone-flow-test ${VERSION}: test NICE CXone IVR flows.

Usage:
  cxone-flow-test run [--<input> <value> ...]     run scenarios (flags mirror the action's inputs)
  cxone-flow-test merge <report> [<report> ...]   join shard reports into one report and conclusion
  cxone-flow-test emulator --flows <glob> [--port N] [options]
                                                  serve the Flow Debug API emulator on loopback

run, common flags:
  --scenarios <globs>        scenario files (default: cxone-tests/**/*.yaml, cxone-tests/**/*.yml)
  --target api|emulator      CXone, or the built-in emulator (needs --flows)
  --flows <globs>            flow definition files
  --report-path <file>       YAML report (default: cxone-flow-report.yaml)
  --fail-on <kinds>          mismatch,loop,error or none
  --tags <tags>              run scenarios with one of these tags; !tag leaves them out (smoke,!slow)
  --grep <pattern>           run scenarios whose name matches this regular expression
  --only-failures            the results table lists only failing and erroring scenarios
  Credentials come from CXONE_CLIENT_ID / CXONE_CLIENT_SECRET (and CXONE_ACCESS_KEY_ID /
  CXONE_ACCESS_KEY_SECRET) so they stay out of your shell history; every action input is a flag.

emulator flags:
  --flows <globs>  --port <n> (default 8080; 0 = any free port)  --host <addr> (default 127.0.0.1)
  --client-id <id> --client-secret <secret>   accepted credentials (default: any)
  --token-lifetime <seconds>  --scopes <scopes>  --latency <ms>  --rate-limit <requests per second>
  --fault <kind:count>        repeatable: 429:3, 503:2, reset:1, invalid-json:1, 500:1, slow:1
`;

const ENV_FALLBACK: Record<string, string> = {
  'client-id': 'CXONE_CLIENT_ID',
  'client-secret': 'CXONE_CLIENT_SECRET',
  'access-key-id': 'CXONE_ACCESS_KEY_ID',
  'access-key-secret': 'CXONE_ACCESS_KEY_SECRET',
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'merge':
        return await mergeCommand(rest);
      case 'emulator':
        return await emulatorCommand(rest);
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    const usage = error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(toLogText(`cxone-flow-test: ${(error as Error).message}\n`, (t) => t));
    return usage ? 2 : 1;
  }
}

async function runCommand(args: string[]): Promise<number> {
  // --only-failures shapes this terminal's table only, so it is a flag of the CLI, not an action input.
  const options: Record<string, { type: 'string' | 'boolean' }> = { ...Object.fromEntries(INPUT_NAMES.map((name) => [name, { type: 'string' as const }])), 'only-failures': { type: 'boolean' } };
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  const get = (name: string) => (values[name] as string | undefined) ?? (ENV_FALLBACK[name] ? process.env[ENV_FALLBACK[name]!] ?? '' : '');
  const settings = readSettings(get, process.cwd());
  const secrets = runSecrets(settings);
  for (const warning of shortSecretWarnings(settings)) process.stderr.write(toLogText(`warning: ${warning}\n`, (t) => secrets.scrub(t)));
  // The CLI may run inside a workflow step too: its output passes the same gate as the action's.
  const print = (stream: NodeJS.WriteStream, text: string) => stream.write(toLogText(text, (t) => secrets.scrub(t)));
  const report = settings.merge.length > 0
    ? await mergeReportFiles(settings)
    : await runSuite(settings, { info: (line) => print(process.stderr, `${line}\n`), secrets, signal: cancelOnSignals() });
  const written = await writeReportFiles(report, settings, settings.workspace);
  print(process.stdout, renderConsole(report, { onlyFailures: values['only-failures'] === true }));
  print(process.stdout, `${describeWrittenReports(written)}\n`);
  return concludeCommand(report, written.failures);
}

async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'report-path': { type: 'string' }, 'json-report-path': { type: 'string' } }, allowPositionals: true });
  if (positionals.length === 0) throw new InputError('merge', 'merge needs at least one report file or glob.');
  const get = (name: string) => (name === 'merge' ? positionals.join('\n') : (values as Record<string, string | undefined>)[name] ?? '');
  const settings = readSettings(get, process.cwd());
  const report = await mergeReportFiles(settings);
  const written = await writeReportFiles(report, settings, settings.workspace);
  process.stdout.write(toLogText(renderConsole(report), (t) => t));
  return concludeCommand(report, written.failures);
}

/** A report file that could not be written fails the command, whatever the scenarios said. */
function concludeCommand(report: Report, writeFailures: string[]): number {
  for (const failure of writeFailures) process.stderr.write(toLogText(`cxone-flow-test: ${failure}\n`, (t) => t));
  return report.summary.conclusion === 'success' && writeFailures.length === 0 ? 0 : 1;
}

async function emulatorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      flows: { type: 'string', multiple: true }, port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' },
      'client-id': { type: 'string' }, 'client-secret': { type: 'string' }, 'token-lifetime': { type: 'string' }, scopes: { type: 'string' },
      latency: { type: 'string' }, 'rate-limit': { type: 'string' }, fault: { type: 'string', multiple: true },
    },
  });
  if (!values.flows?.length) throw new InputError('flows', 'emulator needs --flows <glob> (flow definition files).');
  const loaded = await loadFlows({ workspace: process.cwd(), patterns: values.flows.flatMap((f) => f.split(',')) });
  for (const p of loaded.problems) process.stderr.write(toLogText(`${located(p.file, p.line, `error: ${p.message}`)}\n`, (t) => t));
  const refusal = noUsableFlow(loaded);
  if (refusal) throw new InputError('flows', `the emulator does not start: ${refusal}`);
  const credentials = values['client-id'] && values['client-secret'] ? { clientId: values['client-id'], clientSecret: values['client-secret'] } : undefined;
  const emulator = await startEmulator(
    {
      flows: loaded.flows,
      ...(credentials ? { credentials } : {}),
      ...(values['token-lifetime'] ? { tokenLifetimeSeconds: whole('token-lifetime', values['token-lifetime']) } : {}),
      ...(values.scopes ? { scopes: values.scopes } : {}),
      ...(values.latency ? { latencyMs: whole('latency', values.latency) } : {}),
      ...(values['rate-limit'] ? { rateLimit: { requestsPerSecond: whole('rate-limit', values['rate-limit']) } } : {}),
      ...(values.fault ? { faults: values.fault.map(parseFault) } : {}),
    },
    { host: values.host, port: whole('port', values.port ?? '8080') },
  );
  // Caught before "Press Ctrl+C" is printed: whoever reads it may signal at once. `on`, not `once`: a
  // second signal while closing must not kill the process by signal either.
  const stopped = new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
  const exposed = exposureWarning(values.host ?? '127.0.0.1', credentials !== undefined);
  if (exposed) process.stderr.write(exposed);
  process.stdout.write(`CXone Flow Debug API emulator listening on ${emulator.url}\n`);
  process.stdout.write(`Flows: ${loaded.flows.map((f) => `${f.id} (${f.source?.file ?? f.name ?? ''})`).join(', ') || 'none'}\n`);
  process.stdout.write(`Token URL: ${emulator.url}/oauth2/token    Press Ctrl+C to stop.\n`);
  await stopped;
  await emulator.close();
  process.stdout.write('Emulator stopped.\n');
  return 0;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return isIPv6(h) && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(h);
}

/**
 * The emulator is a test double: by default it takes any credentials, over plain HTTP, and hands out the
 * loaded flows. On loopback only this machine sees that; anywhere else it is said loudly, on stderr.
 */
export function exposureWarning(host: string, hasCredentials: boolean): string | null {
  if (isLoopback(host)) return null;
  const access = hasCredentials
    ? 'It checks the --client-id/--client-secret given, but over plain HTTP.'
    : 'It accepts ANY credentials: pass --client-id and --client-secret to require them.';
  return [
    `WARNING: the emulator listens on ${host}, which is not a loopback address: anyone who can reach this machine on that port can use it.`,
    `  ${access}`,
    '  It serves the contents of every loaded flow (GET /api/v2/flows/{id}) and runs them for any caller.',
    '  Use --host 127.0.0.1 (the default) unless another machine must reach it.',
    '',
  ].join('\n');
}

function whole(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new InputError(name, `Invalid '--${name}' "${value}": expected a whole number.`);
  return Number(value);
}

function parseFault(spec: string): Fault {
  const [kind, count = '1'] = spec.split(':');
  const kinds = ['429', '503', 'reset', 'invalid-json', 'slow', '500'];
  if (!kind || !kinds.includes(kind)) throw new InputError('fault', `Invalid '--fault' "${spec}": expected <kind>:<count> with kind one of ${kinds.join(', ')}.`);
  return { kind: kind as Fault['kind'], count: whole('fault', count) };
}

function cancelOnSignals(): AbortSignal {
  const controller = new AbortController();
  const abort = (signal: NodeJS.Signals) => {
    // A second Ctrl+C in a terminal means "now".
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`Received ${signal}: finishing with what has run (again to quit at once).\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  return controller.signal;
}

const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (entry.endsWith(`${path.sep}cli.js`) || entry.endsWith(`${path.sep}cli.ts`)) {
  // Exit now, not when the loop drains: Node's teardown closes the signal handlers first, so a late signal
  // there would kill a run that had ended (exit code null instead of its own).
  process.exit(await main(process.argv.slice(2)));
}
