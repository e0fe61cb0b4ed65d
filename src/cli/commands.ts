// The same engine for a terminal: `cxone-flow-test run|validate|init|emulator|merge|pull|generate`.
import { parseArgs } from 'node:util';
import { InputError, readSettings } from '../inputs.ts';
import { isLoopbackHost } from '../loopback.ts';
import { loadFlows } from '../flow/load.ts';
import { noUsableFlow } from '../flow/preflight.ts';
import { startEmulator, type Fault } from '../emulator/server.ts';
import { locatedLine, renderConsole } from '../report/console.ts';
import { describeWrittenReports, writeReportFiles } from '../report/files.ts';
import { mergeReportFiles } from '../report/merge.ts';
import { isFailingScenario, type Report } from '../report/model.ts';
import { toLogText } from '../log-text.ts';
import { runSecrets, runSuite, shortSecretWarnings } from '../run.ts';
import { VERSION } from '../version.ts';
import { initCommand } from './init.ts';
import { pullCommand } from './pull.ts';
import { generateCommand } from './generate.ts';
import { CLI_NAMING, describeFailure, errorLine, shellWord, warningLine } from './messages.ts';
import { COMMAND_USAGE, isCommand, USAGE } from './usage.ts';
import { validateCommand } from './validate.ts';
import { COMMAND_FLAGS, inputSource } from './flags.ts';
import { applyUpdates } from '../update/apply.ts';
import { describeUpdateHint, describeUpdateRun } from '../update/describe.ts';

const RUNNERS = {
  run: runCommand,
  validate: validateCommand,
  init: initCommand,
  merge: mergeCommand,
  emulator: emulatorCommand,
  pull: pullCommand,
  generate: generateCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isCommand(command)) {
      if (wantsHelp(rest)) return (process.stdout.write(COMMAND_USAGE[command]), 0);
      return await RUNNERS[command](rest);
    }
    switch (command) {
      case '--version':
      case '-v':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'help':
        // `help run` as `run --help`.
        process.stdout.write(isCommand(rest[0]) ? COMMAND_USAGE[rest[0]] : USAGE);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(toLogText(`${errorLine(`Unknown command '${command}'.`)}\n${USAGE}`, (t) => t));
        return 2;
    }
  } catch (error) {
    const known = isCommand(command) ? command : undefined;
    const failure = describeFailure(error, known, rest, known ? COMMAND_FLAGS[known] : {});
    process.stderr.write(toLogText(failure.text, (t) => t));
    return failure.code;
  }
}

/** `-h`/`--help` anywhere before `--`: where parseArgs would take it for a flag (as a flag's value it is refused as ambiguous). */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '-h' || a === '--help');
}

async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: COMMAND_FLAGS.run, strict: true, allowPositionals: false });
  const update = values.update === true;
  const settings = { ...readSettings(inputSource(values), process.cwd()), ...(update ? { update } : {}) };
  // A merge renders reports of runs elsewhere, whose files may have moved on: only a run here updates.
  if (update && settings.merge.length > 0)
    throw new InputError('update', '--update rewrites the expectations a run here observed: it does not take --merge.');
  const secrets = runSecrets(settings);
  for (const warning of shortSecretWarnings(settings, CLI_NAMING))
    process.stderr.write(toLogText(warningLine(warning), (t) => secrets.scrub(t)));
  // The CLI may run inside a workflow step too: its output passes the same gate as the action's.
  const print = (stream: NodeJS.WriteStream, text: string) => stream.write(toLogText(text, (t) => secrets.scrub(t)));
  const hooks = {
    info: (line: string) => print(process.stderr, `${line}\n`),
    warn: (line: string) => print(process.stderr, warningLine(line)),
    naming: CLI_NAMING,
  };
  const report =
    settings.merge.length > 0
      ? await mergeReportFiles(settings, CLI_NAMING)
      : await runSuite(settings, { ...hooks, secrets, signal: cancelOnSignals() });
  const written = await writeReportFiles(report, settings, settings.workspace);
  print(process.stdout, renderConsole(report, { onlyFailures: values['only-failures'] === true }));
  print(process.stdout, `${describeWrittenReports(written)}\n`);
  if (!update) {
    const hint = describeUpdateHint(report.scenarios.filter((s) => s.observed_expect && s.status === 'failed').length);
    if (hint) print(process.stdout, `${hint}\n`);
    return concludeCommand(report, written.failures);
  }
  const updated = await applyUpdates(report, settings.workspace);
  const unrecorded = report.scenarios.filter((s) => isFailingScenario(s) && !s.observed_expect).length;
  print(process.stdout, `${describeUpdateRun(updated, unrecorded).join('\n')}\n`);
  // The run's own conclusion is against the expectations as they were; a file not written fails too (said above).
  const code = concludeCommand(report, written.failures);
  return updated.some((u) => u.failure && !u.written) ? 1 : code;
}

async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: COMMAND_FLAGS.merge, strict: true, allowPositionals: true });
  if (positionals.length === 0) throw new InputError('merge', 'merge needs at least one report file or glob.');
  const get = (name: string) => (name === 'merge' ? positionals.join('\n') : ((values as Record<string, string | undefined>)[name] ?? ''));
  const settings = readSettings(get, process.cwd());
  // The command's arguments are its `merge` input: "no report file matches 'reports/*.yaml'".
  const report = await mergeReportFiles(settings, {
    ...CLI_NAMING,
    setting: (name, value) => (name === 'merge' ? shellWord(value) : CLI_NAMING.setting(name, value)),
  });
  const written = await writeReportFiles(report, settings, settings.workspace);
  process.stdout.write(toLogText(renderConsole(report), (t) => t));
  return concludeCommand(report, written.failures);
}

/** A report file that could not be written fails the command, whatever the scenarios said. */
function concludeCommand(report: Report, writeFailures: string[]): number {
  for (const failure of writeFailures) process.stderr.write(toLogText(errorLine(failure), (t) => t));
  return report.summary.conclusion === 'success' && writeFailures.length === 0 ? 0 : 1;
}

async function emulatorCommand(args: string[]): Promise<number> {
  const { values: parsed } = parseArgs({ args, strict: true, options: COMMAND_FLAGS.emulator });
  const values = parsed as Record<string, string | undefined> & { flows?: string[]; fault?: string[] };
  if (!values.flows?.length)
    throw new InputError('flows', "emulator needs --flows '<glob>' (flow definition files), e.g. --flows 'cxone-flows/**/*.yaml'.");
  // Every flag is checked before any file is read: a typo in --port is said first, not after the flows.
  const credentials =
    values['client-id'] && values['client-secret'] ? { clientId: values['client-id'], clientSecret: values['client-secret'] } : undefined;
  const options = {
    ...(credentials ? { credentials } : {}),
    ...(values['token-lifetime'] ? { tokenLifetimeSeconds: whole('token-lifetime', values['token-lifetime']) } : {}),
    ...(values.scopes ? { scopes: values.scopes } : {}),
    ...(values.latency ? { latencyMs: whole('latency', values.latency) } : {}),
    ...(values['rate-limit'] ? { rateLimit: { requestsPerSecond: whole('rate-limit', values['rate-limit']) } } : {}),
    ...(values.fault ? { faults: values.fault.map(parseFault) } : {}),
  };
  const listen = { host: values.host ?? '127.0.0.1', port: whole('port', values.port ?? '8080', MAX_PORT) };
  const loaded = await loadFlows({ workspace: process.cwd(), patterns: values.flows.flatMap((f) => f.split(',')), naming: CLI_NAMING });
  // A file whose flow still loaded has reference problems: it runs (to its 500), so they are warnings. A glob
  // that matched nothing is said once, by the refusal.
  const usable = new Set(loaded.flows.map((f) => f.source?.file));
  if (loaded.files.length > 0) {
    for (const p of loaded.problems)
      process.stderr.write(toLogText(`${locatedLine(usable.has(p.file) ? 'warning' : 'error', p.file, p.line, p.message)}\n`, (t) => t));
  }
  const refusal = noUsableFlow(loaded, CLI_NAMING);
  if (refusal) throw new InputError('flows', `the emulator does not start: ${refusal}`);
  const emulator = await startEmulator({ flows: loaded.flows, ...options }, listen).catch((error: unknown) => {
    throw listenError(error, listen);
  });
  // Caught before "Press Ctrl+C" is printed: whoever reads it may signal at once. `on`, not `once`: a
  // second signal while closing must not kill the process by signal either.
  const stopped = new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
  const exposed = exposureWarning(listen.host, credentials !== undefined);
  if (exposed) process.stderr.write(exposed);
  process.stdout.write(`CXone Flow Debug API emulator listening on ${emulator.url}\n`);
  process.stdout.write(`Flows: ${loaded.flows.map((f) => `${f.id} (${f.source?.file ?? f.name ?? ''})`).join(', ') || 'none'}\n`);
  process.stdout.write(`Token URL: ${emulator.url}/oauth2/token    Press Ctrl+C to stop.\n`);
  await stopped;
  await emulator.close();
  process.stdout.write('Emulator stopped.\n');
  return 0;
}

const MAX_PORT = 65535;

/** A host or port the system will not listen on is the flag's fault, said as such (exit 2), not Node's words. */
function listenError(error: unknown, listen: { host: string; port: number }): unknown {
  const code = (error as { code?: unknown }).code;
  const why = (error as Error).message;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL' || code === 'EAI_NONAME') {
    return new InputError(
      'host',
      (n) =>
        `Invalid ${n.input('host')} "${listen.host}": this machine cannot listen there (${code}); use one of its addresses, e.g. ${n.setting('host', '127.0.0.1')}.`,
    );
  }
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const taken = code === 'EADDRINUSE' ? 'another program listens there' : 'this user may not listen there';
    return new InputError(
      'port',
      (n) =>
        `Cannot listen on ${n.setting('port', String(listen.port))} at ${listen.host}: ${taken} (${code}); pick another, or ${n.setting('port', '0')} for a free one.`,
    );
  }
  return new Error(`the emulator could not listen on ${listen.host}:${listen.port}: ${why}`);
}

/**
 * The emulator is a test double: by default it takes any credentials, over plain HTTP, and hands out the
 * loaded flows. On loopback only this machine sees that; anywhere else it is said loudly, on stderr.
 */
export function exposureWarning(host: string, hasCredentials: boolean): string | null {
  if (isLoopbackHost(host)) return null;
  const access = hasCredentials
    ? 'It checks the --client-id/--client-secret given, but over plain HTTP.'
    : 'It accepts ANY credentials: pass --client-id and --client-secret to require them.';
  return warningLine(
    [
      `the emulator listens on ${host}, which is not a loopback address: anyone who can reach this machine on that port can use it.`,
      `  ${access}`,
      "  It serves the contents of every loaded flow (GET /api/v2/flows/{id}; a Studio script's file by its path) and runs them for any caller.",
      '  Use --host 127.0.0.1 (the default) unless another machine must reach it.',
    ].join('\n'),
  );
}

function whole(name: string, value: string, max?: number): number {
  const inRange = /^\d+$/.test(value) && (max === undefined || Number(value) <= max);
  if (!inRange)
    throw new InputError(
      name,
      (n) => `Invalid ${n.input(name)} "${value}": expected a whole number${max === undefined ? '' : ` from 0 to ${max}`}.`,
    );
  return Number(value);
}

function parseFault(spec: string): Fault {
  const [kind, count = '1'] = spec.split(':');
  const kinds = ['429', '503', 'reset', 'invalid-json', 'slow', '500'];
  if (!kind || !kinds.includes(kind))
    throw new InputError(
      'fault',
      (n) => `Invalid ${n.input('fault')} "${spec}": expected <kind>:<count> with kind one of ${kinds.join(', ')}.`,
    );
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
