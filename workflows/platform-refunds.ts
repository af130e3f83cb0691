import { checkAmount, moneyOutTotal } from './approval';
import type { EngineContext } from './case-context';
import { PLATFORM_REFUNDS_COUNT_MONEY_OUT_PATCH } from './patches';

/**
 * The platform's own advance refund of `amount` (throws a rejection when it may not be proposed): within the price,
 * counting refunds that failed with their money maybe out, as a person's proposal is checked by its validator.
 * `compensation.propose` counts only live refunds; histories that proposed such a refund replay unchanged.
 */
export function checkPlatformRefund(engine: EngineContext, amount: number): void {
  if (moneyOutTotal(engine, true) === 0) return;
  try {
    checkAmount(engine, 'advance_refund', { amount, currency: 'CNY' }, true);
  } catch (err) {
    if (engine.versions.has(PLATFORM_REFUNDS_COUNT_MONEY_OUT_PATCH)) throw err;
  }
}
