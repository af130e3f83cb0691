/**
 * A port picked for a server is one no outgoing connection can take before the server binds it: a dev server's
 * Web UI, given a port the OS had just handed out, once failed to start because the dev server's own clients had
 * dialled out from it in between.
 */
import net from 'node:net';
import { ephemeralPortRange, freePort, portIsFree } from '../../platform/free-port';

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

test('a picked port lies below the range the OS gives outgoing connections, and a server can listen on it', async () => {
  const [ephemeralLow] = ephemeralPortRange();
  const picked = await Promise.all(Array.from({ length: 20 }, () => freePort()));
  for (const port of picked) expect(port).toBeLessThan(ephemeralLow);
  const server = await listen(picked[0]!);
  await new Promise((resolve) => server.close(resolve));
});

test('picks in one process never repeat, so a server and its UI never get the same port', async () => {
  const picked = [];
  for (let i = 0; i < 200; i++) picked.push(await freePort());
  expect(new Set(picked).size).toBe(picked.length);
});

test('portIsFree says taken only for a port something listens on, not for a bind that fails otherwise', async () => {
  const held = net.createServer();
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  const port = (held.address() as net.AddressInfo).port;
  try {
    expect(await portIsFree(port)).toBe(false);
    // an address this machine does not have (EADDRNOTAVAIL): the real bind reports that, not "in use"
    expect(await portIsFree(port, '192.0.2.1')).toBe(true);
  } finally {
    await new Promise<void>((resolve) => held.close(() => resolve()));
  }
  expect(await portIsFree(port)).toBe(true);
});
