// Golden files: outputs committed under __tests__/__outputs__/, so a change to what users see shows up in
// review. All come from live runs (helpers/live-run.ts). UPDATE_GOLDEN=1 rewrites them instead of
// comparing; `npm run golden` rewrites every one, the runs' reports first.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import type { Report } from '../../src/report/model.ts';
import type { GoldenRun } from '../helpers/live-run.ts';

export const OUTPUTS = path.resolve(import.meta.dirname, '..', '__outputs__');

export function assertGolden(name: string, actual: string): void {
  const file = path.join(OUTPUTS, name);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    writeFileSync(file, actual);
    if (process.env['UPDATE_GOLDEN'] !== '1') assert.fail(`${name} did not exist: written now, review and commit it`);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} changed: review the difference, then rerun with UPDATE_GOLDEN=1 to accept it`);
}

/** The YAML report of a golden run (helpers/live-run.ts), as it wrote it: the report the other goldens are rendered from. */
export function fixtureReport(name: GoldenRun): Report {
  return load(readFileSync(reportGolden(name), 'utf8')) as Report;
}

export const reportGolden = (name: GoldenRun) => path.join(OUTPUTS, `report-${name}.yaml`);

export const LINKS = { blobBase: 'https://github.com/acme/ivr-flows/blob/4f2c9e1d0b7a6c5e3f8d2a1b0c9e8f7a6b5c4d3e/' };
