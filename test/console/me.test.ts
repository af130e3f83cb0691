/** GET /v1/me: who a bearer token stands for, as the console asks after sign-in. Needs no Temporal. */
import { routeAppSuite } from '../support/route-app';
import { authorization } from '../support/tokens';

const h = routeAppSuite();

const me = (headers: Record<string, string> = {}, url = '/v1/me') => h.app.inject({ url, headers });
const bearer = authorization;

test.each([
  ['mgr-xinyao', { id: 'mgr-xinyao', alias: 'Xinyao', role: 'manager' }],
  ['sup-zheng', { id: 'sup-zheng', alias: 'Zheng', role: 'supervisor' }],
  ['head-dai', { id: 'head-dai', alias: 'Dai', role: 'head' }],
  ['app', { id: 'app', role: 'system' }],
  ['eng-1', { id: 'eng-1', role: 'engineer' }],
])(
  "answers %s with its id, alias and role, and the policy's date zone; nothing else",
  async (id, expected) => {
    const res = await me(bearer(id));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...expected, dateTimeZone: 'Asia/Shanghai' });
  },
);

test('401 in the contract shape without a token or with an unknown one', async () => {
  const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-roster-token-000' }];
  for (const headers of attempts) {
    const res = await me(headers);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthenticated', message: expect.any(String) });
  }
});

test('a query parameter is a 400, like every route that takes none', async () => {
  const res = await me(bearer('eng-1'), '/v1/me?who=else');
  expect(res.statusCode).toBe(400);
  expect(res.json()).toMatchObject({ error: 'validation_failed' });
});

test('is documented in the OpenAPI document with its schema and bearer security', async () => {
  const doc = (await h.app.inject({ url: '/docs/json' })).json();
  const op = doc.paths['/v1/me'].get;
  expect(op.security).toEqual([{ bearerAuth: [] }]);
  expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401']);
  expect(JSON.stringify(op.responses['200'])).toContain('Me');
});
