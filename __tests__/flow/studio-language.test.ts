// Studio's language at load time: each property the executor evaluates is parsed by the loader, said
// with file, line, action, key and place in the text, turned into an error finding, and the run that
// reaches the action stops with the same words.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFlowGraph } from '../../src/analysis/graph.ts';
import type { StudioScript } from '../../src/domain/studio.ts';
import { executeStudio } from '../../src/emulator/studio/execute.ts';
import { parseJsonFlowFile } from '../../src/flow/studio/parse.ts';
import { describeFinding } from '../../src/report/wording.ts';
import type { ActionSpec } from '../helpers/studio-builder.ts';
import { studioRequest } from '../helpers/studio-builder.ts';
import { lineWith, studioJson } from '../helpers/studio-json.ts';

const FILE = 'Main.json';

/** BEGIN → the action under test (id 2) → HANGUP. */
function scriptWith(action: Omit<ActionSpec, 'id' | 'to'>): {
  text: string;
  script: StudioScript;
  problems: ReturnType<typeof parseJsonFlowFile>;
} {
  const text = studioJson('Main', [
    { id: 1, type: 'BEGIN', label: 'Begin', to: { default: 2 } },
    { id: 2, ...action, to: action.type === 'IF' ? { True: 3, False: 3 } : { default: 3 } },
    { id: 3, type: 'HANGUP', label: 'Bye' },
  ]);
  const parsed = parseJsonFlowFile(text, FILE);
  assert.equal(parsed.kind, 'studio');
  assert.ok(parsed.kind === 'studio' && parsed.script, `the script stays usable: ${JSON.stringify(parsed)}`);
  return { text, script: parsed.script, problems: parsed };
}

const problemsOf = (p: ReturnType<typeof parseJsonFlowFile>) => (p.kind === 'studio' ? p.problems : []);

describe('the loader parses what the executor evaluates', () => {
  const cases: {
    name: string;
    action: Omit<ActionSpec, 'id' | 'to'>;
    property: string;
    /** The property's index among the action's properties: its key is properties.2.<index>.value. */
    index: number;
    at: string;
  }[] = [
    {
      name: 'SNIPPET Data: an unknown function, on snippet line 3',
      action: { type: 'SNIPPET', label: 'Compute', properties: { Data: 'x = 1\ny = 2\nz = foo(x)' } },
      property: 'Data',
      index: 0,
      at: "Data, snippet line 3, column 5: unknown function foo(): the emulator's snippet subset does not have it",
    },
    {
      name: 'SNIPPET Data: a statement cut short',
      action: { type: 'SNIPPET', label: 'Compute', properties: { Data: 'ASSIGN x = ' } },
      property: 'Data',
      index: 0,
      at: 'Data, snippet line 1, column 12: expected a value, found the end of the snippet',
    },
    {
      name: 'IF Expression: AND is no operator',
      action: { type: 'IF', label: 'Check', properties: { Expression: 'x = 1 and y' } },
      property: 'Expression',
      index: 0,
      at: 'Expression, line 1, column 7: AND is not an operator in Studio: write &',
    },
    {
      name: 'ASSIGN Numeric Value: an expression',
      action: { type: 'ASSIGN', label: 'Total', properties: { Variable: 'total', Value: '1 +', Type: 'Numeric' } },
      property: 'Value',
      index: 1,
      at: 'Value, line 1, column 4: expected a value, found the end of the snippet',
    },
    {
      name: 'ASSIGN String Value: a template with an unknown function',
      action: { type: 'ASSIGN', label: 'Greeting', properties: { Variable: 'g', Value: 'Hello {shout(name)}', Type: 'String' } },
      property: 'Value',
      index: 1,
      at: "Value, line 1, column 8: unknown function shout(): the emulator's snippet subset does not have it",
    },
    {
      name: 'PLAY Sequence: a brace never closed',
      action: { type: 'PLAY', label: 'Say', properties: { Sequence: '"%Hi {name"' } },
      property: 'Sequence',
      index: 0,
      at: 'Sequence, line 1, column 6: this { in a string has no closing } on its line',
    },
    {
      name: 'MENU Sequence',
      action: { type: 'MENU', label: 'Menu', properties: { Sequence: '"%Press {1+}"', Variable: 'c' } },
      property: 'Sequence',
      index: 0,
      at: 'Sequence, line 1, column 12: expected a value, found the closing }',
    },
    {
      name: 'RUNSUB Parameters: each item, named by its place',
      action: { type: 'RUNSUB', label: 'Call', properties: { ScriptName: 'Sub', Parameters: '{a}|{b +}' } },
      property: 'Parameters',
      index: 1,
      at: 'Parameters item 2, line 1, column 5: expected a value, found the closing }',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { text, script, problems } = scriptWith(c.action);
      const line = lineWith(text, `"value": ${JSON.stringify(c.action.properties![c.property])}`);
      const label = c.action.label!;
      const [problem, ...more] = problemsOf(problems).filter((p) => p.code === 'FLOW_STUDIO_LANGUAGE');
      assert.equal(more.length, 0, JSON.stringify(more));
      assert.deepEqual(problem, {
        code: 'FLOW_STUDIO_LANGUAGE',
        file: FILE,
        line,
        node: label,
        key: `properties.2.${c.index}.value`,
        message: `action 2 '${label}' (${c.action.type}): ${c.at}; the emulator cannot run it, so a run that reaches it stops there`,
      });
      // The same words as an error finding on the same line, which fails the run's check...
      const findings = checkFlowGraph(script).filter((f) => f.code === 'FLOW_LANGUAGE');
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.severity, 'error');
      assert.equal(findings[0]!.line, line);
      assert.equal(findings[0]!.file, FILE);
      assert.equal(findings[0]!.node, label);
      assert.ok(describeFinding(findings[0]!).includes(c.at), describeFinding(findings[0]!));
      // ...and the run that gets there stops with them.
      const run = executeStudio(script, studioRequest({ variables: { name: 'Ann', a: 1, b: 2 } }));
      assert.equal(run.status, 500, JSON.stringify(run.body));
      assert.equal((run.body as { message: string }).message, `Flow 'Main' failed: '${label}' (${c.action.type} #2) cannot run: ${c.at}`);
    });
  }

  test('what the executor does not evaluate is not parsed: a MENU Phrase, a CASE Variable, a String Value without braces', () => {
    const { script, problems } = scriptWith({
      type: 'ASSIGN',
      label: 'Plain',
      properties: { Variable: 'v', Value: '1 + and )', Type: 'String', Phrase: '{oops' },
    });
    assert.deepEqual(problemsOf(problems), []);
    assert.deepEqual(checkFlowGraph(script), []);
    assert.equal(executeStudio(script, studioRequest()).status, 200);
  });

  test('a snippet that calls out needs a mock: a warning naming the call, none once a scenario mocks it', () => {
    const { script, problems } = scriptWith({
      type: 'SNIPPET',
      label: 'Lookup',
      properties: { Data: 'p = GetRESTProxy()\nr = p.MakeRestRequest("u", "", 0, "GET")' },
    });
    assert.deepEqual(problemsOf(problems), []);
    const [warning, ...rest] = checkFlowGraph(script);
    assert.equal(rest.length, 0);
    assert.equal(warning?.code, 'FLOW_UNEXECUTED_ACTION');
    assert.equal(warning?.severity, 'warning');
    assert.deepEqual(warning?.params, { node: 'Lookup', type: 'SNIPPET', call: 'GetRESTProxy' });
    assert.match(describeFinding(warning!), /^'Lookup' calls GetRESTProxy, which cannot run offline: no scenario of the run mocks it/);
    assert.deepEqual(checkFlowGraph(script, { mocked: new Set(['Lookup']) }), []);
  });

  test('on CXone, or where every scenario mocks the action, the emulator’s limits are no finding', () => {
    const { script } = scriptWith({ type: 'SNIPPET', label: 'Compute', properties: { Data: 'z = foo(1)' } });
    assert.equal(checkFlowGraph(script).length, 1);
    assert.deepEqual(checkFlowGraph(script, { target: 'api' }), []);
    assert.deepEqual(checkFlowGraph(script, { target: 'emulator', mocked: new Set(['Compute']) }), []);
    // A mock answers for the action: the run goes on past the code it cannot parse.
    const mocked = executeStudio(script, studioRequest({ mocks: { Compute: { branch: 'Default' } } }));
    assert.equal(mocked.status, 200, JSON.stringify(mocked.body));
  });
});
