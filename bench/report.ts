/** Figures from the bench's rounds, and the plain-text tables it prints. */
import type { Comparison, Round } from './ab';
import type { Component } from './drain';
import { combine, quantile, spread, type Spread } from './load';
import { fmtRatio, pooledRatio, type RatioEstimate } from './ratio';

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** `median (min-max)`, or the one value of a single round. */
export function fmtSpread(s: Spread, digits = 2, unit = ''): string {
  const m = `${round(s.median, digits)}${unit}`;
  return s.n > 1 ? `${m} (${round(s.min, digits)}-${round(s.max, digits)})` : m;
}

export const jsonSpread = (s: Spread, digits = 3) => ({
  median: round(s.median, digits),
  min: round(s.min, digits),
  max: round(s.max, digits),
});

/** Each side's rounds as `[operations, settled ms]`, for pooling runs later (`npm run bench:pool`, bench/pool.ts). */
export const pacedJson = (c: Comparison) =>
  Object.fromEntries(
    Object.entries(c).map(([side, rounds]) => [side, rounds.map((r) => [r.ops, r.settledMs])]),
  );

/** A judged ratio (bench/ratio.ts) with its 90 % interval, and the spread of the single rounds' ratios beside it. */
export const jsonRatio = (r: RatioEstimate, rounds: Spread) => ({
  value: round(r.value, 3),
  interval90: [round(r.low, 3), round(r.high, 3)],
  ...jsonSpread(rounds),
});

export interface SideFigures {
  /** Operations per second until the stack was idle again, per round. */
  perSec: Spread;
  /** Operations per second until the last answer, per round. */
  answeredPerSec: Spread;
  p50Ms: number;
  p99Ms: number;
  ops: number;
  errors: number;
  firstError?: string;
  /** CPU milliseconds per operation, by process. */
  cpuMsPerOp: Record<Component, number>;
  /** The most cores other programs kept busy during one of the side's rounds. */
  foreignCoresMax: number;
}

export function sideFigures(rounds: readonly Round[]): SideFigures {
  const all = combine(rounds);
  const cpuMsPerOp = {} as Record<Component, number>;
  for (const r of rounds) {
    for (const [k, v] of Object.entries(r.cpu.ours) as [Component, number][]) {
      cpuMsPerOp[k] = (cpuMsPerOp[k] ?? 0) + (v * 1000) / Math.max(1, all.ops);
    }
  }
  return {
    perSec: spread(rounds.map((r) => (r.ops * 1000) / r.settledMs)),
    answeredPerSec: spread(rounds.map((r) => (r.ops * 1000) / r.elapsedMs)),
    p50Ms: quantile(all.latenciesMs, 0.5),
    p99Ms: quantile(all.latenciesMs, 0.99),
    ops: all.ops,
    errors: all.errors,
    firstError: all.firstError,
    cpuMsPerOp,
    foreignCoresMax: Math.max(0, ...rounds.map((r) => r.cpu.foreignCores)),
  };
}

/** Round by round, side a's settled throughput over side b's (the rounds ran next to each other). */
export function ratioSpread(a: readonly Round[], b: readonly Round[]): Spread {
  const rate = (r: Round) => r.ops / r.settledMs;
  return spread(a.map((r, i) => (b[i] ? rate(r) / rate(b[i]!) : NaN)));
}

/** Round by round, side a's p99 answer latency over side b's. */
export function p99RatioSpread(a: readonly Round[], b: readonly Round[]): Spread {
  return spread(
    a.map((r, i) => (b[i] ? quantile(r.latenciesMs, 0.99) / quantile(b[i]!.latenciesMs, 0.99) : NaN)),
  );
}

export interface Probes {
  /** The cores' probe, in milliseconds, and the memory's, in nanoseconds per load (lower is faster). */
  cpuMs: Spread;
  memoryNs: Spread;
}

/** The machine's speed probes before every round of these comparisons (bench/machine-speed.ts). */
export function probeSpread(comparisons: readonly Comparison[]): Probes {
  const rounds = comparisons.flatMap((c) => Object.values(c).flat());
  return { cpuMs: spread(rounds.map((r) => r.probeMs)), memoryNs: spread(rounds.map((r) => r.memProbeNs)) };
}

export const probeJson = (p: Probes) => ({
  speedProbeMs: jsonSpread(p.cpuMs, 1),
  memoryProbeNs: jsonSpread(p.memoryNs, 0),
});

/** How far the machine's speed moved over the rounds, in words. */
export function probeText(p: Probes): string {
  const slowest = (s: Spread) => Math.round((100 * s.min) / s.max);
  return (
    `Speed probes before each round (lower is faster): cores (16 MiB hashed, best of three) ${fmtSpread(p.cpuMs, 1, ' ms')}, ` +
    `the slowest round's at ${slowest(p.cpuMs)} % of the fastest's; memory (dependent loads at random over 64 MiB, ` +
    `best of three) ${fmtSpread(p.memoryNs, 0, ' ns')} per load, the slowest round's at ${slowest(p.memoryNs)} % of the fastest's`
  );
}

/** A round during which other programs kept more than this many cores busy is called noisy. */
export const NOISY_CORES = 0.25;

export const noisyRounds = (c: Comparison) =>
  Object.values(c)
    .flat()
    .filter((r) => r.cpu.foreignCores > NOISY_CORES).length;

export function cpuText(c: Record<Component, number>): string {
  return (['server', 'worker', 'api'] as const)
    .filter((k) => c[k] !== undefined && (k !== 'api' || c[k] > 0))
    .map((k) => `${k} ${round(c[k], 1)}`)
    .join(' / ');
}

/** One row per side: settled and answered throughput with their spreads, latency, count, CPU per operation. */
export function sideRows(label: string, c: Comparison): string[][] {
  return Object.entries(c).map(([side, rounds]) => {
    const f = sideFigures(rounds);
    return [
      `${label} ${side}`,
      fmtSpread(f.perSec, 1, '/s'),
      fmtSpread(f.answeredPerSec, 1, '/s'),
      `${round(f.p50Ms, 0)} / ${round(f.p99Ms, 0)} ms`,
      `${f.ops} ok, ${f.errors} errors`,
      cpuText(f.cpuMsPerOp),
    ];
  });
}

export const SIDE_HEADER = [
  'operation',
  'settled/s (rounds)',
  'answered/s (rounds)',
  'p50 / p99',
  'count',
  'CPU ms per op',
];

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/**
 * A comparison on its own (`--ladder`, `--only update`): each side's settled rate and CPU per operation, and
 * its rate over the baseline side's, round by round.
 */
export function comparisonReport(
  c: Comparison,
  o: { baseline: string; label: string; title: string; key: string },
  loadAvg: number[],
): { text: string; json: Record<string, unknown> } {
  const rows = [[...SIDE_HEADER, `vs ${o.baseline} (over all rounds; single rounds)`]];
  const json: Record<string, unknown> = {};
  for (const [side, rounds] of Object.entries(c)) {
    const f = sideFigures(rounds);
    const vs = ratioSpread(rounds, c[o.baseline]!);
    const pooled = pooledRatio(rounds, c[o.baseline]!);
    rows.push([
      ...sideRows(o.label, { [side]: rounds })[0]!,
      `${fmtRatio(pooled)}; rounds ${fmtSpread(vs, 2)}`,
    ]);
    json[side] = {
      perSec: jsonSpread(f.perSec, 1),
      [`over${o.baseline[0]!.toUpperCase()}${o.baseline.slice(1)}`]: jsonRatio(pooled, vs),
      cpuMsPerOp: Object.fromEntries(Object.entries(f.cpuMsPerOp).map(([k, v]) => [k, round(v, 1)])),
      errors: f.errors,
      noisyRounds: rounds.filter((r) => r.cpu.foreignCores > NOISY_CORES).length,
    };
  }
  const probe = probeSpread([c]);
  const text = [
    `${o.title} (load average at the end ${loadAvg.map((x) => x.toFixed(2)).join(' ')}):`,
    table(rows),
    probeText(probe),
  ].join('\n');
  return { text, json: { [o.key]: json, ...probeJson(probe) } };
}
