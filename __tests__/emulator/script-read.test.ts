// The emulator's script read (README, Pulling a script): GET STUDIO_SCRIPTS_PATH?scriptPath= answers a loaded
// Studio script's file by its folder path, behind the same bearer check as a flow read; reads only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { STUDIO_SCRIPTS_PATH } from '../../src/domain/wire.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { loadFlows } from '../../src/flow/load.ts';
import { ROOT } from '../helpers/action.ts';

const FIXTURE = readFileSync(path.join(ROOT, '__tests__/fixtures/studio/main-ivr.json'), 'utf8');
const YAML_FLOW = 'id: menu\nstart: s\nnodes:\n  s: { type: Exit }\n';

describe('emulator: GET …/scripts?scriptPath=', () => {
  let emu: RunningEmulator;
  let token: string;
  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cxft-script-read-'));
    mkdirSync(path.join(dir, 'Sales'));
    writeFileSync(path.join(dir, 'Sales', 'Main IVR.json'), FIXTURE);
    writeFileSync(path.join(dir, 'Sales', 'menu.yaml'), YAML_FLOW);
    const loaded = await loadFlows({ workspace: dir, patterns: ['Sales/*'] });
    assert.equal(loaded.flows.length, 2, JSON.stringify(loaded.problems));
    emu = await startEmulator({ flows: loaded.flows });
    const res = await fetch(`${emu.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret', scope: 'flow:read' }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  after(() => emu.close());

  const read = (query: string, init: RequestInit = {}, where = STUDIO_SCRIPTS_PATH) =>
    fetch(`${emu.url}${where}?${query}`, { headers: { authorization: `Bearer ${token}` }, ...init });

  test('answers the file as loaded, byte for byte, under either spelling of the path', async () => {
    for (const where of [STUDIO_SCRIPTS_PATH, STUDIO_SCRIPTS_PATH.toLowerCase()]) {
      const res = await read(`scriptPath=${encodeURIComponent('Sales\\Main IVR')}`, {}, where);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(await res.text(), FIXTURE);
    }
    assert.equal(emu.stats.scriptReads, 2);
  });

  const cases: [string, string, RequestInit, number, RegExp][] = [
    ['a path no script has', 'scriptPath=Sales%5CNope', {}, 404, /script 'Sales\\\\Nope' was not found/],
    ['forward slashes, which are not folder separators', 'scriptPath=Sales%2FMain%20IVR', {}, 404, /not found/],
    ['a YAML flow, which is no Studio script', 'scriptPath=Sales%5Cmenu', {}, 404, /not found/],
    ['no scriptPath', 'other=1', {}, 400, /'scriptPath' is required/],
    ['no bearer token', 'scriptPath=Sales%5CMain%20IVR', { headers: {} }, 401, /bearer token is required/],
    ['a POST, which on CXone saves a new version', 'scriptPath=Sales%5CMain%20IVR', { method: 'POST', body: '{}' }, 405, /expected GET/],
  ];
  for (const [what, query, init, status, message] of cases) {
    test(`${status} for ${what}`, async () => {
      const res = await read(query, init);
      assert.equal(res.status, status);
      assert.match(await res.text(), message);
    });
  }
});
