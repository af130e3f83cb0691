/**
 * GET /v1/cases?breached=true: the cases whose SLA has passed, from the `Breached` search attribute, and not the
 * others. (The other list tests only ever saw it answer nothing, which a filter that never matches also does.)
 */
import { call, conciergeBody, harnessSuite, openCase, uniqueMemberId } from '../support/api-harness';
import { eventually } from '../support/eventually';
import { testPolicy } from '../support/policy';

// The super tier's callback SLA is 2 s here, so its case breaches during the test; apass keeps its 3 minutes.
const h = harnessSuite({ policy: testPolicy({ tiers: { super: { callbackSla: '2s' } } }) });

test('breached=true lists the case whose callback SLA passed, not the one still within it', async () => {
  const memberId = uniqueMemberId('breached');
  const late = (await openCase(h.app, conciergeBody({ memberId, tier: 'super' }))).id;
  const onTime = (await openCase(h.app, conciergeBody({ memberId, tier: 'apass' }))).id;
  const items = await eventually('the breached case to be listed', async () => {
    const res = await call(h.app, 'sup-zheng', 'GET', `/v1/cases?memberId=${memberId}&breached=true`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([late]);
    return res.body.items;
  });
  expect(items[0]).toMatchObject({ id: late, breached: true, tier: 'super' });
  const all = await call(h.app, 'sup-zheng', 'GET', `/v1/cases?memberId=${memberId}`);
  expect(all.body.items.find((i: { id: string }) => i.id === onTime)).toMatchObject({ breached: false });
});
