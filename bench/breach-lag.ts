/**
 * Where a breach's lag went, read from the case's history: the task that armed the timer completing late (the
 * server reckons the timer from then), the server firing the SLA timer late, the server
 * scheduling the workflow task late after it fired, or the task waiting for a worker to take it (the worker
 * busy, or the case out of its cache). The breach is seen by the case when that task starts.
 */
import { temporal } from '@temporalio/proto';

type Event = temporal.api.history.v1.IHistoryEvent;

export interface BreachLagParts {
  /**
   * The timer's due time on the server (timer started + duration) - the case's due time. The case reckons from
   * its task's start, the server from the task's completion: a slow arming task shows here.
   */
  armMs: number;
  /** Timer fired - its due time on the server. */
  timerMs: number;
  /** Workflow task scheduled - timer fired. */
  scheduleMs: number;
  /** Workflow task started - scheduled: the wait for a worker. */
  startMs: number;
}

/** How the report names the parts, and prints their p99s. */
export const LAG_PARTS_LABEL =
  'lag p99 by part: timer armed late / fired late / its task scheduled late / waited for a worker';
export const lagPartsText = (p: BreachLagParts): string =>
  `${[p.armMs, p.timerMs, p.scheduleMs, p.startMs].map((ms) => Math.round(ms)).join(' / ')} ms`;

const epochMs = (t: Event['eventTime']): number =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : NaN;

const durationMs = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  d ? Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6) : NaN;

/**
 * When the case's first timer (its callback SLA, armed by its first workflow task) was started: its history's
 * word, whoever sent the `assigned` notification and whenever.
 */
export function firstTimerStartedMs(events: readonly Event[]): number | undefined {
  const started = events.find((e) => e.timerStartedEventAttributes);
  return started ? epochMs(started.eventTime) : undefined;
}

/**
 * The parts of the lag of the breach due at `dueAtMs`: the timer whose own due time (started + duration) is
 * nearest to it, the first workflow task scheduled after it fired, the first started after that. Undefined when
 * the history holds no fired timer or no task after it.
 */
export function breachLagParts(events: readonly Event[], dueAtMs: number): BreachLagParts | undefined {
  const fired = firedTimerNearest(events, dueAtMs);
  if (!fired) return undefined;
  const after = events.slice(fired.index + 1);
  const scheduled = after.findIndex((e) => e.workflowTaskScheduledEventAttributes);
  if (scheduled < 0) return undefined;
  const started = after.slice(scheduled + 1).find((e) => e.workflowTaskStartedEventAttributes);
  if (!started) return undefined;
  const scheduledAtMs = epochMs(after[scheduled]!.eventTime);
  return {
    armMs: fired.serverDueMs - dueAtMs,
    timerMs: fired.atMs - fired.serverDueMs,
    scheduleMs: scheduledAtMs - fired.atMs,
    startMs: epochMs(started.eventTime) - scheduledAtMs,
  };
}

/**
 * The events from the timer nearest `dueAtMs` firing to the first workflow task completed after it, each as its
 * type and milliseconds after the due time, e.g. `TimerFired +3, WorkflowTaskScheduled +3, ...`: what a slow
 * breach waited for (a task timed out or failed shows by name).
 */
export function breachTrace(events: readonly Event[], dueAtMs: number): string {
  const fired = firedTimerNearest(events, dueAtMs);
  if (!fired) return 'no fired timer';
  const out = [`timer due on the server +${fired.serverDueMs - dueAtMs}`];
  for (const e of events.slice(fired.index)) {
    const type = eventTypeName(e);
    const attempt = e.workflowTaskScheduledEventAttributes?.attempt;
    const queue = e.workflowTaskScheduledEventAttributes?.taskQueue;
    const where = queue
      ? ` ${queue.kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY ? 'sticky' : 'normal'}${(attempt ?? 1) > 1 ? ` attempt ${attempt}` : ''}`
      : '';
    out.push(`${type}${where} +${epochMs(e.eventTime) - dueAtMs}`);
    if (e.workflowTaskCompletedEventAttributes || out.length >= 13) break;
  }
  return out.join(', ');
}

/** `TimerFired` for `EVENT_TYPE_TIMER_FIRED`. */
function eventTypeName(e: Event): string {
  const name = temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED';
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function firedTimerNearest(
  events: readonly Event[],
  dueAtMs: number,
): { index: number; atMs: number; serverDueMs: number } | undefined {
  const dueOf = new Map<string, number>();
  let fired: { index: number; atMs: number; serverDueMs: number; distance: number } | undefined;
  events.forEach((e, index) => {
    const started = e.timerStartedEventAttributes;
    if (started?.timerId)
      dueOf.set(started.timerId, epochMs(e.eventTime) + durationMs(started.startToFireTimeout));
    const timerId = e.timerFiredEventAttributes?.timerId;
    if (!timerId || !dueOf.has(timerId)) return;
    const serverDueMs = dueOf.get(timerId)!;
    const distance = Math.abs(serverDueMs - dueAtMs);
    if (!fired || distance < fired.distance)
      fired = { index, atMs: epochMs(e.eventTime), serverDueMs, distance };
  });
  return fired;
}

/**
 * What the breaches asked of the machine: how fast they fell due (the busiest 10 s of due times), the CPU each
 * cost every process of the stack over the breaches' phase, and the cores that CPU needs at that rate. Once the
 * cores needed near the machine's, the breaches queue and their lag grows however the stack is tuned.
 */
export interface BreachLoad {
  /** Breaches per second over the busiest 10 s of due times. */
  peakDuePerSec: number;
  /** CPU milliseconds per breach of each process (server, worker, ...), over the breaches' phase. */
  cpuMsPerBreach: Record<string, number>;
  /** peakDuePerSec x the CPU of one breach (all processes): cores kept busy while the breaches fall due. */
  coresNeeded: number;
}

export const DUE_WINDOW_MS = 10_000;

export function breachLoad(dueAtMs: readonly number[], cpuSeconds: Record<string, number>): BreachLoad {
  const due = [...dueAtMs].sort((a, b) => a - b);
  let peak = 0;
  for (let first = 0, last = 0; last < due.length; last++) {
    while (due[last]! - due[first]! >= DUE_WINDOW_MS) first++;
    peak = Math.max(peak, last - first + 1);
  }
  const peakDuePerSec = peak / (DUE_WINDOW_MS / 1000);
  const n = due.length;
  const cpuMsPerBreach = Object.fromEntries(
    Object.entries(cpuSeconds).map(([process, s]) => [process, n ? (s * 1000) / n : NaN]),
  );
  const perBreachMs = Object.values(cpuMsPerBreach).reduce((sum, ms) => sum + ms, 0);
  return { peakDuePerSec, cpuMsPerBreach, coresNeeded: (peakDuePerSec * perBreachMs) / 1000 };
}
