// Studio script JSON text in the shape Studio's version control commits (README, Studio scripts): a
// header, then actions, properties and branches keyed by action id. For benches that time the loader
// on real file text, and for writing example scripts.

/** Library ids of the action types (the same in every tenant, as far as public files show). */
const LIBRARY_IDS: Readonly<Record<string, string>> = {
  BEGIN: 'B2F794C5-0232-40E7-9830-76D573BF57D7',
  MENU: 'DAEE9C00-12CE-4222-A42E-307C37D53B7F',
  PLAY: 'B1B9A2DD-65B6-4626-9CF5-9CFA69CF59E2',
  ASSIGN: '9015C095-98D9-441F-BF92-E90F5C5ED8C8',
  IF: '6695BA9C-E1D6-4F3C-A15A-94F1400E3169',
  CASE: '22050500-6DC0-4949-AF9C-1E52975F141D',
  SNIPPET: 'B333DA63-33C8-4297-A58A-E9546CF7F0F2',
  RUNSUB: 'F8B958D0-8CD3-40DF-97D3-5862930B0807',
  REQAGENT: '689A4A1B-FA0D-47B3-9A02-CBEB4735F08F',
  HANGUP: 'B64A6796-4F66-4B1B-A9B5-3AF926AB4B7C',
  END: '93FB8888-30CF-4DF3-8ED9-1F2986819080',
  WAIT: '5BF67B1C-9736-434D-9B6F-0D856AEA8F16',
  MUSIC: 'DBCC742B-28D8-42D1-9D95-0D9ABF20B04B',
};

export interface StudioJsonBranch {
  to: number;
  /** `default`, `case` (label: the value) or `branch` (label: the connector's name). */
  type: 'default' | 'case' | 'branch';
  label?: string;
}

export interface StudioJsonAction {
  id: number;
  name: string;
  label: string;
  properties?: [string, string][];
  branches?: StudioJsonBranch[];
}

export interface StudioJsonHeader {
  scriptName: string;
  masterId: number;
  busNo?: number;
}

/** The script's JSON text, two-space indented; actions laid out on a grid of eight columns. */
export function studioJson(header: StudioJsonHeader, actions: readonly StudioJsonAction[]): string {
  const ids = actions.map((a) => a.id);
  const doc = {
    header: {
      scriptName: header.scriptName,
      busNo: header.busNo ?? 4600123,
      mediaType: 4,
      mediaTypeName: 'call',
      purposeType: 'General',
      masterId: header.masterId,
      nextActionId: Math.max(0, ...ids) + 1,
      status: 'Active',
      variableRedaction: '',
    },
    actions: Object.fromEntries(
      actions.map((a, i) => [
        String(a.id),
        {
          actionId: a.id,
          // No public file shows the library id of some types (HOURS, VOICEMAIL): left out rather than made up.
          ...(LIBRARY_IDS[a.name] ? { libraryId: LIBRARY_IDS[a.name] } : {}),
          name: a.name,
          version: 1,
          label: a.label,
          dependencyOrder: '0',
          implType: '0',
          x: 144 + (i % 8) * 176,
          y: 112 + Math.floor(i / 8) * 128,
        },
      ]),
    ),
    properties: Object.fromEntries(
      actions.map((a) => [String(a.id), Object.fromEntries((a.properties ?? []).map(([name, value], i) => [String(i), { name, value }]))]),
    ),
    branches: Object.fromEntries(
      actions
        .filter((a) => (a.branches ?? []).length > 0)
        .map((a) => [String(a.id), (a.branches ?? []).map((b, index) => ({ to: b.to, label: b.label ?? '', type: b.type, index }))]),
    ),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
