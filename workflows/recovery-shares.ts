/**
 * Who pays back an advance refund when a case has several merchants (a trip's hotel and flight): each its
 * share of the amount, in proportion to what the platform advanced of its bookings. Pure integer arithmetic, so
 * that the shares add up to the amount to the minor unit.
 */
import type { Money } from './domain';

export interface MerchantWeight {
  merchantId: string;
  /** What of this merchant's bookings the advance may cover (minor units). */
  weight: number;
}

export interface RecoveryShare {
  merchantId: string;
  amount: Money;
}

/**
 * Splits `amount` over the merchants in proportion to their weights (one share per merchant, in the order they
 * first appear). Each share is rounded down; the minor units left over go one each to the merchants whose exact
 * shares lost the most to the rounding (the largest remainders; the first on a tie), never to one with nothing
 * advanced, so the shares always add up to the amount. Merchants whose share is 0 are left out.
 */
export function shareByWeight(amount: Money, weights: readonly MerchantWeight[]): RecoveryShare[] {
  const merged = new Map<string, bigint>();
  for (const w of weights) {
    merged.set(w.merchantId, (merged.get(w.merchantId) ?? 0n) + BigInt(Math.max(0, w.weight)));
  }
  const entries = [...merged.entries()];
  const total = entries.reduce((sum, [, w]) => sum + w, 0n);
  if (entries.length === 0) return [];
  // Nothing to weigh by: the first merchant is asked for all of it, as a case with one merchant is.
  if (total === 0n) return [{ merchantId: entries[0]![0], amount }];
  const whole = BigInt(amount.amount);
  const shares = entries.map(([merchantId, w]) => ({
    merchantId,
    weight: w,
    units: (whole * w) / total,
    lost: (whole * w) % total,
  }));
  let left = whole - shares.reduce((sum, s) => sum + s.units, 0n);
  // A stable sort: on equal remainders, the merchant that appears first.
  const byRemainder = shares
    .filter((s) => s.weight > 0n)
    .sort((a, b) => (a.lost === b.lost ? 0 : a.lost < b.lost ? 1 : -1));
  for (const s of byRemainder) {
    if (left === 0n) break;
    s.units += 1n;
    left -= 1n;
  }
  return shares
    .filter((s) => s.units > 0n)
    .map((s) => ({
      merchantId: s.merchantId,
      amount: { amount: Number(s.units), currency: amount.currency },
    }));
}
