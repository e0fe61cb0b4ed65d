// `cxone-flow-test init`: a starter set in the current directory, never over an existing file.
import { existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../inputs.ts';
import { toLogText } from '../log-text.ts';
import { COMMAND_FLAGS } from './flags.ts';
import { shellWord } from './messages.ts';
import { STARTER_FILES, STARTER_FLOW_GLOB, STARTER_SCENARIO_GLOB } from './starter.ts';

export async function initCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: COMMAND_FLAGS.init, strict: true, allowPositionals: false });
  const cwd = process.cwd();
  // lstat, not exists: a dangling symlink is a file we would write through.
  const taken = STARTER_FILES.filter((f) => existsSync(path.join(cwd, f.path)) || isLink(path.join(cwd, f.path)));
  if (taken.length > 0) {
    const names = taken.map((f) => f.path).join(', ');
    throw new InputError(
      'init',
      `init writes nothing: ${names} already ${taken.length === 1 ? 'exists' : 'exist'} (it never overwrites a file; move ${taken.length === 1 ? 'it' : 'them'} away to start over).`,
    );
  }
  for (const file of STARTER_FILES) {
    const target = path.join(cwd, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    // 'wx': should a file appear since the check, it is still not overwritten.
    writeFileSync(target, file.text, { flag: 'wx' });
  }
  const width = Math.max(...STARTER_FILES.map((f) => f.path.length));
  const lines = STARTER_FILES.map((f) => `  ${f.path.padEnd(width)}  ${f.what}`);
  const next = `${invocation(cwd)} run --target emulator --flows '${STARTER_FLOW_GLOB}' --scenarios '${STARTER_SCENARIO_GLOB}'`;
  process.stdout.write(
    toLogText(`Wrote:\n${lines.join('\n')}\n\nNext, run the scenarios on the built-in emulator:\n  ${next}\n`, (t) => t),
  );
  return 0;
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** How the user started this CLI, so the printed command works as pasted. */
export function invocation(cwd: string, script = process.argv[1] ?? ''): string {
  if (path.basename(script) === 'cxone-flow-test') {
    return script.split(path.sep).includes('node_modules') ? 'npx cxone-flow-test' : 'cxone-flow-test';
  }
  const relative = path.relative(cwd, script);
  return `node ${shellWord(relative.startsWith('..') || path.isAbsolute(relative) ? script : relative)}`;
}
