// A small scanner of TypeScript modules for the boundary test: which modules a file loads (module-loads.ts),
// and which of its top-level statements run code when it is imported.
// No TypeScript compiler: the questions are about the module's outermost layer, and the tokens of
// tokenize.ts are enough to answer them.
import { findImports, type ImportUse } from './module-loads.ts';
import { KEYWORDS, matching, tokenize, topLevelStatements, type Token } from './tokenize.ts';

export type { ImportUse } from './module-loads.ts';

export interface TopLevelWork {
  line: number;
  /** What runs: a call's callee (`new Ajv`, `ajv.compile`, `main`), or `statement` for a bare statement. */
  what: string;
  /** The statement's first line, clipped, for the failure message. */
  source: string;
}

/** Words before a `(` that is no call: control flow, operators, `async (x) =>`. */
const NOT_CALLEES = new Set([...KEYWORDS, 'async', 'get', 'set']);
const DECLARATIONS = new Set(['function', 'interface']);
/** Methods that call the function they are handed first (`Array.from`: second), so a name passed there is called. */
const CALLBACK_METHOD =
  /(^|\.)(map|filter|flatMap|forEach|some|every|find|findIndex|findLast|findLastIndex|reduce|reduceRight|sort|toSorted)$/;
const MEMBER_MODIFIERS = new Set(['readonly', 'override', 'declare', 'private', 'public', 'protected', 'accessor']);

/**
 * The top-level statements that run code at import: calls, `new`, tagged templates and `await` in
 * initializers (outside function bodies, which do not run yet), static class blocks and initializers,
 * and any statement that is not a declaration, an import or an export.
 */
export function findTopLevelWork(tokens: Token[], lines: string[]): TopLevelWork[] {
  const work: TopLevelWork[] = [];
  for (const statement of topLevelStatements(tokens)) {
    const first = lines[statement[0]!.line - 1]!.trim();
    const source = first.length > 100 ? `${first.slice(0, 99)}…` : first;
    for (const what of statementWork(statement)) work.push({ line: what.line, what: what.what, source });
  }
  return work;
}

/** A module's imports and import-time work, from its text. */
export function scanModule(text: string): { imports: ImportUse[]; work: TopLevelWork[] } {
  const tokens = tokenize(text);
  return { imports: findImports(tokens), work: findTopLevelWork(tokens, text.split('\n')) };
}

function statementWork(s: Token[]): { line: number; what: string }[] {
  let k = 0;
  if (s[0]?.text === 'import' && s[1]?.text !== '(' && s[1]?.text !== '.') return [];
  if (s[k]?.text === 'export') {
    k++;
    if (s[k]?.text === '{' || s[k]?.text === '*' || (s[k]?.text === 'type' && s[k + 1]?.text === '{')) return [];
  }
  if (s[k]?.text === 'declare') return [];
  if (s[k]?.text === 'default') k++;
  const head = s[k];
  if (!head) return [];
  if (DECLARATIONS.has(head.text) || (head.text === 'async' && s[k + 1]?.text === 'function')) return [];
  if (head.text === 'type' && s[k + 1]?.kind === 'word') return [];
  if (head.text === 'class') return classStaticWork(s, k);
  if (head.text === 'abstract' && s[k + 1]?.text === 'class') return classStaticWork(s, k + 1);
  // Their members and bodies run at import, and the code base has none (erasableSyntaxOnly refuses them): refused.
  if (head.text === 'enum' || (head.text === 'const' && s[k + 1]?.text === 'enum')) return [{ line: head.line, what: 'enum' }];
  if ((head.text === 'namespace' || head.text === 'module') && s[k + 1]?.kind === 'word') return [{ line: head.line, what: 'namespace' }];
  if (['const', 'let', 'var', 'using'].includes(head.text)) {
    const assign = s.findIndex((t, j) => j > k && t.text === '=' && t.depth === 0);
    return assign === -1 ? [] : expressionWork(s, assign + 1, s.length);
  }
  if (s[k - 1]?.text === 'default') return expressionWork(s, k, s.length);
  return [{ line: head.line, what: 'statement' }];
}

/** Calls that run when the expression is evaluated; the bodies of functions it defines are skipped. */
export function expressionWork(s: Token[], from: number, to: number): { line: number; what: string }[] {
  const found: { line: number; what: string }[] = [];
  // A function passed to a call that runs may run too (a `map` callback): inside a running call's
  // arguments, function bodies are read, not skipped.
  const runningCalls: number[] = [];
  for (let k = from; k < to; k++) {
    const t = s[k]!;
    const previous = s[k - 1];
    while (runningCalls.length > 0 && runningCalls.at(-1)! < k) runningCalls.pop();
    const mayRun = runningCalls.length > 0;
    if (mayRun && (t.text === 'function' || t.text === '=>')) {
    } else if (t.text === 'function' && t.kind === 'word') {
      const params = s.findIndex((u, j) => j > k && u.text === '(');
      const body = s.findIndex((u, j) => j > matching(s, params) && u.text === '{' && u.depth === t.depth);
      k = body === -1 ? to : matching(s, body);
    } else if (t.text === '=>') {
      k = s[k + 1]?.text === '{' ? matching(s, k + 1) : arrowExpressionEnd(s, k, to) - 1;
    } else if (t.text === '(' && !mayRun && arrowParameters(s, k, to)) {
      k = matching(s, k); // default values run when the arrow is called
    } else if (t.text === 'await' || t.text === 'yield') {
      found.push({ line: t.line, what: t.text });
    } else if (t.text === '(' && (isCallee(previous) || previous?.text === '?.' || previous?.text === '>')) {
      const close = matching(s, k);
      const after = s[close + 1]?.text;
      if (after === '{')
        k = matching(s, close + 1); // a method of an object literal
      else if (after === '=>' || (after === ':' && typedArrow(s, close + 1, to))) {
        if (!mayRun) k = close; // a generic arrow's parameters: default values run when it is called
      } else {
        const what = calleeName(s, k);
        found.push({ line: t.line, what });
        const handed = namedCallback(s, k, what);
        if (handed) found.push({ line: t.line, what: handed });
        runningCalls.push(close);
      }
    } else if (t.kind === 'template' && t.text.startsWith('`') && isCallee(previous)) {
      found.push({ line: t.line, what: calleeName(s, k) });
    } else if (t.text === 'new' && t.kind === 'word') {
      let end = k + 1;
      while (s[end]?.kind === 'word' && s[end + 1]?.text === '.') end += 2;
      if (s[end + 1]?.text !== '(' && s[end + 1]?.text !== '<')
        found.push({
          line: t.line,
          what: `new ${s
            .slice(k + 1, end + 1)
            .map((u) => u.text)
            .join('')}`,
        });
    }
  }
  return found;
}

/** `(a = f()) => …`, `(a: T = f()): U => …`: the parameters of an arrow. */
function arrowParameters(s: Token[], open: number, to: number): boolean {
  const close = matching(s, open);
  const after = s[close + 1]?.text;
  return after === '=>' || (after === ':' && typedArrow(s, close + 1, to));
}

/** The function a callback method is handed by name (`xs.map(compile)`: `compile`), which it calls. */
function namedCallback(s: Token[], open: number, callee: string): string | undefined {
  const position = callee === 'Array.from' ? 1 : CALLBACK_METHOD.test(callee) ? 0 : -1;
  if (position < 0) return undefined;
  const close = matching(s, open);
  const depth = s[open]!.depth + 1;
  let start = open + 1;
  for (let n = 0; n < position; n++) {
    const comma = s.findIndex((t, j) => j >= start && t.text === ',' && t.depth === depth);
    if (comma === -1 || comma > close) return undefined;
    start = comma + 1;
  }
  // A name or a member path alone, the whole argument: `compile`, `ajv.compile`.
  let j = start;
  while (s[j + 1]?.text === '.' && s[j]?.kind === 'word') j += 2;
  const whole = s[j + 1] === s[close] || (s[j + 1]?.text === ',' && s[j + 1]!.depth === depth);
  const path = s.slice(start, j + 1);
  if (!whole || path.some((t, m) => (m % 2 === 0 ? t.kind !== 'word' || KEYWORDS.has(t.text) : t.text !== '.'))) return undefined;
  return path.map((t) => t.text).join('');
}

function isCallee(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.kind === 'word') return !NOT_CALLEES.has(token.text);
  return token.text === ')' || token.text === ']';
}

/** `(a): T => …`: the `:` after the parameters starts a return type, not a ternary's other branch. */
function typedArrow(s: Token[], colon: number, to: number): boolean {
  const depth = s[colon]!.depth;
  for (let k = colon + 1; k < to; k++) {
    const t = s[k]!;
    if (t.depth < depth || (t.depth === depth && [',', ';', '?'].includes(t.text))) return false;
    if (t.depth === depth && t.text === '=>') return true;
  }
  return false;
}

/** Where an arrow's expression body ends: at a `,` or `;` at its depth, or the bracket around it. */
function arrowExpressionEnd(s: Token[], arrow: number, to: number): number {
  const depth = s[arrow]!.depth;
  for (let k = arrow + 1; k < to; k++) {
    const t = s[k]!;
    if (t.depth < depth || (t.depth === depth && (t.text === ',' || t.text === ';'))) return k;
  }
  return to;
}

/** `Object.freeze`, `new Ajv`, `ajv.compile`, `….map` (on a literal or a call's result). */
function calleeName(s: Token[], open: number): string {
  let j = open - 1;
  if (s[j]?.text === '?.') j--;
  if (s[j]?.text === '>') {
    let angle = 0;
    for (; j >= 0; j--) {
      if (s[j]!.text === '>') angle++;
      else if (s[j]!.text === '<' && --angle === 0) break;
    }
    j--;
  }
  const parts: string[] = [];
  while (s[j]?.kind === 'word') {
    parts.unshift(s[j]!.text);
    if (s[j - 1]?.text !== '.' && s[j - 1]?.text !== '?.') break;
    parts.unshift('.');
    j -= 2;
  }
  if (parts[0] === '.' || parts.length === 0) {
    // Called on a call's result (`keysOf<T>()(…)`, `f().g()`): named after that call.
    const inner = s[j]?.text === ')' ? s.findLastIndex((t, m) => m < j && t.text === '(' && t.depth === s[j]!.depth) : -1;
    parts.unshift(inner >= 0 ? `${calleeName(s, inner)}()` : '…');
    return parts.join('');
  }
  return `${s[j - 1]?.text === 'new' ? 'new ' : ''}${parts.join('')}`;
}

function classStaticWork(s: Token[], from: number): { line: number; what: string }[] {
  const body = s.findIndex((t, j) => j > from && t.text === '{' && t.depth === 0);
  if (body === -1) return [];
  const heritage = expressionWork(s, from + 1, body).filter((w) => w.what !== 'statement');
  const found = [...heritage];
  const end = matching(s, body);
  for (let k = body + 1; k < end; k++) {
    if (s[k]!.text !== 'static' || s[k]!.depth !== 1) continue;
    let j = k + 1;
    while (MEMBER_MODIFIERS.has(s[j]?.text ?? '')) j++;
    if (s[j]?.text === '{') found.push({ line: s[k]!.line, what: 'static block' });
    const assign =
      s[j + 1]?.text === '='
        ? j + 1
        : s.findIndex((t, m) => m > j && t.depth === 1 && (t.text === '=' || t.text === ';' || t.text === '(' || t.line > s[k]!.line));
    if (assign > 0 && s[assign]!.text === '=') {
      const memberEnd = s.findIndex(
        (t, m) => m > assign && t.depth === 1 && (t.text === ';' || (t.line > s[k]!.line && t.col <= s[k]!.col)),
      );
      found.push(...expressionWork(s, assign + 1, memberEnd === -1 ? end : memberEnd));
    }
  }
  return found;
}
