/** Each merchant's share of an advance refund (workflows/recovery-shares.ts): in proportion, to the minor unit. */
import { shareByWeight } from '../../workflows/recovery-shares';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

test('shares follow the weights and add up to the amount; on equal remainders the leftover unit goes to the first merchant', () => {
  const shares = shareByWeight(cny(100), [
    { merchantId: 'a', weight: 1 },
    { merchantId: 'b', weight: 1 },
    { merchantId: 'c', weight: 1 },
  ]);
  expect(shares).toEqual([
    { merchantId: 'a', amount: cny(34) },
    { merchantId: 'b', amount: cny(33) },
    { merchantId: 'c', amount: cny(33) },
  ]);
});

test('the full price splits into each booking price; bookings of one merchant make one share', () => {
  expect(
    shareByWeight(cny(123_457), [
      { merchantId: 'resort-8', weight: 100_000 },
      { merchantId: 'air-9', weight: 12_346 },
      { merchantId: 'resort-8', weight: 11_111 },
    ]),
  ).toEqual([
    { merchantId: 'resort-8', amount: cny(111_111) },
    { merchantId: 'air-9', amount: cny(12_346) },
  ]);
});

test('amounts beyond 2^53 when multiplied stay exact, and a merchant with nothing advanced is not asked', () => {
  const shares = shareByWeight(cny(9_000_000_000_000), [
    { merchantId: 'a', weight: 6_000_000_000_001 },
    { merchantId: 'b', weight: 2_999_999_999_999 },
    { merchantId: 'c', weight: 0 },
  ]);
  expect(shares.map((s) => s.merchantId)).toEqual(['a', 'b']);
  expect(shares.reduce((sum, s) => sum + s.amount.amount, 0)).toBe(9_000_000_000_000);
  expect(shares[0]!.amount.amount).toBe(6_000_000_000_001);
});

test('no weight at all: the first merchant is asked for the whole amount', () => {
  expect(shareByWeight(cny(500), [{ merchantId: 'a', weight: 0 }])).toEqual([
    { merchantId: 'a', amount: cny(500) },
  ]);
});

test('leftover minor units go to the largest remainders, never to a merchant with nothing advanced', () => {
  expect(
    shareByWeight(cny(1001), [
      { merchantId: 'a', weight: 0 },
      { merchantId: 'b', weight: 1000 },
      { merchantId: 'c', weight: 1000 },
    ]),
  ).toEqual([
    { merchantId: 'b', amount: cny(501) },
    { merchantId: 'c', amount: cny(500) },
  ]);
  // c's exact share is 2.99...: it gets the unit the rounding took, not the first merchant.
  expect(
    shareByWeight(cny(3), [
      { merchantId: 'a', weight: 1 },
      { merchantId: 'b', weight: 1 },
      { merchantId: 'c', weight: 1_000_000 },
    ]),
  ).toEqual([{ merchantId: 'c', amount: cny(3) }]);
});
