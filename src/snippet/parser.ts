// Statements of the Snippet action. One statement a line; blocks in braces.
//
// Declarations: ASSIGN name = value, or bare name = value; DYNAMIC name
//   (https://help.nicecxone.com/content/Studio/guide/statementsdeclaration.htm).
// Decisions: IF expr { } [ELSE { }], with ELSE IF as nesting's shorthand; SWITCH expr { CASE value { } DEFAULT { } };
//   SELECT { CASE condition { } DEFAULT { } } (https://help.nicecxone.com/content/Studio/guide/statementsdecision.htm).
//   CASE lines stacked over one block share it (observed in public scripts).
// Loops: FOR var = start TO end { }, FOREACH var IN array { }, WHILE condition { }, BREAK
//   (https://help.nicecxone.com/Content/studio/guide/statementsloops.htm).
// Anything else is a problem naming its line and column; parsing resumes on the next line.
import type { CaseClause, Expression, Position, SnippetProblem, Statement } from './ast.ts';
import { type Cursor, SyntaxFailure, describe } from './cursor.ts';
import { MAX_PROBLEMS } from './lexer.ts';
import { parseExpr, parsePostfix, valueOnLine } from './parse-expression.ts';

/** Statements Studio has that this subset does not run: named, so the problem says so. */
const UNSUPPORTED = new Set(['FUNCTION', 'RETURN', 'REPEAT', 'CONTINUE', 'TRY', 'CATCH', 'THROW', 'TRACE', 'GOSUB', 'GOTO']);
const KEYWORDS = new Set(['ASSIGN', 'DYNAMIC', 'IF', 'SWITCH', 'SELECT', 'FOR', 'FOREACH', 'WHILE', 'BREAK']);
const BLOCK_WORDS = new Set(['ELSE', 'CASE', 'DEFAULT', 'TO', 'IN']);

export function parseStatements(c: Cursor, inBlock: boolean): Statement[] {
  const out: Statement[] = [];
  for (;;) {
    while (c.isOp(';')) c.next();
    const token = c.peek();
    if (token.type === 'eof' || (inBlock && c.isOp('}'))) return out;
    try {
      out.push(parseStatement(c));
    } catch (error) {
      if (!(error instanceof SyntaxFailure) || error.fatal) throw error;
      if (c.problems.length < MAX_PROBLEMS) c.problems.push({ ...c.map.at(error.offset), message: error.message });
      c.skipLine();
    }
  }
}

function parseStatement(c: Cursor): Statement {
  const token = c.peek();
  const at = c.at(token);
  if (token.type !== 'ident') return c.fail(`expected a statement, found ${describe(token)}`);
  const word = token.text.toUpperCase();
  const keyword = KEYWORDS.has(word) && !c.isOp('=', 1) && !c.isOp('.', 1);
  if (!keyword && (c.isOp('=', 1) || c.isOp('.', 1) || c.isOp('[', 1) || c.isOp('(', 1))) return parseAssignOrCall(c, at);
  c.next();
  switch (word) {
    case 'ASSIGN':
      return parseAssignOrCall(c, at, true);
    case 'DYNAMIC':
      return { kind: 'dynamic', name: c.expectName('the name of the dynamic object').text, ...at };
    case 'IF':
      return parseIf(c, at);
    case 'SWITCH':
      return parseSwitch(c, at);
    case 'SELECT':
      return { kind: 'select', ...parseCases(c, 'SELECT'), ...at };
    case 'FOR':
      return parseFor(c, at);
    case 'FOREACH': {
      const variable = c.expectName('the loop variable after FOREACH').text;
      if (!c.isWord('IN')) c.fail(`expected IN after FOREACH ${variable}, found ${describe(c.peek())}`);
      c.next();
      return { kind: 'foreach', variable, list: parseExpr(c), body: parseBlock(c, 'FOREACH'), ...at };
    }
    case 'WHILE':
      return { kind: 'while', condition: parseExpr(c), body: parseBlock(c, 'WHILE'), ...at };
    case 'BREAK':
      return { kind: 'break', ...at };
  }
  if (UNSUPPORTED.has(word)) return c.fail(`${word} is not supported by the emulator's snippet subset`, token);
  if (BLOCK_WORDS.has(word)) return c.fail(`${word} without its statement`, token);
  return c.fail(
    `unknown statement ${JSON.stringify(token.text)}: expected ASSIGN, DYNAMIC, IF, SWITCH, SELECT, FOR, FOREACH, WHILE, BREAK or name = value`,
    token,
  );
}

/** `name… = value`, or a call standing alone (`proxy.AddHeader(…)`). */
function parseAssignOrCall(c: Cursor, at: Position, assignKeyword = false): Statement {
  c.enter();
  const target = parsePostfix(c);
  c.leave();
  if (c.isOp('=') && !c.peek().nl) {
    if (target.kind !== 'var' && target.kind !== 'member' && target.kind !== 'index')
      c.fail('only a variable, a field or an element can be assigned');
    c.next();
    valueOnLine(c);
    return { kind: 'assign', target, value: parseExpr(c), ...at };
  }
  if (target.kind === 'call' && !assignKeyword) return { kind: 'call', call: target, ...at };
  return c.fail(`expected = after ${describeTarget(target)}, found ${describe(c.peek())}`);
}

function describeTarget(e: Expression): string {
  if (e.kind === 'var') return e.name;
  if (e.kind === 'member') return `${describeTarget(e.object)}.${e.name}`;
  if (e.kind === 'index') return `${describeTarget(e.object)}[…]`;
  return 'the expression';
}

function parseBlock(c: Cursor, owner: string): Statement[] {
  const open = c.peek();
  if (!c.isOp('{')) c.fail(`expected { to open the ${owner} block, found ${describe(open)}`);
  c.next();
  c.enter();
  const body = parseStatements(c, true);
  c.leave();
  if (!c.isOp('}')) c.fail(`the ${owner} block opened at line ${c.at(open).line} has no closing }`);
  c.next();
  return body;
}

function parseIf(c: Cursor, at: Position): Statement {
  const condition = parseExpr(c);
  const then = parseBlock(c, 'IF');
  if (!c.isWord('ELSE')) return { kind: 'if', condition, then, ...at };
  const elseToken = c.next();
  if (c.isWord('IF')) {
    c.next();
    c.enter();
    const nested = parseIf(c, c.at(elseToken));
    c.leave();
    return { kind: 'if', condition, then, else: [nested], ...at };
  }
  return { kind: 'if', condition, then, else: parseBlock(c, 'ELSE'), ...at };
}

function parseSwitch(c: Cursor, at: Position): Statement {
  const subject = parseExpr(c);
  return { kind: 'switch', subject, ...parseCases(c, 'SWITCH'), ...at };
}

/** `{ CASE test [{ … }] … DEFAULT { … } }`: a CASE without a block shares the next CASE's block. */
function parseCases(c: Cursor, owner: string): { cases: CaseClause[]; default?: Statement[] } {
  const open = c.peek();
  c.expectOp('{', `to open the ${owner} block`);
  c.enter();
  const cases: CaseClause[] = [];
  let pending: Expression[] = [];
  let fallback: Statement[] | undefined;
  while (!c.isOp('}')) {
    if (c.peek().type === 'eof') c.fail(`the ${owner} block opened at line ${c.at(open).line} has no closing }`);
    if (c.isWord('DEFAULT')) {
      c.next();
      fallback = parseBlock(c, 'DEFAULT');
    } else if (c.isWord('CASE')) {
      c.next();
      pending.push(parseExpr(c));
      if (c.isOp('{')) {
        cases.push({ tests: pending, body: parseBlock(c, 'CASE') });
        pending = [];
      }
    } else c.fail(`expected CASE or DEFAULT in ${owner}, found ${describe(c.peek())}`);
  }
  if (pending.length) c.fail(`the last CASE in ${owner} has no block`);
  c.next();
  c.leave();
  return fallback ? { cases, default: fallback } : { cases };
}

function parseFor(c: Cursor, at: Position): Statement {
  const variable = c.expectName('the loop variable after FOR').text;
  c.expectOp('=', `after FOR ${variable}`);
  const from = parseExpr(c);
  if (!c.isWord('TO')) c.fail(`expected TO in FOR ${variable} = …, found ${describe(c.peek())}`);
  c.next();
  const to = parseExpr(c);
  return { kind: 'for', variable, from, to, body: parseBlock(c, 'FOR'), ...at };
}

export type { SnippetProblem };
