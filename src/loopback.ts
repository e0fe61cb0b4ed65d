// Whether a host name is this machine: plain http is fine there (the emulator), and a server listening
// there is reachable by no one else. One rule for the client's URL check, the inputs and the emulator
// command. Pure (no name lookup: `localhost` and `*.localhost` resolve to loopback by RFC 6761).

/** localhost, *.localhost, 127.0.0.0/8 (also IPv4-mapped), ::1; brackets of a URL's IPv6 host allowed. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  if (/^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(v4)) return true;
  return /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(h);
}
