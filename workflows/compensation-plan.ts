/**
 * The saga steps each compensation kind takes (payments with their reversal, shipments with their
 * cancellation); every idempotency key is derived from case, compensation and step, so a step retried or run
 * again never pays twice.
 */
import type { EngineContext } from './case-context';
import type { CompensationKind, CompensationView } from './domain';
import { edge, undo } from './edge-calls';
import { PAYEE_AS_PAID_PATCH } from './patches';
import { step, type SagaStep } from './saga';

/**
 * Whom a compensation of `kind` pays: its payment step's payee, so that the compensation, its timeline entry and the
 * ledger name the same one. A gift and a substitute are bought from a vendor for the member; a reshipment and a
 * penalty cover pay the case's merchant.
 */
export function payeeOf(engine: EngineContext, kind: CompensationKind): string {
  switch (kind) {
    case 'instant_refund':
    case 'advance_refund':
      return `member:${engine.view.member.id}`;
    case 'goodwill_gift':
      return 'vendor:gift-desk';
    case 'substitute_purchase':
      return 'vendor:personal-shopper';
    case 'reship':
    case 'penalty_cover':
      return `merchant:${engine.caseType.payee?.(engine.view.details) ?? 'unknown'}`;
  }
}

/** The kinds whose compensation named the member as its payee before `payee-as-paid`. */
const BOUGHT_FOR_THE_MEMBER: readonly CompensationKind[] = ['goodwill_gift', 'substitute_purchase', 'reship'];

/** The payee a new compensation shows: whom it pays, or for a case of a version before that rule, the member. */
export function shownPayee(engine: EngineContext, kind: CompensationKind): string {
  if (!BOUGHT_FOR_THE_MEMBER.includes(kind) || engine.versions.has(PAYEE_AS_PAID_PATCH))
    return payeeOf(engine, kind);
  return `member:${engine.view.member.id}`;
}

/** The steps each kind takes; every key is derived from case, compensation and step. */
export function compensationPlan(engine: EngineContext, comp: CompensationView): SagaStep[] {
  const key = (name: string) => `${engine.view.id}/${comp.id}/${name}`;
  // The merchant and the order as the case's type names them (its module's `payee` and `orderRef`).
  const d = {
    merchantId: engine.caseType.payee?.(engine.view.details),
    orderId: engine.caseType.orderRef?.(engine.view.details),
  };
  const memberId = engine.view.member.id;
  const payee = payeeOf(engine, comp.kind);
  const pay = (name: string, memo: string): SagaStep =>
    step(
      // `kind` is for the pay activity's metrics only.
      edge.pay(name, { idempotencyKey: key(name), payee, amount: comp.amount, memo, kind: comp.kind }),
      {
        undo: undo.reversePayment(`reverse ${name}`, {
          idempotencyKey: key(`${name}/reverse`),
          payee,
          amount: comp.amount,
          memo: `reverse: ${memo}`,
        }),
        money: { payee, amount: comp.amount },
      },
    );
  const ship = (item: string): SagaStep =>
    step(edge.shipToMember('ship to member', { idempotencyKey: key('ship'), memberId, item }), {
      undo: undo.cancelShipment('cancel shipment', { idempotencyKey: key('ship/cancel') }),
    });
  switch (comp.kind) {
    case 'instant_refund':
    case 'advance_refund':
      // No reason in a memo that only pays: it is free text (personal data), and the rail needs none.
      return [pay('refund member', `${comp.kind} ${comp.id} of case ${engine.view.id}`)];
    case 'goodwill_gift':
      return [pay('buy gift', `gift for ${memberId}: ${comp.reason}`), ship(`gift: ${comp.reason}`)];
    case 'substitute_purchase':
      return [
        pay('buy substitute', `substitute for ${d.orderId ?? 'order'}: ${comp.reason}`),
        ship(`substitute: ${comp.reason}`),
      ];
    case 'reship':
      return [
        pay('pay reshipment', `reship ${d.orderId ?? 'order'}`),
        ship(`reshipment of ${d.orderId ?? 'order'}`),
      ];
    case 'penalty_cover':
      return [pay('cover penalty', `penalty cover ${comp.id} of case ${engine.view.id}`)];
  }
}
