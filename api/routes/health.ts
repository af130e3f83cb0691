import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unavailable } from '../errors';
import { errorResponses } from '../schemas/common';

const HEALTH_TIMEOUT_MS = 2_000;

/** GET /healthz: 200 when the Temporal frontend answers within two seconds, 503 otherwise. No auth. */
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
    async () => {
      try {
        await app.cases.ping(HEALTH_TIMEOUT_MS);
      } catch (err) {
        throw unavailable(`Temporal does not answer: ${(err as Error).message}`);
      }
      return { status: 'ok' as const };
    },
  );
};

export default health;
