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

/** The 90 % interval of `draw` over the seeded resamples; `pick(n)` draws an index below n. */
function interval90(draw: (pick: (n: number) => number) => number): { low: number; high: number } {
  const rng = xoroshiro128plus(SEED);
  const pick = (n: number) => unsafeUniformIntDistribution(0, n - 1, rng);
  const samples = Array.from({ length: RESAMPLES }, () => draw(pick)).sort((x, y) => x - y);
  return { low: samples[Math.floor(0.05 * RESAMPLES)]!, high: samples[Math.ceil(0.95 * RESAMPLES) - 1]! };
}

/** Side a's throughput over side b's, pooled over the rounds both ran (NaN for none), with its interval. */
export function pooledRatio(a: readonly Paced[], b: readonly Paced[]): RatioEstimate {
  const pairs = Math.min(a.length, b.length);
  const all = Array.from({ length: pairs }, (_, i) => i);
  const value = pairs === 0 ? NaN : pooled(a, b, all);
  if (pairs < 2) return { value, low: value, high: value, pairs };
  return {
    value,
    ...interval90((pick) =>
      pooled(
        a,
        b,
        all.map(() => pick(pairs)),
      ),
    ),
    pairs,
  };
}

/**
 * A ratio's verdict against its lower bound: `pass` when its whole 90 % interval clears the bound, `MISS` when the
 * whole interval falls short, `undecided` when the bound lies inside it (the run cannot tell the ratio from its
 * target; `npm run bench:pool` judges several runs together). Undecided is not a pass. Judging by the point value
 * alone flipped between pass and MISS from run to run for the same code (docs/performance.md, "Verdicts").
 */
export type Verdict = 'pass' | 'MISS' | 'undecided';

export function ratioVerdict(r: RatioEstimate, atLeast: number): Verdict {
  if (Number.isNaN(r.value)) return 'MISS';
  if (Math.min(r.low, r.value) >= atLeast) return 'pass';
  if (Math.max(r.high, r.value) < atLeast) return 'MISS';
  return 'undecided';
}

/**
 * The verdict on a ratio over the floor whose bare side had failures: a bare opening that failed lowers the
 * floor's rate and so lifts the ratio (all of them failing would make it infinite), so it cannot pass then.
 */
export function verdictBesideFloorErrors(verdict: Verdict, floorErrors: number): Verdict {
  return floorErrors > 0 && verdict === 'pass' ? 'undecided' : verdict;
}

/** `0.912 (90 % interval 0.87-0.95)`; a word when the bound lies inside the interval. */
export function fmtRatio(r: RatioEstimate, atLeast?: number): string {
  const f = (x: number) => x.toFixed(3);
  if (r.pairs < 2) return f(r.value);
  // The same rule as the verdict, so that the text and the result column never disagree.
  const close =
    atLeast !== undefined && ratioVerdict(r, atLeast) === 'undecided' ? '; the target is inside it' : '';
  return `${f(r.value)} (90 % interval ${f(r.low)}-${f(r.high)}${close})`;
}

/** One run's rounds of two sides, paired by index. */
export interface RunPairs {
  a: readonly Paced[];
  b: readonly Paced[];
}

/**
 * Side a's throughput over side b's over several runs (`npm run bench:pool`): every operation over all the time
 * of every run's paired rounds, with an interval that resamples the runs and then the pairs within each, so that
 * runs which disagree (the machine's speed moves between runs more than within one) widen it.
 */
export function pooledOverRuns(runs: readonly RunPairs[]): RatioEstimate {
  const paired = runs
    .map(({ a, b }) => {
      const n = Math.min(a.length, b.length);
      return { a: a.slice(0, n), b: b.slice(0, n) };
    })
    .filter((r) => r.a.length > 0);
  const a = paired.flatMap((r) => r.a);
  const b = paired.flatMap((r) => r.b);
  if (paired.length < 2) return pooledRatio(a, b);
  // Each run's rounds as a span of the concatenated sides: a resample picks runs, then rounds within each.
  const spans = paired.map((r, i) => ({
    from: paired.slice(0, i).reduce((n, p) => n + p.a.length, 0),
    length: r.a.length,
  }));
  return {
    value: pooled(
      a,
      b,
      a.map((_, i) => i),
    ),
    ...interval90((pick) => {
      const picks: number[] = [];
      for (let r = 0; r < spans.length; r += 1) {
        const { from, length } = spans[pick(spans.length)]!;
        for (let i = 0; i < length; i += 1) picks.push(from + pick(length));
      }
      return pooled(a, b, picks);
    }),
    pairs: a.length,
  };
}
