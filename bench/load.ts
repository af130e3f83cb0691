/** Closed-loop load: `concurrency` workers each run operations back to back until `total` are done. */

export interface LoadResult {
  ops: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  latenciesMs: number[];
}

export async function runLoad(
  total: number,
  concurrency: number,
  op: (i: number, worker: number) => Promise<void>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        try {
          await op(i, worker);
          latenciesMs.push(performance.now() - t0);
        } catch (err) {
          errors += 1;
          firstError ??= describeError(err);
        }
      }
    }),
  );
  return { ops: latenciesMs.length, errors, firstError, elapsedMs: performance.now() - started, latenciesMs };
}

/** An error's message with its causes' (a gRPC error's code and details are in its cause). */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  for (
    let e = err as { message?: string; cause?: unknown } | undefined, i = 0;
    e && i < 4;
    e = e.cause as typeof e, i += 1
  ) {
    parts.push(String(e.message ?? e));
  }
  return parts.join(': ');
}

/** The q-quantile (0..1) of the values, nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Sums rounds of one side of an A/B comparison. */
export function combine(rounds: readonly LoadResult[]): LoadResult {
  return {
    ops: rounds.reduce((s, r) => s + r.ops, 0),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    firstError: rounds.find((r) => r.firstError)?.firstError,
    elapsedMs: rounds.reduce((s, r) => s + r.elapsedMs, 0),
    latenciesMs: rounds.flatMap((r) => r.latenciesMs),
  };
}

export const throughput = (r: LoadResult) => (r.ops * 1000) / r.elapsedMs;

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median and range of per-round figures (NaN-free; an empty list gives NaNs). */
export function spread(values: readonly number[]): Spread {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length };
}

/** The values cut into `parts` consecutive slices of (nearly) equal length; fewer when there are fewer values. */
export function slices<T>(values: readonly T[], parts: number): T[][] {
  const n = Math.min(parts, values.length);
  return Array.from({ length: n }, (_, k) =>
    values.slice(Math.floor((k * values.length) / n), Math.floor(((k + 1) * values.length) / n)),
  );
}
