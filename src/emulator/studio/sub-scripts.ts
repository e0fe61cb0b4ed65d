// Scripts that run other scripts: RUNSUB enters a sub-script and RETURN comes back; RUNSCRIPT moves
// the call into another script for good. Scripts are found by name among the loaded ones (lookup).
import type { JsonValue } from '../../domain/json.ts';
import type { StudioAction, StudioScript } from '../../domain/studio.ts';
import { studioList } from '../../domain/studio-properties.ts';
import { substituteText } from './language.ts';
import type { StudioRun, StudioStep, Vars } from './run-state.ts';
import { describeAction, prop } from './run-state.ts';

/** How deep RUNSUB may nest: far past any real script, and a runaway recursion stops with a clear 500. */
export const MAX_SUB_DEPTH = 64;

function target(name: string, action: StudioAction, run: StudioRun): { script: StudioScript } | { error: string } {
  const wanted = substituteText(prop(action, 'scriptName'), run.frame.vars, run.clock).trim();
  if (wanted === '') return { error: `${describeAction(name, action)} names no script (its ScriptName is empty)` };
  const script = run.lookup(wanted) ?? run.lookup(wanted.replace(/\\/g, '/'));
  if (script) return { script };
  return { error: `${describeAction(name, action)} runs '${wanted}', which is not among the loaded scripts (add its JSON file to flows)` };
}

/** Depth of the RUNSUB calls below the current frame. */
function depth(run: StudioRun): number {
  let n = 0;
  for (let f = run.frame.caller?.frame; f; f = f.caller?.frame) n += 1;
  return n;
}

/**
 * RUNSUB: the sub-script runs, and its RETURN hands control back to the caller, whose Return Variable
 * gets RETURN's value. Parameters arrive in `p1` … `p9` unless named
 * (https://help.nicecxone.com/content/studio/actionscx/runsub/runsub.htm). Assumed where the page is
 * silent: the caller's Parameters property lists the values (separated by `|`, `{var}` filled in);
 * the sub-script's BEGIN Parameters names them; the sub-script starts with a copy of the caller's
 * variables, and only its `global:` variables and the return value come back.
 */
export function runSub(name: string, action: StudioAction, run: StudioRun): StudioStep {
  const found = target(name, action, run);
  if ('error' in found) return found;
  if (depth(run) >= MAX_SUB_DEPTH) return { error: `${describeAction(name, action)} nests sub-scripts deeper than ${MAX_SUB_DEPTH}` };
  const begin = found.script.nodes[found.script.start];
  const names = begin ? studioList(prop(begin, 'parameters')) : [];
  const vars: Vars = structuredClone(run.frame.vars);
  studioList(prop(action, 'parameters')).forEach((raw, i) => {
    const param = names[i] || `p${i + 1}`;
    const value: JsonValue = substituteText(raw, run.frame.vars, run.clock);
    Object.defineProperty(vars, param, { value, writable: true, enumerable: true, configurable: true });
  });
  return { enter: { script: found.script, vars, returns: true }, extras: { target: found.script.id } };
}

/** RETURN: back to the RUNSUB that called (https://help.nicecxone.com/content/Studio/actions/return/return.htm). */
export function runReturn(_name: string, action: StudioAction, run: StudioRun): StudioStep {
  // At the top of the call there is no caller: the script ends there (assumed).
  if (!run.frame.caller) return { ends: true };
  return { returns: { value: substituteText(prop(action, 'returnValue'), run.frame.vars, run.clock) } };
}

/**
 * RUNSCRIPT: the call continues in the other script as if it were part of this one, never coming back,
 * with every variable intact (https://help.nicecxone.com/Content/studio/actionscx/runscript/runscript.htm).
 */
export function runScript(name: string, action: StudioAction, run: StudioRun): StudioStep {
  const found = target(name, action, run);
  if ('error' in found) return found;
  return { enter: { script: found.script, vars: run.frame.vars, returns: false }, extras: { target: found.script.id } };
}
