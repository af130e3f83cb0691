/** Decorates the app with the roster (principals, managers) and the policy in force for new cases. */
import fp from 'fastify-plugin';
import type { Policy } from '../../config/policy';
import type { Roster } from '../../config/roster';

declare module 'fastify' {
  interface FastifyInstance {
    roster: Roster;
    policy: Policy;
  }
}

export default fp<{ roster: Roster; policy: Policy }>(
  async (app, { roster, policy }) => {
    app.decorate('roster', roster);
    app.decorate('policy', policy);
  },
  { name: 'roster' },
);
