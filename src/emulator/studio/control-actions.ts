// Flow control: BEGIN, IF, CASE, LOOP. Each picks a connector from the script's variables.
import type { StudioAction } from '../../domain/studio.ts';
import { evaluateExpression, looselyEqual, truthOf } from './language.ts';
import type { StudioRun, StudioStep } from './run-state.ts';
import { branchConnector, caseConnector, describeAction, getVar, prop, setVar, take } from './run-state.ts';

/** BEGIN: where every script starts; its one connector is Default (README, Studio scripts). Parameters are set on entry. */
export function runBegin(name: string, action: StudioAction): StudioStep {
  return take(name, action, undefined, 'began');
}

/**
 * IF: the Expression is TRUE or FALSE and takes the True or False branch; the page lists no Default
 * (https://help.nicecxone.com/Content/studio/actionscx/if/if.htm). An expression that cannot be
 * evaluated stops the run: a script that Studio would not save is not a path to report.
 */
export function runIf(name: string, action: StudioAction, run: StudioRun): StudioStep {
  const expression = prop(action, 'expression');
  const result = evaluateExpression(expression, run.frame.vars, run.clock);
  if (!result.ok) return { error: `${describeAction(name, action)} cannot evaluate ${JSON.stringify(expression)}: ${result.message}` };
  const truth = truthOf(result.value);
  const label = truth ? 'True' : 'False';
  const connector = branchConnector(action, label);
  if (connector) return { connector };
  return take(name, action, undefined, `is ${label}`);
}

/**
 * CASE: the Variable's value picks the custom condition of that name, else Default
 * (https://help.nicecxone.com/Content/studio/actionscx/case/case.htm). Values compare as the snippet
 * language compares them (numbers as numbers, text ignoring case: looselyEqual).
 */
export function runCase(name: string, action: StudioAction, run: StudioRun): StudioStep {
  const variable = prop(action, 'caseVariable');
  const value = getVar(run.frame, variable);
  const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const chosen = caseConnector(action, text, (caseValue) => looselyEqual(caseValue, value ?? ''));
  return { ...take(name, action, chosen, `has ${variable} = ${JSON.stringify(text)}, which no case takes`), extras: { input: text } };
}

/**
 * LOOP: the Repeat connector the number of times its Repeat property says, then Finish once
 * (https://help.nicecxone.com/Content/studio/actionscx/loop/loop.htm: with Repeat 3 the contact gets
 * three attempts and the next execution takes Finish). The count then starts again (assumed, as a loop
 * block does elsewhere), and Counter Name receives the current count.
 */
export function runLoop(name: string, action: StudioAction, run: StudioRun, qualified: string): StudioStep {
  const times = Number.parseInt(prop(action, 'repeat'), 10);
  if (!Number.isInteger(times) || times < 0) {
    return { error: `${describeAction(name, action)} has Repeat ${JSON.stringify(prop(action, 'repeat'))}, expected a whole number` };
  }
  const done = run.loops.get(qualified) ?? 0;
  const counter = prop(action, 'counter');
  if (done < times) {
    run.loops.set(qualified, done + 1);
    if (counter !== '') setVar(run.frame, counter, done + 1);
    return {
      ...take(name, action, branchConnector(action, 'Repeat'), `repeats (${done + 1} of ${times})`),
      extras: { input: String(done + 1) },
    };
  }
  run.loops.delete(qualified);
  return take(name, action, branchConnector(action, 'Finish', 'Finished'), `finished its ${times} repeats`);
}
