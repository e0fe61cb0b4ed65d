// How a shell names inputs in the words it prints. The action says `'flows'` and `'flows: x'`, the CLI
// `--flows` and `--flows 'x'` (and environment variables for credentials). Words that name an input are
// made with the naming of the shell that prints them: an InputError renders itself in it, and the stages
// that make messages deeper (the API client's hints, the flow loader, the merge) are handed the run's
// naming instead of spelling an input the action's way. Pure.

export interface InputNaming {
  /** An input, as in "Invalid 'concurrency' …". */
  input(name: string): string;
  /** An input set to a value, as the user writes it. */
  setting(name: string, value: string): string;
  /** The start of a sentence saying these inputs have no value ("Input 'flows' is empty"). */
  unset(names: readonly string[]): string;
  /** What to do about the missing credentials `names`: a sentence's end, with its punctuation. */
  credentialHint(names: readonly string[]): string;
  /** A credential as the subject of a sentence: "the client secret", or CXONE_CLIENT_SECRET. */
  credential(name: string): string;
  /**
   * Whether the runner masks credentials wherever they appear, inside other words too: the action's come
   * from `${{ secrets.* }}`, which GitHub masks by itself; the CLI's from a terminal's environment.
   */
  secretsMaskedByRunner: boolean;
}

/** Words made for the naming of the shell that prints them. */
export type InputMessage = (naming: InputNaming) => string;

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The action's names: the workflow's `with:` keys. */
export const ACTION_NAMING: InputNaming = {
  input: (name) => `'${name}'`,
  setting: (name, value) => `'${name}: ${value}'`,
  unset: (names) => (names.length === 1 ? `Input '${names[0]}' is empty` : `Inputs ${listWords(names.map((n) => `'${n}'`))} are empty`),
  credentialHint: (names) =>
    ` (pass ${names.length === 1 ? 'it from a secret' : 'them from secrets'}). If this run was triggered by a pull request from a fork (or by Dependabot), GitHub does not pass repository secrets to it: ` +
    "run the action on 'push'/'schedule', use the two-workflow 'workflow_run' pattern, or use 'target: emulator' for forks.",
  credential: (name) => `the ${name.replace(/-/g, ' ')}`,
  secretsMaskedByRunner: true,
};
