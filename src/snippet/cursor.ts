// A cursor over a snippet's tokens, shared by the statement and expression parsers: position, nesting
// depth, and syntax errors as exceptions that carry the offset they point at.
import { type LineMap, lex, MAX_NESTING, type Token } from './lexer.ts';
import type { Position, SnippetProblem } from './ast.ts';

export class SyntaxFailure extends Error {
  readonly offset: number;
  /** Too deep to go on: the whole parse stops rather than recover. */
  readonly fatal: boolean;
  constructor(offset: number, message: string, fatal = false) {
    super(message);
    this.offset = offset;
    this.fatal = fatal;
  }
}

export function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return token.what;
    case 'num':
      return `the number ${token.value}`;
    case 'str':
      return 'a string';
    default:
      return JSON.stringify(token.text);
  }
}

export class Cursor {
  private pos = 0;
  /** Open parentheses and brackets: inside them an expression may continue on the next line. */
  grouping = 0;

  readonly src: string;
  readonly map: LineMap;
  readonly tokens: Token[];
  readonly problems: SnippetProblem[];
  /** Nesting already entered by the caller (a string's brace part inside an expression). */
  depth: number;

  constructor(src: string, map: LineMap, tokens: Token[], problems: SnippetProblem[], depth = 0) {
    this.src = src;
    this.map = map;
    this.tokens = tokens;
    this.problems = problems;
    this.depth = depth;
  }

  static over(src: string, from: number, to: number, map: LineMap, problems: SnippetProblem[], depth = 0, endWhat?: string): Cursor {
    const { tokens, problems: found } = lex(src, from, to, map, endWhat);
    problems.push(...found);
    return new Cursor(src, map, tokens, problems, depth);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token;
  }

  /** The token just consumed. */
  previous(): Token {
    return this.tokens[Math.max(0, this.pos - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  at(token: Token): Position {
    return this.map.at(token.offset);
  }

  isOp(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'op' && token.text === text;
  }

  /** Whether the next token is the keyword (keywords are not case-sensitive). */
  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'ident' && token.text.toUpperCase() === word;
  }

  expectOp(text: string, what: string): Token {
    if (!this.isOp(text)) this.fail(`expected ${JSON.stringify(text)} ${what}, found ${describe(this.peek())}`);
    return this.next();
  }

  expectName(what: string): Token & { type: 'ident' } {
    const token = this.peek();
    if (token.type !== 'ident') this.fail(`expected ${what}, found ${describe(token)}`);
    this.next();
    return token as Token & { type: 'ident' };
  }

  fail(message: string, token: Token = this.peek()): never {
    throw new SyntaxFailure(token.offset, message);
  }

  /** Enters one level of nesting; past MAX_NESTING the parse stops with a problem, never a stack overflow. */
  enter(): void {
    if (++this.depth > MAX_NESTING) throw new SyntaxFailure(this.peek().offset, `code nests deeper than ${MAX_NESTING} levels`, true);
  }

  leave(): void {
    this.depth--;
  }

  /** Skips to the first token of the next line: where parsing resumes after a syntax error. */
  skipLine(): void {
    this.next();
    while (this.peek().type !== 'eof' && !this.peek().nl) this.next();
  }
}
