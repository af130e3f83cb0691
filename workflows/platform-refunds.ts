import { isLive, isPriceRefund, leftMoneyOut, liveTotal, moneyOutTotal, yuan } from './approval';
import type { EngineContext } from './case-context';
import * as compensation from './compensation';
import type { CompensationView } from './domain';
import { PLATFORM_ADVANCES_THE_REST_PATCH } from './patches';

/** A type's state for the platform's advance (dispute, trip): the refunds it counted as paying part of the price. */
export interface AdvanceState {
  advanceCountedRefunds?: string[];
}

/**
 * What the platform advances of a price by itself (a dispute's or a trip's advance refund): the price less the
 * case's price refunds, those waiting or paid and those that failed with their money maybe out. Before, it
 * proposed the whole price: the price cap then refused it all when a refund already counted, and one whose
 * payment never answered did not count, so the whole price was paid again. Returns the amount, and the words that
 * say it is the rest; undefined when nothing is left (recorded on the timeline). The refunds counted are
 * remembered in `s`: one that then ends without paying is made up (`makeUpAdvance`).
 */
export function platformAdvance(
  engine: EngineContext,
  price: number,
  why: string,
  s: AdvanceState,
): { amount: number; rest: string } | undefined {
  const refunded = liveTotal(engine, true) + moneyOutTotal(engine, true);
  if (refunded === 0 || !engine.versions.has(PLATFORM_ADVANCES_THE_REST_PATCH))
    return { amount: price, rest: '' };
  s.advanceCountedRefunds = engine.view.compensations
    .filter((c) => isPriceRefund(c.kind) && (isLive(c) || leftMoneyOut(c)))
    .map((c) => c.id);
  const counted = `${yuan({ amount: refunded, currency: 'CNY' })} of it refunded already, paid, waiting or maybe paid`;
  if (refunded < price) return { amount: price - refunded, rest: ` (the rest of the price: ${counted})` };
  engine.record('platform_decision', 'system', `${why}: nothing left to advance (${counted})`);
  return undefined;
}

/**
 * A refund the advance counted ended without paying (rejected, failed, reversed): the platform advances its part
 * too, unless the case was cancelled or the refund may have paid all the same (a step unanswered, an undo refused).
 */
export function makeUpAdvance(engine: EngineContext, comp: CompensationView, s: AdvanceState): void {
  // One that may have paid stays counted: asked again (unconfirmed-steps.ts), its refusal makes it up then.
  if (!s.advanceCountedRefunds?.includes(comp.id) || isLive(comp) || leftMoneyOut(comp)) return;
  s.advanceCountedRefunds = s.advanceCountedRefunds.filter((id) => id !== comp.id);
  if (engine.view.status === 'cancelled') return;
  const reason = `the part of the price that ${comp.id} was to refund (${comp.status}), advanced by the platform; recovered from the merchant later`;
  try {
    compensation.propose(engine, 'advance_refund', comp.amount, reason, 'system', [comp.proposedBy]);
  } catch (err) {
    engine.record('platform_decision', 'system', `no automatic advance refund: ${(err as Error).message}`);
  }
}
