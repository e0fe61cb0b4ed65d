// The part of tunnel's API that agents.ts uses: the package ships no types.
declare module 'tunnel' {
  import type { Agent } from 'node:http';
  export interface TunnelOptions {
    maxSockets: number;
    keepAlive: boolean;
    proxy: { host: string; port: string; proxyAuth?: string };
  }
  export type TunnelAgent = (options: TunnelOptions) => Agent;
  export interface Tunnel {
    httpOverHttp: TunnelAgent;
    httpOverHttps: TunnelAgent;
    httpsOverHttp: TunnelAgent;
    httpsOverHttps: TunnelAgent;
  }
  export const httpOverHttp: TunnelAgent;
  export const httpOverHttps: TunnelAgent;
  export const httpsOverHttp: TunnelAgent;
  export const httpsOverHttps: TunnelAgent;
  const tunnel: Tunnel;
  export default tunnel;
}
