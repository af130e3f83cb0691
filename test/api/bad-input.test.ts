/**
 * Property-based: whatever a client sends, the API answers 4xx in the contract's shape (never 5xx), never
 * accepts what API.md rules out, and accepts what it allows. The oracle is test/api/request-model.ts (API.md
 * restated), not the API's own schemas; every response is also checked against the served OpenAPI document.
 *
 * Runs are random; a failure prints fast-check's seed and path. Reproduce with FC_SEED=<seed> (and
 * FC_PATH=<path>); FC_RUNS_FACTOR=10 runs ten times as many cases.
 */
import fc from 'fast-check';
import { token as devToken } from '../support/tokens';
import { errorBodyProblems, OpenApiContract } from './openapi-contract';
import { call, contractError, harnessSuite, type Call } from '../support/api-harness';
import {
  ACTION_BODIES,
  badIdempotencyKeyArb,
  badValues,
  CASE_DETAILS,
  CASE_TYPES,
  idempotencyKeyArb,
  isId,
  isIdempotencyKey,
  isValid,
  LIST_QUERY,
  MANAGERS,
  normalized,
  openCaseSpec,
  invalidArb,
  validArb,
  type Field,
  type Mutation,
} from './request-model';

const h = harnessSuite();
let contract: OpenApiContract;
beforeAll(async () => {
  contract = await OpenApiContract.load(h.app);
});

const FACTOR = Number(process.env.FC_RUNS_FACTOR ?? 1);
const runs = (n: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.round(n * FACTOR)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
});

const MISSING_CASE = 'case-none-0000000000';
const actorFor = (action: string) => (action === 'rate' ? 'app' : 'sup-zheng');
const actionPath = (action: string) =>
  `/v1/cases/{id}/${action.replace('compensations/c1/', 'compensations/{compensationId}/')}`;

interface Request {
  method: 'GET' | 'POST';
  /** The documented path of the operation, e.g. /v1/cases/{id}. */
  route: string;
  url: string;
  principal: string | null;
  /** A JSON value sent as application/json (undefined: no body). */
  json?: unknown;
  headers?: Record<string, string>;
}

/** Sends a request and checks what holds for every answer: no 5xx, the error shape, the OpenAPI document. */
async function send(r: Request): Promise<Call> {
  const headers = { ...(r.json === undefined ? {} : { 'content-type': 'application/json' }), ...r.headers };
  const res = await call(
    h.app,
    r.principal,
    r.method,
    r.url,
    r.json === undefined ? undefined : JSON.stringify(r.json),
    headers,
  );
  const problems = [
    ...(res.status >= 500 ? [`server error ${res.status}`] : []),
    ...(res.status >= 400 ? errorBodyProblems(res) : []),
    ...contract.problems(r.method, r.route, res),
  ];
  expect({ request: `${r.method} ${r.url}`, status: res.status, body: res.body, problems }).toEqual({
    request: `${r.method} ${r.url}`,
    status: res.status,
    body: res.body,
    problems: [],
  });
  return res;
}

/** A 400 whose issues in `part` name `path` or a field inside it ("" names the part itself: unknown fields). */
function expectValidationFailed(res: Call, part: string, path: string) {
  expect({ status: res.status, in: res.body?.details?.in }).toEqual({ status: 400, in: part });
  const paths = (res.body.details.issues as { path: string }[]).map((i) => i.path);
  const named = paths.some((p) => p === path || (path !== '' && p.startsWith(`${path}.`)));
  expect({ path, paths, named }).toEqual({ path, paths, named: true });
}

/** Arbitrary JSON, and objects shaped like the body with garbage inside. */
const garbageFor = (keys: string[]) =>
  fc.oneof(
    fc.jsonValue(),
    fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue()])), { requiredKeys: [] }),
  );

// ---------------------------------------------------------------- POST /v1/cases

const isValidOpenBody = (v: unknown) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const { type, ...rest } = v as Record<string, unknown>;
  return typeof type === 'string' && CASE_TYPES.includes(type) && isValid(openCaseSpec(type), rest);
};

const openRequest = (json: unknown, headers?: Record<string, string>): Request => ({
  method: 'POST',
  route: '/v1/cases',
  url: '/v1/cases',
  principal: 'app',
  json,
  headers,
});

describe('POST /v1/cases', () => {
  test('arbitrary JSON is a 400 validation_failed about the body', async () => {
    const body = fc.oneof(
      garbageFor(['type', 'member', 'summary', 'details']),
      fc.record({
        type: fc.constantFrom(...CASE_TYPES, 'complaint', 'DISPUTE'),
        member: fc.jsonValue(),
        summary: fc.jsonValue(),
        details: fc.jsonValue(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        expect(isValidOpenBody(json)).toBe(false);
        const res = await send(openRequest(json));
        // No details only when the JSON is refused before validation (a "__proto__" key).
        expect({ status: res.status, in: res.body.details?.in ?? 'body' }).toEqual({
          status: 400,
          in: 'body',
        });
      }),
      runs(150),
    );
  });

  test.each(CASE_TYPES)('a %s body with one thing broken is a 400 naming it', async (type) => {
    await fc.assert(
      fc.asyncProperty(invalidArb(openCaseSpec(type)), async (m: Mutation) => {
        const json = { type, ...(m.value as object) };
        expect(isValidOpenBody(json)).toBe(false);
        expectValidationFailed(await send(openRequest(json)), 'body', m.path);
      }),
      runs(60),
    );
  });

  test('an unknown or misspelt type is a 400 naming type', async () => {
    const valid = fc
      .constantFrom(...CASE_TYPES)
      .chain((type) => validArb(openCaseSpec(type)).map((rest) => ({ type, rest })));
    const badType = badValues({ kind: 'enum', values: CASE_TYPES });
    await fc.assert(
      fc.asyncProperty(valid, badType, async ({ rest }, type) => {
        expectValidationFailed(await send(openRequest({ type, ...(rest as object) })), 'body', 'type');
      }),
      runs(30),
    );
  });

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

  test('an Idempotency-Key that is not 1 to 200 printable ASCII characters is a 400 about the headers', async () => {
    const body = validArb(openCaseSpec('concierge')).map((rest) => ({
      type: 'concierge',
      ...(rest as object),
    }));
    await fc.assert(
      fc.asyncProperty(body, badIdempotencyKeyArb, async (json, key) => {
        expect(isIdempotencyKey(key)).toBe(false);
        expectValidationFailed(
          await send(openRequest(json, { 'idempotency-key': key })),
          'headers',
          'idempotency-key',
        );
      }),
      runs(40),
    );
  });
});

// ---------------------------------------------------------------- POST /v1/cases/{id}/{action}

const actionRequest = (
  action: string,
  json: unknown,
  caseId = MISSING_CASE,
  headers?: Record<string, string>,
): Request => ({
  method: 'POST',
  route: actionPath(action),
  url: `/v1/cases/${caseId}/${action}`,
  principal: actorFor(action),
  json,
  headers,
});
const validAction = (action: string) => fc.oneof(...ACTION_BODIES[action]!.map((spec) => validArb(spec)));
const isValidAction = (action: string, v: unknown) => ACTION_BODIES[action]!.some((spec) => isValid(spec, v));
const ACTIONS = Object.keys(ACTION_BODIES);

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

  test.each(ACTIONS)('%s: a body with one thing broken is a 400 naming it', async (action) => {
    const mutations = fc.oneof(...ACTION_BODIES[action]!.map((spec) => invalidArb(spec)));
    await fc.assert(
      fc.asyncProperty(mutations, async (m) => {
        expect(isValidAction(action, m.value)).toBe(false);
        expectValidationFailed(await send(actionRequest(action, m.value)), 'body', m.path);
      }),
      runs(40),
    );
  });

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

  test('an Idempotency-Key that is not 1 to 200 printable ASCII characters is a 400 about the headers', async () => {
    const request = fc
      .constantFrom(...ACTIONS)
      .chain((action) => validAction(action).map((json) => ({ action, json })));
    await fc.assert(
      fc.asyncProperty(request, badIdempotencyKeyArb, async ({ action, json }, key) => {
        expect(isIdempotencyKey(key)).toBe(false);
        expectValidationFailed(
          await send(actionRequest(action, json, MISSING_CASE, { 'idempotency-key': key })),
          'headers',
          'idempotency-key',
        );
      }),
      runs(60),
    );
  });

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

type Query = Record<string, string>;
const listRequest = (query: Query | string): Request => ({
  method: 'GET',
  route: '/v1/cases',
  url: `/v1/cases?${typeof query === 'string' ? query : new URLSearchParams(query).toString()}`,
  principal: 'sup-zheng',
});

const queryField = (name: string) => LIST_QUERY.fields[name] as Field;

describe('GET /v1/cases query strings', () => {
  test('any combination of valid filters is a 200 page', async () => {
    await fc.assert(
      fc.asyncProperty(validArb(LIST_QUERY), async (query) => {
        expect((await send(listRequest(query as Query))).status).toBe(200);
      }),
      runs(25),
    );
  });

  test('a filter with a bad value, an unknown or a repeated parameter is a 400 naming it', async () => {
    const names = Object.keys(LIST_QUERY.fields);
    const bad = fc.oneof(
      fc.constantFrom(...names).chain((name) =>
        badValues(queryField(name))
          .filter((v): v is string => typeof v === 'string')
          .map((value) => ({ query: { [name]: value } as Query | string, path: name })),
      ),
      fc
        .constantFrom('colour', 'page', 'PageSize', 'status[]', 'limit')
        .map((name) => ({ query: { [name]: 'x' } as Query | string, path: '' })),
      fc
        .constantFrom('status=resolved&status=closed', 'pageSize=5&pageSize=5', 'tier=apass&tier=super')
        .map((query) => ({ query: query as Query | string, path: query.split('=')[0]! })),
      fc.constantFrom('0', '201', '-1', '1.5', 'ten', ' 5', '05', '1e2').map((v) => ({
        query: { pageSize: v } as Query | string,
        path: 'pageSize',
      })),
      fc.constantFrom('4', '-1', '1.0', 'one', '').map((v) => ({
        query: { escalationLevel: v } as Query | string,
        path: 'escalationLevel',
      })),
      fc
        .oneof(
          fc.constantFrom("a'b", 'a b', 'x'.repeat(4001), '=='),
          fc.string({ unit: 'binary', minLength: 1 }),
        )
        .filter((t) => !/^[A-Za-z0-9_-]{1,4000}$/.test(t))
        .map((token) => ({ query: { pageToken: token } as Query | string, path: 'pageToken' })),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ query, path }) => {
        expectValidationFailed(await send(listRequest(query)), 'querystring', path);
      }),
      runs(80),
    );
  });

  test('a well-formed page token this API never issued is a 400 naming pageToken', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{1,200}$/), async (token) => {
        expectValidationFailed(await send(listRequest({ pageToken: token })), 'querystring', 'pageToken');
      }),
      runs(20),
    );
  });
});

// ---------------------------------------------------------------- path parameters

/** Strings a client might put in a path segment (a lone '.' or '..' is left to URL normalisation). */
const segment = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,140}$/),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.constantFrom("x' OR 1=1", 'a/b', 'a?b', 'a#b', '%', ' ', 'case-ä', 'x'.repeat(129), 'x'.repeat(600)),
  )
  .filter((s) => s !== '.' && s !== '..');

describe('path parameters', () => {
  test('GET /v1/cases/{id}: a well-formed id is looked up (404 here), anything else is a 400 about params', async () => {
    await fc.assert(
      fc.asyncProperty(segment, async (id) => {
        const res = await send({
          method: 'GET',
          route: '/v1/cases/{id}',
          url: `/v1/cases/${encodeURIComponent(id)}`,
          principal: 'eng-1',
        });
        if (isId(id)) expect({ id, status: res.status }).toEqual({ id, status: 404 });
        else expectValidationFailed(res, 'params', 'id');
      }),
      runs(80),
    );
  });

  test('approve: a well-formed compensation id reaches the case (404 here), anything else is a 400', async () => {
    await fc.assert(
      fc.asyncProperty(segment, async (cid) => {
        const res = await send({
          method: 'POST',
          route: '/v1/cases/{id}/compensations/{compensationId}/approve',
          url: `/v1/cases/${MISSING_CASE}/compensations/${encodeURIComponent(cid)}/approve`,
          principal: 'sup-zheng',
          json: {},
        });
        if (isId(cid)) expect({ cid, status: res.status }).toEqual({ cid, status: 404 });
        else expectValidationFailed(res, 'params', 'compensationId');
      }),
      runs(60),
    );
  });

  test('GET /v1/managers/{id}/queue: a manager is 200, another well-formed id 404, anything else 400', async () => {
    const id = fc.oneof(segment, fc.constantFrom(...MANAGERS, 'sup-zheng', 'eng-1', 'app'));
    await fc.assert(
      fc.asyncProperty(id, async (managerId) => {
        const res = await send({
          method: 'GET',
          route: '/v1/managers/{id}/queue',
          url: `/v1/managers/${encodeURIComponent(managerId)}/queue`,
          principal: 'head-dai',
        });
        // Supervisors and the head own escalated cases, so they have queues too (the roster's dev principals).
        const owners: string[] = [...MANAGERS, 'sup-zheng', 'sup-wen', 'head-dai'];
        if (!isId(managerId)) expectValidationFailed(res, 'params', 'id');
        else
          expect({ managerId, status: res.status }).toEqual({
            managerId,
            status: owners.includes(managerId) ? 200 : 404,
          });
      }),
      runs(40),
    );
  });
});

// ---------------------------------------------------------------- headers

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
});

describe('headers', () => {
  test('an Authorization that is not "Bearer <a roster token>" is a 401 on every route, before anything else', async () => {
    const token = devToken('sup-zheng');
    const authorization = fc.oneof(
      printable,
      printable.map((t) => `Bearer ${t}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        `Bearer ${token}x`,
        `Bearer ${token.toUpperCase()}`,
        `Bearer ${token.slice(1)}`,
        `Basic ${token}`,
        `Token ${token}`,
        token,
        `Bearer\t${token}`,
        `Bearer ${token} ${token}`,
      ),
    );
    const route = fc.constantFrom<Request>(
      { method: 'GET', route: '/v1/cases', url: '/v1/cases', principal: null },
      { method: 'GET', route: '/v1/cases/{id}', url: `/v1/cases/${MISSING_CASE}`, principal: null },
      { method: 'GET', route: '/v1/managers/{id}/queue', url: '/v1/managers/mgr-lin/queue', principal: null },
      { method: 'POST', route: '/v1/cases', url: '/v1/cases', principal: null, json: { nonsense: true } },
      { ...actionRequest('escalate', 'not even an object'), principal: null },
    );
    await fc.assert(
      fc.asyncProperty(route, authorization, async (r, value) => {
        const res = await send({ ...r, headers: { authorization: value } });
        expect({ value, status: res.status }).toEqual({ value, status: 401 });
      }),
      runs(100),
    );
  });

  test('a body that is not application/json is a 415, whatever it holds', async () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9.+-]{0,15}$/);
    const mediaType = fc
      .oneof(
        fc
          .tuple(token, token, fc.constantFrom('', '; charset=utf-8', ';q=1'))
          .map(([t, s, p]) => `${t}/${s}${p}`),
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json-patch+json',
          'application/jsonx',
          'text/json',
          'application/json, text/plain',
        ),
      )
      .filter((ct) => ct.split(';')[0]!.trim().toLowerCase() !== 'application/json');
    await fc.assert(
      fc.asyncProperty(mediaType, fc.jsonValue(), async (contentType, json) => {
        const res = await send({
          ...actionRequest('escalate', json),
          headers: { 'content-type': contentType },
        });
        expect({ contentType, status: res.status }).toEqual({ contentType, status: 415 });
      }),
      runs(60),
    );
  });
});

describe('the model itself', () => {
  // Guards the oracle: the valid generators satisfy the model and every case type is covered.
  test('valid generators produce valid values; the case types are those of API.md', () => {
    expect(CASE_TYPES.sort()).toEqual([
      'concierge',
      'dispute',
      'lost_goods',
      'travel_cancellation',
      'visa_help',
    ]);
    expect(Object.keys(CASE_DETAILS)).toHaveLength(5);
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_TYPES).chain((t) => validArb(openCaseSpec(t)).map((v) => [t, v] as const)),
        ([t, v]) => isValid(openCaseSpec(t), v),
      ),
      { numRuns: 200 },
    );
    for (const action of ACTIONS) {
      fc.assert(
        fc.property(validAction(action), (v) => isValidAction(action, v)),
        { numRuns: 50 },
      );
    }
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
