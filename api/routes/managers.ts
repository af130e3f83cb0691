import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OPEN_STATUSES } from '../../workflows/domain';
import { byDueThenOpened, caseQuery, toSummary } from '../cases/visibility';
import { forbidden, notFound } from '../errors';
import { BEARER_SECURITY } from '../plugins/openapi';
import { errorResponses, noQuery } from '../schemas/common';
import { managerQueue, queueParams, type CaseSummary } from '../schemas/list';

const managerList = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        alias: z.string(),
        supervisorId: z.string().nullable().describe('who their cases climb to first'),
      }),
    ),
  })
  .meta({ id: 'ManagerList' });

const PAGE_SIZE = 1000;
/** A queue is a person's open work; this bound only stops a runaway loop. */
const MAX_PAGES = 50;

/** GET /v1/managers/{id}/queue: every open case the person owns, soonest due first. */
const managers: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/managers',
    {
      config: { roles: ['supervisor', 'head'] },
      schema: {
        tags: ['managers'],
        summary: 'The managers a case may be reassigned to',
        description:
          "The roster's managers, by id: whom `reassign` accepts as `managerId` (the console suggests them). " +
          'Supervisors and the head, who reassign.',
        security: BEARER_SECURITY,
        querystring: noQuery,
        response: { 200: managerList, ...errorResponses(400, 401, 403) },
      },
    },
    async () => ({
      items: app.roster.principals
        .filter((p) => p.role === 'manager')
        .map((p) => ({ id: p.id, alias: p.alias ?? p.id, supervisorId: p.supervisorId ?? null }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    }),
  );

  app.get(
    '/managers/:id/queue',
    {
      config: { roles: ['manager', 'supervisor', 'head'] },
      schema: {
        tags: ['managers'],
        summary: "A case owner's queue",
        description:
          'Open cases (not resolved, closed or cancelled) assigned to this manager (or supervisor or head, who own ' +
          'escalated cases), soonest nextDueAt first, cases with nothing due last. A manager may read only their own ' +
          'queue. Eventually consistent, like the case list.',
        security: BEARER_SECURITY,
        params: queueParams,
        querystring: noQuery,
        response: { 200: managerQueue, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const me = request.principal;
      if (me.role === 'manager' && me.id !== id) throw forbidden('A manager may read only their own queue');
      const owner = app.roster.get(id);
      if (!owner || !['manager', 'supervisor', 'head'].includes(owner.role))
        throw notFound(`No manager ${id}`);

      const query = caseQuery({ assigneeId: id, statusIn: OPEN_STATUSES });
      const items: CaseSummary[] = [];
      let token: Uint8Array | undefined;
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        const page = await app.cases.list(query, PAGE_SIZE, token);
        items.push(...page.executions.flatMap((e) => toSummary(e, app.cases.links(e.workflowId)) ?? []));
        if (page.nextPageToken === null) break;
        token = page.nextPageToken;
      }
      return { managerId: id, items: items.sort(byDueThenOpened) };
    },
  );
};

export default managers;
