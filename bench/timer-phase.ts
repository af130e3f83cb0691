/**
 * The timer phase on a fresh worker (as after a deploy): the worker restarted, its peak memory reset, then timer
 * lag at scale (timers.ts) with the CPU it cost; and its report when it runs alone (`--only timers`).
 */
import { LAG_PARTS_LABEL, lagPartsText } from './breach-lag';
import type { Bench } from './ab';
import { CpuMeter, type CpuUse } from './drain';
import { BUSY_LOAD_AVERAGE, noiseText } from './noise';
import { cpuText, fmtSpread, jsonSpread, round, table } from './report';
import type { Stack } from './stack';
import { benchTimers, timerLag, type TimerOptions, type TimerRun } from './timers';

export interface TimerPhase {
  timers: TimerRun;
  timerCpu: CpuUse;
  /**
   * The worker's peak resident set (VmHWM) since just before the phase, and whether that peak was reset then;
   * the main run reads it again after the burst (the phase that follows on the same worker).
   */
  workerRssMb: number;
  rssReset: boolean;
  workerRssBeforeTimersMb: number;
}

export async function timerPhase(b: Bench, stack: Stack, o: Omit<TimerOptions, 'log'>): Promise<TimerPhase> {
  // What the open cases take, not what earlier phases (the floor's bare workflows, both caches full) left in the
  // process.
  if (stack.deployment === 'split') {
    b.log('restarting the worker (npm run start:worker, no floor beside it)');
    await stack.restartWorker();
  } else b.log("embedded: the worker shares npm start's process with the server and the API; not restarted");
  b.log(`timer lag with ${o.n} open cases, opened at ${o.openRatePerSec}/s`);
  const rssReset = stack.worker.resetPeakRss();
  const workerRssBeforeTimersMb = stack.worker.rssMb();
  const cpu = b.cpu.snapshot();
  const timers = await benchTimers(b, { ...o, log: b.log });
  return {
    timers,
    timerCpu: CpuMeter.between(cpu, b.cpu.snapshot()),
    workerRssMb: stack.worker.peakRssMb(),
    rssReset,
    workerRssBeforeTimersMb,
  };
}

export function timersOnlyReport(p: TimerPhase, loadAvg: number[]): { text: string; json: object } {
  const t = p.timers;
  const lag = timerLag(t);
  const rows = [
    ['timer phase', 'value'],
    [
      `cases opened at ${t.openRatePerSec}/s / errors / opening time`,
      `${t.openCases} / ${t.errors} / ${round(t.openMs / 1000, 1)} s`,
    ],
    [
      `breaches due (${t.fireRatePerSec}/s) / received / missing`,
      `${t.dueCases} / ${t.breaches.length} / ${t.missing}`,
    ],
    [
      'lag p50 / p99 / max (quarters p99)',
      `${round(lag.p50, 0)} / ${round(lag.p99, 0)} / ${round(lag.max, 0)} ms (${fmtSpread(lag.p99ByQuarter, 0)})`,
    ],
    [LAG_PARTS_LABEL, lagPartsText(t.lagPartsP99Ms)],
    [`CPU s (wall ${round(p.timerCpu.wallS, 0)} s)`, cpuText(p.timerCpu.ours)],
    ["other programs' CPU", noiseText(t.noise)],
    ['worker RSS before / peak (MiB)', `${round(p.workerRssBeforeTimersMb, 1)} / ${round(p.workerRssMb, 1)}`],
    ...t.slowest.map((x) => [`slow breach ${x.caseId} (${round(x.lagMs, 0)} ms)`, x.trace]),
  ];
  return {
    text: `Timer lag at scale, load average at start ${loadAvg.map((x) => x.toFixed(2)).join(' ')}\n${table(rows)}`,
    json: {
      loadAvg1: round(loadAvg[0]!, 2),
      quiet: loadAvg[0]! <= BUSY_LOAD_AVERAGE && t.noise.noisyWindows === 0,
      openCases: t.openCases,
      errors: t.errors,
      missing: t.missing,
      timerLagP50Ms: round(lag.p50, 1),
      timerLagP99Ms: round(lag.p99, 1),
      timerLagP99Spread: jsonSpread(lag.p99ByQuarter, 0),
      lagPartsP99Ms: t.lagPartsP99Ms,
      workerRssMb: round(p.workerRssMb, 1),
    },
  };
}
