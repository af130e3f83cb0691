/**
 * DOMAIN.md, case type `travel_cancellation`: after the callback a saga cancels the bookings and requests the
 * refunds through the merchants' back-end channel; then the case waits on the merchant until departure. A late
 * penalty becomes a `penalty_cover` proposed by `system` under the approval rules; a refusing merchant means an
 * advance refund; a trip not settled at departure escalates.
 */
import type { CaseView, Member } from '../../workflows/domain';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { failForGood } from '../support/edges';
import { entriesOf, texts, waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { takenUnlessInvalid } from '../support/update-rejections';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

// a long resolution commitment, so that the only escalation in sight is the departure's
const policy = oddPolicy({
  tiers: { apass: { resolutionSla: '101h' }, apass_top: { resolutionSla: '101h' } },
});
const AUTHORITY = 45_678; // apass
const DEPARTURE_IN = 74 * HOUR + 13 * 60_000;

const suite = timeSkippingSuite();

interface TripOptions {
  member?: Partial<Member>;
  price?: number;
  penalty?: number;
  more?: { bookingId: string; merchantId: string; price: ReturnType<typeof cny> }[];
}

async function openTrip(
  ctx: WorkerContext,
  o: TripOptions = {},
): Promise<{ h: CaseHandle; departure: number }> {
  const departure = (await suite.env.currentTimeMs()) + DEPARTURE_IN;
  const h = await ctx.open({
    type: 'travel_cancellation',
    member: o.member,
    policy,
    details: {
      bookingId: 'villa-5',
      merchantId: 'resort-8',
      price: cny(o.price ?? 111_111),
      departureDate: new Date(departure).toISOString(),
      reason: 'typhoon warning',
      ...(o.penalty ? { penalty: cny(o.penalty) } : {}),
      ...(o.more ? { additionalBookings: o.more } : {}),
    },
  });
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  return { h, departure };
}

const settlementDone = (h: CaseHandle) =>
  waitForView(
    h,
    (v) =>
      v.timeline.some(
        (t) =>
          t.kind === 'settlement_failed' || (t.kind === 'waiting' && t.text.startsWith('refunds requested')),
      ) && v.compensations.every((c) => c.status !== 'executing'),
    'the trip settlement',
  );
const merchant = (h: CaseHandle, outcome: 'accepted' | 'refused') =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
  });

test('callback -> settlement saga (cancel the booking, then request its refund), then waiting on the merchant; accepted -> settled', () =>
  withWorker(suite.env, { name: 'trip-accepted' }, async (ctx) => {
    const { h, departure } = await openTrip(ctx);
    let v = await settlementDone(h);
    expect(v.status).toBe('waiting_on_third_party');
    expect(texts(v, 'waiting')).toEqual([
      `refunds requested; waiting on the merchant to confirm before departure (${new Date(departure).toISOString()})`,
    ]);
    const calls = await ctx.edges.journals.merchants.calls();
    expect(calls.map((c) => [c.operation, c.bookingId, c.merchantId])).toEqual([
      ['cancelBooking', 'villa-5', 'resort-8'],
      ['requestRefund', 'villa-5', 'resort-8'],
    ]);
    expect(calls[1]).toMatchObject({ amount: cny(111_111), memberId: 'm-1041' });
    expect(v.compensations).toEqual([]);

    v = await merchant(h, 'accepted');
    expect(v.status).toBe('in_progress');
    expect(texts(v, 'merchant_refunded')).toEqual([
      'the merchant confirmed the refund through the back-end channel',
    ]);
    await suite.env.sleep('75h'); // past departure: nothing left to escalate
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(0);
    expect(v.compensations).toEqual([]);
    expect(await ctx.edges.journals.payments.calls()).toEqual([]);
  }));

test('a penalty one fen above the apass authority: penalty_cover proposed by system waits; the supervisor approves', () =>
  withWorker(suite.env, { name: 'trip-penalty' }, async (ctx) => {
    const { h } = await openTrip(ctx, { penalty: AUTHORITY + 1 });
    let v = await settlementDone(h);
    expect(
      v.compensations.map((c) => [c.id, c.kind, c.amount.amount, c.status, c.proposedBy, c.payee]),
    ).toEqual([['c1', 'penalty_cover', AUTHORITY + 1, 'pending_approval', 'system', 'merchant:resort-8']]);
    expect(v.compensations[0]!.rule).toContain('exceeds the manager authority of 456.78 CNY');
    expect(await ctx.edges.journals.payments.calls()).toEqual([]);
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    expect(v.compensations[0]).toMatchObject({ status: 'executed', approvedBy: 'sup-zheng' });
    expect(v.ledger.entries).toEqual([
      expect.objectContaining({
        kind: 'penalty_cover',
        amount: cny(AUTHORITY + 1),
        payee: 'merchant:resort-8',
        approvedBy: 'sup-zheng',
      }),
    ]);
  }));

test('a penalty exactly at the authority executes at once', () =>
  withWorker(suite.env, { name: 'trip-penalty-at' }, async (ctx) => {
    const { h } = await openTrip(ctx, { penalty: AUTHORITY });
    const v = await settlementDone(h);
    expect(v.compensations.map((c) => [c.kind, c.status, c.proposedBy])).toEqual([
      ['penalty_cover', 'executed', 'system'],
    ]);
    expect(v.ledger.paid).toEqual(cny(AUTHORITY));
    expect((await ctx.edges.journals.payments.calls()).map((c) => [c.operation, c.payee])).toEqual([
      ['pay', 'merchant:resort-8'],
    ]);
  }));

test('apass_top: a 20,000.01 CNY penalty is covered at once', () =>
  withWorker(suite.env, { name: 'trip-penalty-top' }, async (ctx) => {
    const { h } = await openTrip(ctx, { member: { tier: 'apass_top' }, penalty: 2_000_001 });
    const v = await settlementDone(h);
    expect(v.compensations.map((c) => [c.kind, c.amount.amount, c.status, c.proposedBy])).toEqual([
      ['penalty_cover', 2_000_001, 'executed', 'system'],
    ]);
    expect(v.compensations[0]!.rule).toMatch(/unlimited/);
    expect(v.ledger.paid).toEqual(cny(2_000_001));
  }));

test('a penalty the manager covered in part while the trip settled is not paid twice: the platform covers the rest', () => {
  let release!: () => void;
  const settling = new Promise<void>((resolve) => (release = resolve));
  // the refund request waits until the manager's cover is in: the settlement is slow
  const faults: FaultInjector = {
    before: async (op) => void (op === 'requestRefund' && (await settling)),
  };
  return withWorker(suite.env, { name: 'trip-penalty-covered', faults }, async (ctx) => {
    const { h } = await openTrip(ctx, { member: { tier: 'apass_top' }, penalty: 2_000_001 });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.xinyao, kind: 'penalty_cover', amount: cny(500_000), reason: 'the member asked' },
      ],
    });
    release();
    const v = await settlementDone(h);
    expect(v.compensations.map((c) => [c.id, c.kind, c.amount.amount, c.status, c.proposedBy])).toEqual([
      ['c1', 'penalty_cover', 500_000, 'executed', 'mgr-xinyao'],
      ['c2', 'penalty_cover', 1_500_001, 'executed', 'system'],
    ]);
    expect(v.ledger.paid).toEqual(cny(2_000_001));
    expect((await ctx.edges.journals.payments.calls()).map((c) => c.amount)).toEqual([
      cny(500_000),
      cny(1_500_001),
    ]);
  });
});

test('a penalty the manager covered in full while the trip settled: no second cover, unless the manager’s is rejected', () => {
  let release!: () => void;
  const settling = new Promise<void>((resolve) => (release = resolve));
  const faults: FaultInjector = {
    before: async (op) => void (op === 'requestRefund' && (await settling)),
  };
  return withWorker(suite.env, { name: 'trip-penalty-covered-all', faults }, async (ctx) => {
    const { h } = await openTrip(ctx, { penalty: AUTHORITY + 1 });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.xinyao, kind: 'penalty_cover', amount: cny(AUTHORITY + 1), reason: 'as agreed' },
      ],
    });
    release();
    const v = await settlementDone(h);
    // the manager's waits for approval (above their authority); it is the penalty's cover all the same
    expect(v.compensations.map((c) => [c.id, c.status, c.proposedBy])).toEqual([
      ['c1', 'pending_approval', 'mgr-xinyao'],
    ]);
    expect(texts(v, 'platform_decision')).toEqual([
      'the late-cancellation penalty is covered already (c1); the platform proposes no other cover',
    ]);
    // the supervisor rejects the manager's cover: the platform proposes the penalty it had counted on c1 for
    const after = await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'the platform covers penalties itself' }],
    });
    expect(after.compensations.map((c) => [c.id, c.amount.amount, c.status, c.proposedBy])).toEqual([
      ['c1', AUTHORITY + 1, 'rejected', 'mgr-xinyao'],
      ['c2', AUTHORITY + 1, 'pending_approval', 'system'],
    ]);
  });
});

test('merchant refused -> an advance refund of every booking: within the limit it executes, above it it waits', () =>
  withWorker(suite.env, { name: 'trip-refused' }, async (ctx) => {
    const more = [{ bookingId: 'flight-6', merchantId: 'air-9', price: cny(12_346) }];
    const { h } = await openTrip(ctx, { price: 111_111, more }); // 123,457 = the limit exactly
    await settlementDone(h);
    let v: CaseView = await merchant(h, 'refused');
    expect(v.status).toBe('in_progress');
    expect(texts(v, 'platform_decision')).toEqual([
      'the merchant refused the refund: the platform advances the refund to the member',
    ]);
    v = await waitForView(h, (x) => x.compensations[0]?.status === 'executed', 'the advance refund');
    expect(v.compensations.map((c) => [c.kind, c.amount.amount, c.proposedBy])).toEqual([
      ['advance_refund', 123_457, 'system'],
    ]);
    expect(v.compensations[0]!.recovery).toEqual({ status: 'awaiting_merchant', amount: cny(0) });
    expect(v.ledger.paid).toEqual(cny(123_457));

    const big = await openTrip(ctx, { price: 111_112, more });
    await settlementDone(big.h);
    v = await merchant(big.h, 'refused');
    expect(v.compensations.map((c) => [c.kind, c.amount.amount, c.status])).toEqual([
      ['advance_refund', 123_458, 'pending_approval'],
    ]);
  }));

test('the merchant has not confirmed at departure -> the case climbs a level and the refund is advanced', () =>
  withWorker(suite.env, { name: 'trip-departure' }, async (ctx) => {
    const { h, departure } = await openTrip(ctx);
    await settlementDone(h);
    await suite.env.sleep('74h');
    let v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(0);
    expect(v.compensations).toEqual([]);
    await suite.env.sleep('20m');
    v = await waitForView(
      h,
      (x) => x.compensations[0]?.status === 'executed',
      'the advance refund at departure',
    );
    expect(v.escalationLevel).toBe(1);
    expect(v.assignee.id).toBe('mgr-lin');
    expect(texts(v, 'escalated')).toEqual([
      'escalated to level 1, now owned by Lin (mgr-lin): the trip is not settled at departure',
    ]);
    const at = Date.parse(entriesOf(v, 'escalated')[0]!.at);
    expect(at).toBeGreaterThanOrEqual(departure);
    expect(at).toBeLessThan(departure + 60_000);
    expect(texts(v, 'platform_decision')).toEqual([
      'the merchant did not confirm the refund before departure: the platform advances the refund to the member',
    ]);
    expect(v.compensations.map((c) => [c.kind, c.amount.amount, c.proposedBy])).toEqual([
      ['advance_refund', 111_111, 'system'],
    ]);
    expect(ctx.notifications.map((n) => [n.owner.id, n.escalationLevel, n.reason])).toEqual([
      ['mgr-xinyao', 0, 'a travel_cancellation case was opened for you'],
      ['mgr-lin', 1, 'the trip is not settled at departure'],
    ]);
  }));

test('a settlement that failed is still unsettled at departure -> recorded and escalated', () =>
  withWorker(
    suite.env,
    { name: 'trip-failed-departure', faults: failForGood('requestRefund', 'villa-5') },
    async (ctx) => {
      const { h, departure } = await openTrip(ctx);
      let v = await settlementDone(h);
      expect(texts(v, 'settlement_failed')).toHaveLength(1);
      expect(v.status).toBe('in_progress');
      await suite.env.sleep('75h');
      v = await h.query(m.caseViewQuery);
      expect(texts(v, 'departure_unsettled')).toEqual(['departure reached and the trip is not settled']);
      expect(v.escalationLevel).toBe(1);
      expect(texts(v, 'escalated')).toEqual([
        'escalated to level 1, now owned by Lin (mgr-lin): the trip is not settled at departure',
      ]);
      expect(Date.parse(entriesOf(v, 'departure_unsettled')[0]!.at)).toBeGreaterThanOrEqual(departure);
      expect(v.compensations).toEqual([]);
    },
  ));

/*
 * BUG (workflows/case-types/travel-cancellation.ts lines 105-112, `deadlines`): the merchant-confirmation window
 * (due at departure) is returned before the `['resolved', 'closed', 'cancelled']` guard that protects the
 * `departure` deadline a few lines below, so it still fires on a RESOLVED case: the resolved case climbs to level 1
 * ("the trip is not settled at departure", owner notified) and an advance_refund of the price is proposed by
 * system and paid. Expected: a resolved case neither escalates nor pays (or resolving is refused while the
 * merchant is awaited). Actual: status resolved, escalationLevel 1, advance_refund c1 executed, one `pay`.
 */
test('a trip case cannot be resolved while the merchant is awaited, so no resolved case pays at departure', () =>
  withWorker(suite.env, { name: 'trip-resolved-departure' }, async (ctx) => {
    const { h } = await openTrip(ctx);
    await settlementDone(h);
    const resolved = await takenUnlessInvalid(
      h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'refunded', summary: 'the resort refunded by phone' }],
      }),
    );
    expect(resolved).toBe(false);
    const v = await h.query(m.caseViewQuery);
    expect([v.status, v.resolution]).toEqual(['waiting_on_third_party', null]);
  }));
