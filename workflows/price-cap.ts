/**
 * The price cap of price refunds: a case whose type names an order price refunds at most that price in all
 * (DOMAIN.md, "Compensation"), counting refunds still live and, in a validator, those that failed with their money
 * maybe out.
 */
import { isPriceRefund, liveTotal, moneyOutTotal, yuan } from './approval';
import type { EngineContext } from './case-context';
import type { CompensationKind, Money } from './domain';
import { REJECTIONS } from './messages';
import { reject } from './rejection';

/** The price a case's price refunds may not exceed in total, when its type names one (its module's rule). */
export function refundablePrice(engine: EngineContext): Money | null {
  return engine.caseType.refundablePrice?.(engine.view.details) ?? null;
}

/**
 * A compensation's amount: a positive integer, and price refunds within the price the case's type names; with
 * `withMoneyOut`, counting refunds that failed with their money maybe out (`moneyOutTotal`).
 */
export function checkAmount(
  engine: EngineContext,
  kind: CompensationKind,
  amount: Money,
  withMoneyOut = false,
): void {
  if (!Number.isInteger(amount.amount) || amount.amount <= 0) {
    reject(REJECTIONS.validationFailed, 'a compensation amount is a positive integer of minor units');
  }
  const price = refundablePrice(engine);
  if (!isPriceRefund(kind) || price === null) return;
  const out = withMoneyOut ? moneyOutTotal(engine, true) : 0;
  const total = liveTotal(engine, true) + out + amount.amount;
  if (total > price.amount) {
    const maybePaid =
      out > 0 ? ` (${yuan({ amount: out, currency: 'CNY' })} of it maybe paid by refunds that failed)` : '';
    reject(
      REJECTIONS.limitExceeded,
      `price refunds would total ${yuan({ amount: total, currency: 'CNY' })}${maybePaid}, more than the order price of ${yuan(price)}`,
    );
  }
}
