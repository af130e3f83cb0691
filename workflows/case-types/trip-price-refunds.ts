/**
 * A trip's price is refunded once. Its settlement asks each merchant, through the back-end refund channel, to
 * refund its booking's price to the member; a price refund the platform paid beside that (a person's
 * `instant_refund` or `advance_refund`) paid the member twice, with no approval when within the tier's limit. So
 * a person's price refund waits until the merchants' refund is off the table: a merchant refused or did not
 * confirm by departure (the platform then advances the price, and the approval rules take any more within it), or
 * the settlement failed and was undone (the manager settles by hand).
 */
import { isPriceRefund } from '../approval';
import type { CompensationKind } from '../domain';
import type { Saga } from '../saga';

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
    return `the refund request of ${standing.join(', ')} may stand (its withdrawal was refused, or it got no answer) after the settlement failed, and its merchant may still refund the member: a ${kind} from the platform could pay the member twice; settle it with the merchant first`;
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
export function standingRequests(settlement: Saga | undefined): string[] {
  return (settlement?.steps ?? [])
    .filter(
      (s) =>
        s.op === 'requestMerchantRefund' &&
        (s.status === 'undo_failed' || (s.status === 'failed' && s.unanswered === true)),
    )
    .map((s) => (s.input as { bookingId: string }).bookingId);
}
