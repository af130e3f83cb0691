/**
 * A trip's late-cancellation penalty: the platform covers it once the refunds are requested, less what covers of
 * it the manager proposed meanwhile (paid, being paid, waiting for approval, or failed with their money maybe out),
 * so that the merchant is paid the penalty once; and a cover it so counted that ends without paying (rejected, failed, reversed) is made up.
 */
import type { EngineContext } from '../case-context';
import * as compensation from '../compensation';
import { isLive, leftMoneyOut, yuan } from '../approval';
import type { CompensationKind, CompensationView, Money } from '../domain';
import { REJECTIONS } from '../messages';
import { PENALTY_COUNTS_MONEY_OUT_PATCH, PENALTY_COVERED_ONCE_PATCH } from '../patches';
import { reject } from '../rejection';

export interface PenaltyState {
  /** The covers the platform counted as covering part of the penalty (since `penalty-covered-once`). */
  penaltyCountedCovers?: string[];
}

export function coverPenalty(engine: EngineContext, penalty: Money, s: PenaltyState): void {
  const live = engine.view.compensations.filter((c) => c.kind === 'penalty_cover' && isLive(c));
  // a cover that failed with its money maybe out may have paid the merchant: counted too
  const out = engine.view.compensations.filter((c) => c.kind === 'penalty_cover' && leftMoneyOut(c));
  const covers =
    out.length > 0 && engine.versions.has(PENALTY_COUNTS_MONEY_OUT_PATCH) ? [...live, ...out] : live;
  const covered = covers.reduce((sum, c) => sum + c.amount.amount, 0);
  if (covered === 0 || !engine.versions.has(PENALTY_COVERED_ONCE_PATCH)) {
    compensation.propose(
      engine,
      'penalty_cover',
      penalty,
      'late-cancellation penalty covered by the platform',
      'system',
    );
    return;
  }
  s.penaltyCountedCovers = covers.map((c) => c.id);
  const ids = s.penaltyCountedCovers.join(', ');
  if (covered < penalty.amount) {
    const rest = { amount: penalty.amount - covered, currency: penalty.currency };
    const reason = `the rest of the late-cancellation penalty, covered by the platform (${ids} cover the other part)`;
    compensation.propose(engine, 'penalty_cover', rest, reason, 'system');
  } else {
    engine.record(
      'platform_decision',
      'system',
      `the late-cancellation penalty is covered already (${ids}); the platform proposes no other cover`,
    );
  }
}

/**
 * A counted cover ended without paying: the platform proposes its part again, unless the case was cancelled or
 * the cover may have paid all the same (a step unanswered, an undo refused).
 */
export function makeUpPenalty(engine: EngineContext, comp: CompensationView, s: PenaltyState): void {
  // One that may have paid stays counted: asked again (unconfirmed-steps.ts), its refusal makes it up then.
  if (!s.penaltyCountedCovers?.includes(comp.id) || leftMoneyOut(comp)) return;
  s.penaltyCountedCovers = s.penaltyCountedCovers.filter((id) => id !== comp.id);
  if (engine.view.status === 'cancelled') return;
  const reason = `the part of the late-cancellation penalty that ${comp.id} was to cover (${comp.status}), covered by the platform`;
  compensation.propose(engine, 'penalty_cover', comp.amount, reason, 'system', [comp.proposedBy]);
}

/**
 * A person's penalty cover on a trip whose penalty is stated: the covers paid, being paid, waiting, or failed with
 * their money maybe out may not exceed it, or the merchant is paid the penalty twice (the platform covers the rest
 * of it by itself). A validator rule (case-type.ts, `checkCompensation`): histories that applied such a cover replay
 * unchanged.
 */
export function checkPenaltyCap(
  engine: EngineContext,
  penalty: Money,
  kind: CompensationKind,
  amount: Money,
): void {
  if (kind !== 'penalty_cover') return;
  const covers = engine.view.compensations.filter(
    (c) => c.kind === 'penalty_cover' && (isLive(c) || leftMoneyOut(c)),
  );
  const total = covers.reduce((sum, c) => sum + c.amount.amount, amount.amount);
  if (total <= penalty.amount) return;
  reject(
    REJECTIONS.limitExceeded,
    `penalty covers would total ${yuan({ amount: total, currency: penalty.currency })}, more than the trip's late-cancellation penalty of ${yuan(penalty)}`,
  );
}
