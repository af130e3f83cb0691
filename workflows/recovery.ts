/**
 * Recovering advance refunds from the merchant (DOMAIN.md): the platform paid the member first; the merchant
 * agrees to pay back (collected through the payment rail) or refuses, and whatever is not paid back when the
 * case ends is absorbed by the platform. Every movement goes to the ledger.
 */
import { yuan } from './approval';
import type { EngineContext } from './case-context';
import { FINAL_STATUSES, type CompensationView } from './domain';
import { edge } from './edge-calls';
import { iso } from './time';

export function awaitingRecovery(engine: EngineContext): CompensationView[] {
  return engine.view.compensations.filter((c) => c.recovery?.status === 'awaiting_merchant');
}

/** The merchant answered about paying back advance refunds: collect, or absorb and record. */
export function merchantRecoveryAnswer(engine: EngineContext, accepted: boolean, actor: string): void {
  for (const comp of awaitingRecovery(engine)) {
    if (accepted) {
      // Collecting: a later, contradicting answer no longer applies to it.
      comp.recovery = { status: 'collecting', amount: { amount: 0, currency: 'CNY' } };
      engine.requestEdgeCall(
        edge.collectFromMerchant(`recover ${comp.id} from merchant`, {
          idempotencyKey: `${engine.view.id}/${comp.id}/recover`,
          merchantId: engine.caseType.payee?.(engine.view.details) ?? 'unknown',
          amount: comp.amount,
          memo: `recovery of ${comp.kind} ${comp.id}`,
        }),
        `${RECOVERY}${comp.id}`,
      );
      engine.record(
        'recovery_accepted',
        actor,
        `merchant agreed to pay back ${comp.id} (${yuan(comp.amount)})`,
      );
    } else {
      absorb(engine, comp, 'the merchant refused to pay back', actor);
    }
  }
}

/** Edge-call purpose of a collection from the merchant. */
export const RECOVERY = 'recovery:';

/** A collection from the merchant went through, or failed for good (then it awaits the merchant again). */
export function collectionResult(
  engine: EngineContext,
  compensationId: string,
  outcome: { reference: string } | { error: string },
): void {
  const comp = engine.view.compensations.find((c) => c.id === compensationId);
  if (!comp?.recovery || comp.recovery.status !== 'collecting') return;
  if ('error' in outcome) {
    comp.recovery = { status: 'awaiting_merchant', amount: { amount: 0, currency: 'CNY' } };
    engine.record(
      'recovery_failed',
      'system',
      `collecting ${comp.id} from the merchant failed: ${outcome.error}`,
    );
    // A case that has ended takes no other answer from the merchant: what was not collected is the platform's.
    if (FINAL_STATUSES.includes(engine.view.status)) {
      absorb(engine, comp, 'collecting from the merchant failed after the case had ended', 'system');
    }
    return;
  }
  comp.recovery = { status: 'recovered', amount: comp.amount };
  book(engine, comp, 'recovered', outcome.reference);
  engine.record('recovered', 'system', `${yuan(comp.amount)} of ${comp.id} recovered from the merchant`);
}

function absorb(engine: EngineContext, comp: CompensationView, why: string, actor: string): void {
  comp.recovery = { status: 'absorbed', amount: { amount: 0, currency: 'CNY' } };
  book(engine, comp, 'absorbed', '');
  engine.record('absorbed', actor, `platform absorbs ${yuan(comp.amount)} of ${comp.id}: ${why}`);
}

/** The ledger's side of a recovery: the advance refund came back from the merchant, or the platform bears it. */
function book(
  engine: EngineContext,
  comp: CompensationView,
  direction: 'recovered' | 'absorbed',
  reference: string,
): void {
  engine.view.ledger[direction].amount += comp.amount.amount;
  engine.view.ledger.entries.push({
    at: iso(engine.now()),
    compensationId: comp.id,
    kind: comp.kind,
    direction,
    amount: comp.amount,
    payee: 'platform',
    approvedBy: comp.approvedBy,
    reference,
  });
}

/** At the end of a case, whatever the merchant has not paid back is absorbed. */
export function settleRecoveries(engine: EngineContext, why: string): void {
  for (const comp of awaitingRecovery(engine)) absorb(engine, comp, why, 'system');
}
