/** The bench's report: the tables, the targets with their verdicts, and the JSON line's object. */
import os from 'node:os';
import type { Spread } from './load';
import { BUSY_LOAD_AVERAGE, noiseText } from './noise';
import { timerLag } from './timers';
import {
  fmtSpread,
  jsonRatio,
  jsonSpread,
  NOISY_CORES,
  noisyRounds,
  pacedJson,
  p99RatioSpread,
  probeJson,
  probeSpread,
  probeText,
  ratioSpread,
  round,
  SIDE_HEADER,
  sideFigures,
  sideRows,
  table,
} from './report';
import type { Deployment } from './stack';
import type { SummaryInput } from './run-data';
import { detailRows } from './details';
import { burstJson, burstTargets } from './burst-report';
import {
  fmtRatio,
  pooledRatio,
  ratioVerdict,
  verdictBesideFloorErrors,
  type RatioEstimate,
  type Verdict,
} from './ratio';

export const TARGETS = {
  apiOverFloor: 0.9,
  updateRatio: 0.9,
  timerLagP99Ms: 500,
  workerRssMb: 768,
};
/** The scale the issue sets the burst's and the timer lag's targets at; a quick run judges them smaller. */
export const TARGET_SCALE = { burst: 2_000, openCases: 10_000 };

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const measuredRatio = (r: RatioEstimate, rounds: Spread, target?: number) =>
  `${fmtRatio(r, target)}; rounds ${fmtSpread(rounds, 2)}`;
const count = (h: Record<string, number>) => sum(Object.values(h));

export function summarize(s: SummaryInput): { text: string; json: Record<string, unknown> } {
  const { main: m } = s;
  const targets: string[][] = [
    ['target', 'measured (over all rounds; range of single rounds)', 'target', 'result'],
  ];
  const missed: string[] = [];
  const undecided: string[] = [];
  const judge = (label: string, measured: string, target: string, result: Verdict | boolean) => {
    const verdict = result === true ? 'pass' : result === false ? 'MISS' : result;
    targets.push([label, measured, target, verdict]);
    if (verdict === 'MISS') missed.push(label);
    if (verdict === 'undecided') undecided.push(label);
  };

  const floor: Record<string, Record<string, unknown>> = {};
  const sections: string[] = [];
  let worst = Infinity;
  let errors = 0;
  let floorErrors = 0;
  let noisy = 0;
  let foreignMax = 0;
  for (const run of s.runs) {
    floor[run.deployment] = {};
    const rows = [SIDE_HEADER];
    for (const c of s.settings.concurrencies) {
      const cmp = run.open[c]!;
      rows.push(...sideRows(`open c${c}`, cmp));
      const ratio = pooledRatio(cmp.api!, cmp.floor!);
      const rounds = ratioSpread(cmp.api!, cmp.floor!);
      worst = Math.min(worst, ratio.value);
      const sides = Object.fromEntries(Object.entries(cmp).map(([k, r]) => [k, sideFigures(r)]));
      const errs = Object.fromEntries(Object.entries(sides).map(([k, f]) => [k, f.errors]));
      // The product's errors (the API, and its own calls made direct); the floor's are the floor's, behind its
      // bare HTTP route too.
      const floors = (errs.floor ?? 0) + (errs['floor http'] ?? 0);
      const ours = count(errs) - floors;
      errors += ours;
      floorErrors += floors;
      const hop = cmp['floor http'] && {
        over: pooledRatio(cmp['floor http'], cmp.floor!),
        overRounds: ratioSpread(cmp['floor http'], cmp.floor!),
        api: pooledRatio(cmp.api!, cmp['floor http']),
        apiRounds: ratioSpread(cmp.api!, cmp['floor http']),
      };
      noisy += noisyRounds(cmp);
      foreignMax = Math.max(foreignMax, ...Object.values(sides).map((f) => f.foreignCoresMax));
      floor[run.deployment]![`c${c}`] = {
        apiOverFloor: jsonRatio(ratio, rounds),
        ...(cmp.direct
          ? { apiOverDirect: jsonRatio(pooledRatio(cmp.api!, cmp.direct), ratioSpread(cmp.api!, cmp.direct)) }
          : {}),
        ...(hop
          ? {
              floorHttpOverFloor: jsonRatio(hop.over, hop.overRounds),
              apiOverFloorHttp: jsonRatio(hop.api, hop.apiRounds),
            }
          : {}),
        perSec: Object.fromEntries(Object.entries(sides).map(([k, f]) => [k, jsonSpread(f.perSec, 1)])),
        apiAnsweredPerSec: jsonSpread(sides.api!.answeredPerSec, 1),
        rounds: pacedJson(cmp),
        errors: errs,
        cpuMsPerOpening: Object.fromEntries(
          Object.entries(sides).map(([k, f]) => [
            k,
            Object.fromEntries(Object.entries(f.cpuMsPerOp).map(([p, v]) => [p, round(v, 1)])),
          ]),
        ),
      };
      const errText = Object.entries(errs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      const bareFailed = errs.floor ?? 0;
      judge(
        `apiOverFloor, ${run.deployment}, c${c} (settled openings/s over the rounds, API / floor)`,
        measuredRatio(ratio, rounds, TARGETS.apiOverFloor) +
          (bareFailed > 0 ? `; ${bareFailed} bare openings failed: at best undecided` : ''),
        `>= ${TARGETS.apiOverFloor}`,
        verdictBesideFloorErrors(ratioVerdict(ratio, TARGETS.apiOverFloor), bareFailed),
      );
      if (hop) {
        targets.push([
          `HTTP hop, ${run.deployment}, c${c}: the floor behind a bare HTTP route / floor; API / that route`,
          `${measuredRatio(hop.over, hop.overRounds)}; ${measuredRatio(hop.api, hop.apiRounds)}`,
          '(reported)',
          '',
        ]);
      }
      judge(`errors, ${run.deployment}, c${c} openings (the floor's not judged)`, errText, '0', ours === 0);
    }
    sections.push(`${run.deployment} (${deploymentText(run.deployment)}):\n${table(rows)}`);
  }

  // the first concurrency given is the one compared with the API's own calls made direct (bench/run.ts)
  const c0 = s.runs.find((r) => r.deployment === s.settings.main)!.open[s.settings.concurrencies[0]!]!;
  const openRatio = pooledRatio(c0.api!, c0.direct!);
  const openRounds = ratioSpread(c0.api!, c0.direct!);
  const openP99 = p99RatioSpread(c0.api!, c0.direct!);
  const updateRatio = pooledRatio(m.update.api!, m.update.direct!);
  const updateRounds = ratioSpread(m.update.api!, m.update.direct!);
  const updateP99 = p99RatioSpread(m.update.api!, m.update.direct!);
  const updateErrors = sum(Object.values(m.update).map((r) => sideFigures(r).errors));
  errors += updateErrors + m.burst.errors + m.timers.errors;
  noisy += noisyRounds(m.update);
  judge(
    'updateRatio (notes/s over the rounds, API / direct)',
    measuredRatio(updateRatio, updateRounds, TARGETS.updateRatio),
    `>= ${TARGETS.updateRatio}`,
    ratioVerdict(updateRatio, TARGETS.updateRatio),
  );
  judge('errors, updates', String(updateErrors), '0', updateErrors === 0);

  for (const v of burstTargets(m.burst)) judge(v.label, v.measured, v.target, v.ok);

  const t = m.timers;
  const lag = timerLag(t);
  judge(
    `timerLagP99Ms at ${t.openCases} open cases (quarters)`,
    `${round(lag.p99, 0)} ms (${fmtSpread(lag.p99ByQuarter, 0)})`,
    `<= ${TARGETS.timerLagP99Ms} ms`,
    t.missing === 0 && lag.p99 <= TARGETS.timerLagP99Ms,
  );
  judge(
    `workerRssMb (${s.settings.main} worker, peak VmHWM over the timer phase and the burst)`,
    String(round(m.workerRssMb, 1)),
    `<= ${TARGETS.workerRssMb}`,
    m.workerRssMb <= TARGETS.workerRssMb,
  );
  targets.push([
    'openRatio (settled openings/s over the rounds, API / its own calls direct)',
    measuredRatio(openRatio, openRounds),
    '(reported)',
    '',
  ]);
  targets.push([
    'openP99Ratio, updateP99Ratio (answer p99, API / direct)',
    `${fmtSpread(openP99, 3)}; ${fmtSpread(updateP99, 3)}`,
    '(reported)',
    '',
  ]);

  const details = detailRows(m);
  const probe = probeSpread([...s.runs.flatMap((r) => Object.values(r.open)), m.update]);
  judge(`errors, all phases (the floor's: ${floorErrors})`, String(errors), '0', errors === 0);

  const belowScale = m.burst.cases < TARGET_SCALE.burst || t.openCases < TARGET_SCALE.openCases;
  const scaleNote = belowScale
    ? `a burst of ${m.burst.cases} and ${t.openCases} open cases, below the targets' own ${TARGET_SCALE.burst.toLocaleString('en')} and ${TARGET_SCALE.openCases.toLocaleString('en')}: a full run judges those`
    : undefined;
  const timerNoise = m.timers.noise;
  const busy = s.loadAvg[0]! > BUSY_LOAD_AVERAGE || noisy > 0 || timerNoise.noisyWindows > 0;
  const out = [
    `Concierge case engine bench (${s.mode}): ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}; load average at start ${s.loadAvg.map((x) => x.toFixed(2)).join(' ')}`,
    `Openings: ${s.settings.rounds} interleaved rounds per side at concurrency ${s.settings.concurrencies.join(' and ')}; a round is settled when the stack is idle again. ` +
      `CPU ms per op: server / worker process / API process, over the side's rounds.`,
    '',
    ...sections.flatMap((x) => [x, '']),
    `${s.settings.main}: update (note), one fresh case per caller each round:\n${table([SIDE_HEADER, ...sideRows('update', m.update)])}`,
    '',
    table(targets),
    '',
    table(details),
    '',
    probeText(probe),
    ...verdictLines(missed, undecided, scaleNote),
  ];
  if (busy) {
    out.push(
      `The machine was not quiet: load average ${s.loadAvg[0]!.toFixed(2)} at start, ${noisy} rounds during which other programs kept more than ${NOISY_CORES} cores busy (at most ${round(foreignMax, 2)}); timer phase: ${noiseText(timerNoise)}. Judge these numbers with that in mind.`,
    );
  }
  const json = {
    quiet: !busy,
    loadAvg1: round(s.loadAvg[0]!, 2),
    noisyRounds: noisy,
    timerNoisyWindows: timerNoise.noisyWindows,
    ...probeJson(probe),
    apiOverFloor: round(worst, 3),
    missed: missed.map(shortLabel),
    undecided: undecided.map(shortLabel),
    errors,
    floorErrors,
    belowTargetScale: belowScale,
    // the API's openings carried an Idempotency-Key, as the platform's do (runs before 2026-12-06 did not)
    keyedOpenings: true,
    floor,
    openRatio: round(openRatio.value, 3),
    openP99Ratio: round(openP99.median, 3),
    updateRatio: round(updateRatio.value, 3),
    updateP99Ratio: round(updateP99.median, 3),
    spreads: {
      openRatio: jsonRatio(openRatio, openRounds),
      updateRatio: jsonRatio(updateRatio, updateRounds),
    },
    updateRounds: pacedJson(m.update),
    burst: burstJson(m.burst),
    openCases: t.openCases,
    timerLagP50Ms: round(lag.p50, 1),
    timerLagP99Ms: round(lag.p99, 1),
    timerLagP99Spread: jsonSpread(lag.p99ByQuarter, 0),
    workerRssMb: round(m.workerRssMb, 1),
    workerRssTimersMb: round(m.workerRssTimersMb, 1),
    eventsPerCase: { ...m.events.perType, per100ManagerActions: m.events.per100Actions },
    openingEvents: { api: count(m.histories.api), floor: count(m.histories.floor) },
  };
  return { text: out.join('\n'), json };
}

/** A target's name without its explanation: `apiOverFloor, split, c16`. */
const shortLabel = (label: string) => label.split(' (')[0]!;

function verdictLines(missed: string[], undecided: string[], scaleNote: string | undefined): string[] {
  if (missed.length === 0 && undecided.length === 0)
    return [
      scaleNote === undefined ? 'All targets met.' : `All targets met at this run's scale (${scaleNote}).`,
    ];
  return [
    ...(scaleNote === undefined ? [] : [`At this run's scale: ${scaleNote}.`]),
    ...(missed.length > 0 ? [`Targets missed: ${missed.join('; ')}`] : []),
    ...(undecided.length > 0
      ? [
          `Undecided (the target lies inside the 90 % interval: this run cannot tell; judge several runs with npm run bench:pool): ${undecided.map(shortLabel).join('; ')}`,
        ]
      : []),
  ];
}

function deploymentText(d: Deployment): string {
  return d === 'embedded'
    ? 'npm start: dev server, worker and API in one process'
    : 'dev server, npm run start:worker and npm run start:api as processes of their own';
}
