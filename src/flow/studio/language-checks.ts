// What Studio's language (src/snippet/) says of a script's actions at load time: each property the
// executor evaluates (STUDIO_LANGUAGE_PROPERTIES) is parsed as the executor would parse it, so a snippet
// outside the emulator's subset is said with its file, line, action, key and place in the snippet before
// any call, and the run that reaches it stops with the same words (README, Studio scripts). Pure.
import { externalCalls, parseExpression, parseSnippet, parseTemplate, type SnippetProblem } from '../../snippet/index.ts';
import type { StudioAction } from '../../domain/studio.ts';
import {
  STUDIO_LANGUAGE_PROPERTIES,
  studioList,
  studioPropName,
  type StudioLanguage,
  type StudioLanguageProblem,
} from '../../domain/studio-properties.ts';

/** Where a property's value is in the file: its JSON key and line. */
export type PropertyPlace = (name: string) => { key: string; line: number } | undefined;

function parse(text: string, language: Exclude<StudioLanguage, 'template-list' | 'snippet'>): SnippetProblem[] {
  if (language === 'expression') return parseExpression(text).problems;
  // The executor substitutes only text with a `{` (language.ts substituteText): the rest is taken as written.
  return text.includes('{') ? parseTemplate(text).problems : [];
}

/** The problems of one property's text; a list's items each parsed apart, as RUNSUB's Parameters are. */
function problemsOf(action: StudioAction, text: string, language: StudioLanguage): { problem: SnippetProblem; item?: number }[] {
  if (language === 'snippet') {
    const parsed = parseSnippet(text);
    const call = parsed.program ? externalCalls(parsed.program)[0] : undefined;
    if (call) action.externalCall = { name: call.name, line: call.line };
    return parsed.problems.map((problem) => ({ problem }));
  }
  if (language !== 'template-list') return parse(text, language).map((problem) => ({ problem }));
  return studioList(text).flatMap((raw, i) => parse(raw, 'template').map((problem) => ({ problem, item: i + 1 })));
}

/**
 * Parses each property of `action` that the executor evaluates, and sets the action's `languageProblems`
 * and (a SNIPPET) its first external call. Returns the problems, each with the words the run stops with.
 */
export function checkActionLanguage(action: StudioAction, place: PropertyPlace): StudioLanguageProblem[] {
  const found: StudioLanguageProblem[] = [];
  for (const { role, language: how } of STUDIO_LANGUAGE_PROPERTIES[action.type] ?? []) {
    const property = studioPropName(action, role);
    if (property === undefined) continue;
    const text = action.properties[property] ?? '';
    const language = typeof how === 'function' ? how(action) : how;
    const at = place(property) ?? { key: `properties.${action.actionId}`, line: action.propertyLines[property] ?? action.line };
    for (const { problem, item } of problemsOf(action, text, language)) {
      found.push({
        property,
        language,
        key: at.key,
        line: at.line,
        textLine: problem.line,
        column: problem.column,
        message: problem.message,
        ...(item === undefined ? {} : { item }),
      });
    }
  }
  if (found.length > 0) action.languageProblems = found;
  return found;
}
