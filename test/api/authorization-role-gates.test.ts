/**
 * The role gates of API.md on every action, on a case that does not exist: an allowed role gets past the gate
 * (to validation or the unknown case), every other role is 403 forbidden; engineers read but never write. The
 * table of who may do what on real cases is authorization-matrix.test.ts.
 */
import { call, contractError, disputeBody, harnessSuite } from '../support/api-harness';
import { ACTION_ROLES, PRINCIPAL_OF_ROLE } from './request-model';

const h = harnessSuite();

describe('role gates on an unknown case (moved from requests.test.ts, which checks the 403s without Temporal)', () => {
  test.each(Object.entries(ACTION_ROLES))('%s: allowed %j, every other role 403', async (action, roles) => {
    const url = `/v1/cases/case-not-there/${action.replace(':compensationId', 'c1')}`;
    for (const [role, principal] of Object.entries(PRINCIPAL_OF_ROLE)) {
      // An empty body: an allowed role gets past the gate to validation (400) or the unknown case (404).
      const res = await call(h.app, principal, 'POST', url, {});
      if (roles.includes(role))
        expect({ role, passed: [400, 404].includes(res.status) }).toEqual({ role, passed: true });
      else
        expect({ role, status: res.status, body: res.body }).toEqual({
          role,
          status: 403,
          body: contractError('forbidden'),
        });
    }
  });

  test('engineers read but never write; the list needs no filter for them', async () => {
    expect((await call(h.app, 'eng-1', 'GET', '/v1/cases')).status).toBe(200);
    expect((await call(h.app, 'eng-1', 'POST', '/v1/cases', disputeBody())).status).toBe(403);
  });
});
