/**
 * `npm run bench:pool -- run-1.txt run-2.txt ...`: the ratios judged over several runs of the bench (full or
 * quick), each file one run's output, its last line the JSON object. On a small machine one run cannot tell most
 * ratios from their target (docs/performance.md, "Judging over several runs"); pooled, every round of every run
 * counts, and the interval resamples the runs and then their rounds, so that runs which disagree widen it.
 */
import { readFileSync } from 'node:fs';
import {
  fmtRatio,
  pooledOverRuns,
  ratioVerdict,
  verdictBesideFloorErrors,
  type Paced,
  type RatioEstimate,
  type RunPairs,
  type Verdict,
} from './ratio';
import { round, table } from './report';
import { TARGETS } from './summary';

type Rounds = Record<string, [number, number][]>;

export interface RunJson {
  mode?: string;
  keyedOpenings?: boolean;
  floor?: Record<string, Record<string, { rounds?: Rounds; errors?: Record<string, number> }>>;
  updateRounds?: Rounds;
}

/** The JSON object a run printed last; or the whole file, when it is that object alone (bench/runs/). */
export function runJson(output: string, name: string): RunJson {
  const whole = output.trim();
  if (whole.startsWith('{')) {
    try {
      return JSON.parse(whole) as RunJson;
    } catch {
      // a run's whole output that happens to start with a JSON line: its last JSON line below
    }
  }
  const line = whole
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`${name}: no JSON line (is it the output of npm run bench?)`);
  return JSON.parse(line) as RunJson;
}

const paced = (rounds: [number, number][] | undefined): Paced[] | undefined =>
  rounds?.map(([ops, settledMs]) => ({ ops, settledMs }));

/** Each run's rounds of one comparison (`a` over `b`); runs that did not measure it are left out. */
function pairsOf(runs: readonly RunJson[], pick: (r: RunJson) => Rounds | undefined, a: string, b: string) {
  return runs.flatMap((run): RunPairs[] => {
    const sides = pick(run);
    const pa = paced(sides?.[a]);
    const pb = paced(sides?.[b]);
    return pa && pb ? [{ a: pa, b: pb }] : [];
  });
}

export interface PooledFigure {
  figure: string;
  /** Undefined for a figure that is reported, not judged. */
  target?: number;
  pooled: RatioEstimate;
  perRun: number[];
  verdict?: Verdict;
  /** Bare openings that failed in these runs: they lower the floor's rate and lift the ratio (not above undecided). */
  floorErrors?: number;
}

/**
 * The judged ratios over all the runs: `apiOverFloor` per deployment and concurrency, and `updateRatio`; and,
 * reported, the floor behind a bare HTTP route over the floor and the API over that route, from the runs that
 * measured it (2026-12-04 23:15 on).
 */
export function poolRuns(runs: readonly RunJson[]): PooledFigure[] {
  const other = runs.findIndex((r) => r.mode !== 'full' && r.mode !== 'quick');
  if (other >= 0)
    throw new Error(`run ${other + 1} is a ${runs[other]!.mode ?? 'unknown'} run, not a full or quick one`);
  const missing = runs.findIndex((r) => r.updateRounds === undefined);
  if (missing >= 0) {
    throw new Error(
      `run ${missing + 1} holds no rounds: it was made before the bench recorded them in its JSON`,
    );
  }
  const comparisons = new Map<string, { pairs: RunPairs[]; target?: number; floorErrors?: number }>();
  const reported = new Map<string, { pairs: RunPairs[] }>();
  for (const run of runs) {
    for (const [deployment, byConcurrency] of Object.entries(run.floor ?? {})) {
      for (const c of Object.keys(byConcurrency)) {
        const figure = `apiOverFloor, ${deployment}, ${c}`;
        if (comparisons.has(figure)) continue;
        const rounds = (r: RunJson) => r.floor?.[deployment]?.[c]?.rounds;
        comparisons.set(figure, {
          pairs: pairsOf(runs, rounds, 'api', 'floor'),
          target: TARGETS.apiOverFloor,
          floorErrors: runs.reduce((n, r) => n + (r.floor?.[deployment]?.[c]?.errors?.floor ?? 0), 0),
        });
        const hop = pairsOf(runs, rounds, 'floor http', 'floor');
        if (hop.length === 0) continue;
        reported.set(`floorHttpOverFloor, ${deployment}, ${c}`, { pairs: hop });
        reported.set(`apiOverFloorHttp, ${deployment}, ${c}`, {
          pairs: pairsOf(runs, rounds, 'api', 'floor http'),
        });
      }
    }
  }
  comparisons.set('updateRatio', {
    pairs: pairsOf(runs, (r) => r.updateRounds, 'api', 'direct'),
    target: TARGETS.updateRatio,
  });
  return [...comparisons, ...reported].map(
    ([figure, { pairs, target, floorErrors = 0 }]: [
      string,
      { pairs: RunPairs[]; target?: number; floorErrors?: number },
    ]) => {
      const pooled = pooledOverRuns(pairs);
      const perRun = pairs.map((p) => pooledOverRuns([p]).value);
      if (target === undefined) return { figure, pooled, perRun };
      const verdict = verdictBesideFloorErrors(ratioVerdict(pooled, target), floorErrors);
      return { figure, target, pooled, perRun, verdict, ...(floorErrors > 0 ? { floorErrors } : {}) };
    },
  );
}

export function poolReport(runs: readonly RunJson[]): { text: string; json: Record<string, unknown> } {
  const figures = poolRuns(runs);
  const rows = [
    ['figure', 'runs', 'over all runs (90 % interval over runs and rounds)', 'each run', 'target', 'result'],
    ...figures.map((f) => [
      f.figure,
      String(f.perRun.length),
      fmtRatio(f.pooled, f.target),
      f.perRun.map((v) => v.toFixed(3)).join(', '),
      f.target === undefined ? '(reported)' : `>= ${f.target}`,
      (f.verdict ?? '') + (f.floorErrors ? ` (${f.floorErrors} bare openings failed)` : ''),
    ]),
  ];
  const json = {
    mode: 'pool',
    runs: runs.length,
    figures: Object.fromEntries(
      figures.map((f) => [
        f.figure,
        {
          value: round(f.pooled.value, 3),
          interval90: [round(f.pooled.low, 3), round(f.pooled.high, 3)],
          perRun: f.perRun.map((v) => round(v, 3)),
          ...(f.verdict === undefined ? {} : { verdict: f.verdict }),
          ...(f.floorErrors ? { floorErrors: f.floorErrors } : {}),
        },
      ]),
    ),
  };
  const unkeyed = runs.filter((r) => r.keyedOpenings !== true).length;
  const mixed =
    unkeyed > 0 && unkeyed < runs.length
      ? `\n${unkeyed} of these runs opened through the API without an Idempotency-Key (before 2026-12-06): their API openings skipped the describe a keyed opening makes, so they flatter apiOverFloor against the others.`
      : '';
  return {
    text: `Pooled over ${runs.length} runs (${runs.map((r) => r.mode ?? '?').join(', ')}):\n${table(rows)}${mixed}`,
    json: { ...json, unkeyedRuns: unkeyed },
  };
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: npm run bench:pool -- <output of a bench run> [more runs ...]\n');
    process.exit(2);
  }
  try {
    const { text, json } = poolReport(files.map((f) => runJson(readFileSync(f, 'utf8'), f)));
    process.stdout.write(`${text}\n${JSON.stringify(json)}\n`);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
