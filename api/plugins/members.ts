/** Decorates the app with the member directory: where a manager's, supervisor's or head's case gets its member. */
import fp from 'fastify-plugin';
import type { MemberDirectory } from '../../activities/adapters/member-directory';

declare module 'fastify' {
  interface FastifyInstance {
    members: MemberDirectory;
  }
}

export default fp<{ members: MemberDirectory }>(
  async (app, { members }) => {
    app.decorate('members', members);
  },
  { name: 'members' },
);
