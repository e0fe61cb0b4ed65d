// Each command's flags, in one place: parseArgs reads them, and a refused command line is described
// with them (what a flag expects, the nearest flag to a misspelt one). run and validate take the same
// flags: every input of the action, credentials from the environment.
import { INPUT_NAMES, type InputSource } from '../inputs.ts';
import type { FlagSpecs } from './arg-words.ts';
import { ENV_FALLBACK } from './messages.ts';
import type { CommandName } from './usage.ts';

const INPUT_FLAGS: Record<string, { type: 'string' }> = Object.fromEntries(INPUT_NAMES.map((name) => [name, { type: 'string' as const }]));

/**
 * The inputs `pull` shares with `run`: where CXone is and how to sign in, and the client's limits. No
 * `target`: a pull from the built-in emulator would copy a file already here; tests pull from a running
 * `cxone-flow-test emulator`, named by --base-url as any CXone is.
 */
type InputName = (typeof INPUT_NAMES)[number];

export const PULL_INPUTS: readonly InputName[] = [
  'base-url',
  'token-url',
  'scope',
  'auth',
  'client-id',
  'client-secret',
  'access-key-id',
  'access-key-secret',
  'max-requests-per-second',
  'max-retries',
  'request-timeout',
  'max-response-mb',
  'allow-insecure-http',
];

export const COMMAND_FLAGS: Record<CommandName, FlagSpecs> = {
  // --only-failures shapes this terminal's table only, so it is a flag of the CLI, not an action input;
  // --update writes the scenario files, which the action never does to a checkout.
  run: { ...INPUT_FLAGS, 'only-failures': { type: 'boolean' }, update: { type: 'boolean' } },
  validate: INPUT_FLAGS,
  init: {},
  merge: { 'report-path': { type: 'string' }, 'json-report-path': { type: 'string' }, 'sarif-path': { type: 'string' } },
  emulator: {
    flows: { type: 'string', multiple: true },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'token-lifetime': { type: 'string' },
    scopes: { type: 'string' },
    latency: { type: 'string' },
    'rate-limit': { type: 'string' },
    fault: { type: 'string', multiple: true },
  },
  pull: {
    ...Object.fromEntries(PULL_INPUTS.map((name) => [name, INPUT_FLAGS[name]!])),
    'script-path': { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  generate: {
    flows: { type: 'string', multiple: true },
    flow: { type: 'string', multiple: true },
    out: { type: 'string' },
  },
};

export function inputSource(values: Record<string, unknown>): InputSource {
  return (name) => (values[name] as string | undefined) ?? (ENV_FALLBACK[name] ? (process.env[ENV_FALLBACK[name]!] ?? '') : '');
}
