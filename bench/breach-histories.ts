/**
 * What the cases' histories say about their breaches: when each callback timer was armed, the p99 of each part of
 * the breach lag (breach-lag.ts), and, for the slowest breaches, the events from the timer firing to the task that
 * saw it, so a lag nobody can explain from the parts' p99 (a task that timed out, a sticky queue that expired)
 * shows in the log.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { firstTimerStartedMs, breachLagParts, breachTrace, type BreachLagParts } from './breach-lag';
import type { Bench } from './ab';
import { quantile, runLoad } from './load';

/** Breaches later than this get their events traced. */
export const SLOW_BREACH_MS = 1_000;
const TRACED = 8;

export interface BreachHistories {
  armedAt: Map<string, number>;
  lagPartsP99Ms: BreachLagParts;
  /** Cases whose history could not be read (three tries): neither armed nor unarmed, as far as the bench knows. */
  unread: number;
  /** Of the slowest breaches (lag above SLOW_BREACH_MS, at most 8): the case, its lag and its events' trace. */
  slowest: { caseId: string; lagMs: number; trace: string }[];
}

/** A case's events; a read that fails under load (its deadline, with thousands to read) is tried again. */
async function historyOf(b: Bench, caseId: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await b.stack.client.workflow.getHandle(caseId).fetchHistory()).events ?? [];
    } catch (err) {
      if (attempt === 3) throw err;
      await sleep(1_000 * attempt);
    }
  }
}

/** Reads the cases' histories; logs the slowest breaches' traces, each line headed by `phase`. */
export async function readBreachHistories(
  b: Bench,
  ids: readonly string[],
  breaches: readonly { caseId: string; dueAtMs: number; breachedAtMs: number }[],
  phase: string,
): Promise<BreachHistories> {
  const breachOf = new Map(breaches.map((x) => [x.caseId, x]));
  const slowIds = new Set(
    breaches
      .filter((x) => x.breachedAtMs - x.dueAtMs > SLOW_BREACH_MS)
      .sort((x, y) => y.breachedAtMs - y.dueAtMs - (x.breachedAtMs - x.dueAtMs))
      .slice(0, TRACED)
      .map((x) => x.caseId),
  );
  const armedAt = new Map<string, number>();
  const parts: BreachLagParts[] = [];
  const slowest: BreachHistories['slowest'] = [];
  const read = await runLoad(ids.length, 16, async (i) => {
    const caseId = ids[i]!;
    const events = await historyOf(b, caseId);
    const armed = firstTimerStartedMs(events);
    if (armed !== undefined) armedAt.set(caseId, armed);
    const breach = breachOf.get(caseId);
    if (!breach) return;
    const p = breachLagParts(events, breach.dueAtMs);
    if (p) parts.push(p);
    if (slowIds.has(caseId)) {
      const lagMs = breach.breachedAtMs - breach.dueAtMs;
      slowest.push({ caseId, lagMs, trace: breachTrace(events, breach.dueAtMs) });
    }
  });
  if (read.errors > 0) b.log(`${phase}: ${read.errors} histories could not be read: ${read.firstError}`);
  slowest.sort((x, y) => y.lagMs - x.lagMs);
  for (const x of slowest) b.log(`${phase}: slow breach ${x.caseId} (${Math.round(x.lagMs)} ms): ${x.trace}`);
  const p99 = (part: keyof BreachLagParts) =>
    quantile(
      parts.map((p) => p[part]),
      0.99,
    );
  return {
    armedAt,
    unread: read.errors,
    lagPartsP99Ms: {
      armMs: p99('armMs'),
      timerMs: p99('timerMs'),
      scheduleMs: p99('scheduleMs'),
      startMs: p99('startMs'),
    },
    slowest,
  };
}
