/** The detail table of the main deployment's phases: where the time and the CPU went. */
import { LAG_PARTS_LABEL, lagPartsText } from './breach-lag';
import { burstDetailRows } from './burst-report';
import { quantile } from './load';
import { noiseText } from './noise';
import { cpuText, round } from './report';
import type { MainRun } from './run-data';
import { timerLag } from './timers';

const count = (h: Record<string, number>) => Object.values(h).reduce((s, x) => s + x, 0);

export function detailRows(m: MainRun): string[][] {
  const t = m.timers;
  const lag = timerLag(t);
  const delivery = t.breaches.map((x) => x.receivedAtMs - x.dueAtMs);
  const sticky = (name: string) => m.scrape.value(name);
  const mean = (name: string) => m.scrape.value(`${name}_sum`) / m.scrape.value(`${name}_count`);
  const opening = m.histories;
  return [
    ['detail', 'value'],
    ['history events per opening, API case / floor', `${count(opening.api)} / ${count(opening.floor)}`],
    [
      'events of an API opening',
      Object.entries(opening.api)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    [
      'timer lag p50 / p99 / max (breach seen by the case - due)',
      `${round(lag.p50, 0)} / ${round(lag.p99, 0)} / ${round(lag.max, 0)} ms`,
    ],
    [`timer ${LAG_PARTS_LABEL}`, lagPartsText(t.lagPartsP99Ms)],
    [
      'notification delivered - due, p50 / p99',
      `${round(quantile(delivery, 0.5), 0)} / ${round(quantile(delivery, 0.99), 0)} ms`,
    ],
    [
      `timer phase: cases opened at ${t.openRatePerSec}/s / opening time / drained after the last`,
      `${t.openCases} / ${round(t.openMs / 1000, 1)} s / ${t.drainedAfterMs === undefined ? 'NOT before the first timer fell due' : `${round(t.drainedAfterMs / 1000, 1)} s (margin ${round(t.marginLeftMs / 1000, 1)} s)`}`,
    ],
    ['first breaches received / missing', `${t.breaches.length} / ${t.missing}`],
    [`CPU s during the timer phase (wall ${round(m.timerCpu.wallS, 0)} s)`, cpuText(m.timerCpu.ours)],
    ["timer phase: other programs' CPU", noiseText(t.noise)],
    ...burstDetailRows(m.burst),
    [`CPU s during the update A/B (wall ${round(m.updateCpu.wallS, 0)} s)`, cpuText(m.updateCpu.ours)],
    [
      'worker RSS after the floor stopped / restarted, before the timer phase / peak over it / peak over it and the burst (MiB)',
      `${round(m.workerRssAfterFloorMb, 1)} / ${round(m.workerRssBeforeTimersMb, 1)} / ${round(m.workerRssTimersMb, 1)} / ${round(m.workerRssMb, 1)}`,
    ],
    [
      'API peak RSS',
      `${round(m.apiRssMb, 1)} MiB${m.rssReset ? '' : ' (worker peak not reset before the timer phase)'}`,
    ],
    [
      'sticky cache hits / misses',
      `${sticky('temporal_sticky_cache_hit_total')} / ${sticky('temporal_sticky_cache_miss_total')}`,
    ],
    [
      'workflow task schedule-to-start / execution, mean',
      `${round(mean('temporal_workflow_task_schedule_to_start_latency'), 1)} / ${round(mean('temporal_workflow_task_execution_latency'), 1)} ms`,
    ],
    [
      'history events per case, main path',
      Object.entries(m.events.perType)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ['history events per 100 manager actions', String(m.events.per100Actions)],
  ];
}
