/**
 * Trips for the travel_cancellation tests (case-types-travel*.test.ts): one opened and called back under a policy
 * whose only escalation in sight is the departure's, and the waits and answers those tests share.
 */
import type { Member } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { cny, type CaseHandle, type WorkerContext } from '../support/workflow-harness';

// a long resolution commitment, so that the only escalation in sight is the departure's
export const policy = oddPolicy({
  tiers: { apass: { resolutionSla: '101h' }, apass_top: { resolutionSla: '101h' } },
});
export const AUTHORITY = 45_678; // apass
const DEPARTURE_IN = 74 * HOUR + 13 * 60_000;

export interface TripOptions {
  member?: Partial<Member>;
  price?: number;
  penalty?: number;
  more?: { bookingId: string; merchantId: string; price: ReturnType<typeof cny> }[];
}

/** A trip opened and called back by its manager; `now` is the test server's clock. */
export async function openTrip(
  ctx: WorkerContext,
  now: () => Promise<number>,
  o: TripOptions = {},
): Promise<{ h: CaseHandle; departure: number }> {
  const departure = (await now()) + DEPARTURE_IN;
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

export const settlementDone = (h: CaseHandle) =>
  waitForView(
    h,
    (v) =>
      v.timeline.some(
        (t) =>
          t.kind === 'settlement_failed' || (t.kind === 'waiting' && t.text.startsWith('refunds requested')),
      ) && v.compensations.every((c) => c.status !== 'executing'),
    'the trip settlement',
  );

export const merchant = (h: CaseHandle, outcome: 'accepted' | 'refused') =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
  });
