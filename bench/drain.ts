/**
 * When the stack has finished the work a round caused, and what that work cost: CPU of each of our processes
 * and of everything else on the machine (a round measured while another program took the cores is a noisy
 * round, and the table says so).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseScrape } from '../platform/prometheus-scrape';

/** CPU seconds (user + system, every thread) a process has used, from /proc; NaN when it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine has spent busy (every core), from /proc/stat. */
function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

export type Component = 'server' | 'worker' | 'api' | 'bench';

export interface CpuSnapshot {
  atMs: number;
  ours: Record<Component, number>;
  machine: number;
}

export interface CpuUse {
  wallS: number;
  /** CPU seconds per component (the embedded deployment's worker and API are one process: all under worker). */
  ours: Record<Component, number>;
  /** Cores other programs kept busy on average (machine CPU minus ours, over the wall time). */
  foreignCores: number;
}

/**
 * Each component's process, or processes: the API's column also holds the floor's bare HTTP route (alone in it,
 * embedded, where the API's CPU is the worker's process's).
 */
export type ComponentPids = Record<Component, number | readonly number[] | undefined>;

export class CpuMeter {
  constructor(private readonly pids: () => ComponentPids) {}

  snapshot(): CpuSnapshot {
    const p = this.pids();
    const ours = {} as Record<Component, number>;
    for (const k of Object.keys(p) as Component[]) {
      const pid = p[k];
      ours[k] = Array.isArray(pid)
        ? pid.reduce((sum: number, one) => sum + cpuSeconds(one), 0)
        : cpuSeconds(pid as number | undefined);
    }
    return { atMs: performance.now(), ours, machine: machineBusySeconds() };
  }

  static between(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
    const wallS = (b.atMs - a.atMs) / 1000;
    const ours = {} as Record<Component, number>;
    let sum = 0;
    for (const k of Object.keys(a.ours) as Component[]) {
      const d = b.ours[k] - a.ours[k];
      ours[k] = Number.isFinite(d) ? d : 0;
      sum += ours[k];
    }
    return { wallS, ours, foreignCores: wallS > 0 ? Math.max(0, b.machine - a.machine - sum) / wallS : 0 };
  }
}

const PROGRESS = [
  'temporal_workflow_task_queue_poll_succeed_total',
  'temporal_workflow_task_execution_latency_count',
  'temporal_activity_execution_latency_count',
];

async function workerActivity(metricsUrl: string): Promise<{ progress: number; busy: number }> {
  const scrape = parseScrape(await (await fetch(metricsUrl)).text());
  return {
    progress: PROGRESS.reduce((s, name) => s + scrape.value(name), 0),
    busy: scrape.value('temporal_worker_task_slots_used'),
  };
}

export interface DrainOptions {
  /** No task taken or finished, and no slot in use, for this long: the work is done. */
  quietMs?: number;
  sampleMs?: number;
  timeoutMs?: number;
  /** Further condition (e.g. every notification of the round received). */
  until?: () => boolean;
}

/**
 * Waits until the worker process has taken and finished every task (workflow and activity, every task queue)
 * and stays idle for `quietMs`; returns when the work ended (performance.now()): the middle of the last sampling
 * interval that still saw work, or the time of the first sample when there was none. Throws after `timeoutMs`.
 * Samples every 100 ms: each scrape costs the worker a little CPU, and the estimate is unbiased to within half a
 * sample.
 */
export async function drained(metricsUrl: string, o: DrainOptions = {}): Promise<number> {
  const quietMs = o.quietMs ?? 600;
  const sampleMs = o.sampleMs ?? 100;
  const timeoutMs = o.timeoutMs ?? 300_000;
  const deadline = performance.now() + timeoutMs;
  let last = await workerActivity(metricsUrl);
  let lastAt = performance.now();
  let endedAt = lastAt;
  for (;;) {
    await sleep(sampleMs);
    const now = await workerActivity(metricsUrl);
    const at = performance.now();
    if (now.progress !== last.progress || now.busy > 0 || (o.until && !o.until()))
      endedAt = (lastAt + at) / 2;
    last = now;
    lastAt = at;
    if (at - endedAt >= quietMs) return endedAt;
    if (at > deadline) throw new Error(`the stack did not go idle within ${timeoutMs} ms`);
  }
}
