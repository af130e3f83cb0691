/**
 * A trip's price is refunded once. Its settlement asks each merchant, through the back-end refund channel, to
 * refund its booking's price to the member; a price refund the platform paid beside that (a person's
 * `instant_refund` or `advance_refund`) paid the member twice, with no approval when within the tier's limit. So
 * a person's price refund waits until the merchants' refund is off the table: a merchant refused or did not
 * confirm by departure (the platform then advances the price, and the approval rules take any more within it), or
 * the settlement failed and was undone (the manager settles by hand). A refund request that may stand after the
 * settlement failed keeps them refused until the merchant's answer for it is recorded: it refunded the booking
 * (price refunds are then taken within the rest of the price) or it will not.
 */
import type { ThirdPartyResponseArgs } from '../action-args';
import { isPriceRefund, liveTotal, moneyOutTotal, yuan } from '../approval';
import type { EngineContext } from '../case-context';
import type { CompensationKind, Money } from '../domain';
import { REJECTIONS } from '../messages';
import { invalidTransition, reject } from '../rejection';
import type { Saga } from '../saga';
import { bookingsOf, unrefunded, type TravelDetails } from './trip-bookings';

export type Settlement = 'running' | 'requested' | 'failed' | 'refunded' | 'advanced';

const ADVANCED_LATER =
  'should a merchant refuse or not confirm by departure, the platform advances the refund (and price refunds ' +
  'within the price are taken then)';

/**
 * Why a person's proposal of `kind` is refused in this state of the settlement; undefined when it is not.
 * `standing`: the bookings whose refund request may stand after a failed settlement (their merchants may still
 * refund them).
 */
export function priceRefundRefusal(
  kind: CompensationKind,
  settlement: Settlement | undefined,
  standing: readonly StandingRequest[] = [],
): string | undefined {
  if (!isPriceRefund(kind)) return undefined;
  if (settlement === 'failed' && standing.length > 0) {
    // One answer speaks for one merchant (checkStandingAnswer): with several, none can be recorded.
    const record = severalMerchants(standing)
      ? 'they stand with several merchants, so settle them by hand'
      : 'and record its answer (third-party-response from the merchant: accepted if it refunds the member, refused if it does not)';
    return `the refund request of ${standing.map((r) => r.bookingId).join(', ')} may stand (its withdrawal was refused, or it got no answer) after the settlement failed, and its merchant may still refund the member: a ${kind} from the platform could pay the member twice; settle it with the merchant first, ${record}`;
  }
  switch (settlement) {
    case undefined:
    case 'running':
      return `the bookings' price is refunded by the merchants through their back-end refund channel, requested once the callback has cancelled the bookings: a ${kind} from the platform would pay the member twice; ${ADVANCED_LATER}`;
    case 'requested':
      return `the merchants have been asked to refund the bookings' price to the member through their back-end refund channel: a ${kind} from the platform would pay the member twice; ${ADVANCED_LATER}`;
    case 'refunded':
      return `the merchant confirmed the refund of the bookings' price to the member: a ${kind} would pay the member twice (a goodwill_gift is discretionary spend)`;
    case 'advanced':
    case 'failed':
      return undefined;
  }
}

/** A booking whose refund request may stand, by merchant and booking id (two merchants may share an id). */
export interface StandingRequest {
  merchantId: string;
  bookingId: string;
}

const keyOf = (r: StandingRequest) => `${r.merchantId}/${r.bookingId}`;

/** Whether these requests or bookings belong to more than one merchant: one answer cannot speak for them all. */
const severalMerchants = (all: readonly { merchantId: string }[]) =>
  new Set(all.map((r) => r.merchantId)).size > 1;

/**
 * The bookings whose refund request may stand: its withdrawal was refused (`undo_failed`), or it got no answer
 * (failed `unanswered`: the merchant may have received it, and it was never withdrawn); less those whose
 * merchant's answer is recorded.
 */
export function standingRequests(
  settlement: Saga | undefined,
  answered: AnsweredRequests = {},
): StandingRequest[] {
  return (settlement?.steps ?? [])
    .filter(
      (s) =>
        s.op === 'requestMerchantRefund' &&
        (s.status === 'undo_failed' || (s.status === 'failed' && s.unanswered === true)),
    )
    .map((s) => s.input as StandingRequest)
    .map(({ merchantId, bookingId }) => ({ merchantId, bookingId }))
    .filter((r) => answered[keyOf(r)] === undefined);
}

/** The merchant's recorded answer for each request (`merchant/booking`) that stood after a failed settlement. */
export type AnsweredRequests = Record<string, 'refunded' | 'not_refunded'>;

/** Whether a merchant's answer now is for requests that may stand (the settlement failed with some). */
export const answersStandingRequests = (
  a: ThirdPartyResponseArgs,
  settlement: Settlement | undefined,
  standing: readonly StandingRequest[],
) => a.party === 'merchant' && settlement === 'failed' && standing.length > 0;

/**
 * The answer's check (validator, held actions): one answer speaks for one merchant. With requests of several
 * merchants standing, an answer cannot say whose it is: `refused` would let the member be paid beside a merchant
 * that did refund, `accepted` would close a booking no one refunded.
 */
export function checkStandingAnswer(
  a: ThirdPartyResponseArgs,
  settlement: Settlement | undefined,
  standing: readonly StandingRequest[],
): void {
  if (!answersStandingRequests(a, settlement, standing)) return;
  if (severalMerchants(standing)) {
    invalidTransition(
      `the refund requests of ${standing.map((r) => `${r.bookingId} (${r.merchantId})`).join(', ')} may stand with several merchants, and an answer cannot name its merchant: settle them by hand`,
    );
  }
}

/** Records the merchant's answer for every request that may stand: it refunded those bookings, or will not. */
export function answerStandingRequests(
  engine: EngineContext,
  a: ThirdPartyResponseArgs,
  standing: readonly StandingRequest[],
  answered: AnsweredRequests,
): void {
  const refunded = a.outcome === 'accepted';
  for (const r of standing) answered[keyOf(r)] = refunded ? 'refunded' : 'not_refunded';
  const which = standing.map((r) => r.bookingId).join(', ');
  engine.record(
    refunded ? 'merchant_refunded' : 'merchant_not_refunding',
    a.actor.id,
    refunded
      ? `the merchant confirmed the refund of ${which} to the member (its request stood after the settlement failed): price refunds are taken within the rest of the price`
      : `the merchant confirmed no refund of ${which} will come (its request stood after the settlement failed): price refunds are taken within the price`,
  );
}

/**
 * A person's price refund after a merchant refunded bookings whose request stood: within the price of the others
 * (less what the visa case refunded), counting refunds that failed with their money maybe out; and no
 * `advance_refund` on a trip of several merchants, whose recovery would ask the one that refunded for a share.
 * Only cases that recorded such an answer hold one, so no history recorded before it meets this rule.
 */
export function checkMerchantRefunded(
  engine: EngineContext,
  kind: CompensationKind,
  amount: Money,
  answered: AnsweredRequests,
): void {
  if (!isPriceRefund(kind)) return;
  const d = engine.view.details as unknown as TravelDetails;
  const bookings = bookingsOf(d);
  const byMerchant = bookings
    .filter((b) => answered[keyOf(b)] === 'refunded')
    .reduce((sum, b) => sum + b.price.amount, 0);
  if (byMerchant === 0) return;
  if (kind === 'advance_refund' && severalMerchants(bookings)) {
    invalidTransition(
      'an advance_refund is recovered in shares from every merchant of the trip, the one that refunded its booking too: propose an instant_refund',
    );
  }
  const rest = Math.max(0, unrefunded(d) - byMerchant);
  const total = liveTotal(engine, true) + moneyOutTotal(engine, true) + amount.amount;
  if (total > rest) {
    const cny = (n: number) => yuan({ amount: n, currency: amount.currency });
    reject(
      REJECTIONS.limitExceeded,
      `price refunds would total ${cny(total)} (counting any that failed with their money maybe out), more than the ${cny(rest)} left of the price once the merchant refunded ${cny(byMerchant)} of it`,
    );
  }
}
