/**
 * A trip of two merchants whose bookings carry the same id (a hotel's B1 and an airline's B1): each is a booking of
 * its own, cancelled and refunded by its own merchant. Their settlement keys once named only the booking id, so
 * the airline was never asked (the rail answered the second call with the first's receipt) and the member lost
 * the flight's price.
 */
import * as m from '../../workflows/messages';
import { TRIP_KEYS_NAME_MERCHANT_PATCH } from '../../workflows/patches';
import { waitForView } from '../support/case-views';
import { actors } from '../support/cases';
import { patchMarkers } from '../support/patch-markers';
import { cny, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

test('two merchants with the same booking id: each is asked to cancel and to refund its own booking', () =>
  withWorker(suite.env, { name: 'trip-same-booking-id' }, async (ctx) => {
    const departure = (await suite.env.currentTimeMs()) + 72 * 3_600_000;
    const h = await ctx.open({
      type: 'travel_cancellation',
      details: {
        bookingId: 'B1',
        merchantId: 'resort-8',
        price: cny(80_000),
        departureDate: new Date(departure).toISOString(),
        additionalBookings: [{ bookingId: 'B1', merchantId: 'air-4', price: cny(30_000) }],
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await waitForView(
      h,
      (v) => v.timeline.some((t) => t.kind === 'waiting' && t.text.startsWith('refunds requested')),
      'the refunds requested',
    );
    const calls = await ctx.edges.journals.merchants.calls();
    expect(calls.map((c) => [c.operation, c.merchantId, c.bookingId, c.duplicate])).toEqual([
      ['cancelBooking', 'resort-8', 'B1', false],
      ['cancelBooking', 'air-4', 'B1', false],
      ['requestRefund', 'resort-8', 'B1', false],
      ['requestRefund', 'air-4', 'B1', false],
    ]);
    expect(calls.find((c) => c.operation === 'requestRefund' && c.merchantId === 'air-4')).toMatchObject({
      amount: cny(30_000),
    });
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toContain(TRIP_KEYS_NAME_MERCHANT_PATCH);
  }));
