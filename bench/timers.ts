/**
 * Timer lag at scale: N open cases, each with a live callback SLA timer, due times spread at a fixed rate after
 * all are open. Each breach escalates the case and the worker POSTs the owner notification (carrying the SLA's
 * due time and when the case saw it breach) to the receiver on loopback (receiver.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { StartCase } from '../api/temporal/case-client';
import { openBody, platformStart, settle, type Bench } from './ab';
import type { BreachLagParts } from './breach-lag';
import { readBreachHistories, type BreachHistories } from './breach-histories';
import { watchNoise, noiseText, type Noise } from './noise';
import { quantile, slices, spread } from './load';
import { firstBreaches, type Breach } from './receiver';

export interface TimerRun {
  openCases: number;
  /** Openings that failed, as the API's would have (a lost answer is settled by describing the case). */
  errors: number;
  openMs: number;
  /** The opening rate asked for. */
  openRatePerSec: number;
  /** Cases whose timer falls due during the run, and at what rate. */
  dueCases: number;
  fireRatePerSec: number;
  /** The cases that fell due (they keep climbing their ladders after the phase). */
  dueIds: string[];
  /** First-level breaches of the due cases: one per case. */
  breaches: Breach[];
  missing: number;
  /** The p99 of each part of the breaches' lag, from their histories (breach-lag.ts). */
  lagPartsP99Ms: BreachLagParts;
  /** The slowest breaches' events, from the timer firing to the task that saw it. */
  slowest: BreachHistories['slowest'];
  /**
   * From the last opening answered until the stack was idle (every case's first tasks done); undefined when it
   * was still busy when the first timer fell due (then the timers competed with the openings' backlog).
   */
  drainedAfterMs: number | undefined;
  /** From the last opening answered until the first timer fell due. */
  marginLeftMs: number;
  /** Other programs' CPU over the phase (a case whose arming task waited for it breaches late). */
  noise: Noise;
}

export interface TimerOptions {
  /** Cases opened, each with a live callback SLA timer. */
  n: number;
  /** Cases opened per second. */
  openRatePerSec: number;
  /** How many of them fall due during the run (spread evenly over the opening order). */
  due: number;
  /** Timers falling due per second once all cases are open. */
  fireRatePerSec: number;
  /** Between the last opening and the first timer due. */
  marginMs: number;
  log: (line: string) => void;
}

/** The case's own copy of the policy with this callback SLA (capturePolicy shares the loaded policy's objects). */
function withCallbackSla(start: StartCase, callbackSlaMs: number): void {
  start.input.policy = { ...start.input.policy, tier: { ...start.input.policy.tier, callbackSlaMs } };
}

/**
 * Opens `n` cases at a steady rate (workflow start only, the API's start call), each holding a live callback SLA
 * timer; `due` of them fall due `fireRatePerSec` apart once all are open, the others hours later. Waits for every
 * due case's first breach notification. Measures how precisely timers fire while `n` cases are open.
 */
export async function benchTimers(b: Bench, o: TimerOptions): Promise<TimerRun> {
  const noiseWatch = watchNoise(b.cpu);
  const t0 = Date.now();
  const firstDueAt = t0 + (o.n / o.openRatePerSec) * 1000 + o.marginMs;
  const every = Math.max(1, Math.floor(o.n / Math.max(1, o.due)));
  const dueIds = new Set<string>();
  const openedIds: string[] = [];
  let opened = 0;
  let errors = 0;
  let firstError: string | undefined;
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < o.n; i += 1) {
    const wait = t0 + (i * 1000) / o.openRatePerSec - Date.now();
    if (wait > 0) await sleep(wait);
    // A backlog beyond 256 starts means the server cannot keep up with the rate: wait rather than pile on.
    while (inFlight.size >= 256) await Promise.race(inFlight);
    const start = platformStart(b, openBody('standard'));
    const caseId = start.input.id;
    const dueIndex = i % every === 0 && i / every < o.due ? i / every : undefined;
    withCallbackSla(
      start,
      dueIndex === undefined
        ? 4 * 3_600_000
        : Math.round(firstDueAt + (dueIndex * 1000) / o.fireRatePerSec - Date.now()),
    );
    // As the API opens (CaseClient.open): a start whose answer is lost (its deadline passed) is settled by
    // describing the case, so an error here is one the platform would have seen too.
    const p: Promise<void> = b.cases.open(start, false).then(
      () => {
        opened += 1;
        openedIds.push(caseId);
        if (dueIndex !== undefined) dueIds.add(caseId);
      },
      (err: unknown) => {
        errors += 1;
        firstError ??= String(err);
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  const openMs = Date.now() - t0;
  o.log(
    `timers: opened ${opened} cases in ${openMs} ms (${errors} errors); ${dueIds.size} fall due from now on`,
  );
  if (firstError) o.log(`timers: first open error: ${firstError}`);
  const answeredAt = performance.now();
  const marginLeftMs = firstDueAt - Date.now();
  const drainedAt = await settle(b, openedIds, Math.max(0, marginLeftMs)).catch(() => undefined);
  const drainedAfterMs = drainedAt === undefined ? undefined : Math.max(0, drainedAt - answeredAt);
  o.log(
    drainedAfterMs === undefined
      ? `timers: the stack was still busy with the openings when the first timer fell due`
      : `timers: the openings were drained ${Math.round(drainedAfterMs)} ms after the last answer, ` +
          `${Math.round(marginLeftMs - drainedAfterMs)} ms before the first timer fell due`,
  );

  const deadline = firstDueAt + (dueIds.size * 1000) / o.fireRatePerSec + 120_000;
  const firsts = () => firstBreaches(b.receiver.breaches, 1, dueIds);
  let lastLog = 0;
  while (Date.now() < deadline && firsts().length < dueIds.size) {
    await sleep(500);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      o.log(`timers: ${firsts().length}/${dueIds.size} first breaches notified`);
    }
  }
  const breaches = firsts();
  const noise = noiseWatch.stop();
  if (noise.noisyWindows > 0) o.log(`timers: other programs were busy: ${noiseText(noise)}`);
  const histories = await readBreachHistories(b, [...dueIds], breaches, 'timers');
  return {
    openCases: opened,
    errors,
    openMs,
    openRatePerSec: o.openRatePerSec,
    dueCases: dueIds.size,
    dueIds: [...dueIds],
    fireRatePerSec: o.fireRatePerSec,
    breaches,
    lagPartsP99Ms: histories.lagPartsP99Ms,
    slowest: histories.slowest,
    drainedAfterMs,
    marginLeftMs,
    noise,
    missing: dueIds.size - new Set(breaches.map((x) => x.caseId)).size,
  };
}

/** The breaches' lag overall and by quarter of their due times. */
export function timerLag(t: TimerRun) {
  const lag = [...t.breaches].sort((x, y) => x.dueAtMs - y.dueAtMs).map((x) => x.breachedAtMs - x.dueAtMs);
  return {
    p50: quantile(lag, 0.5),
    p99: quantile(lag, 0.99),
    max: lag.length ? Math.max(...lag) : NaN,
    p99ByQuarter: spread(slices(lag, 4).map((q) => quantile(q, 0.99))),
  };
}
