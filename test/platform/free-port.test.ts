/**
 * A port picked for a server is one no outgoing connection can take before the server binds it: a dev server's
 * Web UI, given a port the OS had just handed out, once failed to start because the dev server's own clients had
 * dialled out from it in between.
 */
import net from 'node:net';
import { ephemeralPortRange, freePort } from '../../platform/free-port';

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
