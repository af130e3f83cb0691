/**
 * Property-based, on the route app (no Temporal: test/support/route-app.ts): whatever a client sends in a body,
 * an Idempotency-Key or a list's query string that the routes refuse before looking a case up, the API answers
 * 4xx in the contract's shape (never 5xx) and names what is wrong. The oracle is test/api/request-model.ts
 * (API.md restated), not the API's own schemas; every response is also checked against the served OpenAPI
 * document. Path parameters and the other headers are in bad-input-paths-and-headers.test.ts; what needs real
 * cases (201s, 200s, the unknown case's 404) is in bad-input.test.ts.
 *
 * Runs are random; a failure prints fast-check's seed and path. Reproduce with FC_SEED=<seed> (and
 * FC_PATH=<path>); FC_RUNS_FACTOR=10 runs ten times as many cases.
 */
import fc from 'fast-check';
import { routeAppSuite } from '../support/route-app';
import {
  actionRequest,
  ACTIONS,
  contractSender,
  expectValidationFailed,
  garbageFor,
  isValidAction,
  isValidOpenBody,
  listRequest,
  MISSING_CASE,
  openRequest,
  runs,
  validAction,
  type Query,
} from './bad-input-requests';
import { badIdempotencyKeyArb, isIdempotencyKey } from './request-headers';
import { ACTION_BODIES, CASE_TYPES, LIST_QUERY, openCaseSpec, type Field } from './request-model';
import { badValues, invalidArb, type Mutation } from './request-mutations';
import { validArb } from './request-valid-values';

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
        // A "__proto__" key too: the JSON parser refuses it with the body's details (api/plugins/json-body.ts).
        expect({ status: res.status, in: res.body.details?.in }).toEqual({
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
