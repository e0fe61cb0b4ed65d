// The syntax tree of Studio's snippet language: what the parser builds, the checker walks and the
// interpreter runs. Plain data (JSON-compatible), so a loaded flow can hold a parsed snippet.

/** A value of a Studio variable. DYNAMIC objects are records, dynamic arrays are arrays; JSON-compatible. */
export type StudioValue = string | number | boolean | StudioValue[] | { [k: string]: StudioValue } | null;

/** Where a node starts: 1-based line and column within the snippet text. */
export interface Position {
  line: number;
  column: number;
}

export interface SnippetProblem {
  line: number;
  column: number;
  message: string;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '\\' | '^' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '|' | '~';

export type Expression =
  | ({ kind: 'literal'; value: StudioValue } & Position)
  /** A quoted string with `{expression}` parts (the braces substitution). */
  | ({ kind: 'template'; parts: (string | Expression)[] } & Position)
  | ({ kind: 'var'; name: string } & Position)
  | ({ kind: 'member'; object: Expression; name: string } & Position)
  | ({ kind: 'index'; object: Expression; index: Expression } & Position)
  /**
   * A call: `name(args)`, or `receiver.name(args)` which is `name(receiver, args)` for a built-in.
   * `external` marks a call that reaches outside the script (REST proxies and their methods).
   */
  | ({ kind: 'call'; name: string; receiver?: Expression; args: Expression[]; external: boolean } & Position)
  | ({ kind: 'unary'; op: '-' | '!'; operand: Expression } & Position)
  | ({ kind: 'binary'; op: BinaryOp; left: Expression; right: Expression } & Position);

/** A branch of SWITCH (values to match) or SELECT (conditions): CASE lines stacked on one block share it. */
export interface CaseClause {
  tests: Expression[];
  body: Statement[];
}

export type Statement =
  | ({ kind: 'assign'; target: Expression; value: Expression } & Position)
  | ({ kind: 'dynamic'; name: string } & Position)
  | ({ kind: 'if'; condition: Expression; then: Statement[]; else?: Statement[] } & Position)
  | ({ kind: 'switch'; subject: Expression; cases: CaseClause[]; default?: Statement[] } & Position)
  | ({ kind: 'select'; cases: CaseClause[]; default?: Statement[] } & Position)
  | ({ kind: 'for'; variable: string; from: Expression; to: Expression; body: Statement[] } & Position)
  | ({ kind: 'foreach'; variable: string; list: Expression; body: Statement[] } & Position)
  | ({ kind: 'while'; condition: Expression; body: Statement[] } & Position)
  | ({ kind: 'break' } & Position)
  /** A call on its own line, e.g. `proxy.AddHeader("k", "v")`. */
  | ({ kind: 'call'; call: Expression } & Position);

export interface Program {
  statements: Statement[];
}
