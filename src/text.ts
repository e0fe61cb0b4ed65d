// Wording shared by every part that talks to people: "1 scenario", "3 scenarios".
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/**
 * The line of a problem that has none: a file that could not be read or is too big, a glob that matched
 * nothing. Rendered as the file alone (or nothing), never as a made-up `:1`.
 */
export const NO_LINE = 0;

/** `file:line`, the file alone when there is no line, '' when there is no file (an input). */
export function location(file: string, line: number): string {
  if (!file) return '';
  return line > NO_LINE ? `${file}:${line}` : file;
}

/** `location: text`, or the text alone when there is no location. */
export function located(file: string, line: number, text: string): string {
  const where = location(file, line);
  return where ? `${where}: ${text}` : text;
}

/**
 * How much of a file's content one message may quote (a value, a key, a name, a YAML token): enough to
 * recognise it, never a whole line of a 1 MB one-line file, nor the text of a file that is not ours.
 */
export const MAX_EXCERPT_CHARS = 80;

/**
 * The longest string the report keeps (a node id, an exit node, a trace error, a prompt): longer ones are
 * cut, saying how long they were, after secrets are scrubbed. js-yaml's writer overflows the stack on a
 * single string of about 2 MB, and fifty of them would not fit in memory.
 */
export const MAX_REPORT_STRING_CHARS = 16 * 1024;

/** The longest line printed to the log (after the gate has scrubbed it). */
export const MAX_LOG_LINE_CHARS = 4 * 1024;
/**
 * Past this a whole problem message is cut: the backstop for any quote that did not go through excerpt().
 * Room for the wording around a few excerpts.
 */
export const MAX_MESSAGE_CHARS = 8 * MAX_EXCERPT_CHARS;

/** `text` as quoted in a message: cut at `max` characters, saying how long it was. */
export function excerpt(text: string, max = MAX_EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair: half an emoji is not valid UTF-8 in the report.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/**
 * One line of at most `max` characters for a table cell, cut at a word where it can be, with … where it
 * was cut: the cell is a headline, and the whole text is shown elsewhere (the details, the line below).
 */
export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  if (one.length <= max) return one;
  let cut = one.slice(0, /[\uD800-\uDBFF]/.test(one.charAt(max - 2)) ? max - 2 : max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:]+$/, '')}…`;
}

/** A value as a message quotes it: JSON for scalars, cut by excerpt(). */
export function quoteValue(value: unknown): string {
  return excerpt(JSON.stringify(value) ?? String(value));
}

/** Every problem leaves its loader through here, so no message or key can carry more than a bounded piece of a file. */
export function boundProblem<T extends { message: string; key: string }>(problem: T): T {
  if (problem.message.length <= MAX_MESSAGE_CHARS && problem.key.length <= MAX_MESSAGE_CHARS) return problem;
  return { ...problem, message: excerpt(problem.message, MAX_MESSAGE_CHARS), key: excerpt(problem.key, MAX_MESSAGE_CHARS) };
}

/** Room for excerpt's "… (N characters)", so a string cut once is not cut again by a later pass. */
const CUT_NOTE_CHARS = 40;

/** A string as the report keeps it: at most MAX_REPORT_STRING_CHARS, and its cut note. */
export function capText(text: string): string {
  return text.length <= MAX_REPORT_STRING_CHARS + CUT_NOTE_CHARS ? text : excerpt(text, MAX_REPORT_STRING_CHARS);
}
