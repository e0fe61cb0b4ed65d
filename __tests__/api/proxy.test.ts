// Calls go through the proxy a self-hosted runner names (HTTP_PROXY / HTTPS_PROXY), with its
// credentials, except to loopback and to the hosts NO_PROXY lists: the toolkit's rules.
import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import { Transport } from '../../src/api/transport.ts';
import { startConnectProxy } from '../helpers/connect-proxy.ts';
import { sendJson, serveForFile } from './helpers/scripted-server.ts';

const serve = serveForFile();
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const saved = Object.fromEntries(PROXY_VARIABLES.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const proxy = await startConnectProxy();
after(() => proxy.close());

async function call(url: string) {
  const transport = new Transport({ timeoutMs: 5000, maxResponseBytes: 1024 * 1024, userAgent: 'proxy-test' });
  try {
    return await transport.send({ method: 'GET', url, headers: {} });
  } finally {
    transport.close();
  }
}

describe('proxy', () => {
  test('HTTP_PROXY: the call tunnels through the proxy (CONNECT to the host and port of the URL) and gets the answer', async () => {
    const api = await serve({ '*': (hit, res) => sendJson(res, 200, { path: hit.path }) });
    const port = new URL(api.url).port;
    process.env['HTTP_PROXY'] = proxy.url;
    const before = proxy.connects.length;
    const reply = await call(`http://cxone.proxy.test:${port}/api/v2/flows/f1`);
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.body), { path: '/api/v2/flows/f1' });
    assert.deepEqual(proxy.connects.slice(before), [{ target: `cxone.proxy.test:${port}` }]);
  });

  test('credentials in the proxy URL (percent-encoded) reach the proxy decoded, as Basic authorization', async () => {
    const api = await serve({ '*': (_hit, res) => sendJson(res, 200, {}) });
    process.env['HTTP_PROXY'] = proxy.url.replace('http://', 'http://runner:p%40ss@');
    const before = proxy.connects.length;
    assert.equal((await call(`http://cxone.proxy.test:${new URL(api.url).port}/x`)).status, 200);
    assert.equal(proxy.connects.slice(before)[0]?.authorization, `Basic ${Buffer.from('runner:p@ss').toString('base64')}`);
  });

  test('loopback is never proxied', async () => {
    const api = await serve({ '*': (_hit, res) => sendJson(res, 200, {}) });
    process.env['HTTP_PROXY'] = proxy.url;
    const before = proxy.connects.length;
    assert.equal((await call(`${api.url}/x`)).status, 200);
    assert.equal(proxy.connects.length, before);
  });

  test('NO_PROXY: a listed host is called directly, not through the proxy', async () => {
    process.env['HTTP_PROXY'] = proxy.url;
    process.env['NO_PROXY'] = 'example.com,cxone.proxy.test';
    const before = proxy.connects.length;
    // Direct, the made-up name does not resolve: the proof that the proxy was not asked.
    await assert.rejects(call('http://cxone.proxy.test:9/x'), (err: Error & { kind?: string }) => err.kind === 'network');
    assert.equal(proxy.connects.length, before);
  });
});
