/**
 * The faults the history recorder injects into the dev edges for the replay scenarios (scenarios-main-paths.ts,
 * scenarios-continue-as-new.ts), and the holds by which a scenario makes its edge calls wait.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { OwnerNotification } from '../../workflows/notices';

/** A hold on one edge operation of the race scenario: its calls wait until the scenario releases them. */
interface Hold {
  calls: number;
  release: () => void;
  released: Promise<void>;
}
const holds: Record<string, Hold & { caseMark: string }> = {};
/** Holds the calls of `operation` by cases whose id holds `caseMark` until the scenario releases them. */
export function hold(operation: string, caseMark = 'replay-dispute-race'): Hold {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  holds[`${caseMark}:${operation}`] = { calls: 0, release, released, caseMark };
  return holds[`${caseMark}:${operation}`]!;
}

/**
 * Faults the recorder injects: the gift shipment of `saga-undo` fails for good; so do the first gift's shipment
 * and its payment's reversal in `saga-unrecovered-spend`; the race scenario holds its remedy request and its
 * payment, and the slow-rail scenario its payment; the payments of `gift-payment-unconfirmed` (and the refund c1
 * of `dispute-refused-after-unanswered-refund`) never answer, and
 * those of `gift-payment-answered-at-recheck` answer from their 26th try (the saga's first recheck); the
 * reversal of `gift-stopped-unreversed` is refused. Since `v20`: the shipment of `gift-shipment-unconfirmed`
 * never answers; in `gift-reversal-answered-at-recheck` the shipment is refused and the reversal answers from its
 * 21st try (the first recheck of the undo); in `dispute-collection-answered-at-recheck` the collection from the
 * merchant answers from its 21st try (its first recheck). Since `v25`: the rail refuses the first collection of
 * `dispute-collection-refused-then-new-key`, under its key for good; in `trip-standing-request-answered` the
 * airline refuses its refund request and the resort the withdrawal of its own. Since `v27`: the shipment of
 * `gift-shipment-checked-by-a-supervisor` never answers (the carrier never got it).
 */
let lateTries = 0;
let lateReversals = 0;
let lateCollections = 0;
export async function scenarioFaults(operation: string, input: { idempotencyKey: string }): Promise<void> {
  if (operation === 'ship' && input.idempotencyKey.includes('replay-concierge-undo')) {
    throw ApplicationFailure.nonRetryable('carrier refused the parcel', 'CarrierRefused');
  }
  const stranded =
    input.idempotencyKey.includes('replay-concierge-stranded') && input.idempotencyKey.includes('/c1/');
  if (stranded && operation === 'ship') {
    throw ApplicationFailure.nonRetryable('carrier refused the parcel', 'CarrierRefused');
  }
  if (stranded && operation === 'reverse') {
    throw ApplicationFailure.nonRetryable('the vendor keeps the money', 'ReversalRefused');
  }
  if (operation === 'reverse' && input.idempotencyKey.includes('replay-concierge-unreversed')) {
    throw ApplicationFailure.nonRetryable('the vendor keeps the money', 'ReversalRefused');
  }
  const unanswered =
    input.idempotencyKey.includes('replay-concierge-unanswered') ||
    (input.idempotencyKey.includes('replay-dispute-unanswered') && input.idempotencyKey.includes('/c1/'));
  if (operation === 'pay' && unanswered) {
    throw new Error('the rail did not answer in time');
  }
  if (operation === 'pay' && input.idempotencyKey.includes('replay-concierge-answers-late')) {
    lateTries += 1;
    if (lateTries <= 25) throw new Error('the rail did not answer in time');
  }
  if (operation === 'ship' && /replay-concierge-ship-(unanswered|checked)/.test(input.idempotencyKey)) {
    throw new Error('the carrier did not answer in time');
  }
  if (input.idempotencyKey.includes('replay-concierge-reversal-late')) {
    if (operation === 'ship')
      throw ApplicationFailure.nonRetryable('carrier refused the parcel', 'CarrierRefused');
    lateReversals += operation === 'reverse' ? 1 : 0;
    if (operation === 'reverse' && lateReversals <= 20) throw new Error('the rail did not answer in time');
  }
  if (operation === 'collect' && input.idempotencyKey.includes('replay-dispute-collect-late')) {
    lateCollections += 1;
    if (lateCollections <= 20) throw new Error('the rail did not answer in time');
  }
  if (operation === 'collect' && input.idempotencyKey.includes('replay-dispute-collect-refused')) {
    if (input.idempotencyKey.endsWith('/c1/recover'))
      throw ApplicationFailure.nonRetryable('the merchant account is frozen', 'EdgeRefused');
  }
  if (input.idempotencyKey.includes('replay-trip-standing')) {
    if (operation === 'requestRefund' && input.idempotencyKey.includes('flight-7'))
      throw ApplicationFailure.nonRetryable('the fare is not refundable', 'EdgeRefused');
    if (operation === 'withdrawRefund')
      throw ApplicationFailure.nonRetryable('the refund is already on its way', 'EdgeRefused');
  }
  const held = Object.values(holds).find(
    (h) => input.idempotencyKey.includes(h.caseMark) && holds[`${h.caseMark}:${operation}`] === h,
  );
  if (held) {
    held.calls += 1;
    await held.released;
  }
}

let pagerRefusals = 0;
const refusedWarnings = new Set<string>();
const refused = () =>
  ApplicationFailure.nonRetryable('notification webhook answered 404', 'notification_refused');
/**
 * The pager's faults: since `v20`, the reassignment notification of `reassignment-notified-after-outage` fails
 * its twenty tries, and goes through when the case sends it again; since `v21`, the one to mgr-qiu in
 * `reassignment-notice-dropped-as-stale` is refused (a 4xx). Since `v23`: the approval request of
 * `approval-request-dropped-as-stale` is refused, and the first warning of `warning-dropped-then-given`.
 */
export function pagerFaults(n: OwnerNotification): void {
  if (n.caseId.includes('replay-concierge-stale-notice') && n.owner.id === 'mgr-qiu') throw refused();
  if (n.caseId.includes('replay-concierge-stale-approval') && n.trigger === 'approval_request')
    throw refused();
  if (
    n.caseId.includes('replay-concierge-rewarn') &&
    n.trigger === 'sla_warning' &&
    !refusedWarnings.has(n.caseId)
  ) {
    refusedWarnings.add(n.caseId);
    throw refused();
  }
  if (n.trigger !== 'reassignment' || !n.caseId.includes('replay-concierge-pager-down')) return;
  pagerRefusals += 1;
  if (pagerRefusals <= 20) throw new Error('notification webhook answered 503');
}
