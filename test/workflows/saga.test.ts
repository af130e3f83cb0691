/**
 * DOMAIN.md, "Compensation": a multi-step compensation is a saga; if a step fails for good, the steps already
 * done are undone in reverse order. Two sagas: a goodwill gift (pay the vendor, ship to the member) and the
 * travel_cancellation trip settlement (cancel each booking, then request each refund; 2 bookings = 4 steps).
 */
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { failForGood, journalRecord } from '../support/edges';
import { entriesOf, texts, waitForView } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy();
const GIFT = 25_252;

const suite = timeSkippingSuite();

const kindsFrom = (v: CaseView, first: string) => {
  const kinds = v.timeline.map((t) => t.kind);
  return kinds.slice(kinds.indexOf(first));
};

describe('goodwill gift: pay the vendor, then ship to the member', () => {
  async function giftCase(ctx: WorkerContext): Promise<CaseHandle> {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    return h;
  }
  const proposeGift = (h: CaseHandle) =>
    h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(GIFT), reason: 'silk scarf' }],
    });

  test('the 1st step (pay) fails for good: nothing to undo, nothing shipped, compensation failed', () =>
    withWorker(
      suite.env,
      { name: 'saga-gift-1', faults: failForGood('pay', '/c1/', 'gift desk closed') },
      async (ctx) => {
        const h = await giftCase(ctx);
        const v = await proposeGift(h);
        const c1 = v.compensations[0]!;
        expect(c1.status).toBe('failed');
        expect(c1.steps.map((s) => [s.name, s.status])).toEqual([
          ['buy gift', 'failed'],
          ['ship to member', 'pending'],
        ]);
        expect(await ctx.edges.journals.payments.calls()).toEqual([]);
        expect(await ctx.edges.journals.carrier.calls()).toEqual([]);
        expect(v.ledger).toMatchObject({ paid: cny(0), entries: [] });
        expect(texts(v, 'saga_step_failed')).toEqual([
          'goodwill_gift c1: buy gift failed for good: gift desk closed',
        ]);
        expect(entriesOf(v, 'saga_step_undone')).toEqual([]);
        expect(kindsFrom(v, 'compensation_proposed')).toEqual([
          'compensation_proposed',
          'saga_step_failed',
          'compensation_failed',
        ]);
      },
    ));

  test('the 2nd (last) step (ship) fails for good: the payment is reversed, the ledger nets to 0, compensation failed', () =>
    withWorker(
      suite.env,
      { name: 'saga-gift-2', faults: failForGood('ship', '/c1/', 'carrier refused the parcel') },
      async (ctx) => {
        const h = await giftCase(ctx);
        const v = await proposeGift(h);
        const id = h.workflowId;
        const c1 = v.compensations[0]!;
        expect(c1.status).toBe('failed');
        expect(c1.steps.map((s) => [s.name, s.status])).toEqual([
          ['buy gift', 'undone'],
          ['ship to member', 'failed'],
        ]);
        const payRef = journalRecord(ctx.dataDir, 'payments', `${id}/c1/buy gift`).result.reference;
        const pays = await ctx.edges.journals.payments.calls();
        expect(pays.map((c) => [c.operation, c.key, c.duplicate])).toEqual([
          ['pay', `${id}/c1/buy gift`, false],
          ['reverse', `${id}/c1/buy gift/reverse`, false],
        ]);
        expect(pays[1]).toMatchObject({ original: payRef, payee: 'vendor:gift-desk', amount: cny(GIFT) });
        expect(await ctx.edges.journals.carrier.calls()).toEqual([]); // nothing shipped, nothing to cancel
        expect(v.ledger.paid).toEqual(cny(0));
        expect(
          v.ledger.entries.map((e) => [e.compensationId, e.direction, e.amount.amount, e.payee]),
        ).toEqual([
          ['c1', 'paid', GIFT, 'vendor:gift-desk'],
          ['c1', 'reversed', GIFT, 'vendor:gift-desk'],
        ]);
        expect(kindsFrom(v, 'compensation_proposed')).toEqual([
          'compensation_proposed',
          'saga_step_done',
          'saga_step_failed',
          'saga_step_undone',
          'compensation_failed',
        ]);
        expect(texts(v, 'saga_step_undone')).toEqual(['goodwill_gift c1: reverse buy gift undone']);
        // a failed compensation no longer holds the authority: the full 456.78 CNY is available again
        const again = await h.executeUpdate(m.proposeCompensationUpdate, {
          args: [
            { actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(45_678), reason: 'another scarf' },
          ],
        });
        expect(again.compensations[1]!.status).toBe('executed');
      },
    ));

  // Regression (found by these tests, fixed in e94e359): the reversal's own receipt used to be dropped and the
  // reversed entry booked with the reference of the payment it reverses.
  test("the ledger's entries carry the rail's references: the payment's, then the reversal's own", () =>
    withWorker(suite.env, { name: 'saga-gift-ref', faults: failForGood('ship', '/c1/') }, async (ctx) => {
      const h = await giftCase(ctx);
      const v = await proposeGift(h);
      const reversal = journalRecord(ctx.dataDir, 'payments', `${h.workflowId}/c1/buy gift/reverse`).result
        .reference;
      const payment = journalRecord(ctx.dataDir, 'payments', `${h.workflowId}/c1/buy gift`).result.reference;
      expect(reversal).toMatch(/^rev-/);
      expect(payment).toMatch(/^pay-/);
      expect(v.ledger.entries.map((e) => [e.direction, e.reference])).toEqual([
        ['paid', payment],
        ['reversed', reversal],
      ]);
    }));
});

describe('trip settlement: cancel each booking, then request each refund (2 bookings = 4 steps)', () => {
  async function tripCase(ctx: WorkerContext): Promise<CaseHandle> {
    const now = await suite.env.currentTimeMs();
    const h = await ctx.open({
      type: 'travel_cancellation',
      policy,
      details: {
        bookingId: 'hotel-11',
        merchantId: 'resort-7',
        price: cny(1_234_500),
        departureDate: new Date(now + 6 * 86_400_000 + 7 * 3_600_000).toISOString(),
        penalty: cny(45_000),
        reason: 'wedding postponed',
        additionalBookings: [{ bookingId: 'flight-22', merchantId: 'air-3', price: cny(876_500) }],
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    return h;
  }
  const settled = (h: CaseHandle) =>
    waitForView(h, (v) => v.timeline.some((t) => t.kind === 'settlement_failed'), 'the settlement to fail');
  const merchantOps = async (ctx: WorkerContext) =>
    (await ctx.edges.journals.merchants.calls()).map((c) => `${String(c.operation)} ${String(c.bookingId)}`);

  test('the 1st step fails for good: nothing ran, nothing to undo, no penalty proposed', () =>
    withWorker(
      suite.env,
      { name: 'saga-trip-1', faults: failForGood('cancelBooking', 'hotel-11', 'resort unreachable') },
      async (ctx) => {
        const h = await tripCase(ctx);
        const v = await settled(h);
        expect(await merchantOps(ctx)).toEqual([]);
        expect(texts(v, 'saga_step_failed')).toEqual([
          'trip settlement: cancel booking hotel-11 failed for good: resort unreachable',
        ]);
        expect(entriesOf(v, 'saga_step_done')).toEqual([]);
        expect(entriesOf(v, 'saga_step_undone')).toEqual([]);
        expect(v.compensations).toEqual([]);
        expect(v.status).toBe('in_progress');
      },
    ));

  test('the 2nd step fails for good: the 1st booking is reinstated, no refund was requested', () =>
    withWorker(
      suite.env,
      { name: 'saga-trip-2', faults: failForGood('cancelBooking', 'flight-22') },
      async (ctx) => {
        const h = await tripCase(ctx);
        const v = await settled(h);
        expect(await merchantOps(ctx)).toEqual(['cancelBooking hotel-11', 'reinstateBooking hotel-11']);
        const calls = await ctx.edges.journals.merchants.calls();
        expect(calls[1]).toMatchObject({
          original: journalRecord(ctx.dataDir, 'merchants', `${h.workflowId}/trip-settlement/cancel/hotel-11`)
            .result.reference,
        });
        expect(kindsFrom(v, 'settlement_started')).toEqual([
          'settlement_started',
          'saga_step_done',
          'saga_step_failed',
          'saga_step_undone',
          'settlement_failed',
        ]);
        expect(texts(v, 'saga_step_undone')).toEqual(['trip settlement: reinstate booking hotel-11 undone']);
        expect(v.compensations).toEqual([]);
        expect(v.ledger).toMatchObject({ paid: cny(0), entries: [] });
      },
    ));

  test('the last step fails for good: the three done steps are undone newest first, no penalty proposed', () =>
    withWorker(
      suite.env,
      { name: 'saga-trip-4', faults: failForGood('requestRefund', 'flight-22') },
      async (ctx) => {
        const h = await tripCase(ctx);
        const v = await settled(h);
        expect(await merchantOps(ctx)).toEqual([
          'cancelBooking hotel-11',
          'cancelBooking flight-22',
          'requestRefund hotel-11',
          'withdrawRefund hotel-11',
          'reinstateBooking flight-22',
          'reinstateBooking hotel-11',
        ]);
        expect(texts(v, 'saga_step_done').map((t) => t.replace(/ \(.*\)$/, ''))).toEqual([
          'trip settlement: cancel booking hotel-11 done',
          'trip settlement: cancel booking flight-22 done',
          'trip settlement: request refund of hotel-11 done',
        ]);
        expect(texts(v, 'saga_step_undone')).toEqual([
          'trip settlement: withdraw refund of hotel-11 undone',
          'trip settlement: reinstate booking flight-22 undone',
          'trip settlement: reinstate booking hotel-11 undone',
        ]);
        const kinds = v.timeline.map((t) => t.kind);
        expect(kinds.indexOf('saga_step_failed')).toBeLessThan(kinds.indexOf('saga_step_undone'));
        expect(kinds[kinds.length - 1]).toBe('settlement_failed');
        // each undo carries the receipt of the step it undoes
        const calls = await ctx.edges.journals.merchants.calls();
        const ref = (k: string) =>
          journalRecord(ctx.dataDir, 'merchants', `${h.workflowId}/trip-settlement/${k}`).result.reference;
        expect(calls.slice(3).map((c) => c.original)).toEqual([
          ref('refund/hotel-11'),
          ref('cancel/flight-22'),
          ref('cancel/hotel-11'),
        ]);
        expect(v.compensations).toEqual([]); // the penalty is only covered once the settlement went through
        await suite.env.sleep('1m');
        expect((await h.query(m.caseViewQuery)).compensations).toEqual([]);
      },
    ));
});
