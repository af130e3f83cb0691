/**
 * A Double 11 burst: `n` cases opened through the API as fast as the stack takes them (closed loop at
 * `concurrency`), in a mix of tiers with the same callback SLA (the bench's policy), interleaved (by default one
 * `apass_top` in four, the rest `apass`), falling due after the burst, so the breaches come at the rate the
 * openings did and the tiers' figures side by side show what task priority by tier does under the backlog. Every case must answer 201, arm its callback timer (its `assigned`
 * notification is sent by the activity scheduled by the same first workflow task that arms the timer), and
 * escalate when the timer fires (the level-1 breach notification, with the SLA's due time and when the case saw
 * it breach).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseScrape } from '../platform/prometheus-scrape';
import { TIERS, type Tier } from '../workflows/domain';
import { openBody, openViaApi, settle, type Bench } from './ab';
import { breachLoad, type BreachLagParts, type BreachLoad } from './breach-lag';
import { readBreachHistories } from './breach-histories';
import { firstBreaches } from './receiver';
import { CpuMeter } from './drain';
import { quantile, runLoad, slices, spread, type Spread } from './load';

/** A tier's share of the burst's openings (`--burst-mix apass_top:1,apass:3`). */
export interface TierShare {
  tier: Tier;
  weight: number;
}

export const DEFAULT_BURST_MIX = 'apass_top:1,apass:3';

/** `tier[:weight],...` (weight a positive integer, 1 if left out), each tier once. */
export function parseBurstMix(text: string): TierShare[] {
  const mix = text.split(',').map((part) => {
    const [tier, weight = '1', ...rest] = part.trim().split(':');
    const w = Number(weight);
    if (!(TIERS as readonly string[]).includes(tier!) || !Number.isInteger(w) || w < 1 || rest.length > 0) {
      throw new Error(`--burst-mix: '${part}' is not tier[:weight] (tiers: ${TIERS.join(', ')})`);
    }
    return { tier: tier as Tier, weight: w };
  });
  if (new Set(mix.map((x) => x.tier)).size < mix.length)
    throw new Error(`--burst-mix: a tier twice in '${text}'`);
  return mix;
}

/**
 * One cycle of the openings' tiers, each tier's weight times, spread evenly over the cycle (smooth weighted
 * round robin: `apass_top:1,apass:3` gives apass, apass_top, apass, apass); opening i is of tier cycle[i % length].
 */
export function mixCycle(mix: readonly TierShare[]): Tier[] {
  const total = mix.reduce((s, x) => s + x.weight, 0);
  const credit = mix.map(() => 0);
  return Array.from({ length: total }, () => {
    mix.forEach((x, i) => (credit[i]! += x.weight));
    const j = credit.indexOf(Math.max(...credit));
    credit[j]! -= total;
    return mix[j]!.tier;
  });
}

export interface BurstOptions {
  n: number;
  concurrency: number;
  mix: readonly TierShare[];
}

/** One tier's cases in the burst. */
export interface BurstTierResult {
  /** The tier's callback SLA in the bench's policy. */
  slaMs: number;
  cases: number;
  errors: number;
  armed: number;
  /** Seconds from the burst's first request until this tier's last callback timer was armed. */
  armedAfterS: number;
  escalated: number;
  missing: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

export interface BurstResult {
  cases: number;
  concurrency: number;
  errors: number;
  firstError?: string;
  /** Cases answered 201 per second, over the burst. */
  openedPerSec: number;
  answerP99Ms: number;
  /** Cases whose callback timer was armed (its history says so) / seconds until the last was. */
  armed: number;
  armedAfterS: number;
  /** Cases whose history could not be read: whether their timer was armed is not known. */
  historiesUnread: number;
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
  /** The p99 of each part of the breach lag (breach-lag.ts), over the breaches whose history shows them. */
  lagPartsP99Ms: BreachLagParts;
  /**
   * Workflow tasks of the breaches' phase the worker took from its cache / replayed from the case's history
   * (the case had left the cache): many misses mean the burst is larger than the cache.
   */
  breachCache: StickyCache;
  /** How fast the breaches fell due, what each cost the stack's processes, the cores that needs (breach-lag.ts). */
  breachLoad: BreachLoad;
  /** The same by tier, in the mix's order. */
  byTier: Partial<Record<Tier, BurstTierResult>>;
}

export interface StickyCache {
  hits: number;
  misses: number;
}

async function stickyCache(b: Bench): Promise<StickyCache> {
  const scrape = parseScrape(await (await fetch(b.stack.workerMetricsUrl)).text());
  return {
    hits: scrape.value('temporal_sticky_cache_hit_total'),
    misses: scrape.value('temporal_sticky_cache_miss_total'),
  };
}

export async function benchBurst(b: Bench, o: BurstOptions): Promise<{ result: BurstResult; ids: string[] }> {
  const slaMs = (tier: Tier) => b.policy.tiers[tier].callbackSlaMs;
  const slas = o.mix.map((x) => slaMs(x.tier));
  if (new Set(slas).size > 1) b.log(`burst: the tiers' callback SLAs differ (${slas.join(', ')} ms)`);
  await settle(b, []);
  const cycle = mixCycle(o.mix);
  const ids: string[] = [];
  const tierOf = new Map<string, Tier>();
  const tried = new Map<Tier, number>();
  const t0 = Date.now();
  const load = await runLoad(o.n, o.concurrency, async (i) => {
    const tier = cycle[i % cycle.length]!;
    tried.set(tier, (tried.get(tier) ?? 0) + 1);
    const id = await openViaApi(b, openBody(tier));
    ids.push(id);
    tierOf.set(id, tier);
  });
  const openedAt = Date.now();
  b.log(
    `burst: ${load.ops} opened, ${load.errors} errors in ${load.elapsedMs.toFixed(0)} ms` +
      (load.firstError ? `; first error: ${load.firstError}` : ''),
  );
  // The breaches' CPU from just before the first falls due: not the idle wait for them (3 minutes by default).
  await sleep(Math.max(0, t0 + Math.min(...slas) - 1_000 - Date.now()));
  const cacheBefore = await stickyCache(b);
  const cpuBefore = b.cpu.snapshot();

  const wanted = new Set(ids);
  const firsts = () => firstBreaches(b.receiver.breaches, 1, wanted);
  const deadline = openedAt + Math.max(...slas) + 120_000;
  let lastLog = 0;
  while (Date.now() < deadline && firsts().length < ids.length) {
    await sleep(500);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      b.log(`burst: ${firsts().length} breaches escalated of ${ids.length}`);
    }
  }
  const cacheAfter = await stickyCache(b);
  const { bench: _receiver, ...stackCpu } = CpuMeter.between(cpuBefore, b.cpu.snapshot()).ours;
  const breaches = firsts().sort((x, y) => x.dueAtMs - y.dueAtMs);
  const lag = breaches.map((x) => x.breachedAtMs - x.dueAtMs);
  const histories = await readBreachHistories(b, ids, breaches, 'burst');
  const figures = (cases: readonly string[]) => {
    const mine = new Set(cases);
    const armedTimes = cases.map((id) => histories.armedAt.get(id)).filter((t) => t !== undefined);
    const lags = breaches.filter((x) => mine.has(x.caseId)).map((x) => x.breachedAtMs - x.dueAtMs);
    return {
      armed: armedTimes.length,
      armedAfterS: armedTimes.length ? (Math.max(...armedTimes) - t0) / 1000 : NaN,
      escalated: lags.length,
      missing: cases.length - lags.length,
      lagP50Ms: quantile(lags, 0.5),
      lagP99Ms: quantile(lags, 0.99),
      lagMaxMs: lags.length ? Math.max(...lags) : NaN,
    };
  };
  const byTier: BurstResult['byTier'] = {};
  for (const { tier } of o.mix) {
    const n = tried.get(tier) ?? 0;
    const opened = ids.filter((id) => tierOf.get(id) === tier);
    byTier[tier] = { slaMs: slaMs(tier), cases: n, errors: n - opened.length, ...figures(opened) };
  }
  const all = figures(ids);
  return {
    ids,
    result: {
      cases: o.n,
      concurrency: o.concurrency,
      errors: load.errors,
      firstError: load.firstError,
      openedPerSec: (load.ops * 1000) / load.elapsedMs,
      answerP99Ms: quantile(load.latenciesMs, 0.99),
      armed: all.armed,
      armedAfterS: all.armedAfterS,
      historiesUnread: histories.unread,
      overlapped: breaches.length > 0 && breaches[0]!.dueAtMs < openedAt,
      escalated: all.escalated,
      missing: all.missing,
      lagP50Ms: all.lagP50Ms,
      lagP99Ms: all.lagP99Ms,
      lagMaxMs: all.lagMaxMs,
      lagP99Spread: spread(slices(lag, 4).map((s) => quantile(s, 0.99))),
      deliveryP99Ms: quantile(
        breaches.map((x) => x.receivedAtMs - x.dueAtMs),
        0.99,
      ),
      lagPartsP99Ms: histories.lagPartsP99Ms,
      breachCache: {
        hits: cacheAfter.hits - cacheBefore.hits,
        misses: cacheAfter.misses - cacheBefore.misses,
      },
      breachLoad: breachLoad(
        breaches.map((x) => x.dueAtMs),
        stackCpu,
      ),
      byTier,
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
