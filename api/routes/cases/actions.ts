import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CASE_ACTIONS, rolesFor } from '../../cases/actions';
import { BEARER_SECURITY } from '../../plugins/openapi';
import { caseParams, compensationParams } from '../../schemas/actions';
import { caseViewSchema } from '../../schemas/case-view';
import { errorResponses, noQuery } from '../../schemas/common';
import type { CaseAction } from '../../../workflows/permissions';
import { BUDGETED_ACTIONS, CASE_RECORD_BUDGET_BYTES } from '../../../workflows/record-budget';

const budgeted = (rule: CaseAction) => (BUDGETED_ACTIONS as readonly CaseAction[]).includes(rule);
const RECORD_BUDGET =
  ` 422 limit_exceeded when the case's record is full: this action adds to it at will, and the record (the` +
  ` case's whole state as UTF-8 JSON, which Temporal carries as one payload of at most 2 MiB) may grow to` +
  ` ${CASE_RECORD_BUDGET_BYTES} bytes through such actions; details: { budgetBytes, usedBytes, requestedBytes }.` +
  ` The callback, resume, third-party answers, escalation, approval, rejection, resolution, rating and` +
  ` cancellation are never refused for size: a full case can still be brought to its end, and work` +
  ` continues in a new case.`;

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
          description: `Who: ${roles.join(', ')}${roles.includes('manager') ? ' (a manager only on a case assigned to them)' : ''}. 409 invalid_transition when the case's state does not allow it.${budgeted(action.rule) ? RECORD_BUDGET : ''}`,
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
