/**
 * Four eyes for the platform's own proposals (workflows/set-off.ts): a proposal the platform makes because of a
 * person's action (the merchant's refusal they recorded, the refund they proposed or rejected and it makes up)
 * names them, and none of them may approve it. Before, a supervisor alone moved the money: proposed a refund,
 * recorded the merchant's refusal, withdrew the refund and approved the platform's copy of it.
 */
import type { Actor, CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { PLATFORM_PROPOSALS_NAME_SETTERS_PATCH } from '../../workflows/patches';
import { actors } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const suite = timeSkippingSuite();

/** A dispute of 2,000.00 CNY the platform opened, past its callback; oddPolicy's apass refunds 1,234.57 at once. */
const dispute = (ctx: WorkerContext): Promise<CaseHandle> =>
  openDispute(ctx, {
    policy: oddPolicy(),
    details: { orderId: 'o-3141', merchantId: 'shop-59', price: cny(200_000), issue: 'not_as_described' },
  });

const comp = (v: CaseView, id: string) => v.compensations.find((c) => c.id === id)!;
const merchantRefused = (h: CaseHandle, actor: Actor = actors.zheng) =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor, party: 'merchant', outcome: 'refused', note: 'merchant refused' }],
  });

test("a supervisor who recorded the merchant's refusal may not approve the advance it set off; another approver may", () =>
  withWorker(suite.env, { name: 'set-off-refusal' }, async (ctx) => {
    const h = await dispute(ctx);
    let v = await merchantRefused(h);
    expect(comp(v, 'c1')).toMatchObject({
      kind: 'advance_refund',
      status: 'pending_approval',
      proposedBy: 'system',
      setOffBy: ['sup-zheng'],
    });
    const refused = await rejectionOf(
      h.executeUpdate(m.approveCompensationUpdate, { args: [{ actor: actors.zheng, compensationId: 'c1' }] }),
    );
    expect(refused).toMatchObject({ type: 'forbidden' });
    expect(refused.message).toMatch(/set off by sup-zheng's own action.*four eyes/);
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.dai, compensationId: 'c1' }],
    });
    expect(comp(v, 'c1')).toMatchObject({ status: 'executed', approvedBy: 'head-dai' });
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toContain(PLATFORM_PROPOSALS_NAME_SETTERS_PATCH);
  }));

test("a supervisor may not withdraw their own refund and approve the platform's copy of it", () =>
  withWorker(suite.env, { name: 'set-off-make-up' }, async (ctx) => {
    const h = await dispute(ctx);
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.zheng, kind: 'instant_refund', amount: cny(200_000), reason: 'the whole price' },
      ],
    });
    // The assignee records the refusal: the whole price is counted, nothing left to advance.
    let v = await merchantRefused(h, actors.xinyao);
    expect(v.compensations).toHaveLength(1);
    v = await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'withdrawn' }],
    });
    expect(comp(v, 'c2')).toMatchObject({
      kind: 'advance_refund',
      amount: cny(200_000),
      status: 'pending_approval',
      setOffBy: ['sup-zheng'],
    });
    const refused = await rejectionOf(
      h.executeUpdate(m.approveCompensationUpdate, { args: [{ actor: actors.zheng, compensationId: 'c2' }] }),
    );
    expect(refused).toMatchObject({ type: 'forbidden' });
    expect((await h.query(m.caseViewQuery)).compensations.filter((c) => c.status === 'executed')).toEqual([]);
    // The approval request went to the head, the next one up, not to the supervisor who set it off.
    await ctx.notified(3);
    const asked = ctx.notifications.filter((n) => n.trigger === 'approval_request').map((n) => n.owner.id);
    expect(asked).toEqual(['head-dai', 'head-dai']);
  }));

test("the advance set off by the manager's recorded refusal is the supervisor's to approve, as before", () =>
  withWorker(suite.env, { name: 'set-off-none' }, async (ctx) => {
    const h = await dispute(ctx);
    let v = await merchantRefused(h, actors.xinyao);
    expect(comp(v, 'c1').setOffBy).toEqual(['mgr-xinyao']);
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    expect(comp(v, 'c1')).toMatchObject({ status: 'executed', approvedBy: 'sup-zheng' });
  }));

test('above the head ceiling, the head who recorded the refusal still approves the advance: no one else may, and it would never be decided', () =>
  withWorker(suite.env, { name: 'set-off-ceiling' }, async (ctx) => {
    const h = await openDispute(ctx, {
      policy: oddPolicy(),
      details: { orderId: 'o-2653', merchantId: 'shop-58', price: cny(6_000_000), issue: 'not_as_described' },
    });
    let v = await merchantRefused(h, actors.dai);
    expect(comp(v, 'c1')).toMatchObject({ status: 'pending_approval', setOffBy: ['head-dai'] });
    await ctx.notified(2);
    expect(ctx.notifications.filter((n) => n.trigger === 'approval_request').map((n) => n.owner.id)).toEqual([
      'head-dai',
    ]);
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.dai, compensationId: 'c1' }],
    });
    expect(comp(v, 'c1')).toMatchObject({ status: 'executed', approvedBy: 'head-dai' });
  }));

test("the head's rejection of a supervisor's refund is not undone by that supervisor: the make-up keeps them out, the head approves", () =>
  withWorker(suite.env, { name: 'set-off-nearest' }, async (ctx) => {
    const h = await dispute(ctx);
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.zheng, kind: 'instant_refund', amount: cny(200_000), reason: 'the whole price' },
      ],
    });
    await merchantRefused(h, actors.xinyao); // the refund counted: nothing left to advance
    let v = await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.dai, compensationId: 'c1', reason: 'not yet' }],
    });
    expect(comp(v, 'c2')).toMatchObject({ status: 'pending_approval', setOffBy: ['sup-zheng', 'head-dai'] });
    const refused = await rejectionOf(
      h.executeUpdate(m.approveCompensationUpdate, { args: [{ actor: actors.zheng, compensationId: 'c2' }] }),
    );
    expect(refused).toMatchObject({ type: 'forbidden' });
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.dai, compensationId: 'c2' }],
    });
    expect(comp(v, 'c2')).toMatchObject({ status: 'executed', approvedBy: 'head-dai' });
  }));
