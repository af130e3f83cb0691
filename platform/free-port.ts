import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';

/**
 * Ports a server is told to listen on are picked below the range the OS hands to outgoing connections: a port
 * bound and released by the OS (`listen(0)`) comes from that range, and between the pick and the server's own bind
 * any outgoing connection on the machine (the dev server's internal clients dial dozens) could take it.
 */
const LOWEST_PICKED_PORT = 10_000;
const LINUX_DEFAULT_EPHEMERAL_RANGE: readonly [number, number] = [32_768, 60_999];
const ATTEMPTS = 50;

/** The range the OS picks outgoing connections' local ports from. */
export function ephemeralPortRange(): readonly [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low!, high!];
  } catch {
    // not Linux, or no procfs
  }
  return LINUX_DEFAULT_EPHEMERAL_RANGE;
}

/** Ports this process has handed out: two picks in a row (a server's port and its UI's) never coincide. */
const handedOut = new Set<number>();

/** Why this process cannot listen on `host:port` right now (the bind's error code), or undefined when it can. */
function bindRefusal(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'unknown'));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

/**
 * Whether nothing else listens on `host:port` right now. Only EADDRINUSE says so: another failure (a port below
 * 1024, an address this machine does not have) is left for the real bind to report as it is.
 */
export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await bindRefusal(port, host)) !== 'EADDRINUSE';
}

/** Whether this process could listen on the loopback `port` now (for picking one: any failure rules it out). */
async function listensOn(port: number): Promise<boolean> {
  return (await bindRefusal(port, '127.0.0.1')) === undefined;
}

function anyPortFromTheOs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A loopback port nothing listens on right now, outside the OS's range for outgoing connections when it can be. */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralPortRange();
  if (ephemeralLow > LOWEST_PICKED_PORT + ATTEMPTS) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const port = randomInt(LOWEST_PICKED_PORT, ephemeralLow);
      if (handedOut.has(port) || !(await listensOn(port))) continue;
      handedOut.add(port);
      return port;
    }
  }
  const port = await anyPortFromTheOs();
  handedOut.add(port);
  return port;
}
