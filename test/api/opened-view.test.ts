/**
 * The view POST /v1/cases answers with (`openedView`, computed by the API without reading the case back) must be
 * the one the case workflow itself holds once its first task has run, for the caller who opened it, allowed
 * actions and choices included; and an unexpected error in it keeps its stack.
 */
import { openedView, startCaseRequest } from '../../api/cases/open-case';
import { caseViewForQuery } from '../../workflows/messages';
import { call, harnessSuite, policy, roster } from '../support/api-harness';
import type { Actor } from '../../workflows/domain';

const h = harnessSuite();

const member = { id: 'm-3061' };
const bodies = {
  concierge: {
    type: 'concierge',
    summary: 'A table for two',
    details: { request: 'A table for two tonight' },
  },
  dispute: {
    type: 'dispute',
    summary: 'Ruby pendant arrived without its chain',
    details: {
      orderId: 'o-77',
      merchantId: 'shop-9',
      price: { amount: 420000, currency: 'CNY' },
      issue: 'missing_part',
    },
  },
};

describe('the opened view', () => {
  it.each<[string, keyof typeof bodies]>([
    ['sup-zheng', 'dispute'],
    ['head-dai', 'concierge'],
    ['mgr-qiu', 'dispute'],
  ])('answered to %s for a %s case is the view the workflow holds for them', async (principalId, type) => {
    const res = await call(h.app, principalId, 'POST', '/v1/cases', { ...bodies[type], member });
    expect(res.status).toBe(201);
    const caller: Actor = { id: principalId, role: roster.get(principalId)!.role };
    const held = await h.env.client.workflow.getHandle(res.body.id).query(caseViewForQuery, caller);
    const { links: _links, ...answered } = res.body;
    expect(held).toEqual(answered);
    expect(answered.allowedActions.length).toBeGreaterThan(0);
  });
});

test('an unexpected error in it keeps its stack', () => {
  const app: Actor = { id: 'app', role: 'system' };
  const { input } = startCaseRequest({
    caseId: 'case-opened-view-error',
    body: { ...bodies.concierge, member: { ...member, tier: 'apass' } } as never,
    member: { id: 'm-1', name: 'Wei', tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' },
    openedBy: app,
    roster,
    policy,
    now: Date.now(),
  });
  let thrown: unknown;
  try {
    openedView({ ...input, type: 'no-such-type' } as never, Date.now(), app);
  } catch (err) {
    thrown = err;
  }
  expect((thrown as Error).message).toMatch(/unknown case type no-such-type/);
  expect((thrown as Error).stack).toMatch(/\n\s+at /);
});
