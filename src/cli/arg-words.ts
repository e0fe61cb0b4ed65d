// node:util parseArgs speaks of "options" and "positional arguments"; a CLI user typed flags and paths.
// Its refusals, in the CLI's words: which flag, what it expects, and a hint only where it fits (a
// did-you-mean for a misspelt flag, "quote it" for a glob the shell expanded). Pure.
import { didYouMean } from '../validation/suggest.ts';

/** A command's flags as parseArgs takes them. */
export type FlagSpecs = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; default?: string }>;

/** Flags whose value is files by glob: an unquoted glob reaches us as the files, the second one stray. */
export const GLOB_FLAGS: ReadonlySet<string> = new Set(['scenarios', 'flows', 'merge']);

export function describeParseError(code: string, message: string, args: string[], command: string, flags: FlagSpecs): string {
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /Unexpected argument '(.*)'\. /s.exec(message)?.[1];
    if (value !== undefined) return `Unexpected argument '${value}': ${describeStray(value, args, command, flags)}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /Unknown option '([^']*)'/.exec(message)?.[1];
    const known = ['--help', ...Object.keys(flags).map((name) => `--${name}`)];
    if (flag !== undefined) return `Unknown flag '${flag}'${didYouMean(flag.split('=')[0]!, known)}.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /^Option '(-[^' ]+)/.exec(message)?.[1];
    if (flag !== undefined && /argument missing/.test(message)) return `${flag} needs a value.`;
    if (flag !== undefined && /ambiguous/.test(message))
      return `${flag} needs a value (one that starts with '-' is written ${flag}=-value).`;
  }
  return message;
}

/** What the flag before a stray argument expects; "quote it" only when a glob flag's files came back expanded. */
function describeStray(stray: string, args: string[], command: string, flags: FlagSpecs): string {
  const before = flagBefore(args, flags);
  if (!before) return `${command} takes flags only, no arguments.`;
  const flag = `--${before.name}`;
  if (flags[before.name]?.type === 'boolean') return `${flag} takes no value (it is on when given).`;
  if (GLOB_FLAGS.has(before.name) && before.value !== undefined && expandedTogether(before.value, stray)) {
    return `did the shell expand a glob? Quote it: ${quotedGlobHint(stray, args)}`;
  }
  const given = before.value === undefined ? '' : `, and it is '${before.value}'`;
  const several = GLOB_FLAGS.has(before.name) ? '; several globs go in that one value, comma-separated' : '';
  return `${flag} takes one value${given}${several}.`;
}

/** The last flag before the first argument that is none (the stray one), with its value; undefined if there is none. */
function flagBefore(args: string[], flags: FlagSpecs): { name: string; value?: string } | undefined {
  let last: { name: string; value?: string } | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (long) {
      const [, name, inline] = long;
      const takesValue = flags[name!]?.type === 'string' && inline === undefined;
      last = {
        name: name!,
        ...(takesValue ? (i + 1 < args.length ? { value: args[++i]! } : {}) : inline !== undefined ? { value: inline } : {}),
      };
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) continue;
    return last;
  }
  return last;
}

/** Two paths a shell makes of one glob: the same folder or the same extension (`a/x.yaml a/y.yaml`). */
function expandedTogether(first: string, stray: string): boolean {
  const dir = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  const ext = (p: string) => /\.\w+$/.exec(p)?.[0] ?? '';
  return (ext(first) !== '' && ext(first) === ext(stray)) || (dir(first) !== '' && dir(first) === dir(stray));
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
