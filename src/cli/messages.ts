// The CLI's words for what went wrong: flags and environment variables, never the action's input
// names, and `error:`/`warning:` at the start of each line as its severity is. Pure.
import { InputError } from '../inputs.ts';
import { listWords, type InputNaming } from '../input-naming.ts';
import { describeParseError, type FlagSpecs } from './arg-words.ts';

export { quotedGlobHint } from './arg-words.ts';

/** The environment variables the CLI reads credentials from when their flag is not given. */
export const ENV_FALLBACK: Record<string, string> = {
  'client-id': 'CXONE_CLIENT_ID',
  'client-secret': 'CXONE_CLIENT_SECRET',
  'access-key-id': 'CXONE_ACCESS_KEY_ID',
  'access-key-secret': 'CXONE_ACCESS_KEY_SECRET',
};

/** Quoted for a POSIX shell when it holds anything a shell would act on (a glob above all). */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A credential the CLI reads from the environment is named by its variable, everywhere (`CXONE_CLIENT_ID`). */
const credentialName = (name: string): string => ENV_FALLBACK[name] ?? `--${name}`;

export const CLI_NAMING: InputNaming = {
  input: (name) => (ENV_FALLBACK[name] ? credentialName(name) : `--${name}`),
  setting: (name, value) => `--${name} ${shellWord(value)}`,
  unset: (names) => {
    if (names.every((n) => ENV_FALLBACK[n])) return `${listWords(names.map(credentialName))} ${names.length === 1 ? 'is' : 'are'} not set`;
    return `No ${listWords(names.map((n) => `--${n}`))} given`;
  },
  credentialHint: (names) => {
    const what = names.some((n) => n.startsWith('access-key'))
      ? "the access key of a CXone back-end application, with its app's client id and secret"
      : 'an OAuth client of your CXone organization with the flow:debug scope';
    return (
      `: export ${names.length === 1 ? 'it' : 'them'} (${what}), ` +
      `or run on the built-in emulator: --target emulator --flows 'cxone-flows/**/*.yaml'.`
    );
  },
  credential: credentialName,
  secretsMaskedByRunner: false,
};

export const errorLine = (text: string): string => `error: ${text}\n`;
export const warningLine = (text: string): string => `warning: ${text}\n`;

/**
 * An exception from a command, in words for a terminal, and its exit status: 2 for a usage error.
 * `flags`: the command's, for what a flag expects and the nearest one to a misspelt flag.
 */
export function describeFailure(
  error: unknown,
  command: string | undefined,
  args: string[],
  flags: FlagSpecs = {},
): { text: string; code: number } {
  if (error instanceof InputError) return { text: errorLine(error.render(CLI_NAMING)), code: 2 };
  // A flag the parser refused: the command's flags are one --help away.
  const help = command ? `Run 'cxone-flow-test ${command} --help' for its flags.\n` : '';
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    return { text: errorLine(describeParseError(code, message, args, command ?? 'cxone-flow-test', flags)) + help, code: 2 };
  return { text: errorLine(message), code: 1 };
}
