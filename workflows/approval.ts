/**
 * Who must approve a compensation (DOMAIN.md, "Compensation" and "Trust and segregation of duties"):
 * - the tier's budgets: price refunds within the instant-refund limit (and not restricted credit), discretionary
 *   spend within the manager authority, execute at once; above them a supervisor approves;
 * - four eyes: on a case its proposer opened, someone else approves, whatever the tier; so does a compensation
 *   the platform proposes by itself on a case a person opened (the opener may have set it off);
 * - head ceiling: a single compensation above `headApprovalAbove` waits for the head, every tier included;
 * - the approver is never the proposer; the case's opener approves only another person's proposal.
 */
import type { EngineContext } from './case-context';
import {
  MERCHANT_KINDS,
  PRICE_REFUND_KINDS,
  type Actor,
  type CompensationKind,
  type CompensationView,
  type Money,
  type Person,
} from './domain';
import { REJECTIONS } from './messages';
import { FOUR_EYES_PATCH, LIMIT_COUNTS_VISA_REFUNDS_PATCH, UNRECOVERED_SPEND_PATCH } from './patches';
import { reject } from './rejection';

const LIVE: readonly CompensationView['status'][] = ['pending_approval', 'executing', 'executed'];
export const yuan = (m: Money) => `${(m.amount / 100).toFixed(2)} ${m.currency}`;
const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
export const isPriceRefund = (kind: CompensationKind) => PRICE_REFUND_KINDS.includes(kind);

/** The live total of the case's price refunds (`true`) or discretionary spend (`false`). */
export function liveTotal(engine: EngineContext, priceRefunds: boolean): number {
  return engine.view.compensations
    .filter((c) => isLive(c) && isPriceRefund(c.kind) === priceRefunds)
    .reduce((sum, c) => sum + c.amount.amount, 0);
}

/**
 * Whether a compensation that did not execute left its money out, or maybe out: a step it could not undo, or one
 * whose edge never answered.
 */
export const leftMoneyOut = (c: CompensationView) => !isLive(c) && stepsLeftMoneyOut(c);

/** Whether a step of the compensation could not be undone, or never answered: its money is out, or maybe out. */
export const stepsLeftMoneyOut = (c: CompensationView) =>
  c.steps.some((s) => s.status === 'undo_failed' || s.status === 'unconfirmed');

/** Whether the compensation counts as spent: waiting for approval, executing or executed. */
export const isLive = (c: CompensationView) => LIVE.includes(c.status);

/** The spend of compensations that did not execute but left their money out, or maybe out (`leftMoneyOut`). */
export const moneyOutTotal = (engine: EngineContext, priceRefunds: boolean): number =>
  engine.view.compensations
    .filter((c) => leftMoneyOut(c) && isPriceRefund(c.kind) === priceRefunds)
    .reduce((sum, c) => sum + c.amount.amount, 0);

/**
 * What the budgets count: the live total, and the spend of compensations that failed or were stopped without
 * their money coming back (paid is paid, whatever became of the rest of the saga).
 */
export function budgetTotal(engine: EngineContext, priceRefunds: boolean): number {
  const out = moneyOutTotal(engine, priceRefunds);
  // Only a case with such money out asks the version, so no other case records its marker.
  const counted = out > 0 && engine.versions.has(UNRECOVERED_SPEND_PATCH) ? out : 0;
  return liveTotal(engine, priceRefunds) + counted;
}

/**
 * What another case refunded of this case's price (a trip case: its visa case's refunds), counted in the tier's
 * instant-refund limit. The version is asked only where counting it changes the outcome (more than the `room`
 * left below the limit), so no other case records its marker.
 */
function refundedElsewhere(engine: EngineContext, room: number): number {
  const elsewhere = engine.caseType.priceRefundedElsewhere?.(engine.view.details) ?? 0;
  return elsewhere > room && engine.versions.has(LIMIT_COUNTS_VISA_REFUNDS_PATCH) ? elsewhere : 0;
}

export interface ApprovalRule {
  /** Who must approve before it executes; null: it executes at once. */
  approver: 'supervisor' | 'head' | null;
  /** Why, in words (the compensation's `rule`). */
  rule: string;
}

/** The tier's budgets and the member's credit alone (the rule before four eyes and the ceiling). */
function tierRule(
  engine: EngineContext,
  kind: CompensationKind,
  amount: Money,
): { needed: boolean; rule: string } {
  const tier = engine.state.policy.tier;
  const { credit } = engine.view.member;
  if (isPriceRefund(kind)) {
    if (credit === 'restricted')
      return { needed: true, rule: 'restricted credit: every refund needs supervisor approval' };
    const own = budgetTotal(engine, true) + amount.amount;
    const elsewhere =
      own <= tier.instantRefundLimit ? refundedElsewhere(engine, tier.instantRefundLimit - own) : 0;
    const total = own + elsewhere;
    if (total > tier.instantRefundLimit) {
      const before = elsewhere > 0 ? `, ${yuan(cny(elsewhere))} of them refunded on the visa case` : '';
      return {
        needed: true,
        rule: `price refunds of the case (${yuan(cny(total))}${before}) exceed the instant-refund limit of ${yuan(cny(tier.instantRefundLimit))}`,
      };
    }
    return {
      needed: false,
      rule: `within the instant-refund limit of ${yuan(cny(tier.instantRefundLimit))} with ${credit} credit`,
    };
  }
  if (tier.managerAuthority === null)
    return { needed: false, rule: 'unlimited manager authority for this tier (recorded)' };
  const total = budgetTotal(engine, false) + amount.amount;
  if (total > tier.managerAuthority) {
    return {
      needed: true,
      rule: `discretionary spend of the case (${yuan(cny(total))}) exceeds the manager authority of ${yuan(cny(tier.managerAuthority))}`,
    };
  }
  return { needed: false, rule: `within the manager authority of ${yuan(cny(tier.managerAuthority))}` };
}

/** Whether a single compensation of this amount is above the case's head ceiling (none in older policies). */
export function aboveHeadCeiling(engine: EngineContext, amount: Money): boolean {
  const ceiling = engine.state.policy.headApprovalAbove;
  return ceiling !== undefined && amount.amount > ceiling;
}

/** The segregation-of-duties reasons this proposal needs someone else's approval; empty when none. */
function trustReasons(engine: EngineContext, amount: Money, proposedBy: string): string[] {
  const { openedBy } = engine.view;
  const reasons: string[] = [];
  if (aboveHeadCeiling(engine, amount)) {
    reasons.push(
      `a single compensation above ${yuan(cny(engine.state.policy.headApprovalAbove!))} needs the head's approval`,
    );
  }
  if (proposedBy === openedBy) {
    reasons.push(`four eyes: ${proposedBy} opened this case, so someone else must approve`);
  } else if (
    proposedBy === 'system' &&
    engine.state.openedByRole !== undefined &&
    engine.state.openedByRole !== 'system'
  ) {
    reasons.push(
      `four eyes: proposed by the platform on a case ${openedBy} opened, so someone else must approve`,
    );
  }
  return reasons;
}

/** Who must approve this proposal, and why in words. */
export function approvalRule(
  engine: EngineContext,
  kind: CompensationKind,
  amount: Money,
  proposedBy: string,
): ApprovalRule {
  const base = tierRule(engine, kind, amount);
  const reasons = trustReasons(engine, amount, proposedBy);
  // Only where the new rules change the outcome does an old history need to keep the old one.
  if (reasons.length === 0 || (!base.needed && !engine.versions.has(FOUR_EYES_PATCH))) {
    return { approver: base.needed ? 'supervisor' : null, rule: base.rule };
  }
  const rule = [...(base.needed ? [base.rule] : []), ...reasons].join('; ');
  return { approver: aboveHeadCeiling(engine, amount) ? 'head' : 'supervisor', rule };
}

/** Who may be asked to approve `comp`, leaving out the people in `excluded`. */
function eligible(
  engine: EngineContext,
  comp: CompensationView,
  excluded: readonly string[],
): Person | undefined {
  const head = engine.state.ladder[3];
  const candidates = aboveHeadCeiling(engine, comp.amount) ? [head] : [engine.approver(), head];
  const out = new Set([
    comp.proposedBy,
    ...excluded,
    ...(openerMayApprove(engine, comp) ? [] : [engine.view.openedBy]),
  ]);
  return candidates.find((p) => p !== undefined && !out.has(p.id));
}

/**
 * The people who set off the platform's proposal and are kept from approving it (set-off.ts): all of them while
 * someone else may approve; else the nearest ones (listed first) while someone may, the others approving as before
 * the rule. Where no one else may at all (above the ceiling the head set it off, a case the head opened and its
 * supervisor set it off), none: the proposal would never be decided.
 */
function keptOut(engine: EngineContext, comp: CompensationView): readonly string[] {
  const setters = comp.setOffBy ?? [];
  for (let n = setters.length; n > 0; n -= 1) {
    if (eligible(engine, comp, setters.slice(0, n)) !== undefined) return setters.slice(0, n);
  }
  return [];
}

/**
 * Who is asked to approve a waiting compensation: the head above the ceiling, else the dedicated manager's
 * supervisor (the ladder's level 2); never its proposer, the case's opener or who set it off (then the next one up).
 */
export function approverFor(engine: EngineContext, comp: CompensationView): Person {
  return eligible(engine, comp, keptOut(engine, comp)) ?? engine.approver();
}

/**
 * Whether the case's opener may approve `comp`: only what another person proposed. The platform's own proposals
 * on a case follow from what its opener stated and did, so approving one would be a single person's decision.
 */
function openerMayApprove(engine: EngineContext, comp: CompensationView): boolean {
  return comp.proposedBy !== 'system' && comp.proposedBy !== engine.view.openedBy;
}

/**
 * Why `actorId` may not decide on `comp` alone (four eyes), for an approval and for a recheck of its edge alike:
 * its proposer, who set it off, the case's opener for the platform's own proposals; undefined if none of them.
 */
export function fourEyesRefusal(
  engine: EngineContext,
  comp: CompensationView,
  actorId: string,
): string | undefined {
  if (comp.proposedBy === actorId) return `${actorId} proposed ${comp.id}`;
  if (keptOut(engine, comp).includes(actorId))
    return `${comp.id} is the platform's proposal set off by ${actorId}'s own action`;
  if (actorId === engine.view.openedBy && !openerMayApprove(engine, comp))
    return `${actorId} opened case ${engine.view.id}, and ${comp.id} is the platform's own proposal on it`;
  return undefined;
}

/**
 * The approver's own rules, checked when an approval is asked (the update's validator), never again on replay:
 * four eyes (`fourEyesRefusal`), and the head above the ceiling. (The proposer is refused by `checkApprove`
 * itself, on replay too.)
 */
export function checkApprover(engine: EngineContext, comp: CompensationView, actor: Actor): void {
  const kept = fourEyesRefusal(engine, comp, actor.id);
  if (kept)
    reject(REJECTIONS.forbidden, `${kept}, so ${actor.id} may not approve it (four eyes): someone else must`);
  if (aboveHeadCeiling(engine, comp.amount) && actor.role !== 'head') {
    reject(
      REJECTIONS.forbidden,
      `${comp.id} (${yuan(comp.amount)}) is above the head approval ceiling of ${yuan(cny(engine.state.policy.headApprovalAbove!))}: only the head may approve it`,
    );
  }
}

/**
 * Above the head ceiling only the head approves, and never their own proposal: the head's proposal there could be
 * approved by no one, and would climb every approval timeout. Refused, so that someone else proposes it and the
 * head decides. A validator rule newer than recorded histories (later-rules.ts).
 */
export function checkApprovable(engine: EngineContext, amount: Money, actor: Actor): void {
  if (aboveHeadCeiling(engine, amount) && actor.id === engine.state.ladder[3]?.id)
    refuseHeadProposal(engine, amount);
}

/**
 * The same for whoever holds the head's role: the case's ladder names the head as the roster had it when the case
 * opened (or was last reassigned), and a head who took over since would otherwise propose what no one approves.
 */
export function checkHeadProposal(engine: EngineContext, amount: Money, actor: Actor): void {
  if (aboveHeadCeiling(engine, amount) && actor.role === 'head') refuseHeadProposal(engine, amount);
}

function refuseHeadProposal(engine: EngineContext, amount: Money): never {
  return reject(
    REJECTIONS.forbidden,
    `${yuan(amount)} is above the head approval ceiling of ${yuan(cny(engine.state.policy.headApprovalAbove!))}, which only the head approves, and never their own proposal: have the case's assignee or a supervisor propose it`,
  );
}

/**
 * A kind that pays or recovers from the case's merchant needs a case that names one: a concierge case, or a visa
 * case, would pay `merchant:unknown`, which no rail can pay or recover from. A validator rule newer than recorded
 * histories: asked of a held action behind its patch (later-rules.ts).
 */
export function checkMerchantNamed(engine: EngineContext, kind: CompensationKind): void {
  if (!MERCHANT_KINDS.includes(kind) || engine.caseType.payee?.(engine.view.details) !== undefined) return;
  reject(
    REJECTIONS.invalidTransition,
    `a ${kind} pays or recovers from the case's merchant, and this ${engine.view.type} case names none: propose an instant_refund, a goodwill_gift or a substitute_purchase`,
  );
}
