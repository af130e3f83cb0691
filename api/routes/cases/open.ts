import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberFacts } from '../../cases/member-facts';
import { caseIdFor, startCaseRequest } from '../../cases/open-case';
import { idempotencyConflict } from '../../errors';
import { BEARER_SECURITY } from '../../plugins/openapi';
import { caseViewSchema } from '../../schemas/case-view';
import { errorResponses } from '../../schemas/common';
import { openCaseBody, openCaseHeaders } from '../../schemas/open-case';

/** POST /v1/cases: opens a case (starts its workflow). With Idempotency-Key, a retry answers 200 with the same case. */
const open: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/cases',
    {
      config: { roles: ['system', 'manager', 'supervisor', 'head'] },
      schema: {
        tags: ['cases'],
        summary: 'Open a case',
        description:
          "Starts the case workflow and answers with its view. The member's facts (tier, credit, dedicated manager) " +
          "are the platform's: `system` states them; a manager, supervisor or head names the member by `member.id` " +
          'and the member directory supplies them (stated values that differ: 403; a member the directory does not ' +
          "know: 400 naming member.id; the directory unreachable: 503, nothing opened). The member's `managerId` " +
          'must be a manager in the roster. ' +
          'With an `Idempotency-Key`, the same key and body again answer 200 with the same case; the same key with ' +
          'a different body answers 409 idempotency_conflict.',
        security: BEARER_SECURITY,
        headers: openCaseHeaders,
        body: openCaseBody,
        response: {
          201: caseViewSchema.describe('the case was opened'),
          200: caseViewSchema.describe('the case this Idempotency-Key already opened'),
          ...errorResponses(400, 401, 403, 409, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const caseId = caseIdFor(request.principal.id, request.headers['idempotency-key']);
      request.log = reply.log = request.log.child({ caseId });
      const member = await memberFacts(request.principal, request.body.member, app.members);
      const start = startCaseRequest({
        caseId,
        body: request.body,
        member,
        openedBy: request.principal,
        roster: app.roster,
        policy: app.policy,
        now: Date.now(),
      });
      try {
        await app.cases.start(start);
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        if ((await app.cases.requestHash(caseId)) !== start.requestHash) {
          throw idempotencyConflict('This Idempotency-Key already opened a case with a different body');
        }
        request.log.info('idempotent retry: answering with the existing case');
        return reply.code(200).send(app.cases.withLinks(await app.cases.view(caseId)));
      }
      request.log.info({ type: request.body.type, memberId: member.id }, 'case opened');
      app.metrics.caseOpened(request.body.type, member.tier);
      return reply.code(201).send(app.cases.withLinks(await app.cases.view(caseId)));
    },
  );
};

export default open;
