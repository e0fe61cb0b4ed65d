// The agents CXone calls go through: keep-alive sockets, and the proxy that HTTPS_PROXY / HTTP_PROXY
// name unless NO_PROXY (or a loopback host) exempts the URL. The rules are the toolkit's own
// (@actions/http-client's proxy module, as every action on a self-hosted runner reads them) and so is the
// proxy agent (tunnel, which the toolkit's client builds). The toolkit's client itself is not loaded: its
// index pulls in undici (900 KB, a third of the CLI) for fetch, which no call here makes.
import * as http from 'node:http';
import * as https from 'node:https';
import { getProxyUrl } from '@actions/http-client/lib/proxy';

export class Agents {
  private readonly direct = new Map<string, http.Agent>();
  private readonly proxied = new Map<string, Promise<http.Agent>>();

  /** The agent for `url`, made on first use per protocol (and proxy), then reused. */
  agentFor(url: URL): http.Agent | Promise<http.Agent> {
    const proxy = getProxyUrl(url);
    const overTls = url.protocol === 'https:';
    if (!proxy?.hostname) {
      let agent = this.direct.get(url.protocol);
      if (!agent) {
        agent = overTls ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
        this.direct.set(url.protocol, agent);
      }
      return agent;
    }
    const key = `${url.protocol} ${proxy.href}`;
    let agent = this.proxied.get(key);
    if (!agent) {
      agent = proxyAgent(overTls, proxy);
      this.proxied.set(key, agent);
    }
    return agent;
  }

  /** Closes the kept-alive sockets. A tunnel agent keeps none: it closes each socket once its request is done. */
  destroy(): void {
    for (const agent of this.direct.values()) agent.destroy();
  }
}

/** tunnel (and the node:assert it loads) only when a proxy applies: most runs have none. */
async function proxyAgent(overTls: boolean, proxy: URL): Promise<http.Agent> {
  // CommonJS: its exports sit on `.default` under Node's ESM loader, on the module under a bundler.
  const imported = await import('tunnel');
  const tunnel = imported.default ?? imported;
  const viaTls = proxy.protocol === 'https:';
  const make = overTls ? (viaTls ? tunnel.httpsOverHttps : tunnel.httpsOverHttp) : viaTls ? tunnel.httpOverHttps : tunnel.httpOverHttp;
  const proxyAuth = proxy.username || proxy.password ? { proxyAuth: `${proxy.username}:${proxy.password}` } : {};
  return make({
    maxSockets: http.globalAgent.maxSockets,
    keepAlive: true,
    proxy: { ...proxyAuth, host: proxy.hostname, port: proxy.port },
  });
}
