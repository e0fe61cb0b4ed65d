// Golden files: rendered outputs committed under __tests__/__outputs__/, so a change to what users see
// shows up in review. UPDATE_GOLDEN=1 rewrites them instead of comparing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import type { Report } from '../../src/report/model.ts';

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

/** A report fixture from a real run (see fixtures/regenerate.ts). */
export function fixtureReport(name: 'mixed' | 'passing'): Report {
  return load(readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}-report.yaml`), 'utf8')) as Report;
}

export const LINKS = { blobBase: 'https://github.com/acme/ivr-flows/blob/4f2c9e1d0b7a6c5e3f8d2a1b0c9e8f7a6b5c4d3e/' };
