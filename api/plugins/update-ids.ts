/**
 * Decorates the app with the update id of a keyed action (api/cases/idempotency.ts), its key derived once from
 * the payload keys. Without them (an app built in a test), the key is random: ids then differ from another
 * app's, as after a key rotation, and the case's own memory answers the repeats Temporal does not.
 */
import fp from 'fastify-plugin';
import { randomBytes } from 'node:crypto';
import type { PayloadKeyring } from '../../codec';
import type { RequestIdentity } from '../../workflows/messages';
import { updateIdFor, updateIdKey } from '../cases/idempotency';

declare module 'fastify' {
  interface FastifyInstance {
    updateIdFor(request: RequestIdentity): string;
  }
}

export default fp<{ payloadKeys?: PayloadKeyring }>(
  async (app, { payloadKeys }) => {
    const key = payloadKeys ? updateIdKey(payloadKeys) : randomBytes(32);
    app.decorate('updateIdFor', (request: RequestIdentity) => updateIdFor(key, request));
  },
  { name: 'update-ids' },
);
