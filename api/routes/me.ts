import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toPerson } from '../../config/roster';
import { ROLES } from '../../workflows/domain';
import { unauthenticated } from '../errors';
import { BEARER_SECURITY } from '../plugins/openapi';
import { errorResponses, noQuery } from '../schemas/common';

const me = z
  .object({
    id: z.string(),
    alias: z.string().optional().describe('the display name, when the roster gives one'),
    role: z.enum(ROLES),
    dateTimeZone: z
      .string()
      .describe(
        "the policy's zone, where a case's calendar dates begin: a departure on 2026-12-20 is stored as the first " +
          'instant of that day there, and read back as that day wherever the reader is',
      ),
  })
  .meta({ id: 'Me' });

/** GET /v1/me: who the bearer token stands for (the console asks it after sign-in). No token value is echoed. */
const meRoute: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me',
    {
      config: { roles: ['system', 'manager', 'supervisor', 'head', 'engineer'] },
      schema: {
        tags: ['principals'],
        summary: 'The signed-in principal',
        description:
          'The roster principal the bearer token stands for: its id, alias and role, with the zone in which ' +
          "cases' calendar dates begin. Any role.",
        security: BEARER_SECURITY,
        querystring: noQuery,
        response: { 200: me, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const principal = app.roster.get(request.principal.id);
      // The roster is loaded once per process, so the principal the token named is there.
      if (!principal) throw unauthenticated('Unknown principal');
      return { ...toPerson(principal), dateTimeZone: app.policy.dateTimeZone };
    },
  );
};

export default meRoute;
