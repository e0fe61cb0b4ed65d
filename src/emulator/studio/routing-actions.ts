// Where the call goes: to an agent's skill, to voicemail, waits, or ends.
import type { StudioAction } from '../../domain/studio.ts';
import { substituteText } from './language.ts';
import type { StudioRun, StudioStep } from './run-state.ts';
import { defaultConnector, describeAction, prop, take } from './run-state.ts';

/** A route ends the call unless a connector goes on (as a YAML Route without `next`). */
function route(action: StudioAction, target: string): StudioStep {
  const connector = defaultConnector(action);
  return connector ? { connector, extras: { target } } : { ends: true, extras: { target } };
}

/**
 * REQAGENT: requests an agent with the Skill (`Default`: the point of contact's skill; variables allowed)
 * and queues the contact; the script goes on while it waits
 * (https://help.nicecxone.com/content/studio/actionscx/reqagent/reqagent.htm). The trace's target is
 * the skill. Offline no agent is ever busy, so the call ends here, routed: what the script does while a
 * caller waits (the usual MUSIC and WAIT hold loop) would otherwise run until maxLoops in every test.
 * A scenario that wants to run past it mocks it (`mocks: { Queue: { branch: Default } }`).
 */
export function runReqAgent(_name: string, action: StudioAction, run: StudioRun): StudioStep {
  const skill = substituteText(prop(action, 'skill'), run.frame.vars, run.clock) || 'Default';
  return { ends: true, extras: { target: skill } };
}

/**
 * VOICEMAIL: records a message (no public page lists its properties: assumed). The target is the
 * mailbox it names (Mailbox, Skill or Agent, whichever the file has), else `voicemail`.
 */
export function runVoicemail(_name: string, action: StudioAction, run: StudioRun): StudioStep {
  const box = prop(action, 'mailbox');
  return route(action, substituteText(box, run.frame.vars, run.clock) || 'voicemail');
}

/**
 * WAIT: pauses for Seconds (fractions allowed), then Default
 * (https://help.nicecxone.com/content/Studio/actionscx/wait/wait.htm). The run's simulated time advances
 * by that much, so `expect.maxDurationMs` sees hold loops.
 */
export function runWait(name: string, action: StudioAction): StudioStep {
  const raw = prop(action, 'seconds').replace(',', '.');
  const seconds = raw === '' ? 0 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    return { error: `${describeAction(name, action)} has Seconds ${JSON.stringify(raw)}, expected a number of seconds` };
  }
  return { ...take(name, action, undefined, 'waited'), costMs: Math.round(seconds * 1000) };
}

/**
 * HANGUP disconnects the caller and END ends the script
 * (https://help.nice-incontact.com/content/studio/guide/technicalguide.htm): the run ends at either.
 */
export function runEnd(): StudioStep {
  return { ends: true };
}
