/**
 * Decorates the app with the notifier of the `assigned` notifications it sends before starting a case
 * (api/cases/assigned-notice.ts); null: the case sends them itself (no webhook configured, or a test's app).
 */
import fp from 'fastify-plugin';
import type { Notifier } from '../../activities/adapters/notifier';

declare module 'fastify' {
  interface FastifyInstance {
    ownerNotifier: Notifier | null;
  }
}

export default fp<{ notifier?: Notifier }>(
  async (app, { notifier }) => {
    app.decorate('ownerNotifier', notifier ?? null);
  },
  { name: 'owner-notifier' },
);
