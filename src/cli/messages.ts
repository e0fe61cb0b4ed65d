// The CLI's words for what went wrong: flags and environment variables, never the action's input
// names, and `error:`/`warning:` at the start of each line as its severity is. Pure.
import { InputError, type InputNaming } from '../inputs.ts';

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

export const CLI_NAMING: InputNaming = {
  input: (name) => `--${name}`,
  setting: (name, value) => `--${name} ${shellWord(value)}`,
  unset: (name) => (ENV_FALLBACK[name] ? `${ENV_FALLBACK[name]} is not set` : `No --${name} given`),
  credentialHint: (names) => {
    const [id, secret] = names.map((n) => ENV_FALLBACK[n] ?? `--${n}`);
    return (
      `: export ${id} and ${secret} (an OAuth client of your CXone organization with the flow:debug scope), ` +
      `or run on the built-in emulator: --target emulator --flows 'cxone-flows/**/*.yaml'.`
    );
  },
};

export const errorLine = (text: string): string => `error: ${text}\n`;
export const warningLine = (text: string): string => `warning: ${text}\n`;

/** An exception from a command, in words for a terminal, and its exit status: 2 for a usage error. */
export function describeFailure(error: unknown, command: string | undefined, args: string[]): { text: string; code: number } {
  if (error instanceof InputError) return { text: errorLine(error.render(CLI_NAMING)), code: 2 };
  // A flag the parser refused: the command's flags are one --help away.
  const help = command ? `Run 'cxone-flow-test ${command} --help' for its flags.\n` : '';
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    return { text: errorLine(parseArgsWords(code, message, args)) + help, code: 2 };
  return { text: errorLine(message), code: 1 };
}

/** node:util parseArgs speaks of "options" and "positional arguments"; a CLI user typed flags and paths. */
function parseArgsWords(code: string, message: string, args: string[]): string {
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /Unexpected argument '(.*)'\. /s.exec(message)?.[1];
    if (value !== undefined) return `Unexpected argument '${value}': did the shell expand a glob? Quote it: ${quotedGlobHint(value, args)}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /Unknown option '([^']*)'/.exec(message)?.[1];
    if (flag !== undefined) return `Unknown flag '${flag}'.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /^Option '(-[^' ]+)/.exec(message)?.[1];
    if (flag !== undefined && /argument missing/.test(message)) return `${flag} needs a value.`;
    if (flag !== undefined && /ambiguous/.test(message))
      return `${flag} needs a value (one that starts with '-' is written ${flag}=-value).`;
  }
  return message;
}

/**
 * An unquoted `--scenarios cxone-tests/**\/*.yaml` reaches us as `--scenarios a.yaml b.yaml …`: the flag
 * before the stray path is the one to quote, and the glob is rebuilt from the path's top folder and extension.
 */
export function quotedGlobHint(stray: string, args: string[]): string {
  const at = args.lastIndexOf(stray);
  let flag = 'scenarios';
  for (let i = at - 1; i >= 0; i--) {
    const m = /^--([\w-]+)$/.exec(args[i]!);
    if (m) {
      flag = m[1]!;
      break;
    }
  }
  const parts = stray.split('/');
  const ext = /\.[\w]+$/.exec(stray)?.[0] ?? '.yaml';
  const glob = parts.length > 1 ? `${parts[0]}/**/*${ext}` : `*${ext}`;
  return `--${flag} '${glob}'`;
}
