// Variables: ASSIGN sets one, SNIPPET runs Studio's language over all of them.
import type { JsonValue } from '../../domain/json.ts';
import type { StudioAction } from '../../domain/studio.ts';
import { assignLanguage } from '../../domain/studio-properties.ts';
import { evaluateExpression, parseSnippetData, runSnippetData, substituteText } from './language.ts';
import type { StudioRun, StudioStep } from './run-state.ts';
import { branchConnector, describeAction, prop, setVar, take } from './run-state.ts';
import { mockHint } from '../mocks.ts';

/**
 * ASSIGN: Variable gets Value. Type String (the default) keeps the text with its `{var}` placeholders
 * filled in; Numeric evaluates it (`1+1` is 2) (https://help.nicecxone.com/Content/studio/actionscx/assign/assign.htm).
 * Datetime is kept as text like String (assumed). `global:name` outlives a sub-script.
 */
export function runAssign(name: string, action: StudioAction, run: StudioRun): StudioStep {
  const variable = prop(action, 'variable');
  if (variable === '') return { error: `${describeAction(name, action)} has no Variable to assign` };
  const value = prop(action, 'value');
  if (assignLanguage(action) === 'expression') {
    const result = evaluateExpression(value, run.frame.vars, run.clock);
    if (!result.ok) return { error: `${describeAction(name, action)} cannot evaluate ${JSON.stringify(value)}: ${result.message}` };
    setVar(run.frame, variable, result.value);
  } else {
    setVar(run.frame, variable, substituteText(value, run.frame.vars, run.clock));
  }
  return take(name, action, undefined, 'assigned');
}

/**
 * SNIPPET: runs its Data. An error stops the snippet at once, puts its message in `_ERR` and takes the
 * Error branch (https://help.nice-incontact.com/Content/studio/guide/statements.htm,
 * https://help.nice-incontact.com/content/studio/actions/snippet/snippet.htm), else Default. A snippet
 * that calls out (GetRESTProxy, …) cannot run offline: it needs a mock, and the executor only comes
 * here for an unmocked one, so that is the 500 naming the call and the mock to add.
 */
export function runSnippet(name: string, action: StudioAction, run: StudioRun, mockKey: string): StudioStep {
  const parsed = parseSnippetData(prop(action, 'code'));
  if (!parsed.snippet) return { error: `${describeAction(name, action)} does not parse: ${parsed.problem}` };
  const call = parsed.snippet.external[0];
  if (call) {
    return {
      error: `action ${describeAction(name, action)} calls ${call.name} (snippet line ${call.line}): ${mockHint(mockKey, 'Default')}`,
    };
  }
  const result = runSnippetData(parsed.snippet, run.frame.vars, run.clock);
  promoteGlobals(run);
  if (result.ok) return take(name, action, undefined, 'ran');
  setVar(run.frame, '_ERR', result.message);
  const extras = { snippetError: `line ${result.line}: ${result.message}` };
  return { ...take(name, action, branchConnector(action, 'OnError', 'Error'), `failed at line ${result.line}`), extras };
}

/**
 * The language keeps `global:name` as one name; the executor gives it the ASSIGN action's meaning: the
 * variable `name`, marked to outlive a sub-script (https://help.nicecxone.com/content/studio/actionscx/runsub/runsub.htm).
 */
function promoteGlobals(run: StudioRun): void {
  for (const key of Object.keys(run.frame.vars)) {
    if (!/^global:/i.test(key)) continue;
    const value = run.frame.vars[key] as JsonValue;
    delete run.frame.vars[key];
    setVar(run.frame, key, value);
  }
}
