/** The burst's part of the report: its targets, its detail rows (overall and by tier) and its JSON object. */
import { LAG_PARTS_LABEL, lagPartsText } from './breach-lag';
import type { Tier } from '../workflows/domain';
import type { BurstResult, BurstTierResult } from './burst';
import { fmtSpread, jsonSpread, round, table } from './report';

export const BURST_LAG_P99_TARGET_MS = 1000;

export interface Verdict {
  label: string;
  measured: string;
  target: string;
  ok: boolean | 'undecided';
}

export function burstTargets(b: BurstResult): Verdict[] {
  return [
    {
      label: `burst: ${b.cases} openings at c${b.concurrency}, errors / timers armed / escalated`,
      measured:
        `${b.errors} / ${b.armed} / ${b.escalated}` +
        (b.historiesUnread > 0 ? ` (${b.historiesUnread} histories unread: armed not known)` : ''),
      target: `0 / ${b.cases} / ${b.cases}`,
      ok:
        b.errors === 0 && b.armed === b.cases && b.escalated === b.cases
          ? true
          : b.errors === 0 && b.escalated === b.cases && b.armed + b.historiesUnread === b.cases
            ? 'undecided'
            : false,
    },
    {
      label: 'burst: breach lag p99 (quarters)',
      measured: `${round(b.lagP99Ms, 0)} ms (${fmtSpread(b.lagP99Spread, 0)})`,
      target: `<= ${BURST_LAG_P99_TARGET_MS} ms`,
      ok: b.missing === 0 && b.lagP99Ms <= BURST_LAG_P99_TARGET_MS,
    },
  ];
}

const verdictWord = (ok: Verdict['ok']) => (ok === 'undecided' ? ok : ok ? 'pass' : 'MISS');

const tiers = (b: BurstResult) => Object.entries(b.byTier) as [Tier, BurstTierResult][];

export function burstDetailRows(b: BurstResult): string[][] {
  return [
    [
      `burst: openings answered/s / answer p99 / all armed after`,
      `${round(b.openedPerSec, 1)}/s / ${round(b.answerP99Ms, 0)} ms / ${round(b.armedAfterS, 1)} s`,
    ],
    [
      'burst: breach lag p50 / p99 / max, delivered p99',
      `${round(b.lagP50Ms, 0)} / ${round(b.lagP99Ms, 0)} / ${round(b.lagMaxMs, 0)} ms, ${round(b.deliveryP99Ms, 0)} ms${b.overlapped ? ' (breaches began before the burst ended)' : ''}`,
    ],
    [`burst: breach ${LAG_PARTS_LABEL}`, lagPartsText(b.lagPartsP99Ms)],
    [
      "burst: the breaches' workflow tasks from the worker's cache / replayed from history",
      `${b.breachCache.hits} / ${b.breachCache.misses}`,
    ],
    [
      'burst: breaches due per second (busiest 10 s) / CPU ms per breach / cores that needs',
      `${round(b.breachLoad.peakDuePerSec, 1)}/s / ${Object.entries(b.breachLoad.cpuMsPerBreach)
        .map(([process, ms]) => `${process} ${round(ms, 1)}`)
        .join(', ')} / ${round(b.breachLoad.coresNeeded, 2)}`,
    ],
    ...tiers(b).map(([tier, t]) => [
      `burst ${tier}: cases / errors / escalated, lag p50 / p99 / max, all armed after`,
      `${t.cases} / ${t.errors} / ${t.escalated}, ${round(t.lagP50Ms, 0)} / ${round(t.lagP99Ms, 0)} / ${round(t.lagMaxMs, 0)} ms, ${round(t.armedAfterS, 1)} s`,
    ]),
  ];
}

export function burstJson(b: BurstResult): Record<string, unknown> {
  return {
    cases: b.cases,
    concurrency: b.concurrency,
    errors: b.errors,
    openedPerSec: round(b.openedPerSec, 1),
    armed: b.armed,
    armedAfterS: round(b.armedAfterS, 1),
    historiesUnread: b.historiesUnread,
    escalated: b.escalated,
    missing: b.missing,
    lagP50Ms: round(b.lagP50Ms, 0),
    lagP99Ms: round(b.lagP99Ms, 0),
    lagMaxMs: round(b.lagMaxMs, 0),
    lagP99Spread: jsonSpread(b.lagP99Spread, 0),
    lagPartsP99Ms: {
      arm: round(b.lagPartsP99Ms.armMs, 0),
      timer: round(b.lagPartsP99Ms.timerMs, 0),
      schedule: round(b.lagPartsP99Ms.scheduleMs, 0),
      start: round(b.lagPartsP99Ms.startMs, 0),
    },
    breachCache: b.breachCache,
    breachLoad: {
      peakDuePerSec: round(b.breachLoad.peakDuePerSec, 1),
      cpuMsPerBreach: Object.fromEntries(
        Object.entries(b.breachLoad.cpuMsPerBreach).map(([process, ms]) => [process, round(ms, 1)]),
      ),
      coresNeeded: round(b.breachLoad.coresNeeded, 2),
    },
    byTier: Object.fromEntries(
      tiers(b).map(([tier, t]) => [
        tier,
        {
          slaMs: t.slaMs,
          cases: t.cases,
          errors: t.errors,
          armed: t.armed,
          armedAfterS: round(t.armedAfterS, 1),
          escalated: t.escalated,
          missing: t.missing,
          lagP50Ms: round(t.lagP50Ms, 0),
          lagP99Ms: round(t.lagP99Ms, 0),
          lagMaxMs: round(t.lagMaxMs, 0),
        },
      ]),
    ),
  };
}

/** `--only burst`: the burst's targets and details, and its JSON object with the load average at the start. */
export function burstOnlyReport(
  b: BurstResult,
  loadAvg: number[],
): { text: string; json: Record<string, unknown> } {
  const verdicts = burstTargets(b);
  const text = [
    `Double 11 burst alone (load average at start ${loadAvg.map((x) => x.toFixed(2)).join(' ')}):`,
    table([
      ['target', 'measured', 'target', 'result'],
      ...verdicts.map((v) => [v.label, v.measured, v.target, verdictWord(v.ok)]),
    ]),
    '',
    table([['detail', 'value'], ...burstDetailRows(b)]),
    '',
    verdicts.every((v) => v.ok === true)
      ? 'All burst targets met.'
      : verdicts.some((v) => v.ok === false)
        ? 'Burst targets missed.'
        : 'Burst targets undecided.',
  ].join('\n');
  return { text, json: { loadAvg1: round(loadAvg[0]!, 2), burst: burstJson(b) } };
}
