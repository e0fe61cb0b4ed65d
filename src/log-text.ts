// The one gate between untrusted text and the log. Scenario names, node ids, exit nodes, trace errors,
// server messages and shard reports all reach stdout through progress lines and the console table;
// the runner reads a line that starts with `::` (after leading white space) as a workflow command, and
// an old-style `##[command]` wherever it stands in a line, so an API answer holding
// "\n::error file=…::pwned" or "::stop-commands::" could forge annotations or silence the real ones.
// Every line printed for people passes through here, after secrets are scrubbed. The runner splits
// lines on \r as well as \n, and so does `^` in a multiline JavaScript pattern.

import { excerpt, MAX_LOG_LINE_CHARS } from './text.ts';

/** A zero-width space between the two marker characters: readable, and never a command. */
const BREAK = '\u200b';
/**
 * The runner trims with .NET's TrimStart, whose white space is JavaScript's \s plus U+0085 (NEL): a
 * line that starts with NEL then `::` is a command there, so it counts as white space here too.
 */
const V2_COMMAND = /^([\s\u0085]*):(?=:)/gm;
const V1_COMMAND = /#(?=#(?:\[|vso\[))/g;

/** Neutralises everything in `text` that the runner would take as a workflow command. */
export function neutralizeCommands(text: string): string {
  return text.replace(V2_COMMAND, `$1:${BREAK}`).replace(V1_COMMAND, `#${BREAK}`);
}

/** Each line at most MAX_LOG_LINE_CHARS (a bounded pattern over a 12 MB line overflows V8's regex stack: split instead). */
function capLines(text: string): string {
  if (text.length <= MAX_LOG_LINE_CHARS) return text;
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => (part.length > MAX_LOG_LINE_CHARS ? excerpt(part, MAX_LOG_LINE_CHARS) : part))
    .join('');
}

/** A line on its way to the log: secrets out first, then cut to a readable length, and no workflow command can start in it. */
export function toLogText(text: string, scrub: (text: string) => string): string {
  return neutralizeCommands(capLines(scrub(text)));
}
