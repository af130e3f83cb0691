/**
 * Property-based, on the route app (no Temporal: test/support/route-app.ts): whatever a client sends that the
 * routes refuse before looking a case up (a body, a parameter, a query string, a header), the API answers 4xx in
 * the contract's shape (never 5xx) and names what is wrong. The oracle is test/api/request-model.ts (API.md
 * restated), not the API's own schemas; every response is also checked against the served OpenAPI document.
 * What needs real cases (201s, 200s, the unknown case's 404) is in bad-input.test.ts.
 *
 * Runs are random; a failure prints fast-check's seed and path. Reproduce with FC_SEED=<seed> (and
 * FC_PATH=<path>); FC_RUNS_FACTOR=10 runs ten times as many cases.
 */
import fc from 'fast-check';
import { routeAppSuite } from '../support/route-app';
import { token as devToken } from '../support/tokens';
import {
  actionRequest,
  ACTIONS,
  approveRequest,
  caseRequest,
  contractSender,
  expectValidationFailed,
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
  type Request,
} from './bad-input-requests';
import {
  ACTION_BODIES,
  badIdempotencyKeyArb,
  badValues,
  CASE_DETAILS,
  CASE_TYPES,
  invalidArb,
  isId,
  isIdempotencyKey,
  isValid,
  LIST_QUERY,
  openCaseSpec,
  validArb,
  type Field,
  type Mutation,
} from './request-model';

const r = routeAppSuite();
const send = contractSender(() => r.app);

// ---------------------------------------------------------------- POST /v1/cases

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

describe('POST /v1/cases/{id}/{action}', () => {
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
});

// ---------------------------------------------------------------- GET /v1/cases

const queryField = (name: string) => LIST_QUERY.fields[name] as Field;

describe('GET /v1/cases query strings', () => {
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

describe('path parameters: anything but a well-formed id is a 400 about params', () => {
  const notAnId = segment.filter((s) => !isId(s));

  test('GET /v1/cases/{id}', async () => {
    await fc.assert(
      fc.asyncProperty(notAnId, async (id) => {
        expectValidationFailed(await send(caseRequest(id)), 'params', 'id');
      }),
      runs(80),
    );
  });

  test('approve: the compensation id', async () => {
    await fc.assert(
      fc.asyncProperty(notAnId, async (cid) => {
        expectValidationFailed(await send(approveRequest(cid)), 'params', 'compensationId');
      }),
      runs(60),
    );
  });

  test('GET /v1/managers/{id}/queue', async () => {
    await fc.assert(
      fc.asyncProperty(notAnId, async (managerId) => {
        expectValidationFailed(await send(queueRequest(managerId)), 'params', 'id');
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
