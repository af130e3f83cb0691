/**
 * The throughput of one side over another's, as the bench judges it: pooled over the paired rounds (every
 * operation over all the time taken, on each side), which is what "openings per second" means over a run, with
 * a bootstrap interval over the pairs (each round of a side ran next to the other side's round of the same
 * index). A round-by-round ratio swings by a third on this machine; the pooled one, over more rounds, much less.
 */
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

export interface Paced {
  ops: number;
  settledMs: number;
}

export interface RatioEstimate {
  /** Side a's operations per second over side b's, pooled over the paired rounds. */
  value: number;
  /** The 90 % bootstrap interval of `value` (resampling the pairs). */
  low: number;
  high: number;
  pairs: number;
}

const RESAMPLES = 2_000;
/** Fixed: the same rounds give the same interval, run after run of the report. */
const SEED = 20_261_203;

function pooled(a: readonly Paced[], b: readonly Paced[], picks: readonly number[]): number {
  let aOps = 0;
  let aMs = 0;
  let bOps = 0;
  let bMs = 0;
  for (const i of picks) {
    aOps += a[i]!.ops;
    aMs += a[i]!.settledMs;
    bOps += b[i]!.ops;
    bMs += b[i]!.settledMs;
  }
  return aOps / aMs / (bOps / bMs);
}

/** Side a's throughput over side b's, pooled over the rounds both ran (NaN for none), with its interval. */
export function pooledRatio(a: readonly Paced[], b: readonly Paced[]): RatioEstimate {
  const pairs = Math.min(a.length, b.length);
  const all = Array.from({ length: pairs }, (_, i) => i);
  const value = pairs === 0 ? NaN : pooled(a, b, all);
  if (pairs < 2) return { value, low: value, high: value, pairs };
  const rng = xoroshiro128plus(SEED);
  const samples = Array.from({ length: RESAMPLES }, () =>
    pooled(
      a,
      b,
      all.map(() => unsafeUniformIntDistribution(0, pairs - 1, rng)),
    ),
  ).sort((x, y) => x - y);
  return {
    value,
    low: samples[Math.floor(0.05 * RESAMPLES)]!,
    high: samples[Math.ceil(0.95 * RESAMPLES) - 1]!,
    pairs,
  };
}

/** `0.912 (90 % interval 0.87-0.95)`; a word when the bound lies inside the interval. */
export function fmtRatio(r: RatioEstimate, atLeast?: number): string {
  const f = (x: number) => x.toFixed(3);
  if (r.pairs < 2) return f(r.value);
  const close =
    atLeast !== undefined && r.low < atLeast && atLeast <= r.high ? '; the target is inside it' : '';
  return `${f(r.value)} (90 % interval ${f(r.low)}-${f(r.high)}${close})`;
}
