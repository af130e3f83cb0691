/**
 * A trip's bookings (the first and the additional ones): how its details name them, refuse one listed twice, and
 * what each is owed; and how its settlement keys name a booking.
 */
import type { EngineContext } from '../case-context';
import type { Money } from '../domain';
import { TRIP_KEYS_NAME_MERCHANT_PATCH } from '../patches';
import type { MerchantWeight } from '../recovery-shares';
import type { DetailsKit } from './case-type';

export interface Booking {
  bookingId: string;
  merchantId: string;
  price: Money;
}
export interface TravelDetails extends Booking {
  departureDate: string;
  penalty?: Money;
  reason?: string;
  /** Other bookings of the same trip (hotel, flight...), cancelled and refunded together. */
  additionalBookings?: Booking[];
  /** What the visa case that opened this one refunded of the trip's price already (not stated through the API). */
  refundedOnVisaCase?: Money;
}
/** A travel cancellation's details. */
export const tripDetails = (kit: DetailsKit) =>
  kit.z
    .strictObject({
      bookingId: kit.id,
      merchantId: kit.id,
      price: kit.positiveMoney,
      departureDate: kit.dateOrDateTime,
      penalty: kit.money.optional(),
      reason: kit.text(1000).optional(),
      additionalBookings: kit.z
        .array(bookingDetails(kit))
        .max(10)
        .optional()
        .describe(
          'other bookings of the same trip (e.g. the flight beside the hotel), cancelled and refunded together',
        ),
    })
    .superRefine((d, ctx) => {
      // listed twice, a booking's price would be refunded and advanced twice
      const seen = new Set([`${d.merchantId}/${d.bookingId}`]);
      (d.additionalBookings ?? []).forEach((b, i) => {
        const ref = `${b.merchantId}/${b.bookingId}`;
        if (seen.has(ref)) {
          ctx.addIssue({
            code: 'custom',
            path: ['additionalBookings', i],
            message: `booking ${b.bookingId} of merchant ${b.merchantId} is listed already`,
          });
        }
        seen.add(ref);
      });
    });

/** A booking as the details name it (visa_help's `trip` too). */
export const bookingDetails = ({ z, id, positiveMoney }: DetailsKit) =>
  z.strictObject({ bookingId: id, merchantId: id, price: positiveMoney });

/** The price of every booking of the trip, less what its visa case refunded already. */
export function unrefunded(d: TravelDetails): number {
  const price = bookingsOf(d).reduce((sum, b) => sum + b.price.amount, 0);
  return Math.max(0, price - (d.refundedOnVisaCase?.amount ?? 0));
}

/** What the platform may advance of each booking: its price, less what the visa case refunded (the first booking's). */
export function advancedPerBooking(d: TravelDetails): MerchantWeight[] {
  let refunded = d.refundedOnVisaCase?.amount ?? 0;
  return bookingsOf(d).map((b) => {
    const covered = Math.min(refunded, b.price.amount);
    refunded -= covered;
    return { merchantId: b.merchantId, weight: b.price.amount - covered };
  });
}

/** A booking in its settlement keys: its id, or with its merchant when another booking shares the id. */
export function bookingRef(engine: EngineContext, all: Booking[]): (b: Booking) => string {
  const shared = new Set(all.map((b) => b.bookingId)).size < all.length;
  if (!shared || !engine.versions.has(TRIP_KEYS_NAME_MERCHANT_PATCH)) return (b) => b.bookingId;
  return (b) => `${b.merchantId}/${b.bookingId}`;
}

export function bookingsOf(d: TravelDetails): Booking[] {
  return [
    { bookingId: d.bookingId, merchantId: d.merchantId, price: d.price },
    ...(d.additionalBookings ?? []),
  ];
}
