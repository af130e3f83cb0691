/**
 * DOMAIN.md, "Compensation": a trip's price is refunded once. Its settlement failed with a refund request the
 * merchant would not let withdraw: the merchant may still refund the member, so a person's price refund waits for
 * the merchant's answer. Recorded (`third-party-response` from the merchant), it lifts the wait: the merchant
 * refunded that booking, so the other booking's price is refunded by hand, and no more. Before, nothing could
 * record that answer, and the member's refund was refused for good.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { texts, waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { rejectionOf } from '../support/update-rejections';
import { cny, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();
const VILLA = 200_000;
const FLIGHT = 50_000;

/** The airline refuses its refund request; the resort refuses to withdraw the villa's. */
const faults: FaultInjector = {
  before(op: string, input: { idempotencyKey: string; merchantId?: string }) {
    if (op === 'requestRefund' && input.merchantId === 'air-2')
      throw ApplicationFailure.nonRetryable('the fare is not refundable', 'EdgeRefused');
    if (op === 'withdrawRefund' && input.merchantId === 'resort-2')
      throw ApplicationFailure.nonRetryable('the refund is already on its way', 'EdgeRefused');
  },
};

test("a failed settlement's standing refund request, answered by the merchant, lets the rest of the price be refunded", () =>
  withWorker(suite.env, { name: 'trip-standing-requests', faults }, async (ctx) => {
    const departure = (await suite.env.currentTimeMs()) + 74 * HOUR;
    const h = await ctx.open({
      type: 'travel_cancellation',
      details: {
        bookingId: 'villa-2',
        merchantId: 'resort-2',
        price: cny(VILLA),
        departureDate: new Date(departure).toISOString(),
        additionalBookings: [{ bookingId: 'flight-2', merchantId: 'air-2', price: cny(FLIGHT) }],
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await waitForView(
      h,
      (v) => v.timeline.some((t) => t.kind === 'settlement_failed'),
      'the failed settlement',
    );
    const refund = (amount: number) =>
      h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(amount), reason: 'the flight' }],
      });
    expect((await rejectionOf(refund(FLIGHT), 'invalid_transition')).message).toMatch(
      /the refund request of villa-2 may stand/,
    );

    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted', note: 'resort paid the villa' }],
    });
    expect((await rejectionOf(refund(FLIGHT + 1), 'limit_exceeded')).message).toMatch(
      /more than the 500.00 CNY left of the price/,
    );
    await refund(FLIGHT);
    const v = await waitForView(h, (x) => x.compensations[0]?.status === 'executed', 'the flight refund');
    expect(v.ledger.paid).toEqual(cny(FLIGHT));
    expect(texts(v, 'merchant_refunded')).toEqual([
      'the merchant confirmed the refund of villa-2 to the member (its request stood after the settlement failed): price refunds are taken within the rest of the price',
    ]);
  }));
