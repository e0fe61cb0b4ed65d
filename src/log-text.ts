// The one gate between untrusted text and the log. Scenario names, node ids, exit nodes, trace errors,
// server messages and shard reports all reach stdout through progress lines and the console table;
// the runner reads a line that starts with `::` (after leading white space) as a workflow command, and
// an old-style `##[command]` wherever it stands in a line, so an API answer holding
// "\n::error file=…::pwned" or "::stop-commands::" could forge annotations or silence the real ones.
// Every line printed for people passes through here, after secrets are scrubbed. The runner splits
// lines on \r as well as \n, and so does `^` in a multiline JavaScript pattern.

/** A zero-width space between the two marker characters: readable, and never a command. */
const BREAK = '\u200b';
const V2_COMMAND = /^(\s*):(?=:)/gm;
const V1_COMMAND = /#(?=#(?:\[|vso\[))/g;

/** Neutralises everything in `text` that the runner would take as a workflow command. */
export function neutralizeCommands(text: string): string {
  return text.replace(V2_COMMAND, `$1:${BREAK}`).replace(V1_COMMAND, `#${BREAK}`);
}

/** A line on its way to the log: secrets out first, then no workflow command can start in it. */
export function toLogText(text: string, scrub: (text: string) => string): string {
  return neutralizeCommands(scrub(text));
}
