/**
 * bench/ratio.ts: the judged throughput ratio is every operation over all the time on each side (not the median
 * of round-by-round ratios), and its bootstrap interval is repeatable and narrows with more pairs.
 */
import { fmtRatio, pooledRatio, ratioVerdict, type Paced } from '../../bench/ratio';

const round = (ops: number, settledMs: number): Paced => ({ ops, settledMs });

test('the ratio pools the rounds: all operations over all the time, side by side', () => {
  // side a: 100 ops in 1 s, then 100 in 3 s (200 in 4 s); side b: 100 in 2 s twice (200 in 4 s)
  const a = [round(100, 1_000), round(100, 3_000)];
  const b = [round(100, 2_000), round(100, 2_000)];
  // round by round 2.0 and 0.67 (their median 1.33); over the run both sides opened 50 per second
  expect(pooledRatio(a, b).value).toBeCloseTo(1, 10);
  expect(pooledRatio([round(300, 3_000)], [round(200, 4_000)]).value).toBeCloseTo(2, 10);
});

test('only rounds with a partner count; none gives NaN', () => {
  const r = pooledRatio([round(100, 1_000), round(100, 9_000)], [round(50, 1_000)]);
  expect(r).toEqual({ value: 2, low: 2, high: 2, pairs: 1 });
  expect(pooledRatio([], []).value).toBeNaN();
});

test('the interval holds the value, is the same on every report, and narrows with more pairs', () => {
  const swinging = (n: number) =>
    Array.from({ length: n }, (_, i) => round(300, i % 2 === 0 ? 5_000 : 7_000));
  const steady = (n: number) => Array.from({ length: n }, () => round(300, 5_500));
  const few = pooledRatio(swinging(6), steady(6));
  expect(few.low).toBeLessThan(few.value);
  expect(few.high).toBeGreaterThan(few.value);
  expect(pooledRatio(swinging(6), steady(6))).toEqual(few);
  const many = pooledRatio(swinging(24), steady(24));
  expect(many.high - many.low).toBeLessThan(few.high - few.low);
  // identical rounds leave nothing to resample
  const flat = pooledRatio(steady(6), steady(6));
  expect([flat.low, flat.value, flat.high]).toEqual([1, 1, 1]);
});

test('the text names the interval, and says when the target lies inside it', () => {
  const r = { value: 0.912, low: 0.871, high: 0.95, pairs: 8 };
  expect(fmtRatio(r, 0.9)).toBe('0.912 (90 % interval 0.871-0.950; the target is inside it)');
  expect(fmtRatio(r, 0.8)).toBe('0.912 (90 % interval 0.871-0.950)');
  expect(fmtRatio({ ...r, pairs: 1 }, 0.9)).toBe('0.912');
});

test('a verdict needs the whole interval on one side of the target; the target inside it is undecided', () => {
  const r = (value: number, low: number, high: number, pairs = 8) => ({ value, low, high, pairs });
  expect(ratioVerdict(r(0.95, 0.91, 0.99), 0.9)).toBe('pass');
  expect(ratioVerdict(r(0.9, 0.9, 0.95), 0.9)).toBe('pass');
  expect(ratioVerdict(r(0.85, 0.8, 0.89), 0.9)).toBe('MISS');
  // a point value above the target with the interval reaching below it is not a pass, nor one below a miss
  expect(ratioVerdict(r(0.912, 0.871, 0.95), 0.9)).toBe('undecided');
  expect(ratioVerdict(r(0.876, 0.82, 0.95), 0.9)).toBe('undecided');
  // one pair has no interval: its value decides; no pairs at all is a miss
  expect(ratioVerdict(r(0.91, 0.91, 0.91, 1), 0.9)).toBe('pass');
  expect(ratioVerdict(r(NaN, NaN, NaN, 0), 0.9)).toBe('MISS');
});
