import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { storeTagOf, type SignedPage } from '../../cases/page-token';
import { caseQuery, toSummary, type CaseFilter } from '../../cases/visibility';
import { forbidden, validationFailed } from '../../errors';
import { BEARER_SECURITY } from '../../plugins/openapi';
import { errorResponses } from '../../schemas/common';
import { casePage, listCasesQueryFor, type ListCasesQuery } from '../../schemas/list';
import type { Actor } from '../../../workflows/domain';

/** Who sees what: managers only their own cases, the platform only one member's at a time. */
function scopedFilter(q: ListCasesQuery, me: Actor): CaseFilter {
  const filter: CaseFilter = {
    status: q.status,
    type: q.type,
    assigneeId: q.assigneeId,
    memberId: q.memberId,
    tier: q.tier,
    breached: q.breached === 'true' ? true : undefined,
    awaitingApproval: q.awaitingApproval === 'true' ? true : undefined,
    escalationLevel: q.escalationLevel,
  };
  if (me.role === 'manager') {
    if (q.assigneeId !== undefined && q.assigneeId !== me.id)
      throw forbidden('A manager lists only their own cases');
    filter.assigneeId = me.id;
  }
  if (me.role === 'system' && q.memberId === undefined) {
    throw validationFailed('querystring', [
      {
        path: 'memberId',
        code: 'required',
        message: 'the platform lists cases one member at a time: give memberId',
      },
    ]);
  }
  return filter;
}

/** A 400 naming `pageToken`: start the walk again. */
const badPageToken = (message: string) =>
  validationFailed('querystring', [{ path: 'pageToken', code: 'invalid', message }]);

/** The page a token this API signed for this list stands for; a 400 otherwise, before anything reaches Temporal. */
function signedPage(app: FastifyInstance, query: string, pageToken: string): SignedPage {
  const page = app.pageTokens.decode(query, pageToken);
  if (page) return page;
  throw badPageToken('not a page token this API issued for this list (same filters); start again without it');
}

/**
 * The store this API lists from (list-store.ts). A token from another store would be read there as one of its
 * own (a wrong page), so it is refused before it is sent.
 */
async function sameStore(app: FastifyInstance, page: SignedPage): Promise<string> {
  const store = await app.cases.listStore();
  if (page.storeTag === undefined || page.storeTag.equals(storeTagOf(store))) return store;
  throw badPageToken(
    'a page token from another Temporal store (the store behind this API was replaced since); start again without it',
  );
}

/** GET /v1/cases: a page of case summaries from the search attributes (eventually consistent). */
const list: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/cases',
    {
      config: { roles: ['system', 'manager', 'supervisor', 'head', 'engineer'] },
      schema: {
        tags: ['cases'],
        summary: 'List cases',
        description:
          'Summaries from Temporal visibility: running cases first, by when their current run started (newest ' +
          'first), then ended ones by when they ended. Eventually consistent (a case opened a moment ago may not ' +
          'be listed yet), and the pages are not a snapshot: a case that continues as new or ends while they are ' +
          'walked may be missed by the walk or listed twice. Managers see the cases assigned to them; the system ' +
          'principal must give memberId.',
        security: BEARER_SECURITY,
        querystring: listCasesQueryFor(app.caseTypes.types),
        response: { 200: casePage, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const q = request.query;
      const query = caseQuery(scopedFilter(q, request.principal));
      const given = q.pageToken === undefined ? undefined : signedPage(app, query, q.pageToken);
      // A first page asks for the store beside the list; a page turn, before it.
      const [store, page] = given
        ? [await sameStore(app, given), await app.cases.list(query, q.pageSize ?? 50, given.temporalToken)]
        : await Promise.all([app.cases.listStore(), app.cases.list(query, q.pageSize ?? 50, undefined)]);
      const items = page.executions.flatMap((e) => toSummary(e, app.cases.links(e.workflowId)) ?? []);
      return {
        items,
        nextPageToken: page.nextPageToken ? app.pageTokens.encode(query, store, page.nextPageToken) : null,
      };
    },
  );
};

export default list;
