import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor, CallerCaseView, Member } from '../../../workflows/domain';
import { memberFacts } from '../../cases/member-facts';
import { noCaseYet, sendAssignedNotice } from '../../cases/assigned-notice';
import { caseIdFor, openedView, requestHashOf, startCaseRequest } from '../../cases/open-case';
import { ApiError, unavailable } from '../../errors';
import { mayReadCase } from '../../../workflows/permissions';
import { BEARER_SECURITY } from '../../plugins/openapi';
import { caseViewSchema } from '../../schemas/case-view';
import { errorResponses, noQuery } from '../../schemas/common';
import { openCaseBodyFor, openCaseHeaders } from '../../schemas/open-case';
import { requireSameBody, type CaseClient } from '../../temporal/case-client';
import { isUnreachable } from '../../temporal/errors';
import type { CaseTypeRegistry } from '../../../workflows/case-types';
import { OneAtATime } from '../../cases/one-at-a-time';

const DESCRIPTION =
  "Starts the case workflow and answers with its view. The member's facts (tier, credit, dedicated manager) are " +
  "the platform's: `system` states them; a manager, supervisor or head names the member by `member.id` and " +
  'the member directory supplies them (stated values that differ: 403; a member the directory does not know: ' +
  "400 naming member.id; the directory unreachable: 503, nothing opened). The member's `managerId` must be a " +
  'manager in the roster (stated: 400; from the directory: 503 naming what to correct, nothing opened).\n\n' +
  '**201** once the workflow has started, however slow the workers are: the answer is the case as it opens ' +
  '(computed by the same code the workflow runs, at the same time). A start whose answer was lost is settled ' +
  'with Temporal before answering: a case that was started is 201; **503** `unavailable` only when the case was ' +
  'not opened (its message says so), or, when Temporal cannot tell, a 503 naming the case id to read before ' +
  'opening again.\n\n' +
  'With an `Idempotency-Key`, the same key and body again answer **200** with the case as it stands now (to a ' +
  "manager who may not read the case, such as the opener of another manager's member's case: as it opened, from " +
  "the case's own start input: a directory down, or a directory, roster or policy changed since, does not undo " +
  'the opening); when ' +
  'the case cannot be read in time, the 200 shows it as it was opened (its current state is at ' +
  '`GET /v1/cases/{id}`). The same key with a different body answers 409 idempotency_conflict.';

/**
 * The case an earlier request with the same Idempotency-Key opened: as it stands, or as it was opened when no
 * worker answers in time (never a "try again": it is open) or the caller may no longer read it. As opened, it is
 * computed from the case's own start input, so the roster, the policy and the member directory changed since do
 * not change it; rebuilt from today's (`rebuild`) only when Temporal cannot give that input.
 */
async function existingCase(
  cases: CaseClient,
  caseId: string,
  caseTypes: CaseTypeRegistry,
  /** When the case opened, by its memo. */
  requestedAt: number | undefined,
  /** The case as it opened at `requestedAt`, rebuilt with these member facts and today's roster and policy. */
  rebuild: (requestedAt: number, member: Member) => CallerCaseView,
  /** The member's facts this request read, if it could. */
  requestMember: Member | undefined,
  caller: Actor,
  log: FastifyBaseLogger,
): Promise<CallerCaseView> {
  const asOpened = async (member: Member | undefined): Promise<CallerCaseView | undefined> => {
    const input = await cases.openingInput(caseId);
    const openedAt = input?.requestedAt ?? requestedAt;
    if (input && openedAt !== undefined) return openedView(input, openedAt, caller, caseTypes);
    if (requestedAt === undefined || !member) return undefined;
    try {
      return rebuild(requestedAt, member);
    } catch (err) {
      // today's roster no longer holds the member's manager: not the caller's mistake, and the case is open
      if (err instanceof ApiError) return undefined;
      throw err;
    }
  };
  let view: CallerCaseView;
  try {
    view = await cases.view(caseId, caller);
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    log.warn({ err }, 'idempotent retry: the case cannot be read now; answering with the case as opened');
    const opened = await asOpened(requestMember);
    if (opened) return opened;
    throw unavailable(
      `Case ${caseId} is open (this Idempotency-Key opened it) but cannot be read now: read GET /v1/cases/${caseId}`,
    );
  }
  if (mayReadCase(caller, view)) return view;
  // An opener who may not read the case (another manager's member's, or reassigned away since) is answered what
  // the opening answered them, never what others wrote since; when that cannot be had, that it is open (a 404
  // would tell the opener their case does not exist).
  const opened = await asOpened(view.member);
  if (opened) return opened;
  throw unavailable(
    `Case ${caseId} is open (this Idempotency-Key opened it), but the case as it opened cannot be read now`,
  );
}

/** POST /v1/cases: opens a case (starts its workflow). With Idempotency-Key, a retry answers 200 with the same case. */
const open: FastifyPluginAsyncZod = async (app) => {
  const keyedOpenings = new OneAtATime();
  app.post(
    '/cases',
    {
      config: { roles: ['system', 'manager', 'supervisor', 'head'] },
      schema: {
        tags: ['cases'],
        summary: 'Open a case',
        description: DESCRIPTION,
        security: BEARER_SECURITY,
        headers: openCaseHeaders,
        querystring: noQuery,
        body: openCaseBodyFor(app.caseTypes),
        response: {
          201: caseViewSchema.describe('the case was opened: its view as it opens'),
          200: caseViewSchema.describe('the case this Idempotency-Key already opened'),
          ...errorResponses(400, 401, 403, 409, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const caseId = caseIdFor(request.principal.id, key);
      request.log = reply.log = request.log.child({ caseId });
      const startAt = (now: number, member: Member) =>
        startCaseRequest({
          caseId,
          body: request.body,
          member,
          openedBy: request.principal,
          roster: app.roster,
          policy: app.policy,
          now,
          caseTypes: app.caseTypes,
        });
      // Captured as at its opening: a calendar captured now would count the time since as open.
      const rebuildAt = (requestedAt: number, member: Member) =>
        openedView(startAt(requestedAt, member).input, requestedAt, request.principal, app.caseTypes);
      const answerExisting = async (requestedAt: number | undefined, member: Member | undefined) => {
        const view = await existingCase(
          app.cases,
          caseId,
          app.caseTypes,
          requestedAt,
          rebuildAt,
          member,
          request.principal,
          request.log,
        );
        return reply.code(200).send(app.cases.withLinks(view));
      };
      // Today's facts refusing the request (the directory failing or changed, the member's manager gone from the
      // roster) cannot undo an opening this key and body already made: that case is the answer.
      const repeatOr = async (err: unknown, member: Member | undefined) => {
        if (key === undefined || !(err instanceof ApiError)) throw err;
        const memo = await app.cases.describeOpening(caseId, true);
        if (memo === undefined) throw err;
        requireSameBody(memo, requestHashOf(request.body));
        request.log.info(
          "idempotent retry: answering with the existing case (today's facts refuse the request)",
        );
        return answerExisting(memo.requestedAt, member);
      };
      const openOne = async () => {
        let member: Member;
        try {
          member = await memberFacts(
            request.principal,
            request.body.member,
            app.members,
            (id) => app.roster.get(id)?.role === 'manager',
          );
        } catch (err) {
          return repeatOr(err, undefined);
        }
        let start: ReturnType<typeof startAt>;
        try {
          start = startAt(Date.now(), member);
        } catch (err) {
          return repeatOr(err, member);
        }
        if (app.ownerNotifier && (key === undefined || (await noCaseYet(app.cases, caseId)))) {
          const { input } = start;
          input.assignedNoticeSent = await sendAssignedNotice(
            app.ownerNotifier,
            input,
            app.caseTypes,
            request.log,
          );
        }
        const outcome = await app.cases.open(start, key !== undefined);
        if (!outcome.openedNow) {
          request.log.info('idempotent retry: answering with the existing case');
          return answerExisting(outcome.requestedAt, member);
        }
        request.log.info({ type: request.body.type, memberId: member.id }, 'case opened');
        app.metrics.caseOpened(request.body.type, member.tier);
        const view = openedView(
          start.input,
          start.input.requestedAt ?? Date.now(),
          request.principal,
          app.caseTypes,
        );
        return reply.code(201).send(app.cases.withLinks(view));
      };
      // One keyed opening at a time per case id in this process: a retry waits for its first request's outcome.
      return key === undefined ? openOne() : keyedOpenings.run(caseId, openOne);
    },
  );
};

export default open;
