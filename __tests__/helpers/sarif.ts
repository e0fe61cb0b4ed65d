// Checks a SARIF log against the official SARIF 2.1.0 JSON Schema (OASIS, with its approved errata, vendored
// under fixtures/sarif/ with its licence), formats included: a file path that is no URI reference fails.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { FIXTURES } from './action.ts';

// CommonJS modules: Node hands over module.exports, whose `default` TypeScript's types describe.
const Ajv04 = Ajv04Module.default ?? Ajv04Module;
const addFormats = formatsModule.default ?? formatsModule;

let validate: ValidateFunction | undefined;

/** The schema's errors for `text` (JSON), [] when it is a valid SARIF 2.1.0 log. */
export function sarifSchemaErrors(text: string): string[] {
  if (!validate) {
    const schema = JSON.parse(readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
    // strict: false: the schema is draft-04 and uses keywords (`id`, `default` beside `$ref`) strict mode refuses.
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  const check = validate;
  if (check(JSON.parse(text))) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { level: string; message: { text: string } }[] }[];
  }[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: { startLine: number } };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: (SarifLocation & { id: number; message: { text: string } })[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, string>;
}

/** `file:line` of a result's first location, as a test names it. */
export function placeOf(r: { locations: SarifLocation[] } | SarifLocation): string {
  const loc = 'locations' in r ? r.locations[0]! : r;
  const { artifactLocation, region } = loc.physicalLocation;
  return region ? `${artifactLocation.uri}:${region.startLine}` : artifactLocation.uri;
}
