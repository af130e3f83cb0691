/**
 * Property-based, on a real Temporal (test/support/api-harness.ts): what the API accepts opens and changes real
 * cases, a well-formed id is looked up (the unknown case: 404), and the model's verdict on arbitrary action
 * bodies (400, or valid: 404) holds. The refusals made at the route, before any case is looked up, are in
 * bad-input-routes.test.ts and bad-input-paths-and-headers.test.ts. The oracle is test/api/request-model.ts
 * (API.md restated), not the API's own schemas; every response is also checked against the served OpenAPI
 * document.
 *
 * Runs are random; a failure prints fast-check's seed and path. Reproduce with FC_SEED=<seed> (and
 * FC_PATH=<path>); FC_RUNS_FACTOR=10 runs ten times as many cases.
 */
import fc from 'fast-check';
import { call, contractError, harnessSuite } from '../support/api-harness';
import {
  actionRequest,
  ACTIONS,
  approveRequest,
  caseRequest,
  contractSender,
  garbageFor,
  isValidAction,
  isValidOpenBody,
  listRequest,
  MISSING_CASE,
  openRequest,
  queueRequest,
  runs,
  segment,
  validAction,
  type Query,
} from './bad-input-requests';
import { idempotencyKeyArb } from './request-headers';
import { ACTION_BODIES, LIST_QUERY, MANAGERS, openCaseSpec, CASE_TYPES } from './request-model';
import { isId, normalized } from './request-rules';
import { validArb } from './request-valid-values';

const h = harnessSuite();
const send = contractSender(() => h.app);

// ---------------------------------------------------------------- POST /v1/cases

describe('POST /v1/cases', () => {
  let keys = 0;
  test.each(CASE_TYPES)(
    'a valid %s body opens the case (201) and the view holds what was sent',
    async (type) => {
      const spec = openCaseSpec(type);
      const key = fc.option(idempotencyKeyArb, { nil: undefined });
      await fc.assert(
        fc.asyncProperty(validArb(spec), key, async (rest, idempotencyKey) => {
          const json = { type, ...(rest as Record<string, unknown>) };
          expect(isValidOpenBody(json)).toBe(true);
          // A fresh key per run: a key used before with another body is a 409, by design.
          const headers =
            idempotencyKey === undefined
              ? undefined
              : { 'idempotency-key': `${(keys += 1)}-${idempotencyKey}` };
          const res = await send(openRequest(json, headers));
          expect(res.status).toBe(201);
          const expected = normalized(spec, rest) as Record<string, unknown>;
          expect({
            type: res.body.type,
            member: res.body.member,
            summary: res.body.summary,
            details: res.body.details,
          }).toEqual({ type, member: expected.member, summary: expected.summary, details: expected.details });
        }),
        runs(4),
      );
    },
  );
});

// ---------------------------------------------------------------- POST /v1/cases/{id}/{action}

describe('POST /v1/cases/{id}/{action}', () => {
  test.each(ACTIONS)(
    '%s: arbitrary JSON is a 400, unless the model finds it valid (then the unknown case: 404)',
    async (action) => {
      const keys = Object.keys(ACTION_BODIES[action]![0]!.fields);
      await fc.assert(
        fc.asyncProperty(garbageFor(keys), async (json) => {
          const res = await send(actionRequest(action, json));
          expect({ json, status: res.status }).toEqual({
            json,
            status: isValidAction(action, json) ? 404 : 400,
          });
        }),
        runs(40),
      );
    },
  );

  test.each(ACTIONS)(
    '%s: a valid body, with or without a valid Idempotency-Key, passes validation (the unknown case answers 404)',
    async (action) => {
      const key = fc.option(idempotencyKeyArb, { nil: undefined });
      await fc.assert(
        fc.asyncProperty(validAction(action), key, async (json, idempotencyKey) => {
          const headers = idempotencyKey === undefined ? undefined : { 'idempotency-key': idempotencyKey };
          expect((await send(actionRequest(action, json, MISSING_CASE, headers))).status).toBe(404);
        }),
        runs(12),
      );
    },
  );

  test('valid notes on a case in progress are all taken (200), trimmed into the timeline', async () => {
    const opened = await send(
      openRequest({
        type: 'concierge',
        member: { id: 'm-notes', name: 'Wei', tier: 'apass', credit: 'good', managerId: MANAGERS[0] },
        summary: 'notes target',
        details: { request: 'anything' },
      }),
    );
    expect((await send(actionRequest('callback', {}, opened.body.id))).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(validAction('notes'), async (json) => {
        const res = await send(actionRequest('notes', json, opened.body.id));
        expect(res.status).toBe(200);
        expect(res.body.timeline.at(-1).text).toContain((json as { text: string }).text.trim());
      }),
      runs(10),
    );
  });
});

// ---------------------------------------------------------------- GET /v1/cases

describe('GET /v1/cases query strings', () => {
  test('any combination of valid filters is a 200 page', async () => {
    await fc.assert(
      fc.asyncProperty(validArb(LIST_QUERY), async (query) => {
        expect((await send(listRequest(query as Query))).status).toBe(200);
      }),
      runs(25),
    );
  });
});

// ---------------------------------------------------------------- path parameters

describe('path parameters: a well-formed id is looked up', () => {
  const anId = segment.filter((s) => isId(s));

  test('GET /v1/cases/{id}: 404 here', async () => {
    await fc.assert(
      fc.asyncProperty(anId, async (id) => {
        const res = await send(caseRequest(id));
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
      }),
      runs(40),
    );
  });

  test('approve: a well-formed compensation id reaches the case (404 here)', async () => {
    await fc.assert(
      fc.asyncProperty(anId, async (cid) => {
        const res = await send(approveRequest(cid));
        expect({ cid, status: res.status }).toEqual({ cid, status: 404 });
      }),
      runs(30),
    );
  });

  test('GET /v1/managers/{id}/queue: a manager is 200, another well-formed id 404', async () => {
    const id = fc.oneof(anId, fc.constantFrom(...MANAGERS, 'sup-zheng', 'eng-1', 'app'));
    await fc.assert(
      fc.asyncProperty(id, async (managerId) => {
        const res = await send(queueRequest(managerId));
        // Supervisors and the head own escalated cases, so they have queues too (the roster's dev principals).
        const owners: string[] = [...MANAGERS, 'sup-zheng', 'sup-wen', 'head-dai'];
        expect({ managerId, status: res.status }).toEqual({
          managerId,
          status: owners.includes(managerId) ? 200 : 404,
        });
      }),
      runs(40),
    );
  });
});

describe('unknown cases: 404 not_found (moved from requests.test.ts: Temporal looks the case up)', () => {
  test('an action whose fields are all optional may be sent without a body', async () => {
    const res = await call(h.app, 'sup-zheng', 'POST', '/v1/cases/case-not-there/callback');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(contractError('not_found'));
  });

  test('an unknown case', async () => {
    const res = await call(h.app, 'sup-zheng', 'GET', '/v1/cases/case-does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(contractError('not_found'));
  });

  test('an action on an unknown case', async () => {
    const res = await call(h.app, 'sup-zheng', 'POST', '/v1/cases/case-does-not-exist/escalate', {
      reason: 'r',
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(contractError('not_found'));
  });
});
