/**
 * A trip's price is refunded once (workflows/case-types/trip-price-refunds.ts): its merchants refund the bookings'
 * price to the member through their back-end channel, so a person's price refund beside that is refused until
 * the merchants' refund is off the table (a refusal, then the platform's advance; a settlement that failed).
 * Before the rule, a manager's instant refund of the whole price executed at once beside the merchant's refund:
 * the member was paid twice, and no one approved it.
 */
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { failForGood } from '../support/edges';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';
import { merchant, openTrip as openTripAt, policy, settlementDone, type TripOptions } from './trip-cases';

const suite = timeSkippingSuite();
const openTrip = (ctx: WorkerContext, o: TripOptions = {}) =>
  openTripAt(ctx, () => suite.env.currentTimeMs(), o);

const PRICE = 111_111; // within the apass instant-refund limit of 123,457

const propose = (h: CaseHandle, kind: 'instant_refund' | 'advance_refund', amount = PRICE) =>
  h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind, amount: cny(amount), reason: 'the trip is off' }],
  });

/** The compensation kinds the manager is offered now. */
async function offeredKinds(h: CaseHandle): Promise<string[]> {
  const v = await h.query(m.caseViewForQuery, { id: actors.xinyao.id, role: actors.xinyao.role });
  return (v.actionChoices?.compensations ?? []).map((c) => c.kind!);
}

async function refusedTwice(h: CaseHandle, why: RegExp): Promise<void> {
  for (const kind of ['instant_refund', 'advance_refund'] as const) {
    const refusal = await rejectionOf(propose(h, kind), 'invalid_transition');
    expect(refusal.message).toMatch(why);
  }
  expect(await offeredKinds(h)).not.toEqual(expect.arrayContaining(['instant_refund']));
  expect(await offeredKinds(h)).not.toEqual(expect.arrayContaining(['advance_refund']));
}

test("a manager's price refund is refused once the trip's refunds are requested, and once the merchant confirmed: the member is paid once", () =>
  withWorker(suite.env, { name: 'trip-price-once' }, async (ctx) => {
    const { h } = await openTrip(ctx);
    await settlementDone(h);
    await refusedTwice(h, /have been asked to refund the bookings' price/);
    expect(await offeredKinds(h)).toContain('goodwill_gift');

    const v = await merchant(h, 'accepted');
    expect(v.status).toBe('in_progress');
    await refusedTwice(h, /the merchant confirmed the refund/);
    expect((await h.query(m.caseViewQuery)).compensations).toEqual([]);
    expect(await ctx.edges.journals.payments.calls()).toEqual([]);
  }));

test('after the merchant refused, the platform advances the price; a settlement that failed leaves price refunds to the manager', () =>
  withWorker(
    suite.env,
    { name: 'trip-price-after', faults: failForGood('requestRefund', 'villa-6') },
    async (ctx) => {
      const { h } = await openTrip(ctx);
      await settlementDone(h);
      await merchant(h, 'refused');
      // the platform advanced the whole price; a person's refund is now held to the price like any other
      const over = await rejectionOf(propose(h, 'instant_refund', 1), 'limit_exceeded');
      expect(over.message).toMatch(/more than the order price of 1111.11 CNY/);

      const failed = await ctx.open({
        type: 'travel_cancellation',
        policy,
        details: {
          bookingId: 'villa-6',
          merchantId: 'resort-8',
          price: cny(PRICE),
          departureDate: new Date((await suite.env.currentTimeMs()) + 74 * 3_600_000).toISOString(),
          reason: 'typhoon warning',
        },
      });
      await failed.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      expect((await settlementDone(failed)).timeline.map((t) => t.kind)).toContain('settlement_failed');
      expect(await offeredKinds(failed)).toEqual(
        expect.arrayContaining(['instant_refund', 'advance_refund']),
      );
      const v: CaseView = await propose(failed, 'instant_refund');
      expect(v.compensations.map((c) => [c.kind, c.amount.amount, c.proposedBy])).toEqual([
        ['instant_refund', PRICE, 'mgr-xinyao'],
      ]);
      expect(v.compensations[0]!.status).not.toBe('pending_approval'); // within the limit: paid at once
    },
  ));
