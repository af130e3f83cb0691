/**
 * What the API answers to requests it cannot take, before Temporal is asked: validation, authentication, role
 * gates, unknown routes. No dev server: the app's case client refuses every call (test/support/route-app.ts).
 * The answers that need Temporal (an unknown case's 404, an allowed role past the gate) are in bad-input.test.ts
 * and authorization-role-gates.test.ts.
 */
import { CASE_ACTIONS } from '../../api/cases/actions';
import { call, contractError } from '../support/api-harness';
import { ACTION_ROLES, PRINCIPAL_OF_ROLE } from './request-model';
import { conciergeBody, disputeBody } from '../support/case-fixtures';
import { routeAppSuite } from '../support/route-app';
import { token } from '../support/tokens';

const h = routeAppSuite();

/** Deep-ish copy with one change at a dotted path (undefined deletes it). */
function withChange(body: unknown, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body));
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce((o, k) => o[k], copy);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

describe('body validation: 400 validation_failed with the issues in details', () => {
  const dispute = disputeBody();
  const cases: [string, unknown, string][] = [
    ['a missing field', withChange(dispute, 'summary', undefined), 'summary'],
    ['an unknown top-level field', { ...dispute, priority: 'high' }, ''],
    ['an unknown field in details', withChange(dispute, 'details.colour', 'red'), 'details'],
    ['an unknown type', { ...dispute, type: 'complaint' }, 'type'],
    ['details of another type', { ...dispute, type: 'concierge' }, 'details.request'],
    ['a float amount', withChange(dispute, 'details.price.amount', 4200.5), 'details.price.amount'],
    ['a negative amount', withChange(dispute, 'details.price.amount', -1), 'details.price.amount'],
    ['a zero price', withChange(dispute, 'details.price.amount', 0), 'details.price.amount'],
    ['another currency', withChange(dispute, 'details.price.currency', 'USD'), 'details.price.currency'],
    ['an unknown tier', withChange(dispute, 'member.tier', 'gold'), 'member.tier'],
    ['an unknown issue', withChange(dispute, 'details.issue', 'late'), 'details.issue'],
    ['a blank summary', withChange(dispute, 'summary', '   '), 'summary'],
    ['an overlong summary', withChange(dispute, 'summary', 'x'.repeat(501)), 'summary'],
    ['an id with spaces', withChange(dispute, 'member.id', 'm 1041'), 'member.id'],
    ['a string where an object belongs', withChange(dispute, 'member', 'Lily'), 'member'],
    [
      'a visa case without travellers',
      {
        ...dispute,
        type: 'visa_help',
        details: { destination: 'France', travelers: [], departureDate: '2030-03-10', visaStatus: 'pending' },
      },
      'details.travelers',
    ],
    [
      'a departure that is not a date',
      {
        ...dispute,
        type: 'visa_help',
        details: {
          destination: 'France',
          travelers: [{ name: 'Mei', relation: 'mother' }],
          departureDate: 'next week',
          visaStatus: 'pending',
        },
      },
      'details.departureDate',
    ],
    [
      'an instant without a zone',
      {
        ...dispute,
        type: 'lost_goods',
        details: {
          orderId: 'o-1',
          merchantId: 's-1',
          price: { amount: 100, currency: 'CNY' },
          neededBy: '2030-01-02T18:00:00',
        },
      },
      'details.neededBy',
    ],
    ['an array body', [dispute], ''],
  ];

  test.each(cases)('%s', async (_what, body, path) => {
    const res = await call(h.app, 'app', 'POST', '/v1/cases', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(contractError('validation_failed'));
    expect(res.body.details.in).toBe('body');
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  test.each([
    ['rate', { score: 0 }, 'score'],
    ['rate', { score: 6 }, 'score'],
    ['rate', { score: 4.5 }, 'score'],
    ['notes', {}, 'text'],
    ['wait', { on: 'merchant', reason: 'r' }, 'on'],
    ['third-party-response', { party: 'bank', outcome: 'accepted' }, 'party'],
    ['compensations', { kind: 'cash', amount: { amount: 100, currency: 'CNY' }, reason: 'r' }, 'kind'],
    [
      'compensations',
      { kind: 'goodwill_gift', amount: { amount: 0, currency: 'CNY' }, reason: 'r' },
      'amount.amount',
    ],
    ['resolve', { code: 'has spaces', summary: 's' }, 'code'],
    ['callback', { note: 'hi', extra: true }, ''],
  ])('action %s with %j', async (action, body, path) => {
    const who = action === 'rate' ? 'app' : 'sup-zheng';
    const res = await call(h.app, who, 'POST', `/v1/cases/case-not-there/${action}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  test('reassign to someone who is not a manager is 400 naming managerId', async () => {
    const res = await call(h.app, 'sup-zheng', 'POST', '/v1/cases/case-not-there/reassign', {
      managerId: 'head-dai',
      reason: 'r',
    });
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'managerId' })]);
  });

  test('a malformed case id in the path is 400', async () => {
    const res = await call(h.app, 'eng-1', 'GET', `/v1/cases/${encodeURIComponent("x' OR 1=1")}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(contractError('validation_failed'));
    expect(res.body.details.in).toBe('params');
  });

  test('a malformed percent-encoding in the URL is 400', async () => {
    const res = await call(h.app, 'eng-1', 'GET', '/v1/cases/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(contractError('validation_failed'));
  });
});

describe('what the body is made of', () => {
  test('malformed JSON is 400 validation_failed', async () => {
    const res = await call(h.app, 'app', 'POST', '/v1/cases', '{"type": "dispute",', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(contractError('validation_failed'));
  });

  test('an empty JSON body is 400 validation_failed', async () => {
    const res = await call(h.app, 'app', 'POST', '/v1/cases', '', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
  });

  test.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])(
    'a %s body is 415 validation_failed',
    async (type) => {
      const res = await call(h.app, 'app', 'POST', '/v1/cases', 'type=dispute', { 'content-type': type });
      expect(res.status).toBe(415);
      expect(res.body).toEqual(contractError('validation_failed'));
    },
  );

  test('a body over 64 KiB is 413 validation_failed', async () => {
    const body = { ...conciergeBody(), details: { request: 'x'.repeat(70 * 1024) } };
    const res = await call(h.app, 'app', 'POST', '/v1/cases', body);
    expect(res.status).toBe(413);
    expect(res.body).toEqual(contractError('validation_failed'));
  });
});

describe('query validation', () => {
  test.each([
    ['an unknown filter', 'colour=red'],
    ['an unknown status', 'status=open'],
    ['a page size over 200', 'pageSize=201'],
    ['a page size of 0', 'pageSize=0'],
    ['a non-numeric page size', 'pageSize=ten'],
    ['an escalation level of 4', 'escalationLevel=4'],
    ['breached=false (only true filters)', 'breached=false'],
    ['a repeated filter', 'status=resolved&status=closed'],
    ['a page token with quotes', "pageToken=a'b"],
  ])('%s is 400 validation_failed', async (_what, qs) => {
    const res = await call(h.app, 'sup-zheng', 'GET', `/v1/cases?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.in).toBe('querystring');
  });

  test('a page token this API did not issue is 400 naming pageToken', async () => {
    const res = await call(h.app, 'sup-zheng', 'GET', '/v1/cases?pageToken=bm90LWEtdG9rZW4');
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'pageToken' })]);
  });
});

describe('authentication: 401 unauthenticated', () => {
  test.each([
    ['no Authorization header', {}],
    ['an unknown token', { authorization: 'Bearer not-a-token-in-the-roster' }],
    ['another scheme', { authorization: 'Basic ZGV2LWFwcC10b2tlbi0wMDAwMDAwMDAx' }],
    ['a bare token', { authorization: token('app') }],
  ])('%s', async (_what, headers) => {
    for (const [method, url] of [
      ['GET', '/v1/cases'],
      ['POST', '/v1/cases'],
      ['GET', '/v1/cases/case-x'],
      ['POST', '/v1/cases/case-x/callback'],
      ['GET', '/v1/managers/mgr-lin/queue'],
    ] as const) {
      const res = await call(h.app, null, method, url, method === 'POST' ? {} : undefined, headers);
      expect({ url, status: res.status, body: res.body }).toEqual({
        url,
        status: 401,
        body: contractError('unauthenticated'),
      });
    }
  });

  test('authentication comes before validation', async () => {
    const res = await call(h.app, null, 'POST', '/v1/cases', { nonsense: true });
    expect(res.status).toBe(401);
  });
});

describe('role gates: 403 forbidden before Temporal is asked', () => {
  test('the action table covers exactly the actions of API.md', () => {
    expect(CASE_ACTIONS.map((a) => a.path).sort()).toEqual(Object.keys(ACTION_ROLES).sort());
  });

  // An allowed role gets past the gate: authorization-role-gates.test.ts (it needs Temporal to look the case up).
  test.each(Object.entries(ACTION_ROLES))('%s: allowed %j, every other role 403', async (action, roles) => {
    const url = `/v1/cases/case-not-there/${action.replace(':compensationId', 'c1')}`;
    for (const [role, principal] of Object.entries(PRINCIPAL_OF_ROLE)) {
      if (roles.includes(role)) continue;
      const res = await call(h.app, principal, 'POST', url, {});
      expect({ role, status: res.status, body: res.body }).toEqual({
        role,
        status: 403,
        body: contractError('forbidden'),
      });
    }
  });

  test('engineers never write', async () => {
    expect((await call(h.app, 'eng-1', 'POST', '/v1/cases', disputeBody())).status).toBe(403);
  });
});

describe('unknown routes: 404 not_found', () => {
  test.each([
    ['GET', '/nowhere'],
    ['GET', '/v1'],
    ['POST', '/v1/cases/case-x/teleport'],
    ['POST', '/v1/cases/case-x/compensations/c1'],
  ] as const)('an unknown route %s %s', async (method, url) => {
    const res = await call(h.app, 'sup-zheng', method, url, {});
    expect(res.status).toBe(404);
    expect(res.body).toEqual(contractError('not_found'));
  });
});

describe('a method the path does not have: 405 validation_failed with Allow, before the body is read', () => {
  test.each([
    ['DELETE', '/v1/cases/case-x', 'GET, HEAD'],
    ['PUT', '/v1/cases', 'GET, HEAD, POST'],
    ['GET', '/v1/cases/case-x/escalate', 'POST'],
    ['PATCH', '/v1/managers/mgr-lin/queue', 'GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['TRACE', '/v1/cases/case-x', 'GET, HEAD'],
    ['OPTIONS', '/v1/cases/case-x/compensations/c1/approve', 'POST'],
  ] as const)('%s %s', async (method, url, allow) => {
    // No token and a body Fastify would refuse to parse: neither matters before the method does.
    const res = await call(h.app, null, method, url, 'not json', { 'content-type': 'text/plain' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body).toEqual(contractError('validation_failed'));
  });
});
