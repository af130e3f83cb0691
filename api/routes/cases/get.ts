import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { mayReadCase, unknownCaseMessage } from '../../../workflows/permissions';
import { notFound } from '../../errors';
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
          'Closed and cancelled cases can still be read. A manager may read only cases they are the assignee or the ' +
          'dedicated manager of; any other case answers 404 not_found, exactly as an id that does not exist.',
        security: BEARER_SECURITY,
        params: caseParams,
        querystring: noQuery,
        response: { 200: caseViewSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const view = await app.cases.view(request.params.id, request.principal);
      // A manager who may not read the case learns nothing of it: the very answer to an unknown id.
      if (!mayReadCase(request.principal, view)) throw notFound(unknownCaseMessage(view.id));
      return app.cases.withLinks(view);
    },
  );
};

export default get;
