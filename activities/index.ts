/**
 * Activities of the case workflow, built by a factory so tests pass their own edges.
 * Every one is safe to run twice: each edge call carries an idempotency key derived from the case and step.
 */
import type { Edges } from './adapters/edges';
import type { Notifier } from './adapters/notifier';

export interface ActivityDeps {
  notifier: Notifier;
  edges: Edges;
}

export function createActivities({ notifier, edges }: ActivityDeps) {
  const { payments, merchants, carrier, consulate } = edges;
  return {
    notifyOwner: notifier.notifyOwner.bind(notifier),
    pay: payments.pay.bind(payments),
    reversePayment: payments.reverse.bind(payments),
    collectFromMerchant: payments.collect.bind(payments),
    requestMerchantRemedy: merchants.requestRemedy.bind(merchants),
    cancelBooking: merchants.cancelBooking.bind(merchants),
    reinstateBooking: merchants.reinstateBooking.bind(merchants),
    requestMerchantRefund: merchants.requestRefund.bind(merchants),
    withdrawMerchantRefund: merchants.withdrawRefund.bind(merchants),
    requestCarrierTrace: carrier.requestTrace.bind(carrier),
    shipToMember: carrier.ship.bind(carrier),
    cancelShipment: carrier.cancelShipment.bind(carrier),
    submitConsulateEndorsement: consulate.submitEndorsement.bind(consulate),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
/** Activities that call an edge with a keyed input and return its receipt (saga steps and one-off calls). */
export type EdgeOperation = Exclude<keyof CaseActivities, 'notifyOwner'>;
