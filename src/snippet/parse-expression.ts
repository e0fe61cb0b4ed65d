// Expressions, by precedence climbing. The operators and their priorities are those of Studio's
// operators page (https://help-beta.niceincontact.com/spring19/Content/Studio/GeneralReference/Operators.htm,
// and the Boolean operators table of https://help.nicecxone.com/content/Studio/guide/statementsdecision.htm):
// ( ) first, then ^, then * / % \ (integer divide), then + -, then the comparisons = != > >= < <=, and last
// & (and), | (or), ~ (exclusive or). Aliases accepted (assumed, common in other languages, unambiguous):
// == for =, <> for !=, && for &, || for |, and a prefix ! for not.
import type { BinaryOp, Expression } from './ast.ts';
import { Cursor, describe } from './cursor.ts';
import { isExternalCall } from './functions.ts';
import type { StringPart, Token } from './lexer.ts';

const LEVELS: Record<string, [level: number, op: BinaryOp]> = {
  '&': [1, '&'],
  '&&': [1, '&'],
  '|': [1, '|'],
  '||': [1, '|'],
  '~': [1, '~'],
  '=': [2, '='],
  '==': [2, '='],
  '!=': [2, '!='],
  '<>': [2, '!='],
  '<': [2, '<'],
  '<=': [2, '<='],
  '>': [2, '>'],
  '>=': [2, '>='],
  '+': [3, '+'],
  '-': [3, '-'],
  '*': [4, '*'],
  '/': [4, '/'],
  '%': [4, '%'],
  '\\': [4, '\\'],
};

/** Words other languages use as operators: a clear problem rather than a confusing one. */
const WORD_OPERATORS: Record<string, string> = { AND: '&', OR: '|', NOT: '!', XOR: '~', MOD: '%' };

/** A value starts on the line of its operator: `a =` then a new line is a missing value, not `a = (next line)`. */
export function valueOnLine(c: Cursor): void {
  const token = c.peek();
  if (token.nl && c.grouping === 0 && token.type !== 'eof')
    c.fail(`expected a value after ${describe(c.previous())} on its line`, c.previous());
}

export function parseExpr(c: Cursor, minLevel = 1): Expression {
  c.enter();
  let left = parseUnary(c);
  for (;;) {
    const token = c.peek();
    // Statements are lines: an operator that starts a line begins a new statement unless a bracket is open.
    if (token.nl && c.grouping === 0) break;
    if (token.type === 'ident' && WORD_OPERATORS[token.text.toUpperCase()]) {
      c.fail(`${token.text.toUpperCase()} is not an operator in Studio: write ${WORD_OPERATORS[token.text.toUpperCase()]}`);
    }
    const entry = token.type === 'op' ? LEVELS[token.text] : undefined;
    if (!entry || entry[0] < minLevel) break;
    c.next();
    valueOnLine(c);
    const right = parseExpr(c, entry[0] + 1);
    left = { kind: 'binary', op: entry[1], left, right, ...c.at(token) };
  }
  c.leave();
  return left;
}

function parseUnary(c: Cursor): Expression {
  const token = c.peek();
  if (token.type === 'op' && (token.text === '-' || token.text === '!')) {
    c.next();
    c.enter();
    const operand = parseUnary(c);
    c.leave();
    return { kind: 'unary', op: token.text, operand, ...c.at(token) };
  }
  return parsePower(c);
}

/** `^` binds tighter than unary minus (-2^2 is -4) and groups to the right. */
function parsePower(c: Cursor): Expression {
  const base = parsePostfix(c);
  const token = c.peek();
  if (token.type !== 'op' || token.text !== '^' || (token.nl && c.grouping === 0)) return base;
  c.next();
  c.enter();
  const exponent = parseUnary(c);
  c.leave();
  return { kind: 'binary', op: '^', left: base, right: exponent, ...c.at(token) };
}

/** A primary followed by `.name`, `.name(args)` and `[index]`, none of which may start a new line. */
export function parsePostfix(c: Cursor): Expression {
  let expr = parsePrimary(c);
  for (;;) {
    const token = c.peek();
    if (token.type !== 'op' || token.nl) return expr;
    if (token.text === '.') {
      c.next();
      const name = c.expectName('a field or function name after "."');
      if (c.isOp('(') && !c.peek().nl) {
        const args = parseArgs(c);
        expr = { kind: 'call', name: name.text, receiver: expr, args, external: isExternalCall(name.text, true), ...c.at(name) };
      } else expr = { kind: 'member', object: expr, name: name.text, ...c.at(name) };
    } else if (token.text === '[') {
      c.next();
      c.grouping++;
      const index = parseExpr(c);
      c.grouping--;
      c.expectOp(']', 'to close the index');
      expr = { kind: 'index', object: expr, index, ...c.at(token) };
    } else return expr;
  }
}

function parseArgs(c: Cursor): Expression[] {
  c.expectOp('(', 'to open the arguments');
  c.grouping++;
  const args: Expression[] = [];
  if (!c.isOp(')')) {
    for (;;) {
      args.push(parseExpr(c));
      if (!c.isOp(',')) break;
      c.next();
    }
  }
  c.grouping--;
  c.expectOp(')', 'to close the arguments');
  return args;
}

function parsePrimary(c: Cursor): Expression {
  const token = c.peek();
  const at = c.at(token);
  if (token.type === 'num') {
    c.next();
    return { kind: 'literal', value: token.value, ...at };
  }
  if (token.type === 'str') {
    c.next();
    return parseTemplate(c, token.parts, at);
  }
  if (token.type === 'ident') {
    c.next();
    const upper = token.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE', ...at };
    if (c.isOp('(') && !c.peek().nl) {
      const args = parseArgs(c);
      return { kind: 'call', name: token.text, args, external: isExternalCall(token.text, false), ...at };
    }
    return { kind: 'var', name: token.text, ...at };
  }
  if (token.type === 'op' && token.text === '(') {
    c.next();
    c.grouping++;
    const inner = parseExpr(c);
    c.grouping--;
    c.expectOp(')', 'to close the parenthesis');
    return inner;
  }
  return c.fail(`expected a value, found ${describe(token)}`);
}

/** A string literal: its text pieces, and each `{…}` part parsed as an expression where it stands. */
export function parseTemplate(c: Cursor, parts: StringPart[], at: { line: number; column: number }): Expression {
  if (parts.every((p) => typeof p === 'string')) return { kind: 'literal', value: parts.join(''), ...at };
  const out: (string | Expression)[] = [];
  for (const part of parts) {
    if (typeof part === 'string') out.push(part);
    else out.push(parseBracePart(c, part.from, part.to));
  }
  return { kind: 'template', parts: out, ...at };
}

function parseBracePart(c: Cursor, from: number, to: number): Expression {
  const inner = Cursor.over(c.src, from, to, c.map, c.problems, c.depth + 1, 'the closing }');
  inner.grouping = 1;
  const expr = parseExpr(inner);
  const rest: Token = inner.peek();
  if (rest.type !== 'eof') inner.fail(`expected } after the substituted expression, found ${describe(rest)}`);
  return expr;
}
