/** Ports for tests: a free one (platform/free-port.ts, as the launcher and the bench use) and whether one refuses. */
import net from 'node:net';

export { freePort } from '../../platform/free-port';

/** Whether a fresh TCP connection to the port is refused (nothing listens there). */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}
