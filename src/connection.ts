// The run's connection: CXone, or the built-in emulator on an ephemeral loopback port with generated
// credentials (README, The emulator). The scenario run and compare-to's runs of each flow version share it.
import { randomBytes } from 'node:crypto';
import { FlowDebugClient } from './api/client.ts';
import { createRateGate } from './api/rate-limit.ts';
import { startEmulator } from './emulator/server.ts';
import type { LoadedFlow } from './domain/flow.ts';
import type { RunHooks } from './run.ts';
import type { Settings } from './settings.ts';
import { plural } from './text.ts';

export interface Connection {
  client: FlowDebugClient;
  /** Where the client calls: the emulator's loopback URL, or base-url. */
  baseUrl: string;
  close(): Promise<void>;
}

/** CXone, or the built-in emulator on an ephemeral loopback port with generated credentials (README, The emulator). */
export async function openConnection(
  settings: Settings,
  flows: LoadedFlow[],
  hooks: Pick<RunHooks, 'info' | 'secrets' | 'naming'>,
): Promise<Connection> {
  let target = { baseUrl: settings.baseUrl, tokenUrl: settings.tokenUrl, auth: settings.auth };
  let stop = async () => {};
  if (settings.target === 'emulator') {
    const credentials = { clientId: `emulator-${randomBytes(4).toString('hex')}`, clientSecret: randomBytes(24).toString('base64url') };
    hooks.secrets.add(credentials.clientSecret);
    const emulator = await startEmulator({ flows, credentials });
    hooks.info(`Started the built-in Flow Debug API emulator at ${emulator.url} with ${plural(flows.length, 'flow')}.`);
    target = { baseUrl: emulator.url, tokenUrl: `${emulator.url}/oauth2/token`, auth: { kind: 'client-credentials', ...credentials } };
    stop = () => emulator.close();
  }
  const client = new FlowDebugClient({
    ...target,
    scope: settings.scope,
    maxRetries: settings.maxRetries,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    allowInsecureHttp: settings.allowInsecureHttp,
    secrets: hooks.secrets,
    ...(hooks.naming ? { naming: hooks.naming } : {}),
    rateGate: createRateGate(settings.maxRequestsPerSecond !== undefined ? { requestsPerSecond: settings.maxRequestsPerSecond } : {}),
  });
  return {
    client,
    baseUrl: target.baseUrl,
    close: async () => {
      client.close();
      await stop();
    },
  };
}
