// What a TypeScript module loads, for the boundary test's scanner (module-scan.ts): import and
// export-from statements, and anywhere `import()`, `require`, `process.getBuiltinModule`, `createRequire`
// and the global `fetch`, read from the tokens of tokenize.ts.
import { KEYWORDS, matching, topLevelStatements, type Token } from './tokenize.ts';

export interface ImportUse {
  /** The module, or `<computed: …>` when the code makes it (anything may load), or `globalThis.fetch`. */
  specifier: string;
  line: number;
  how: 'import' | 'export-from' | 'dynamic' | 'require' | 'getBuiltinModule' | 'createRequire' | 'global';
  /** `import type …` / `export type … from`: erased, the module is not loaded. */
  typeOnly: boolean;
}

const unquote = (token: Token | undefined): string | undefined =>
  token && (token.kind === 'string' || (token.kind === 'template' && !token.text.includes('${'))) ? token.text.slice(1, -1) : undefined;

/**
 * Every module the file names: import and export-from statements, and anywhere `import('…')`,
 * `require('…')`, `process.getBuiltinModule('…')`, `createRequire` (a require of anything) and the global
 * `fetch` (the network without a module).
 */
export function findImports(tokens: Token[]): ImportUse[] {
  const uses: ImportUse[] = [];
  for (const statement of topLevelStatements(tokens)) {
    const [first, second] = statement;
    if (first?.text === 'import' && second?.text !== '(' && second?.text !== '.') {
      const from = statement.findIndex((t, k) => t.kind === 'string' && (k === 1 || statement[k - 1]!.text === 'from'));
      const specifier = unquote(statement[from]);
      if (specifier !== undefined)
        uses.push({
          specifier,
          line: first.line,
          how: 'import',
          typeOnly: second?.text === 'type' && statement[2]?.text !== 'from' && statement[2]?.text !== ',',
        });
    } else if (first?.text === 'export') {
      const from = statement.findIndex((t) => t.text === 'from' && t.kind === 'word');
      const specifier = from > 0 && statement.slice(0, from).every((t) => t.depth <= 1) ? unquote(statement[from + 1]) : undefined;
      if (specifier !== undefined && /^(\*|\{|type)$/.test(second?.text ?? ''))
        uses.push({ specifier, line: first.line, how: 'export-from', typeOnly: second?.text === 'type' });
    }
  }
  const localFetch = bindsName(tokens, 'fetch');
  tokens.forEach((t, k) => {
    if (t.kind !== 'word' || afterTypeof(tokens, k)) return;
    const member = tokens[k - 1]?.text === '.' || tokens[k - 1]?.text === '?.';
    const loader = loaderAt(tokens, k, member, localFetch);
    if (loader) uses.push({ ...loader, line: t.line, typeOnly: false });
  });
  return uses;
}

const computed = (argument: Token | undefined) => `<computed: ${argument?.text ?? ''}…>`;

/** The load the word at `k` makes, if any: a call of a loader, or a loader handed on as a value. */
function loaderAt(tokens: Token[], k: number, member: boolean, localFetch: boolean): Omit<ImportUse, 'line' | 'typeOnly'> | undefined {
  const t = tokens[k]!;
  const next = tokens[k + 1]?.text;
  const called = next === '(' || (next === '?.' && tokens[k + 2]?.text === '(');
  const argument = tokens[k + (next === '(' ? 2 : 3)];
  if ((t.text === 'import' || t.text === 'require') && !member && next === '(') {
    return { specifier: unquote(argument) ?? computed(argument), how: t.text === 'import' ? 'dynamic' : 'require' };
  }
  if (t.text === 'getBuiltinModule' && !isKey(tokens, k)) {
    return { specifier: called ? (unquote(argument) ?? computed(argument)) : '<computed: getBuiltinModule>', how: 'getBuiltinModule' };
  }
  if (t.text === 'createRequire' && !isKey(tokens, k) && !inImportStatement(tokens, k)) {
    return { specifier: '<computed: createRequire>', how: 'createRequire' };
  }
  const globalMember = member && tokens[k - 2]?.text === 'globalThis' && tokens[k - 3]?.text !== '.';
  if (t.text === 'fetch' && (globalMember || (!member && !localFetch && !isKey(tokens, k) && !inImportStatement(tokens, k)))) {
    return { specifier: 'globalThis.fetch', how: 'global' };
  }
  return undefined;
}

/** `typeof a.b` (a type, or a check that the name exists): reads no module. */
function afterTypeof(tokens: Token[], k: number): boolean {
  let j = k - 1;
  while (tokens[j]?.text === '.' || tokens[j]?.text === '?.') j -= 2;
  return tokens[j]?.text === 'typeof';
}

/** A property's or method's name where it is defined (`{ fetch: … }`, `fetch?: F`, `fetch(u) { … }`), not a use. */
function isKey(tokens: Token[], k: number): boolean {
  const next = tokens[k + 1]?.text;
  if (next === ':' || (next === '?' && tokens[k + 2]?.text === ':')) return tokens[k - 1]?.text !== '?'; // not `c ? fetch : g`
  if (next !== '(') return false;
  const close = matching(tokens, k + 1);
  return tokens[close + 1]?.text === '{' && !['.', '?.', '=', '(', ',', ':', '=>', 'return'].includes(tokens[k - 1]?.text ?? '');
}

function inImportStatement(tokens: Token[], k: number): boolean {
  for (let j = k; j >= 0; j--) {
    if (tokens[j]!.depth === 0 && tokens[j]!.col === 0) return tokens[j]!.text === 'import' && tokens[j + 1]?.text !== '(';
  }
  return false;
}

/**
 * Whether the module makes its own binding of `name` (an import, a declaration, a parameter, a
 * destructured name); then a bare `name` may be it, and only `globalThis.name` is surely the global.
 */
function bindsName(tokens: Token[], name: string): boolean {
  return tokens.some((t, k) => {
    if (t.text !== name || t.kind !== 'word') return false;
    const before = tokens[k - 1]?.text ?? '';
    if (['const', 'let', 'var', 'function', 'class', 'as'].includes(before)) return true;
    if (inImportStatement(tokens, k)) return true;
    return ['(', ',', '{', '[', '...'].includes(before) && isBindingGroup(tokens, opener(tokens, k));
  });
}

/** A bracket of names that binds them: parameters, or a destructuring pattern of a declaration or parameter. */
function isBindingGroup(tokens: Token[], open: number): boolean {
  if (open < 0) return false;
  const head = tokens[open - 1];
  const after = tokens[matching(tokens, open) + 1]?.text;
  if (tokens[open]!.text === '(') {
    if (after === '=>' || after === ':') return true;
    const named = head?.kind === 'word' && (!KEYWORDS.has(head.text) || head.text === 'function' || head.text === 'catch');
    return after === '{' && (named || head?.text === '>');
  }
  if (['const', 'let', 'var'].includes(head?.text ?? '')) return true;
  return (head?.text === '(' || head?.text === ',') && isBindingGroup(tokens, opener(tokens, open));
}

/** The bracket the token at `k` is inside (-1 at the top level). */
const opener = (tokens: Token[], k: number) => tokens.findLastIndex((u, j) => j < k && u.depth < tokens[k]!.depth);
