/** GET /v1/managers: whom a case may be reassigned to, for the console's reassign form. Needs no Temporal. */
import { routeAppSuite } from '../support/route-app';
import { authorization } from '../support/tokens';

const h = routeAppSuite();
const list = (principalId: string) =>
  h.app.inject({ url: '/v1/managers', headers: authorization(principalId) });

test.each(['sup-zheng', 'head-dai'])('lists the roster managers, by id, to %s', async (who) => {
  const res = await list(who);
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({
    items: [
      { id: 'mgr-lin', alias: 'Lin', supervisorId: 'sup-zheng' },
      { id: 'mgr-qiu', alias: 'Qiu', supervisorId: 'sup-wen' },
      { id: 'mgr-xinyao', alias: 'Xinyao', supervisorId: 'sup-zheng' },
    ],
  });
});

test.each(['mgr-xinyao', 'eng-1', 'app'])('is 403 to %s, who does not reassign', async (who) => {
  const res = await list(who);
  expect(res.statusCode).toBe(403);
  expect(res.json()).toMatchObject({ error: 'forbidden' });
});
