/**
 * api/plugins/graceful-close.ts on a real listening Fastify server (no Temporal needed): while the app closes,
 * a request in flight and a request sent on an idle keep-alive connection are both answered, with
 * `Connection: close`; new connections are refused; the close then completes.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import http from 'node:http';
import type net from 'node:net';
import gracefulClose, { DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from '../../api/plugins/graceful-close';
import { keepAliveGet as get } from '../support/http-requests';
import { connectionRefused } from '../support/ports';
import { eventually } from '../support/eventually';

let app: FastifyInstance;
let port: number;
let releaseSlow: () => void;
const slowStarted = new Promise<void>((started) => {
  app = Fastify({ return503OnClosing: false });
  void app.register(gracefulClose);
  app.get('/fast', async () => ({ ok: true }));
  app.get('/slow', async () => {
    started();
    await new Promise<void>((release) => (releaseSlow = release));
    return { ok: true };
  });
});

beforeAll(async () => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

it('advertises the keep-alive time it waits out at close', async () => {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const answer = await get(agent, port, '/fast');
    expect(answer.keepAlive).toBe(`timeout=${DEFAULT_KEEP_ALIVE_TIMEOUT_MS / 1000}`);
    expect(answer.connection).toBe('keep-alive');
  } finally {
    agent.destroy();
  }
});

it('while closing: answers the request in flight and one sent on an idle connection, refuses new ones, then closes', async () => {
  const idle = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const busy = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    expect(await get(idle, port, '/fast')).toMatchObject({ status: 200, reused: false });
    const inFlight = get(busy, port, '/slow');
    await slowStarted;

    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await eventually(
      'new connections to be refused',
      async () => (await connectionRefused(port)) || undefined,
    );

    expect(await get(idle, port, '/fast')).toEqual({
      status: 200,
      connection: 'close',
      keepAlive: undefined,
      reused: true,
    });
    expect(closed).toBe(false);
    releaseSlow();
    expect(await inFlight).toMatchObject({ status: 200, connection: 'close' });
    await closing;
    expect(closed).toBe(true);
  } finally {
    idle.destroy();
    busy.destroy();
  }
});
