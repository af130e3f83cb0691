/**
 * Decorates the app with the signer of the list's page tokens. Without a secret (an app built in a test), the
 * key is random: tokens are then good for this app only.
 */
import fp from 'fastify-plugin';
import { randomBytes } from 'node:crypto';
import { PageTokens } from '../cases/page-token';

declare module 'fastify' {
  interface FastifyInstance {
    pageTokens: PageTokens;
  }
}

export default fp<{ secret?: string }>(
  async (app, { secret }) => {
    app.decorate('pageTokens', new PageTokens(secret ?? randomBytes(32)));
  },
  { name: 'page-tokens' },
);
