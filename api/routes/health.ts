import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unavailable } from '../errors';
import { errorResponses } from '../schemas/common';

const HEALTH_TIMEOUT_MS = 2_000;
/** The whole answer of an unhealthy API, the same whatever the cause. */
export const NOT_HEALTHY = 'Temporal is unreachable';

/**
 * GET /healthz: 200 when the Temporal frontend answers within two seconds, 503 otherwise. No auth, so it says
 * nothing more: no addresses, no error details (those go to the log).
 */
const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the API reaches Temporal',
        response: { 200: z.object({ status: z.literal('ok') }), ...errorResponses(503) },
      },
      logLevel: 'warn',
    },
    async (request) => {
      try {
        await app.cases.ping(HEALTH_TIMEOUT_MS);
      } catch (err) {
        request.log.warn({ err }, 'health check: Temporal does not answer');
        throw unavailable(NOT_HEALTHY);
      }
      return { status: 'ok' as const };
    },
  );
};

export default health;
