/**
 * Closing without cutting anyone off (app.close(), on SIGTERM). Left to Fastify and Node, a close (1) lets a
 * response that finishes during it keep its connection alive, so the close waits out the keep-alive timeout
 * (Fastify's default: 72 s), and (2) destroys idle keep-alive connections at once, so a request a client is
 * sending on one at that moment is reset unanswered. Here: new connections are refused at once; every response
 * from then on says `Connection: close`; an idle connection stays open as long as the server told clients they may
 * reuse it, so a request sent on it is still answered; then the close completes.
 */
import fp from 'fastify-plugin';
import net from 'node:net';

/**
 * How long an idle keep-alive connection stays open: advertised to clients (`Keep-Alive: timeout=5`), who stop
 * reusing an idle connection before it, and waited out at close. Behind a load balancer, keep its idle timeout
 * below this (HTTP_KEEP_ALIVE_TIMEOUT sets it for a process).
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface GracefulCloseOptions {
  /** Whole seconds, in ms (Node advertises `timeout=<whole seconds>`); default DEFAULT_KEEP_ALIVE_TIMEOUT_MS. */
  keepAliveTimeoutMs?: number;
}

export default fp<GracefulCloseOptions>(
  async (app, opts) => {
    const keepAliveMs = opts.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
    app.server.keepAliveTimeout = keepAliveMs;
    let closing = false;
    app.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('connection', 'close');
      return payload;
    });
    app.addHook('preClose', async () => {
      closing = true;
      const server = app.server;
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        // After the keep-alive time no client may still send on an idle connection: close what is left idle.
        const backstop = setTimeout(() => server.closeIdleConnections(), keepAliveMs + 1_000);
        // net's close, not http's: http's also destroys idle keep-alive connections at once.
        net.Server.prototype.close.call(server, () => {
          clearTimeout(backstop);
          resolve();
        });
      });
    });
  },
  { name: 'graceful-close' },
);
