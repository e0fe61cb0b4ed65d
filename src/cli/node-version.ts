// The first module the CLI's bundle evaluates (bin.ts imports it before anything else): on a Node too
// old for the code after it, one clear line instead of a stack trace from deep inside a dependency.

/** AbortSignal.any, which every wait relies on, came in Node 20.3. package.json's `engines` says the same. */
export const MIN_NODE = [20, 3] as const;

/** The sentence to print for a Node older than MIN_NODE, else null. Pure. */
export function tooOldNode(version: string): string | null {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return null;
  return `error: cxone-flow-test needs Node ${MIN_NODE.join('.')} or newer; this is Node ${version.replace(/^v/, '')}. Install a current Node (https://nodejs.org) and run it again.\n`;
}

const problem = tooOldNode(process.versions.node);
if (problem) {
  process.stderr.write(problem);
  process.exit(1);
}
