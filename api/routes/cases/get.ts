import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forbidden } from '../../errors';
import { BEARER_SECURITY } from '../../plugins/openapi';
import { caseParams } from '../../schemas/actions';
import { caseViewSchema } from '../../schemas/case-view';
import { errorResponses, noQuery } from '../../schemas/common';

/** GET /v1/cases/{id}: the case view. A manager reads only the cases they own or are the dedicated manager of. */
const get: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/cases/:id',
    {
      config: { roles: ['system', 'manager', 'supervisor', 'head', 'engineer'] },
      schema: {
        tags: ['cases'],
        summary: 'Read a case',
        description:
          'Closed and cancelled cases can still be read. A manager may read only cases they are the assignee or the dedicated manager of.',
        security: BEARER_SECURITY,
        params: caseParams,
        querystring: noQuery,
        response: { 200: caseViewSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const view = await app.cases.view(request.params.id);
      const me = request.principal;
      if (me.role === 'manager' && view.assignee.id !== me.id && view.manager.id !== me.id) {
        throw forbidden(`Case ${view.id} is neither assigned to ${me.id} nor one of their members' cases`);
      }
      return app.cases.withLinks(view);
    },
  );
};

export default get;
