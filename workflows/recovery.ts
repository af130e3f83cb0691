/**
 * Recovering advance refunds from the merchant (DOMAIN.md): the platform paid the member first; the merchant
 * agrees to pay back (collected through the payment rail) or refuses, and whatever is not paid back when the
 * case ends is absorbed by the platform. A case with several merchants (a trip's hotel and flight) collects from
 * each its share. Every movement goes to the ledger.
 */
import { yuan } from './approval';
import type { EngineContext } from './case-context';
import { FINAL_STATUSES, type CompensationView, type Money, type Recovery } from './domain';
import { collectionKey, collectionRefused } from './collection-keys';
import { askWaitingCollectionsNow, collectionAnswered, recheckCollectionLater } from './collection-recheck';
import { edge, type EdgeCall, type EdgeOutcome } from './edge-calls';
import { RECOVER_FROM_EACH_MERCHANT_PATCH } from './patches';
import { iso } from './time';

type Part = NonNullable<Recovery['parts']>[number];

export function awaitingRecovery(engine: EngineContext): CompensationView[] {
  return engine.view.compensations.filter((c) => c.recovery?.status === 'awaiting_merchant');
}

/** Edge-call purpose of a collection from the merchant: `recovery:<compensation>`, `/<merchant>` for a share. */
export const RECOVERY = 'recovery:';

const cny = (amount: number): Money => ({ amount, currency: 'CNY' });

/** The merchant answered about paying back advance refunds: collect, or absorb and record. */
export function merchantRecoveryAnswer(engine: EngineContext, accepted: boolean, actor: string): void {
  for (const comp of awaitingRecovery(engine)) {
    if (!accepted) {
      absorb(engine, comp, 'the merchant refused to pay back', actor);
      continue;
    }
    const parts = partsOf(engine, comp);
    if (parts) {
      collectParts(engine, comp, parts, actor);
      continue;
    }
    // Collecting: a later, contradicting answer no longer applies to it.
    comp.recovery = { status: 'collecting', amount: cny(0) };
    engine.requestEdgeCall(
      edge.collectFromMerchant(`recover ${comp.id} from merchant`, {
        idempotencyKey: collectionKey(
          engine,
          `${RECOVERY}${comp.id}`,
          `${engine.view.id}/${comp.id}/recover`,
        ),
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
  }
}

/** Each merchant's share, when the case has several (asked of the version only then); else undefined. */
function partsOf(engine: EngineContext, comp: CompensationView): Part[] | undefined {
  if (comp.recovery?.parts) return comp.recovery.parts;
  const shares = engine.caseType.recoveryShares?.(engine.view.details, comp.amount) ?? [];
  if (shares.length < 2 || triedWhole(engine, comp) || !engine.versions.has(RECOVER_FROM_EACH_MERCHANT_PATCH))
    return undefined;
  return shares.map((s) => ({ ...s, status: 'awaiting_merchant' }));
}

/**
 * Whether the whole amount was asked of the first merchant before shares were (a collection that failed, under
 * the key of the whole): it may have gone through unanswered, and only that key asked again can tell, never
 * acting twice. Such a recovery goes on as it began.
 */
const triedWhole = (engine: EngineContext, comp: CompensationView) =>
  engine.view.timeline.some((t) => t.kind === 'recovery_failed' && t.text.startsWith(wholeFailed(comp)));

const wholeFailed = (comp: CompensationView) => `collecting ${comp.id} from the merchant failed`;

/** Collects every share not paid back yet, each from its merchant under its own idempotency key. */
function collectParts(engine: EngineContext, comp: CompensationView, parts: Part[], actor: string): void {
  const owed = parts.filter((p) => p.status !== 'recovered');
  for (const part of owed) {
    part.status = 'collecting';
    engine.requestEdgeCall(
      edge.collectFromMerchant(`recover ${comp.id} from ${part.merchantId}`, {
        idempotencyKey: collectionKey(
          engine,
          `${RECOVERY}${comp.id}/${part.merchantId}`,
          `${engine.view.id}/${comp.id}/recover/${part.merchantId}`,
        ),
        merchantId: part.merchantId,
        amount: part.amount,
        memo: `recovery of ${comp.kind} ${comp.id}, share of ${part.merchantId}`,
      }),
      `${RECOVERY}${comp.id}/${part.merchantId}`,
    );
  }
  comp.recovery = { status: 'collecting', amount: recoveredOf(comp), parts };
  const each = owed.map((p) => `${yuan(p.amount)} from ${p.merchantId}`).join(', ');
  engine.record('recovery_accepted', actor, `merchants agreed to pay back ${comp.id} (${each})`);
}

const recoveredOf = (comp: CompensationView): Money => cny(comp.recovery?.amount.amount ?? 0);

/** A collection from a merchant went through, or failed for good (then it awaits the merchant again). */
export function collectionResult(
  engine: EngineContext,
  purpose: string,
  outcome: EdgeOutcome,
  call: EdgeCall,
): void {
  const [compensationId, merchantId] = purpose.split('/');
  const comp = engine.view.compensations.find((c) => c.id === compensationId);
  if (!comp?.recovery || comp.recovery.status !== 'collecting') return;
  // One that may have gone through is asked again later (collection-recheck.ts), still collecting meanwhile.
  const edgePurpose = `${RECOVERY}${purpose}`;
  if ('error' in outcome && outcome.unanswered && recheckCollectionLater(engine, edgePurpose, call)) return;
  collectionAnswered(engine, edgePurpose);
  if (merchantId !== undefined) return partResult(engine, comp, merchantId, outcome);
  if ('error' in outcome) {
    if (!outcome.unanswered) collectionRefused(engine, edgePurpose);
    comp.recovery = { status: 'awaiting_merchant', amount: cny(0) };
    engine.record('recovery_failed', 'system', `${wholeFailed(comp)}: ${outcome.error}`);
    absorbIfEnded(engine, comp);
    return;
  }
  comp.recovery = { status: 'recovered', amount: comp.amount };
  book(engine, comp, 'recovered', comp.amount, outcome.reference);
  engine.record('recovered', 'system', `${yuan(comp.amount)} of ${comp.id} recovered from the merchant`);
}

function partResult(
  engine: EngineContext,
  comp: CompensationView,
  merchantId: string,
  outcome: EdgeOutcome,
): void {
  const recovery = comp.recovery!;
  const part = recovery.parts?.find((p) => p.merchantId === merchantId);
  if (!part || part.status !== 'collecting') return;
  if ('error' in outcome) {
    if (!outcome.unanswered) collectionRefused(engine, `${RECOVERY}${comp.id}/${merchantId}`);
    part.status = 'awaiting_merchant';
    engine.record(
      'recovery_failed',
      'system',
      `collecting ${yuan(part.amount)} of ${comp.id} from ${merchantId} failed: ${outcome.error}`,
    );
  } else {
    part.status = 'recovered';
    recovery.amount = cny(recovery.amount.amount + part.amount.amount);
    book(engine, comp, 'recovered', part.amount, outcome.reference);
    engine.record('recovered', 'system', `${yuan(part.amount)} of ${comp.id} recovered from ${merchantId}`);
  }
  const parts = recovery.parts ?? [];
  if (parts.some((p) => p.status === 'collecting')) return;
  if (parts.every((p) => p.status === 'recovered')) {
    recovery.status = 'recovered';
    return;
  }
  // What a merchant did not pay awaits the merchants' next answer, which collects only the shares still owed.
  recovery.status = 'awaiting_merchant';
  absorbIfEnded(engine, comp);
}

/** A case that has ended takes no other answer from the merchant: what was not collected is the platform's. */
function absorbIfEnded(engine: EngineContext, comp: CompensationView): void {
  if (FINAL_STATUSES.includes(engine.view.status)) {
    absorb(engine, comp, 'collecting from the merchant failed after the case had ended', 'system');
  }
}

/** The platform bears what the merchants have not paid back (all of it, or the shares still owed). */
function absorb(engine: EngineContext, comp: CompensationView, why: string, actor: string): void {
  const recovered = recoveredOf(comp);
  const rest = cny(comp.amount.amount - recovered.amount);
  comp.recovery = { ...comp.recovery, status: 'absorbed', amount: recovered };
  book(engine, comp, 'absorbed', rest, '');
  engine.record('absorbed', actor, `platform absorbs ${yuan(rest)} of ${comp.id}: ${why}`);
}

/** The ledger's side of a recovery: an advance refund (or a share) came back from a merchant, or the platform bears it. */
function book(
  engine: EngineContext,
  comp: CompensationView,
  direction: 'recovered' | 'absorbed',
  amount: Money,
  reference: string,
): void {
  engine.view.ledger[direction].amount += amount.amount;
  engine.view.ledger.entries.push({
    at: iso(engine.now()),
    compensationId: comp.id,
    kind: comp.kind,
    direction,
    amount,
    payee: 'platform',
    approvedBy: comp.approvedBy,
    reference,
  });
}

/** At the end of a case, whatever the merchant has not paid back is absorbed. */
export function settleRecoveries(engine: EngineContext, why: string): void {
  for (const comp of awaitingRecovery(engine)) absorb(engine, comp, why, 'system');
  // A collection waiting to be asked again is asked now: it went through (recovered) or, failing, is absorbed.
  askWaitingCollectionsNow(engine);
}
