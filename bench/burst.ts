/**
 * A Double 11 burst: `n` cases opened through the API as fast as the stack takes them (closed loop at
 * `concurrency`), in a tier whose callback SLA (the bench's policy) falls due after the burst, so the breaches
 * come at the rate the openings did. Every case must answer 201, arm its callback timer (its `assigned`
 * notification is sent by the activity scheduled by the same first workflow task that arms the timer), and
 * escalate when the timer fires (the level-1 breach notification, with the SLA's due time and when the case saw
 * it breach).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Tier } from '../workflows/domain';
import { openBody, openViaApi, settle, type Bench } from './ab';
import { quantile, runLoad, slices, spread, type Spread } from './load';

export interface BurstOptions {
  n: number;
  concurrency: number;
  tier: Tier;
  /** The tier's callback SLA in the bench's policy. */
  slaMs: number;
}

export interface BurstResult {
  cases: number;
  concurrency: number;
  errors: number;
  firstError?: string;
  /** Cases answered 201 per second, over the burst. */
  openedPerSec: number;
  answerP99Ms: number;
  /** Cases whose callback timer was armed (their `assigned` notification arrived) / seconds until the last was. */
  armed: number;
  armedAfterS: number;
  /** Whether the first breaches fell due before the last opening was answered (then they overlapped the burst). */
  overlapped: boolean;
  /** Cases whose callback breach escalated them (the level-1 breach notification arrived) / cases without one. */
  escalated: number;
  missing: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Lag p99 of each quarter of the breaches, in due order. */
  lagP99Spread: Spread;
  deliveryP99Ms: number;
}

export async function benchBurst(b: Bench, o: BurstOptions): Promise<{ result: BurstResult; ids: string[] }> {
  await settle(b, []);
  const ids: string[] = [];
  const t0 = Date.now();
  const load = await runLoad(o.n, o.concurrency, async () => {
    ids.push(await openViaApi(b, openBody(o.tier)));
  });
  const openedAt = Date.now();
  b.log(
    `burst: ${load.ops} opened, ${load.errors} errors in ${load.elapsedMs.toFixed(0)} ms` +
      (load.firstError ? `; first error: ${load.firstError}` : ''),
  );
  const armed = () => ids.map((id) => b.receiver.assigned.get(id)).filter((t) => t !== undefined);

  const wanted = new Set(ids);
  const firsts = () => b.receiver.breaches.filter((x) => x.level === 1 && wanted.has(x.caseId));
  const deadline = openedAt + o.slaMs + 120_000;
  let lastLog = 0;
  while (Date.now() < deadline && new Set(firsts().map((x) => x.caseId)).size < ids.length) {
    await sleep(500);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      b.log(
        `burst: ${armed().length} callback timers armed, ${firsts().length} breaches escalated of ${ids.length}`,
      );
    }
  }
  const armedTimes = armed();
  const breaches = [...new Map(firsts().map((x) => [x.caseId, x])).values()].sort(
    (x, y) => x.dueAtMs - y.dueAtMs,
  );
  const lag = breaches.map((x) => x.breachedAtMs - x.dueAtMs);
  return {
    ids,
    result: {
      cases: o.n,
      concurrency: o.concurrency,
      errors: load.errors,
      firstError: load.firstError,
      openedPerSec: (load.ops * 1000) / load.elapsedMs,
      answerP99Ms: quantile(load.latenciesMs, 0.99),
      armed: armedTimes.length,
      armedAfterS: armedTimes.length ? (Math.max(...armedTimes) - t0) / 1000 : NaN,
      overlapped: breaches.length > 0 && breaches[0]!.dueAtMs < openedAt,
      escalated: breaches.length,
      missing: ids.length - breaches.length,
      lagP50Ms: quantile(lag, 0.5),
      lagP99Ms: quantile(lag, 0.99),
      lagMaxMs: lag.length ? Math.max(...lag) : NaN,
      lagP99Spread: spread(slices(lag, 4).map((s) => quantile(s, 0.99))),
      deliveryP99Ms: quantile(
        breaches.map((x) => x.receivedAtMs - x.dueAtMs),
        0.99,
      ),
    },
  };
}

/** Ends the cases of a finished phase (no worker task), so their next escalations do not load the next phase. */
export async function terminateAll(b: Bench, ids: readonly string[], concurrency = 32): Promise<void> {
  await runLoad(ids.length, concurrency, async (i) => {
    await b.stack.client.workflow.getHandle(ids[i]!).terminate('bench phase done');
  });
  await settle(b, []);
}
