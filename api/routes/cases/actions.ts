import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CASE_ACTIONS } from '../../cases/actions';
import { actionIdentity } from '../../cases/idempotency';
import { ApiError, notFound } from '../../errors';
import { BEARER_SECURITY } from '../../plugins/openapi';
import { actionHeaders, caseParams, compensationParams } from '../../schemas/actions';
import { caseViewSchema } from '../../schemas/case-view';
import { errorResponses, noQuery } from '../../schemas/common';
import type { CaseClient } from '../../temporal/case-client';
import { APPLIED_REQUESTS_KEPT } from '../../../workflows/applied-requests';
import type { Actor } from '../../../workflows/domain';
import { mayReadCase, unknownCaseMessage } from '../../../workflows/permissions';
import { CASE_RECORD_BUDGET_BYTES } from '../../../workflows/record-budget';

const RECORD_BUDGET =
  ` 422 limit_exceeded when the case's record is full: this action adds to it at will, and the record (the` +
  ` case's whole state as UTF-8 JSON, which Temporal carries as one payload of at most 2 MiB) may grow to` +
  ` ${CASE_RECORD_BUDGET_BYTES} bytes through such actions; details: { budgetBytes, usedBytes, requestedBytes }.` +
  ` The callback, resume, third-party answers, escalation, approval, rejection, resolution, rating and` +
  ` cancellation are never refused for size: a full case can still be brought to its end, and work` +
  ` continues in a new case.`;
const IDEMPOTENCY =
  ' With an `Idempotency-Key`, the action is applied once: the same key, action and body again (a retry after' +
  ' a lost answer or a 503) answer 200 with the case view, in which the action appears once; the same key with' +
  ' another action or body answers 409 idempotency_conflict and changes nothing. A key belongs to the principal' +
  ` that sent it, on this case; the case remembers its newest ${APPLIED_REQUESTS_KEPT} keys. A request the case` +
  ' refused (4xx) is not remembered: sent again, it is evaluated again; except one refused in the first moments' +
  " of a case's new run (after a continue-as-new), whose refusal Temporal keeps for that key until the next run:" +
  ' send it again with a new key.';

/**
 * The error to answer with. The case's own refusals already answer a manager who may not read it as for an
 * unknown id; only the API's "this case has ended" (409) could still tell them that the case exists.
 */
async function unlessHidden(
  cases: CaseClient,
  caseId: string,
  caller: Actor,
  err: unknown,
): Promise<unknown> {
  if (caller.role !== 'manager' || !(err instanceof ApiError) || err.code !== 'invalid_transition')
    return err;
  try {
    const view = await cases.view(caseId, caller);
    return mayReadCase(caller, view) ? err : notFound(unknownCaseMessage(caseId));
  } catch {
    return err;
  }
}

/**
 * POST /v1/cases/{id}/{action}, one route per action of the catalogue (CASE_ACTIONS, derived from
 * workflows/actions.ts): role gate, body validation, then the workflow update, whose validator has the last word (assignee, state, limits). Answers with the new view.
 */
const actions: FastifyPluginAsyncZod = async (app) => {
  for (const action of CASE_ACTIONS) {
    const { roles } = action;
    app.post(
      `/cases/:id/${action.path}`,
      {
        config: { roles },
        schema: {
          tags: ['case actions'],
          summary: action.summary,
          description: `Who: ${roles.join(', ')}${roles.includes('manager') ? ' (a manager only on a case assigned to them; on a case they may not read, 404 not_found as for an unknown id)' : ''}. 409 invalid_transition when the case's state does not allow it.${IDEMPOTENCY}${action.budgeted ? RECORD_BUDGET : ''}`,
          security: BEARER_SECURITY,
          headers: actionHeaders,
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
        const idempotency = actionIdentity(request.principal.id, request.headers['idempotency-key'], {
          action: action.path,
          compensationId: params.compensationId,
          body: request.body,
        });
        let view;
        try {
          view = await app.cases.update(
            params.id,
            action.update,
            { ...args, ...(idempotency && { idempotency }) },
            idempotency && app.updateIdFor(idempotency),
          );
        } catch (err) {
          throw await unlessHidden(app.cases, params.id, request.principal, err);
        }
        request.log.info({ action: action.name }, 'case action applied');
        return app.cases.withLinks(view);
      },
    );
  }
};

export default actions;
