import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CASE_ACTIONS, rolesFor } from '../../cases/actions';
import { BEARER_SECURITY } from '../../plugins/openapi';
import { caseParams, compensationParams } from '../../schemas/actions';
import { caseViewSchema } from '../../schemas/case-view';
import { errorResponses, noQuery } from '../../schemas/common';

/**
 * POST /v1/cases/{id}/{action}, one route per row of CASE_ACTIONS: role gate, body validation, then the
 * workflow update, whose validator has the last word (assignee, state, limits). Answers with the new view.
 */
const actions: FastifyPluginAsyncZod = async (app) => {
  for (const action of CASE_ACTIONS) {
    const roles = rolesFor(action.rule);
    app.post(
      `/cases/:id/${action.path}`,
      {
        config: { roles },
        schema: {
          tags: ['case actions'],
          summary: action.summary,
          description: `Who: ${roles.join(', ')}${roles.includes('manager') ? ' (a manager only on a case assigned to them)' : ''}. 409 invalid_transition when the case's state does not allow it.`,
          security: BEARER_SECURITY,
          params: action.path.includes(':compensationId') ? compensationParams : caseParams,
          querystring: noQuery,
          body: action.body,
          response: { 200: caseViewSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
        },
        // Actions whose fields are all optional may be sent without a body (a JSON null is still a 400).
        preValidation: async (request) => {
          if (request.body === undefined) request.body = {};
        },
      },
      async (request) => {
        const params = request.params as { id: string; compensationId?: string };
        const args = action.toArgs(request.body, {
          actor: request.principal,
          compensationId: params.compensationId,
          roster: app.roster,
        });
        const view = await app.cases.update(params.id, action.update, args);
        request.log.info({ action: action.rule }, 'case action applied');
        return app.cases.withLinks(view);
      },
    );
  }
};

export default actions;
