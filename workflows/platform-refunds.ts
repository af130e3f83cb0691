import { liveTotal, moneyOutTotal, yuan } from './approval';
import type { EngineContext } from './case-context';
import { PLATFORM_ADVANCES_THE_REST_PATCH } from './patches';

/**
 * What the platform advances of a price by itself (a dispute's or a trip's advance refund): the price less the
 * case's price refunds, those waiting or paid and those that failed with their money maybe out. Before, it
 * proposed the whole price: the price cap then refused it all when a refund already counted, and one whose
 * payment never answered did not count, so the whole price was paid again. Returns the amount, and the words that
 * say it is the rest; undefined when nothing is left (recorded on the timeline).
 */
export function platformAdvance(
  engine: EngineContext,
  price: number,
  why: string,
): { amount: number; rest: string } | undefined {
  const refunded = liveTotal(engine, true) + moneyOutTotal(engine, true);
  if (refunded === 0 || !engine.versions.has(PLATFORM_ADVANCES_THE_REST_PATCH))
    return { amount: price, rest: '' };
  const counted = `${yuan({ amount: refunded, currency: 'CNY' })} of it refunded already, paid, waiting or maybe paid`;
  if (refunded < price) return { amount: price - refunded, rest: ` (the rest of the price: ${counted})` };
  engine.record('platform_decision', 'system', `${why}: nothing left to advance (${counted})`);
  return undefined;
}
