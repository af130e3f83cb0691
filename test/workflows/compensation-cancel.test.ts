/**
 * DOMAIN.md / API.md: cancelling a case rejects proposals still waiting for approval, and unfinished
 * compensation is undone: a saga in the middle of its steps stops, and the steps it did are undone newest first.
 * "In the middle" is made real with a step that fails (retryably) a couple of times before it goes through.
 */
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { failForGood, faultsOf, flaky } from '../support/edges';
import { entriesOf, texts } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';
import { eventually } from '../support/eventually';

const policy = oddPolicy();

const suite = timeSkippingSuite();

async function giftCase(ctx: WorkerContext): Promise<CaseHandle> {
  const h = await ctx.open({
    type: 'concierge',
    policy,
    details: { request: 'flowers for the anniversary' },
  });
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  return h;
}

test('cancel rejects the proposals still waiting for approval; executed ones stay; the workflow completes', () =>
  withWorker(suite.env, { name: 'cancel-pending' }, async (ctx) => {
    const h = await ctx.open({
      type: 'dispute',
      policy,
      details: { orderId: 'o-1414', merchantId: 'shop-21', price: cny(777_777), issue: 'damaged' },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const propose = (kind: 'goodwill_gift' | 'instant_refund', amount: number) =>
      h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind, amount: cny(amount), reason: kind }],
      });
    await propose('goodwill_gift', 10_001);
    await propose('instant_refund', 200_002);
    let v = await propose('goodwill_gift', 40_003);
    expect(v.compensations.map((c) => c.status)).toEqual([
      'executed',
      'pending_approval',
      'pending_approval',
    ]);

    v = await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
    expect(v.status).toBe('cancelled');
    expect(v.closedAt).not.toBeNull();
    expect(v.compensations.map((c) => [c.id, c.status, c.rejectedBy, c.approvalDueAt])).toEqual([
      ['c1', 'executed', null, null],
      ['c2', 'rejected', 'app', null],
      ['c3', 'rejected', 'app', null],
    ]);
    expect(v.compensations[1]!.note).toBe('case cancelled');
    expect(texts(v, 'compensation_rejected')).toEqual([
      'c2 rejected: the case was cancelled',
      'c3 rejected: the case was cancelled',
    ]);
    expect((await ctx.edges.journals.payments.calls()).map((c) => [c.operation, c.key])).toEqual([
      ['pay', `${h.workflowId}/c1/buy gift`],
    ]);
    expect(v.ledger.paid).toEqual(cny(10_001));
    const result = await h.result();
    expect(result.status).toBe('cancelled');
    expect(result.compensations.map((c) => c.status)).toEqual(['executed', 'rejected', 'rejected']);
  }));

test('cancel mid-gift whose payment cannot be reversed: the gift says failed, not reversed, and its money counts as paid', async () => {
  const pay = flaky('pay', '/c1/', 2);
  const faults = faultsOf(pay.faults, failForGood('reverse', '/c1/', 'the vendor keeps the money'));
  await withWorker(suite.env, { name: 'cancel-unreversed', faults }, async (ctx) => {
    const h = await giftCase(ctx);
    const proposing = h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(31_313), reason: 'peonies' }],
    });
    await eventually('the payment to be attempted', () => pay.state.attempts >= 1);
    const v = await h.executeUpdate(m.cancelUpdate, {
      args: [{ actor: actors.zheng, reason: 'member withdrew' }],
    });
    const c1 = v.compensations[0]!;
    expect(c1.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'undo_failed'],
      ['ship to member', 'pending'],
    ]);
    expect(c1.status).toBe('failed');
    expect(v.ledger.paid).toEqual(cny(31_313));
    expect(texts(v, 'compensation_reversed')).toEqual([]);
    expect(texts(v, 'compensation_failed')).toEqual([
      'c1: stopped by the cancellation; a completed step could not be undone: its money stays out and counts against the budgets',
    ]);
    expect((await proposing).compensations[0]!.status).toBe('failed');
  });
});

test('cancel while the 1st step of a gift is in flight: the payment goes through, is reversed, nothing ships', async () => {
  const pay = flaky('pay', '/c1/', 2);
  await withWorker(suite.env, { name: 'cancel-mid-gift', faults: pay.faults }, async (ctx) => {
    const h = await giftCase(ctx);
    const proposing = h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(31_313), reason: 'peonies' }],
    });
    await eventually('the payment to be attempted', () => pay.state.attempts >= 1);
    const v = await h.executeUpdate(m.cancelUpdate, {
      args: [{ actor: actors.zheng, reason: 'member withdrew' }],
    });
    expect(pay.state.attempts).toBe(3); // the cancel answered after the step finished and was undone
    expect(v.status).toBe('cancelled');
    const c1 = v.compensations[0]!;
    expect(c1.status).toBe('reversed');
    expect(c1.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'undone'],
      ['ship to member', 'pending'],
    ]);
    expect((await ctx.edges.journals.payments.calls()).map((c) => [c.operation, c.key])).toEqual([
      ['pay', `${h.workflowId}/c1/buy gift`],
      ['reverse', `${h.workflowId}/c1/buy gift/reverse`],
    ]);
    expect(await ctx.edges.journals.carrier.calls()).toEqual([]);
    expect(v.ledger.paid).toEqual(cny(0));
    expect(v.ledger.entries.map((e) => [e.direction, e.amount.amount])).toEqual([
      ['paid', 31_313],
      ['reversed', 31_313],
    ]);
    expect(texts(v, 'saga_step_undone')).toEqual(['goodwill_gift c1: reverse buy gift undone']);
    expect(texts(v, 'compensation_reversed')).toEqual([
      'c1: stopped by the cancellation; completed steps undone newest first',
    ]);
    expect((await proposing).compensations[0]!.status).toBe('reversed');
    expect((await h.result()).status).toBe('cancelled');
  });
});

test('cancel in the middle of the trip settlement: later steps never run, done ones are undone newest first', async () => {
  const flight = flaky('cancelBooking', 'flight-22', 2);
  await withWorker(suite.env, { name: 'cancel-mid-trip', faults: flight.faults }, async (ctx) => {
    const now = await suite.env.currentTimeMs();
    const h = await ctx.open({
      type: 'travel_cancellation',
      policy,
      details: {
        bookingId: 'hotel-11',
        merchantId: 'resort-7',
        price: cny(1_111_100),
        departureDate: new Date(now + 4 * 86_400_000 + 5 * 3_600_000).toISOString(),
        penalty: cny(12_300),
        additionalBookings: [
          { bookingId: 'flight-22', merchantId: 'air-3', price: cny(222_200) },
          { bookingId: 'car-33', merchantId: 'cars-5', price: cny(33_300) },
        ],
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await eventually('the 2nd booking cancellation to be attempted', () => flight.state.attempts >= 1);
    const v = await h.executeUpdate(m.cancelUpdate, {
      args: [{ actor: actors.app, reason: 'trip goes ahead after all' }],
    });
    expect(v.status).toBe('cancelled');
    expect(
      (await ctx.edges.journals.merchants.calls()).map(
        (c) => `${String(c.operation)} ${String(c.bookingId)}`,
      ),
    ).toEqual([
      'cancelBooking hotel-11',
      'cancelBooking flight-22',
      'reinstateBooking flight-22',
      'reinstateBooking hotel-11',
    ]);
    expect(texts(v, 'saga_step_undone')).toEqual([
      'trip settlement: reinstate booking flight-22 undone',
      'trip settlement: reinstate booking hotel-11 undone',
    ]);
    expect(v.compensations).toEqual([]); // no penalty cover for a settlement that never finished
    expect(entriesOf(v, 'settlement_failed')).toEqual([]);
    const result = await h.result();
    expect(result.status).toBe('cancelled');
  });
});

/*
 * Regression (found by these tests, fixed in e94e359): `abortRequested` used to be looked at only BEFORE each
 * step, so a cancellation that arrived while the LAST step was in flight let the saga complete and the
 * compensation stay `executed` on a cancelled case (vendor paid, parcel shipped).
 */
test('cancel while the last step of a gift is in flight: the shipment goes through, then both steps are undone', async () => {
  const ship = flaky('ship', '/c1/', 2);
  await withWorker(suite.env, { name: 'cancel-last-step', faults: ship.faults }, async (ctx) => {
    const h = await giftCase(ctx);
    const proposing = h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(27_272), reason: 'orchids' }],
    });
    await eventually('the shipment to be attempted', () => ship.state.attempts >= 1);
    const v = await h.executeUpdate(m.cancelUpdate, {
      args: [{ actor: actors.app, reason: 'member withdrew' }],
    });
    expect((await proposing).compensations[0]!.status).toBe('reversed');
    expect(ship.state.attempts).toBe(3); // the shipment did go through after the cancel arrived
    expect(v.status).toBe('cancelled');
    const c1 = v.compensations[0]!;
    expect(c1.status).toBe('reversed');
    expect(c1.steps.map((x) => [x.name, x.status])).toEqual([
      ['buy gift', 'undone'],
      ['ship to member', 'undone'],
    ]);
    expect((await ctx.edges.journals.carrier.calls()).map((c) => [c.operation, c.key])).toEqual([
      ['ship', `${h.workflowId}/c1/ship`],
      ['cancelShipment', `${h.workflowId}/c1/ship/cancel`],
    ]);
    expect((await ctx.edges.journals.payments.calls()).map((c) => c.operation)).toEqual(['pay', 'reverse']);
    // newest first: the shipment is cancelled before the payment is reversed
    const full = await h.query(m.caseViewQuery);
    expect(texts(full, 'saga_step_undone')).toEqual([
      'goodwill_gift c1: cancel shipment undone',
      'goodwill_gift c1: reverse buy gift undone',
    ]);
    expect(v.ledger.paid).toEqual(cny(0));
    expect(v.ledger.entries.map((e) => [e.direction, e.amount.amount])).toEqual([
      ['paid', 27_272],
      ['reversed', 27_272],
    ]);
    expect((await h.result()).status).toBe('cancelled');
  });
});
