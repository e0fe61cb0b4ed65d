// The emulator's answer to a script read (GET STUDIO_SCRIPTS_PATH?scriptPath=…, README, Pulling a script): the
// loaded Studio scripts by folder path. A script's folder path is its file's path relative to where the
// emulator runs (the business unit's root folder, as it were), without `.json`, folders separated by
// backslashes as Studio's are: `Sales/Main IVR.json` answers `Sales\Main IVR`. Pure.
import { isStudioScript, type LoadedFlow } from '../domain/flow.ts';
import type { StudioScript } from '../domain/studio.ts';

/**
 * Assumed: CXone matches folder paths regardless of case, as its Windows-style paths suggest; one function,
 * easy to change. Forward slashes are not read as folder separators (CXone's paths use backslashes): `Sales/Main IVR` answers 404.
 */
function pathKey(scriptPath: string): string {
  return scriptPath.toLowerCase();
}

/** The folder path a loaded script answers to; undefined for a script without its file's text (built in code). */
export function studioScriptPath(script: StudioScript): string | undefined {
  if (script.source.text === undefined) return undefined;
  return script.source.file.replace(/\.json$/i, '').replaceAll('/', '\\');
}

/** Finds a loaded script by folder path; the first file to claim a path keeps it, as for flow ids. */
export function createScriptPathLookup(flows: readonly LoadedFlow[]): (scriptPath: string) => StudioScript | undefined {
  const byPath = new Map<string, StudioScript>();
  for (const flow of flows) {
    if (!isStudioScript(flow)) continue;
    const scriptPath = studioScriptPath(flow);
    if (scriptPath !== undefined && !byPath.has(pathKey(scriptPath))) byPath.set(pathKey(scriptPath), flow);
  }
  return (scriptPath) => byPath.get(pathKey(scriptPath));
}
