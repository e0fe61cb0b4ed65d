// A tokenizer of TypeScript for the boundary test's scanner (module-scan.ts). It knows what can hide
// code-like text, comments, strings, template literals and regular expressions, and tracks bracket
// depth; nothing more is needed to read a module's outermost layer. It relies on one layout rule that
// every formatter keeps: a top-level statement starts at column 0, and its continuation lines are
// indented (a closing bracket at column 0 continues the statement it closes).

export interface Token {
  kind: 'word' | 'punct' | 'string' | 'template' | 'number' | 'regex';
  text: string;
  line: number;
  col: number;
  /** Bracket depth before the token; a closing bracket carries the depth it returns to. */
  depth: number;
}

export const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
export const CLOSERS = new Set([')', ']', '}']);
/** After these words a `/` starts a regular expression and a `(` is not a call. */
export const KEYWORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'else',
  'do',
  'yield',
  'await',
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'function',
  'as',
  'satisfies',
  'extends',
  'import',
  'export',
  'with',
  'super',
]);

/** Tokens of a module; comments and whitespace dropped, template substitutions tokenized in place. */
export function tokenize(source: string): Token[] {
  const lexer = new Lexer(source);
  while (lexer.more()) lexer.next();
  return lexer.tokens;
}

/** The module's top-level statements, each as its tokens (see the layout rule above). */
export function topLevelStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [];
  for (const token of tokens) {
    // A closer at column 0 ends the statement above it: `)`, `]`, `}`, and a type's `>` (the formatter puts the
    // `>` of a long `Pick<…>` there); no statement starts with one.
    const closes = token.kind === 'punct' && (CLOSERS.has(token.text) || token.text.startsWith('>'));
    const starts = token.depth === 0 && token.col === 0 && !closes;
    if (starts || statements.length === 0) statements.push([]);
    statements.at(-1)!.push(token);
  }
  return statements;
}

/** Index of the bracket that closes the one at `open` (the last token when none does). */
export function matching(tokens: Token[], open: number): number {
  const want = OPENERS[tokens[open]!.text]!;
  for (let k = open + 1; k < tokens.length; k++) if (tokens[k]!.text === want && tokens[k]!.depth === tokens[open]!.depth) return k;
  return tokens.length - 1;
}

class Lexer {
  readonly tokens: Token[] = [];
  private readonly source: string;
  private readonly newlines: number[] = [];
  /** Open braces: a block's or object's, or a template substitution's `${`. */
  private readonly braces: ('code' | 'template')[] = [];
  private i = 0;
  private depth = 0;
  private linesPassed = 0;

  constructor(source: string) {
    this.source = source;
    for (let k = 0; k < source.length; k++) if (source[k] === '\n') this.newlines.push(k);
  }

  more(): boolean {
    return this.i < this.source.length;
  }

  next(): void {
    const { source, i } = this;
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
    else if (source.startsWith('//', i)) this.i = indexOr(source, '\n', i, 0);
    else if (source.startsWith('/*', i)) this.i = indexOr(source, '*/', i + 2, 2);
    else if (c === '"' || c === "'") this.quoted(c);
    else if (c === '`') this.template();
    else if (c === '}' && this.braces.at(-1) === 'template') {
      this.braces.pop();
      this.depth--;
      this.template();
    } else if (/[A-Za-z_$#@]/.test(c) || c > '\x7f') this.run('word', /[\w$\u0080-\uffff]/);
    else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) this.run('number', /[\w.]/);
    else if (c === '/' && startsRegex(this.tokens.at(-1))) this.regex();
    else this.punct();
  }

  private push(kind: Token['kind'], start: number, end: number, depth = this.depth): void {
    // Tokens come in order, so the newlines are walked once.
    while (this.linesPassed < this.newlines.length && this.newlines[this.linesPassed]! < start) this.linesPassed++;
    const col = start - (this.linesPassed === 0 ? 0 : this.newlines[this.linesPassed - 1]! + 1);
    this.tokens.push({ kind, text: this.source.slice(start, end), line: this.linesPassed + 1, col, depth });
    this.i = end;
  }

  private run(kind: Token['kind'], more: RegExp): void {
    let k = this.i + 1;
    while (k < this.source.length && more.test(this.source[k]!)) k++;
    this.push(kind, this.i, k);
  }

  private quoted(quote: string): void {
    let k = this.i + 1;
    while (k < this.source.length && this.source[k] !== quote && this.source[k] !== '\n') k += this.source[k] === '\\' ? 2 : 1;
    this.push('string', this.i, k + 1);
  }

  /** From a backtick, or the `}` that ends a substitution, to the closing backtick or the next `${`. */
  private template(): void {
    const depth = this.depth;
    let k = this.i + 1;
    for (; k < this.source.length; k++) {
      const c = this.source[k];
      if (c === '\\') k++;
      else if (c === '`') break;
      else if (c === '$' && this.source[k + 1] === '{') {
        this.braces.push('template');
        this.depth++;
        k++;
        break;
      }
    }
    this.push('template', this.i, k + 1, depth);
  }

  private regex(): void {
    let k = this.i + 1;
    let inClass = false;
    for (; k < this.source.length && this.source[k] !== '\n'; k++) {
      const c = this.source[k];
      if (c === '\\') k++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
    }
    k++;
    while (k < this.source.length && /[a-z]/.test(this.source[k]!)) k++;
    this.push('regex', this.i, k);
  }

  private punct(): void {
    const { source, i } = this;
    const two = source.slice(i, i + 2);
    const text = source.startsWith('...', i)
      ? '...'
      : two === '=>' || (two === '?.' && !/[0-9]/.test(source[i + 2] ?? ''))
        ? two
        : source[i]!;
    if (OPENERS[text]) {
      this.push('punct', i, i + 1);
      if (text === '{') this.braces.push('code');
      this.depth++;
    } else if (CLOSERS.has(text)) {
      if (text === '}') this.braces.pop();
      this.depth = Math.max(0, this.depth - 1);
      this.push('punct', i, i + 1);
    } else this.push('punct', i, i + text.length);
  }
}

function indexOr(source: string, what: string, from: number, past: number): number {
  const at = source.indexOf(what, from);
  return at === -1 ? source.length : at + past;
}

function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'word') return KEYWORDS.has(previous.text);
  if (previous.kind === 'punct') return !CLOSERS.has(previous.text);
  return false;
}
