// The actions that hear the caller: MENU and ASRMENU collect a choice, PLAY and MUSIC can be cut short
// by a key press. The request's dtmf is every key the caller presses, in order; each action takes its own.
import type { StudioAction } from '../../domain/studio.ts';
import { compileKeyword } from '../conditions.ts';
import { substituteText } from './language.ts';
import type { StudioRun, StudioStep } from './run-state.ts';
import { branchConnector, caseConnector, prop, setVar, take } from './run-state.ts';

function promptOf(action: StudioAction, run: StudioRun): Partial<{ prompt: string }> {
  const sequence = prop(action, 'sequence');
  return sequence === '' ? {} : { prompt: substituteText(sequence, run.frame.vars, run.clock) };
}

/**
 * ClearDigits (default True) empties the key buffer as the action starts
 * (https://help.nice-incontact.com/content/studio/actionscx/play/play.htm): keys pressed during an
 * earlier PLAY are gone unless the action says ClearDigits False. Later keys are pressed after it starts.
 */
function clearTypeAhead(action: StudioAction, run: StudioRun): void {
  if (prop(action, 'clearDigits').toLowerCase() !== 'false') run.dtmfPos += run.typedAhead;
  run.typedAhead = 0;
}

/**
 * MaxDigits keys, or fewer when the Terminator comes first. The terminator counts towards MaxDigits, and
 * a `-` after it in the property (the default `#-`) keeps it out of the value, as on CAPTURE
 * (https://help.nicecxone.com/content/studio/actionscx/capture/capture.htm; assumed the same on MENU).
 */
export function collectDigits(action: StudioAction, run: StudioRun): { pressed: string; value: string } {
  const max = Math.max(1, Number.parseInt(prop(action, 'maxDigits'), 10) || 1);
  const terminatorProp = prop(action, 'terminator');
  const terminator = terminatorProp.charAt(0);
  const strip = terminatorProp.charAt(1) === '-';
  let pressed = '';
  while (pressed.length < max && run.dtmfPos < run.dtmf.length) {
    const key = run.dtmf.charAt(run.dtmfPos++);
    pressed += key;
    if (terminator !== '' && terminator !== '-' && key === terminator) break;
  }
  const value = strip && terminator !== '' && pressed.endsWith(terminator) ? pressed.slice(0, -1) : pressed;
  return { pressed, value };
}

/**
 * MENU: "when the contact presses a number, the script follows the branch for that number, if that number
 * is linked to a branch. If the number is not linked, the script takes the Default branch"
 * (https://help.incontact.com/Content/Studio/Actions/MENU/MENU.htm). No keys left is the timeout: the
 * OnTimeout connector, else Default (assumed; the page asks the script to handle timeouts). A wired
 * OnInvalid takes unlinked numbers before Default (assumed; no help page lists it).
 */
export function runMenu(name: string, action: StudioAction, run: StudioRun): StudioStep {
  clearTypeAhead(action, run);
  const extras = promptOf(action, run);
  if (run.dtmfPos >= run.dtmf.length) {
    return { ...take(name, action, branchConnector(action, 'OnTimeout'), 'timed out (no keys left)'), extras };
  }
  const { pressed, value } = collectDigits(action, run);
  const variable = prop(action, 'variable');
  if (variable !== '') setVar(run.frame, variable, value);
  const chosen = caseConnector(action, value) ?? branchConnector(action, 'OnInvalid');
  return { ...take(name, action, chosen, `got "${pressed}", which no case takes`), extras: { ...extras, input: pressed } };
}

/**
 * ASRMENU: the caller answers by voice and the utterance picks the choice
 * (https://help.nicecxone.com/content/Studio/actionscx/asrmenu/asrmenu.htm). A case value is found as
 * words in the utterance, ignoring case, as GatherInput's intents (assumed); no utterance left is the
 * timeout, one that names no case OnNoMatch, each falling back to Default.
 */
export function runAsrMenu(name: string, action: StudioAction, run: StudioRun): StudioStep {
  const extras = promptOf(action, run);
  if (run.speechUsed || run.speech.trim() === '') {
    return { ...take(name, action, branchConnector(action, 'OnTimeout', 'OnNoInput'), 'heard nothing (speech used up)'), extras };
  }
  run.speechUsed = true;
  const cases = action.connectors.filter((c) => c.kind === 'case');
  const chosen = cases.find((c) => compileKeyword(c.value).test(run.speech));
  const variable = prop(action, 'variable');
  if (variable !== '') setVar(run.frame, variable, chosen?.value ?? run.speech);
  return {
    ...take(name, action, chosen ?? branchConnector(action, 'OnNoMatch'), `heard "${run.speech}", which no choice matches`),
    extras: { ...extras, input: run.speech },
  };
}

/**
 * PLAY and MUSIC: the whole sequence plays unless DetectDTMF is on and the caller presses a key; then the
 * Digit connector (https://help.nice-incontact.com/content/studio/actionscx/play/play.htm). The key stays
 * in the buffer for the next action that collects keys (type-ahead, unless that one clears digits).
 */
export function runPlay(name: string, action: StudioAction, run: StudioRun): StudioStep {
  clearTypeAhead(action, run);
  const extras = promptOf(action, run);
  const music = prop(action, 'musicFile');
  if (music !== '' && extras.prompt === undefined) extras.prompt = music;
  const detect = prop(action, 'detectDtmf').toLowerCase() === 'true';
  const digit = branchConnector(action, 'Digit');
  const seconds = Number(prop(action, 'secondsToPlay'));
  const costMs = action.type === 'MUSIC' && seconds > 0 ? seconds * 1000 : undefined;
  const timing = costMs === undefined ? {} : { costMs };
  if (detect && digit && run.dtmfPos < run.dtmf.length) {
    run.typedAhead = 1;
    return { connector: digit, extras: { ...extras, input: run.dtmf.charAt(run.dtmfPos) }, ...timing };
  }
  return { ...take(name, action, undefined, 'played'), extras, ...timing };
}
