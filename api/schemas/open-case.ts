/** POST /v1/cases: the body, discriminated by the case `type`, with `details` per type (API.md "Opening a case"). */
import { z } from 'zod';
import { CREDIT_STANDINGS, TIERS } from '../../workflows/domain';
import {
  dateOrDateTime,
  dateTime,
  id,
  idempotencyKeyHeaders,
  managerId,
  money,
  positiveMoney,
  text,
} from './common';

/** The member's facts other than the id: stated by the platform, looked up for everyone else. */
export const MEMBER_FACTS = ['name', 'tier', 'credit', 'managerId'] as const;

const member = z
  .strictObject({
    id: id.describe("the member's id on the platform"),
    name: text(200).optional(),
    tier: z.enum(TIERS).optional(),
    credit: z.enum(CREDIT_STANDINGS).optional(),
    managerId: managerId.optional(),
  })
  .describe(
    "The member's facts are the platform's, never the asker's. The platform (`system`) states them all: " +
      '`name`, `tier`, `credit` and `managerId` are required from it (400 naming the missing field). ' +
      'A manager, supervisor or head names the member by `id`; the other fields may be left out and come ' +
      'from the member directory. A stated value that differs from the directory is 403 forbidden; a member ' +
      'the directory does not know is 400 validation_failed naming `member.id`.',
  );

const summary = text(500);

const disputeDetails = z.strictObject({
  orderId: id,
  merchantId: id,
  price: positiveMoney,
  issue: z.enum(['missing_part', 'not_as_described', 'damaged', 'refused_repair', 'other']),
});

const lostGoodsDetails = z.strictObject({
  orderId: id,
  merchantId: id,
  price: positiveMoney,
  carrier: text(100).optional(),
  trackingNo: text(100).optional(),
  neededBy: dateTime.optional(),
});

const booking = z.strictObject({ bookingId: id, merchantId: id, price: positiveMoney });

const visaHelpDetails = z.strictObject({
  destination: text(100),
  travelers: z
    .array(z.strictObject({ name: text(200), relation: text(50) }))
    .min(1)
    .max(20),
  departureDate: dateOrDateTime,
  visaStatus: z.enum(['administrative_review', 'refused', 'pending']),
  trip: booking.optional(),
});

const travelCancellationDetails = z.strictObject({
  bookingId: id,
  merchantId: id,
  price: positiveMoney,
  departureDate: dateOrDateTime,
  penalty: money.optional(),
  reason: text(1000).optional(),
  additionalBookings: z
    .array(booking)
    .max(10)
    .optional()
    .describe(
      'other bookings of the same trip (e.g. the flight beside the hotel), cancelled and refunded together',
    ),
});

const conciergeDetails = z.strictObject({ request: text(2000) });

const body = <T extends string, D extends z.ZodType>(type: T, details: D) =>
  z.strictObject({ type: z.literal(type), member, summary, details });

export const openCaseBody = z
  .discriminatedUnion('type', [
    body('dispute', disputeDetails),
    body('lost_goods', lostGoodsDetails),
    body('visa_help', visaHelpDetails),
    body('travel_cancellation', travelCancellationDetails),
    body('concierge', conciergeDetails),
  ])
  .meta({ id: 'OpenCase' });
export type OpenCaseBody = z.output<typeof openCaseBody>;

export const openCaseHeaders = idempotencyKeyHeaders(
  'retries with the same key and body return the same case',
);
