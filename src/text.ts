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

// The cutters below are one family: each keeps a start of the text that ends on a whole code point (half an
// emoji, a lone surrogate, is not valid UTF-8 in the report and prints as garbage) and marks the cut with CUT_MARK.
// Lengths are UTF-16 code units, as `String.length` counts them: the bounds are for memory and line width.

/** Where a text was cut. */
export const CUT_MARK = '…';

/** The longest start of `text` of at most `max` code units that does not end inside a surrogate pair. */
function headOf(text: string, max: number): string {
  if (max <= 0) return '';
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** `text` in at most `max` characters, the cut (if any) marked at its end. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${headOf(text, max - CUT_MARK.length)}${CUT_MARK}`;
}

/** `text` as quoted in a message: cut at `max` characters, saying how long it was. */
export function excerpt(text: string, max = MAX_EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  return `${headOf(text, max)}${CUT_MARK} (${text.length} characters)`;
}

/** `text` on one line (every run of white space one space, none at the ends), cut by excerpt(). */
export function excerptLine(text: string, max = MAX_EXCERPT_CHARS): string {
  return excerpt(text.replace(/\s+/g, ' ').trim(), max);
}

/**
 * One line of at most `max` characters for a table cell, cut at a word where it can be, with … where it
 * was cut: the cell is a headline, and the whole text is shown elsewhere (the details, the line below).
 */
export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  if (one.length <= max) return one;
  let kept = headOf(one, max - CUT_MARK.length);
  const space = kept.lastIndexOf(' ');
  if (space > max / 2) kept = kept.slice(0, space);
  return `${kept.replace(/[\s,;:]+$/, '')}${CUT_MARK}`;
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
