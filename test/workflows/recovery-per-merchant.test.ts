/**
 * DOMAIN.md, "Compensation": an advance refund is recovered from the merchant. A trip with several bookings from
 * several merchants (the hotel and the flight) is advanced in one refund; each merchant pays back its own
 * bookings' share, never another's. Before: the whole advance was collected from the trip's first merchant.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { texts, waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

const suite = timeSkippingSuite();
const HOTEL = 111_111;
const FLIGHT = 12_346;

/** The flight's airline refuses collections for good while `refusing` is set. */
function airlineRefusing() {
  const state = { refusing: true };
  const faults: FaultInjector = {
    before(op: string, input: { idempotencyKey: string; merchantId?: string }) {
      if (op === 'collect' && input.merchantId === 'air-9' && state.refusing) {
        throw ApplicationFailure.nonRetryable('the airline account is frozen', 'EdgeRefused');
      }
    },
  };
  return { state, faults };
}

const merchant = (h: CaseHandle, outcome: 'accepted' | 'refused') =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
  });

const collections = (v: CaseView) =>
  v.ledger.entries.filter((e) => e.direction !== 'paid').map((e) => [e.direction, e.amount.amount]);

test("each merchant pays back its own bookings' share of the advance; a refused share is collected on the next answer, and absorbed when the case ends", () => {
  const airline = airlineRefusing();
  return withWorker(suite.env, { name: 'recovery-per-merchant', faults: airline.faults }, async (ctx) => {
    const departure = (await suite.env.currentTimeMs()) + 74 * HOUR;
    const h = await ctx.open({
      type: 'travel_cancellation',
      details: {
        bookingId: 'villa-5',
        merchantId: 'resort-8',
        price: cny(HOTEL),
        departureDate: new Date(departure).toISOString(),
        additionalBookings: [{ bookingId: 'flight-6', merchantId: 'air-9', price: cny(FLIGHT) }],
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await waitForView(h, (v) => v.status === 'waiting_on_third_party', 'the settlement');
    await merchant(h, 'refused');
    await waitForView(h, (v) => v.compensations[0]?.status === 'executed', 'the advance refund');

    await merchant(h, 'accepted');
    let v = await waitForView(
      h,
      (x) => x.compensations[0]?.recovery?.status === 'awaiting_merchant',
      'the collections',
    );
    const collected = (await ctx.edges.journals.payments.calls()).filter((c) => c.operation === 'collect');
    // The airline's refusal comes before its journal records anything.
    expect(collected.map((c) => [c.merchantId, c.amount])).toEqual([['resort-8', cny(HOTEL)]]);
    expect(texts(v, 'recovery_failed')).toEqual([
      'collecting 123.46 CNY of c1 from air-9 failed: the airline account is frozen',
    ]);
    expect(v.compensations[0]!.recovery).toEqual({
      status: 'awaiting_merchant',
      amount: cny(HOTEL),
      parts: [
        { merchantId: 'resort-8', amount: cny(HOTEL), status: 'recovered' },
        { merchantId: 'air-9', amount: cny(FLIGHT), status: 'awaiting_merchant' },
      ],
    });
    expect(collections(v)).toEqual([['recovered', HOTEL]]);
    expect(texts(v, 'recovery_accepted')).toEqual([
      'merchants agreed to pay back c1 (1111.11 CNY from resort-8, 123.46 CNY from air-9)',
    ]);

    // The airline agrees again and still cannot pay: only its share is asked for, and the case is cancelled.
    await merchant(h, 'accepted');
    v = await waitForView(
      h,
      (x) => x.timeline.filter((t) => t.kind === 'recovery_failed').length === 2,
      'the second collection',
    );
    expect(texts(v, 'recovery_accepted')[1]).toBe('merchants agreed to pay back c1 (123.46 CNY from air-9)');
    const resortCollections = (await ctx.edges.journals.payments.calls()).filter(
      (c) => c.operation === 'collect' && c.merchantId === 'resort-8',
    );
    expect(resortCollections).toHaveLength(1);

    v = await h.executeUpdate(m.cancelUpdate, {
      args: [{ actor: actors.zheng, reason: 'the member withdrew' }],
    });
    expect(v.compensations[0]!.recovery).toMatchObject({ status: 'absorbed', amount: cny(HOTEL) });
    expect(collections(v)).toEqual([
      ['recovered', HOTEL],
      ['absorbed', FLIGHT],
    ]);
    expect(v.ledger).toMatchObject({
      paid: cny(HOTEL + FLIGHT),
      recovered: cny(HOTEL),
      absorbed: cny(FLIGHT),
    });
    expect(texts(v, 'absorbed')).toEqual([
      'platform absorbs 123.46 CNY of c1: the case ended before the merchant paid back',
    ]);
  });
});
