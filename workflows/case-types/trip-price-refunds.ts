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
import { isPriceRefund, liveTotal, yuan } from '../approval';
import type { EngineContext } from '../case-context';
import type { CompensationKind, Money } from '../domain';
import { REJECTIONS } from '../messages';
import { reject } from '../rejection';
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
  standing: readonly string[] = [],
): string | undefined {
  if (!isPriceRefund(kind)) return undefined;
  if (settlement === 'failed' && standing.length > 0) {
    return `the refund request of ${standing.join(', ')} may stand (its withdrawal was refused, or it got no answer) after the settlement failed, and its merchant may still refund the member: a ${kind} from the platform could pay the member twice; settle it with the merchant first, and record its answer (third-party-response from the merchant: accepted if it refunds the member, refused if it does not)`;
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

/**
 * The bookings whose refund request may stand: its withdrawal was refused (`undo_failed`), or it got no answer
 * (failed `unanswered`: the merchant may have received it, and it was never withdrawn).
 */
export function standingRequests(settlement: Saga | undefined, answered: AnsweredRequests = {}): string[] {
  return (settlement?.steps ?? [])
    .filter(
      (s) =>
        s.op === 'requestMerchantRefund' &&
        (s.status === 'undo_failed' || (s.status === 'failed' && s.unanswered === true)),
    )
    .map((s) => (s.input as { bookingId: string }).bookingId)
    .filter((bookingId) => answered[bookingId] === undefined);
}

/** The merchant's recorded answer for each booking whose refund request stood after a failed settlement. */
export type AnsweredRequests = Record<string, 'refunded' | 'not_refunded'>;

/** Whether a merchant's answer now is for requests that may stand (the settlement failed with some). */
export const answersStandingRequests = (
  a: ThirdPartyResponseArgs,
  settlement: Settlement | undefined,
  standing: readonly string[],
) => a.party === 'merchant' && settlement === 'failed' && standing.length > 0;

/** Records the merchant's answer for every request that may stand: it refunded those bookings, or will not. */
export function answerStandingRequests(
  engine: EngineContext,
  a: ThirdPartyResponseArgs,
  standing: readonly string[],
  answered: AnsweredRequests,
): void {
  const refunded = a.outcome === 'accepted';
  for (const bookingId of standing) answered[bookingId] = refunded ? 'refunded' : 'not_refunded';
  const which = standing.join(', ');
  engine.record(
    refunded ? 'merchant_refunded' : 'merchant_not_refunding',
    a.actor.id,
    refunded
      ? `the merchant confirmed the refund of ${which} to the member (its request stood after the settlement failed): price refunds are taken within the rest of the price`
      : `the merchant confirmed no refund of ${which} will come (its request stood after the settlement failed): price refunds are taken within the price`,
  );
}

/**
 * A person's price refund after the merchant refunded bookings whose request stood: within the price of the
 * others (less what the visa case refunded). Only cases that recorded such an answer hold one, so no history
 * recorded before it meets this rule.
 */
export function checkMerchantRefunded(
  engine: EngineContext,
  kind: CompensationKind,
  amount: Money,
  answered: AnsweredRequests,
): void {
  if (!isPriceRefund(kind)) return;
  const d = engine.view.details as unknown as TravelDetails;
  const byMerchant = bookingsOf(d)
    .filter((b) => answered[b.bookingId] === 'refunded')
    .reduce((sum, b) => sum + b.price.amount, 0);
  if (byMerchant === 0) return;
  const rest = Math.max(0, unrefunded(d) - byMerchant);
  const total = liveTotal(engine, true) + amount.amount;
  if (total > rest) {
    const cny = (n: number) => yuan({ amount: n, currency: amount.currency });
    reject(
      REJECTIONS.limitExceeded,
      `price refunds would total ${cny(total)}, more than the ${cny(rest)} left of the price once the merchant refunded ${cny(byMerchant)} of it`,
    );
  }
}
