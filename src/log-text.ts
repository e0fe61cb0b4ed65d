// The one gate between untrusted text and the log. Scenario names, node ids, exit nodes, trace errors,
// server messages and shard reports all reach stdout through progress lines and the console table;
// the runner reads any line that starts with `::` (or the older `##[`) as a workflow command, so an API
// answer holding "\n::error file=…::pwned" or "::stop-commands::" could forge annotations or silence the
// real ones. Every line printed for people passes through here, after secrets are scrubbed.

/** A zero-width space between the two marker characters: readable, and never a command. */
const BREAK = '\u200b';
const COMMAND_START = /^(\s*)(:)(:)|^(\s*)(#)(#(?:\[|vso\[))/gim;

/** Neutralises every line of `text` that the runner would take as a workflow command. */
export function neutralizeCommands(text: string): string {
  return text.replace(COMMAND_START, (_m, ws1, a1, b1, ws2, a2, b2) =>
    ws1 !== undefined ? `${ws1}${a1}${BREAK}${b1}` : `${ws2}${a2}${BREAK}${b2}`,
  );
}

/** A line on its way to the log: secrets out first, then no workflow command can start in it. */
export function toLogText(text: string, scrub: (text: string) => string): string {
  return neutralizeCommands(scrub(text));
}
