/**
 * Property-based, on the route app (no Temporal: test/support/route-app.ts): a path parameter that is not a
 * well-formed id is a 400 about params, an Authorization that is not a roster token a 401 on every route, and a
 * body that is not application/json a 415, in the contract's shape (never 5xx); every response is also checked
 * against the served OpenAPI document. Bodies, Idempotency-Keys and query strings are in
 * bad-input-routes.test.ts.
 *
 * Runs are random; a failure prints fast-check's seed and path. Reproduce with FC_SEED=<seed> (and
 * FC_PATH=<path>); FC_RUNS_FACTOR=10 runs ten times as many cases.
 */
import fc from 'fast-check';
import { routeAppSuite } from '../support/route-app';
import { token as devToken } from '../support/tokens';
import {
  actionRequest,
  approveRequest,
  caseRequest,
  contractSender,
  expectValidationFailed,
  MISSING_CASE,
  queueRequest,
  runs,
  segment,
  type Request,
} from './bad-input-requests';
import { isId } from './request-rules';

const r = routeAppSuite();
const send = contractSender(() => r.app);

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
