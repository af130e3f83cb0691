/**
 * The saga steps each compensation kind takes (payments with their reversal, shipments with their
 * cancellation); every idempotency key is derived from case, compensation and step, so a step retried or run
 * again never pays twice.
 */
import type { EngineContext } from './case-context';
import type { CompensationView } from './domain';
import { edge, undo } from './edge-calls';
import { step, type SagaStep } from './saga';

/** The steps each kind takes; every key is derived from case, compensation and step. */
export function compensationPlan(engine: EngineContext, comp: CompensationView): SagaStep[] {
  const key = (name: string) => `${engine.view.id}/${comp.id}/${name}`;
  // The merchant and the order as the case's type names them (its module's `payee` and `orderRef`).
  const d = {
    merchantId: engine.caseType.payee?.(engine.view.details),
    orderId: engine.caseType.orderRef?.(engine.view.details),
  };
  const memberId = engine.view.member.id;
  const pay = (name: string, payee: string, memo: string): SagaStep =>
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
      return [
        pay('refund member', `member:${memberId}`, `${comp.kind} ${comp.id} of case ${engine.view.id}`),
      ];
    case 'goodwill_gift':
      return [
        pay('buy gift', 'vendor:gift-desk', `gift for ${memberId}: ${comp.reason}`),
        ship(`gift: ${comp.reason}`),
      ];
    case 'substitute_purchase':
      return [
        pay(
          'buy substitute',
          'vendor:personal-shopper',
          `substitute for ${d.orderId ?? 'order'}: ${comp.reason}`,
        ),
        ship(`substitute: ${comp.reason}`),
      ];
    case 'reship':
      return [
        pay('pay reshipment', `merchant:${d.merchantId ?? 'unknown'}`, `reship ${d.orderId ?? 'order'}`),
        ship(`reshipment of ${d.orderId ?? 'order'}`),
      ];
    case 'penalty_cover':
      return [
        pay(
          'cover penalty',
          `merchant:${d.merchantId ?? 'unknown'}`,
          `penalty cover ${comp.id} of case ${engine.view.id}`,
        ),
      ];
  }
}
