import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER_SECURITY } from '../plugins/openapi';
import { errorResponses, noQuery } from '../schemas/common';

const caseTypeList = z
  .object({
    items: z
      .array(
        z.object({ type: z.string().describe('as `type` of an opening, a case view and a list filter') }),
      )
      .describe('the shipped types first, then those plugged in, in registration order'),
  })
  .meta({ id: 'CaseTypeList' });

/**
 * GET /v1/case-types: the case types this deployment opens, shipped and plugged in, for a client's type filter
 * (the console's team board), so that a type added to the deployment shows up without a client release.
 */
const caseTypesRoute: FastifyPluginAsyncZod = async (app) => {
  const answer = { items: app.caseTypes.types.map((type) => ({ type })) };
  app.get(
    '/case-types',
    {
      config: { roles: ['system', 'manager', 'supervisor', 'head', 'engineer'] },
      schema: {
        tags: ['cases'],
        summary: 'Case types',
        description: 'The case types this deployment opens (shipped and plugged in). Any role.',
        security: BEARER_SECURITY,
        querystring: noQuery,
        response: { 200: caseTypeList, ...errorResponses(400, 401) },
      },
    },
    async () => answer,
  );
};

export default caseTypesRoute;
