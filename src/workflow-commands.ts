// How the action talks to the runner: inputs from INPUT_<NAME>, workflow commands on stdout (masks,
// annotations), outputs and the job summary appended to the files GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
// name. It does what @actions/core does for these calls, in its words and escapes; @actions/core itself is
// not loaded at start-up, because it imports @actions/http-client for OIDC tokens and with it undici
// (900 KB, ~70 ms of CPU before the first call to CXone). The artifact client and Octokit, loaded when
// used, bring their own copy.
import { randomUUID } from 'node:crypto';
import { existsSync, appendFileSync, readFileSync, statSync } from 'node:fs';
import { access, appendFile, constants } from 'node:fs/promises';
import { EOL } from 'node:os';

/** Where an annotation points, as @actions/core's AnnotationProperties. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** An input's value, trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

/** A pull request's event payload is a few hundred KB; past this, it is not read (compare-to then has no default). */
const MAX_EVENT_PAYLOAD_BYTES = 16 * 1024 * 1024;

/**
 * The event that triggered the run (GITHUB_EVENT_NAME, and the payload at GITHUB_EVENT_PATH), as
 * @actions/github's context reads it; undefined off GitHub, or when the file is missing, too big or not JSON.
 */
export function readEvent(): { name: string; payload: unknown } | undefined {
  const name = process.env['GITHUB_EVENT_NAME'];
  const file = process.env['GITHUB_EVENT_PATH'];
  if (!name || !file) return undefined;
  try {
    if (!statSync(file).isFile() || statSync(file).size > MAX_EVENT_PAYLOAD_BYTES) return undefined;
    return { name, payload: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch {
    return undefined;
  }
}

/** Registers a value with the runner's masker: from this line on the log shows *** for it. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', commandProperties(properties), message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', commandProperties(properties), message);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', commandProperties(properties), message);
}

/** An error annotation, and the step fails (exit code 1) when the process ends. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** A step output: a `name<<delimiter` block in GITHUB_OUTPUT (the delimiter random, so no value can end it early). */
export function setOutput(name: string, value: unknown): void {
  const file = process.env['GITHUB_OUTPUT'] || '';
  if (!file) {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, commandValue(value));
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const text = commandValue(value);
  if (name.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (text.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

/** Appends Markdown to the job summary. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (!file)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
  }
  await appendFile(file, markdown, { encoding: 'utf8' });
}

type CommandProperties = Record<string, string | number | undefined>;

function commandProperties(p: AnnotationProperties): CommandProperties {
  if (Object.keys(p).length === 0) return {};
  return { title: p.title, file: p.file, line: p.startLine, endLine: p.endLine, col: p.startColumn, endColumn: p.endColumn };
}

/** `::command key=value,…::message`: properties with a value only, each escaped so no `:`, `,` or line break can end it. */
function issueCommand(command: string, properties: CommandProperties, message: string): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(commandValue(v))}`)
    .join(',');
  // A space whenever properties were given, even all empty, as @actions/core writes it.
  process.stdout.write(`::${command}${Object.keys(properties).length > 0 ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function commandValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
