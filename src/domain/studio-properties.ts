// The properties of Studio actions that the emulator reads, by role, in one table: the executor
// (src/emulator/studio/) reads them through `studioProp`, and the loader (src/flow/studio/language-checks.ts)
// checks at load time exactly those the executor evaluates in Studio's language. Pure.
import type { StudioAction } from './studio.ts';

/**
 * Each role with the property names files use for it, the first preferred. The spellings beyond the first
 * (`Script Name`, `Loops`…) are assumed: Desktop and web Studio label some properties differently.
 */
export const STUDIO_PROPERTY = {
  expression: ['Expression'],
  caseVariable: ['Variable'],
  repeat: ['Repeat', 'Loops', 'Count'],
  counter: ['CounterName', 'Counter Name', 'Counter'],
  code: ['Data'],
  variable: ['Variable'],
  value: ['Value'],
  valueType: ['Type'],
  sequence: ['Sequence'],
  clearDigits: ['ClearDigits'],
  maxDigits: ['MaxDigits'],
  terminator: ['Terminator'],
  musicFile: ['MusicFile'],
  detectDtmf: ['DetectDTMF'],
  secondsToPlay: ['SecondstoPlay'],
  skill: ['Skill'],
  mailbox: ['Mailbox', 'Skill', 'Agent', 'TargetAgent'],
  seconds: ['Seconds'],
  scriptName: ['ScriptName', 'Script Name', 'Script'],
  parameters: ['Parameters'],
  returnValue: ['ReturnValue', 'Return Value'],
  returnVariable: ['ReturnVariable', 'Return Variable'],
} as const satisfies Record<string, readonly string[]>;

export type StudioPropertyRole = keyof typeof STUDIO_PROPERTY;

/** The name of the property the action has for `role` (the first spelling it has), or undefined. */
export function studioPropName(action: StudioAction, role: StudioPropertyRole): string | undefined {
  return STUDIO_PROPERTY[role].find((n) => Object.hasOwn(action.properties, n));
}

/** The action's property for `role` as the file has it, '' when absent. */
export function studioProp(action: StudioAction, role: StudioPropertyRole): string {
  const name = studioPropName(action, role);
  return name === undefined ? '' : (action.properties[name] ?? '');
}

/**
 * How the executor reads a property: `snippet` a Snippet action's code, `expression` one expression,
 * `template` text with `{…}` substitutions, `template-list` a list (studioList) of such texts.
 */
export type StudioLanguage = 'snippet' | 'expression' | 'template' | 'template-list';

/** ASSIGN's Value is an expression when Type is Numeric, else text with substitutions (the ASSIGN help page). */
export function assignLanguage(action: StudioAction): StudioLanguage {
  return studioProp(action, 'valueType').toLowerCase() === 'numeric' ? 'expression' : 'template';
}

/** Per action type, each property the executor evaluates in Studio's language, and as what. */
export const STUDIO_LANGUAGE_PROPERTIES: Readonly<
  Record<string, readonly { role: StudioPropertyRole; language: StudioLanguage | ((action: StudioAction) => StudioLanguage) }[]>
> = {
  SNIPPET: [{ role: 'code', language: 'snippet' }],
  IF: [{ role: 'expression', language: 'expression' }],
  ASSIGN: [{ role: 'value', language: assignLanguage }],
  PLAY: [{ role: 'sequence', language: 'template' }],
  MUSIC: [{ role: 'sequence', language: 'template' }],
  MENU: [{ role: 'sequence', language: 'template' }],
  ASRMENU: [{ role: 'sequence', language: 'template' }],
  REQAGENT: [{ role: 'skill', language: 'template' }],
  VOICEMAIL: [{ role: 'mailbox', language: 'template' }],
  RUNSUB: [
    { role: 'scriptName', language: 'template' },
    { role: 'parameters', language: 'template-list' },
  ],
  RUNSCRIPT: [{ role: 'scriptName', language: 'template' }],
  RETURN: [{ role: 'returnValue', language: 'template' }],
};

/** Names in a list property: a JSON array (as some files hold BEGIN's Parameters) or text split at `|` or `,` (assumed). */
export function studioList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const list = JSON.parse(trimmed) as unknown;
      if (Array.isArray(list)) return list.map((x) => String(x));
    } catch {
      // Not JSON after all: read it as a list of names.
    }
  }
  return trimmed.split(/[|,]/).map((s) => s.trim());
}

/** A property whose language the emulator cannot parse: found at load, and the words the run stops with. */
export interface StudioLanguageProblem {
  /** The property's name, as the file has it (`Data`). */
  property: string;
  language: StudioLanguage;
  /** The JSON key of the property's value (`properties.12.3.value`) and its 1-based line in the file. */
  key: string;
  line: number;
  /** 1-based, inside the property's text (for a list, inside its item). */
  textLine: number;
  column: number;
  message: string;
  /** For a template-list: the 1-based item. */
  item?: number;
}

/** `Data, snippet line 3, column 7: unknown function foo()…`: the one wording of a language problem. */
export function describeLanguageProblem(
  p: Pick<StudioLanguageProblem, 'property' | 'language' | 'textLine' | 'column' | 'message' | 'item'>,
): string {
  const where = p.language === 'snippet' ? 'snippet line' : 'line';
  const item = p.item === undefined ? '' : ` item ${p.item}`;
  return `${p.property}${item}, ${where} ${p.textLine}, column ${p.column}: ${p.message}`;
}
