/**
 * DOMAIN.md, "Trust and segregation of duties": a compensation on a case its proposer opened never executes
 * without someone else's approval, whatever the tier (nor one the platform proposes by itself on a case a person
 * opened); a single compensation above `headApprovalAbove` waits for the head, `apass_top` included; the
 * approver is never the proposer, and the case's opener approves only what another person proposed (never the
 * platform's own proposals on it, nor their own). Policies captured before the ceiling have none.
 */
import { capturePolicy } from '../../config/policy';
import type { Actor, CaseType, CaseView, CompensationKind, Member } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, defaultPolicy, openInput } from '../support/cases';
import { waitForView } from '../support/case-views';
import { DAY } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';
import { eventually } from '../support/eventually';
import { settlementDone } from './trip-cases';

// apass authority 456.78 CNY, apass refund limit 1,234.57 CNY; an odd head ceiling of 33,333.33 CNY
const policy = { ...oddPolicy(), headApprovalAbove: 3_333_333 };
const CEILING = 3_333_333;

const suite = timeSkippingSuite();

const comp = (v: CaseView, id = 'c1') => v.compensations.find((c) => c.id === id)!;

/** A case opened by `openedBy`, past its callback (taken by its manager, mgr-xinyao). */
async function openedBy(
  ctx: WorkerContext,
  opener: Actor,
  o: { member?: Partial<Member>; type?: CaseType; details?: Record<string, unknown> } = {},
  p = policy,
): Promise<CaseHandle> {
  const h = await ctx.start({ ...openInput({ ...o, policy: p }), openedBy: opener });
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  return h;
}

const propose = (h: CaseHandle, actor: Actor, kind: CompensationKind, amount: number) =>
  h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor, kind, amount: cny(amount), reason: 'sorry' }],
  });
const approve = (h: CaseHandle, actor: Actor, compensationId = 'c1') =>
  h.executeUpdate(m.approveCompensationUpdate, { args: [{ actor, compensationId }] });
const executed = (h: CaseHandle, id = 'c1') =>
  waitForView(h, (v) => comp(v, id).status === 'executed', `${id} executed`);
const paid = async (ctx: WorkerContext) =>
  (await ctx.edges.journals.payments.calls()).filter((c) => c.operation === 'pay');
const approvalRequests = (ctx: WorkerContext) =>
  ctx.notifications.filter((n) => n.trigger === 'approval_request').map((n) => n.owner.id);
/** The approval requests sent so far, once there are `count` (other notifications may come first). */
async function requested(ctx: WorkerContext, count = 1): Promise<string[]> {
  await eventually(`${count} approval request(s)`, () => approvalRequests(ctx).length >= count);
  return approvalRequests(ctx);
}

test('a manager who opened the case: a small gift within authority waits; the opener cannot approve, a supervisor can', () =>
  withWorker(suite.env, { name: 'self-opened' }, async (ctx) => {
    // control: the same gift on a case the platform opened executes at once
    const platform = await openedBy(ctx, actors.app);
    expect(comp(await propose(platform, actors.xinyao, 'goodwill_gift', 10_000)).status).not.toBe(
      'pending_approval',
    );
    await executed(platform);

    const h = await openedBy(ctx, actors.xinyao);
    const v = await propose(h, actors.xinyao, 'goodwill_gift', 10_000);
    expect(comp(v)).toMatchObject({ status: 'pending_approval', proposedBy: 'mgr-xinyao', approvedBy: null });
    expect(comp(v).rule).toContain('four eyes: mgr-xinyao opened this case');
    expect(await requested(ctx)).toEqual(['sup-zheng']);
    expect(await paid(ctx)).toHaveLength(1); // the control's gift only

    await rejectionOf(approve(h, actors.xinyao), 'forbidden');
    const approved = await approve(h, actors.zheng);
    expect(comp(approved).approvedBy).toBe('sup-zheng');
    await executed(h);
    expect(await paid(ctx)).toHaveLength(2);
  }));

test('a supervisor who opened the case approves what its assignee proposed (two people), never what the platform proposed on it', () =>
  withWorker(suite.env, { name: 'opener-approves' }, async (ctx) => {
    const details = { orderId: 'o-32', merchantId: 'shop-6', price: cny(98_765), issue: 'damaged' };
    const h = await openedBy(ctx, actors.zheng, { type: 'dispute', details });
    // the assignee proposes above the apass authority: the supervisor's approval, the opener's included
    const v = await propose(h, actors.xinyao, 'goodwill_gift', 45_679);
    expect(comp(v).status).toBe('pending_approval');
    expect(comp(v).rule).toContain('exceeds the manager authority');
    expect(await requested(ctx)).toEqual(['sup-zheng']);
    expect(comp(await approve(h, actors.zheng)).approvedBy).toBe('sup-zheng');
    await executed(h);

    // the platform's own advance refund on the case the supervisor opened: someone else approves it
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    const refused = await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    expect(comp(refused, 'c2')).toMatchObject({
      kind: 'advance_refund',
      proposedBy: 'system',
      status: 'pending_approval',
    });
    expect(await requested(ctx, 2)).toEqual(['sup-zheng', 'head-dai']);
    const opener = await rejectionOf(approve(h, actors.zheng, 'c2'), 'forbidden');
    expect(opener.message).toContain('sup-zheng opened case');
    expect(comp(await approve(h, actors.wen, 'c2'), 'c2').approvedBy).toBe('sup-wen');
  }));

test('a head who opened the case approves a gift above the ceiling that its assignee proposed: not stuck for want of another head', () =>
  withWorker(suite.env, { name: 'head-opener-approves' }, async (ctx) => {
    const h = await openedBy(ctx, actors.dai, { member: { tier: 'apass_top' } });
    const v = await propose(h, actors.xinyao, 'goodwill_gift', CEILING + 1);
    expect(comp(v).status).toBe('pending_approval');
    expect(await requested(ctx)).toEqual(['head-dai']);
    expect(comp(await approve(h, actors.dai)).approvedBy).toBe('head-dai');
    await executed(h);
    expect(await paid(ctx)).toHaveLength(1);
  }));

test("the head may not propose above the ceiling: no one could approve it; their supervisor's proposal they approve", () =>
  withWorker(suite.env, { name: 'head-proposes-above' }, async (ctx) => {
    const h = await openedBy(ctx, actors.app, { member: { tier: 'apass_top' } });
    const refused = await rejectionOf(propose(h, actors.dai, 'goodwill_gift', CEILING + 1), 'forbidden');
    expect(refused.message).toContain('which only the head approves, and never their own proposal');
    expect((await h.query(m.caseViewQuery)).compensations).toEqual([]);
    expect(comp(await propose(h, actors.dai, 'goodwill_gift', CEILING)).status).not.toBe('pending_approval');
    const v = await propose(h, actors.zheng, 'goodwill_gift', CEILING + 1);
    expect(comp(v, 'c2').status).toBe('pending_approval');
    expect(comp(await approve(h, actors.dai, 'c2'), 'c2').approvedBy).toBe('head-dai');
  }));

test('a head who took over after the case opened may not propose above the ceiling either', () =>
  withWorker(suite.env, { name: 'new-head-proposes-above' }, async (ctx) => {
    const h = await openedBy(ctx, actors.app, { member: { tier: 'apass_top' } });
    const newHead = { id: 'head-new', role: 'head' } as const;
    const refused = await rejectionOf(propose(h, newHead, 'goodwill_gift', CEILING + 1), 'forbidden');
    expect(refused.message).toContain('which only the head approves, and never their own proposal');
    expect((await h.query(m.caseViewQuery)).compensations).toEqual([]);
  }));

test('the platform proposing by itself on a case a manager opened waits for approval (four eyes)', () =>
  withWorker(suite.env, { name: 'system-on-staff' }, async (ctx) => {
    const details = { orderId: 'o-31', merchantId: 'shop-5', price: cny(98_765), issue: 'missing_part' };
    const h = await openedBy(ctx, actors.xinyao, { type: 'dispute', details });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    const v = await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    // within the instant-refund limit: on a case the platform opened it would execute at once
    expect(comp(v)).toMatchObject({
      kind: 'advance_refund',
      proposedBy: 'system',
      status: 'pending_approval',
    });
    expect(comp(v).rule).toContain('four eyes: proposed by the platform on a case mgr-xinyao opened');
    await rejectionOf(approve(h, actors.xinyao), 'forbidden');
    await approve(h, actors.zheng);
    await executed(h);
  }));

test('a trip case opened from a visa case a manager opened is theirs too: four eyes hold on its penalty cover', () =>
  withWorker(suite.env, { name: 'visa-linked' }, async (ctx) => {
    const departureDate = new Date((await suite.env.currentTimeMs()) + 9 * DAY).toISOString();
    const trip = { bookingId: 'tour-7', merchantId: 'travel-4', price: cny(2_345_600) };
    const details = { destination: 'France', travelers: [], departureDate, visaStatus: 'held', trip };
    const visa = await openedBy(ctx, actors.xinyao, { type: 'visa_help', details });
    await waitForView(visa, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the endorsement');
    await visa.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
    });
    const h: CaseHandle = suite.env.client.workflow.getHandle(`${visa.workflowId}-trip`);
    const opened = await eventually('the linked trip case', () => h.query(m.caseViewQuery));
    expect(opened.openedBy).toBe('mgr-xinyao');

    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await settlementDone(h); // a person's penalty cover waits for the refund requests
    // 100 CNY, within the apass authority: on a trip case the platform opened it would execute at once
    const v = await propose(h, actors.xinyao, 'penalty_cover', 10_000);
    expect(comp(v)).toMatchObject({ status: 'pending_approval', proposedBy: 'mgr-xinyao' });
    expect(comp(v).rule).toContain('four eyes: mgr-xinyao opened this case');
    await rejectionOf(approve(h, actors.xinyao), 'forbidden');
    await approve(h, actors.zheng);
    await executed(h);
  }));

test('the head ceiling by one fen: at it apass_top executes at once; above it only the head approves', () =>
  withWorker(suite.env, { name: 'ceiling' }, async (ctx) => {
    const h = await openedBy(ctx, actors.app, { member: { tier: 'apass_top' } });
    let v = await propose(h, actors.xinyao, 'substitute_purchase', CEILING);
    expect(comp(v).status).not.toBe('pending_approval');
    expect(comp(v).rule).toBe('unlimited manager authority for this tier (recorded)');
    await executed(h);

    v = await propose(h, actors.xinyao, 'substitute_purchase', CEILING + 1);
    expect(comp(v, 'c2').status).toBe('pending_approval');
    expect(comp(v, 'c2').rule).toBe("a single compensation above 33333.33 CNY needs the head's approval");
    expect(await requested(ctx)).toEqual(['head-dai']);

    const bySupervisor = await rejectionOf(approve(h, actors.zheng, 'c2'), 'forbidden');
    expect(bySupervisor.message).toContain('only the head may approve it');
    expect(comp(await approve(h, actors.dai, 'c2'), 'c2').approvedBy).toBe('head-dai');
    await executed(h, 'c2');
    expect((await paid(ctx)).map((p) => p.amount)).toEqual([cny(CEILING), cny(CEILING + 1)]);
  }));

test('a price refund above the ceiling waits for the head too, even where a supervisor would do', () =>
  withWorker(suite.env, { name: 'ceiling-refund' }, async (ctx) => {
    const details = { orderId: 'o-8', merchantId: 'shop-8', price: cny(9_000_000), issue: 'damaged' };
    const h = await openedBy(ctx, actors.app, { type: 'dispute', details });
    const v = await propose(h, actors.xinyao, 'instant_refund', CEILING + 1);
    expect(comp(v).status).toBe('pending_approval');
    expect(comp(v).rule).toContain('exceed the instant-refund limit');
    expect(comp(v).rule).toContain("needs the head's approval");
    await rejectionOf(approve(h, actors.zheng), 'forbidden');
    await approve(h, actors.dai);
    await executed(h);
  }));

test('a case whose policy was captured before the ceiling has none: apass_top spends at once', () =>
  withWorker(suite.env, { name: 'no-ceiling' }, async (ctx) => {
    const input = openInput({ member: { tier: 'apass_top' }, policy: defaultPolicy });
    const { headApprovalAbove: _gone, ...oldPolicy } = input.policy;
    const h = await ctx.start({ ...input, policy: oldPolicy });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const v = await propose(h, actors.xinyao, 'substitute_purchase', 9_000_000);
    expect(comp(v).status).not.toBe('pending_approval');
    await executed(h);
  }));

test('the honeymoon: a ~20,000 CNY penalty cover for apass_top executes at once under the default policy', () =>
  withWorker(suite.env, { name: 'honeymoon' }, async (ctx) => {
    expect(capturePolicy(defaultPolicy, 'apass_top').headApprovalAbove).toBe(5_000_000);
    const trip = { member: { tier: 'apass_top' as const }, type: 'travel_cancellation' as const };
    const h = await openedBy(ctx, actors.app, trip, defaultPolicy);
    await settlementDone(h); // a person's penalty cover waits for the refund requests
    const v = await propose(h, actors.xinyao, 'penalty_cover', 2_000_000);
    expect(comp(v).status).not.toBe('pending_approval');
    await executed(h);
    expect(ctx.notifications.filter((n) => n.trigger === 'approval_request')).toHaveLength(0);
  }));
