/** The parts of a breach's lag, read from a case's history (bench/breach-lag.ts). */
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { breachLagParts, breachLoad, breachTrace, firstTimerStartedMs } from '../../bench/breach-lag';

type Event = temporal.api.history.v1.IHistoryEvent;

const at = (ms: number) => msToTs(ms);
const duration = (ms: number) => msToTs(ms);

const timerStarted = (t: number, timerId: string, ms: number): Event => ({
  eventTime: at(t),
  timerStartedEventAttributes: { timerId, startToFireTimeout: duration(ms) },
});
const timerFired = (t: number, timerId: string): Event => ({
  eventTime: at(t),
  timerFiredEventAttributes: { timerId },
});
const taskScheduled = (t: number): Event => ({ eventTime: at(t), workflowTaskScheduledEventAttributes: {} });
const taskStarted = (t: number): Event => ({ eventTime: at(t), workflowTaskStartedEventAttributes: {} });

const T0 = 1_800_000_000_000;

test('splits the lag into the timer firing, the task being scheduled and the task waiting for a worker', () => {
  const events = [
    taskScheduled(T0),
    taskStarted(T0 + 5),
    timerStarted(T0 + 20, 'warning', 60_000),
    timerStarted(T0 + 20, 'callback', 180_000),
    timerFired(T0 + 60_030, 'warning'),
    taskScheduled(T0 + 60_031),
    taskStarted(T0 + 60_040),
    timerFired(T0 + 180_027, 'callback'),
    taskScheduled(T0 + 180_030),
    taskStarted(T0 + 181_230),
  ];
  // The breach due at the callback timer's due time: the warning timer fired earlier is not it.
  expect(breachLagParts(events, T0 + 180_020)).toEqual({
    armMs: 0,
    timerMs: 7,
    scheduleMs: 3,
    startMs: 1200,
  });
  expect(breachLagParts(events, T0 + 60_020)).toEqual({ armMs: 0, timerMs: 10, scheduleMs: 1, startMs: 9 });
  // The case reckoned its due time from its task's start; the arming task completed 2.5 s later, and the server
  // reckons from there: the timer fired on time by the server's clock, 2.5 s after the case's due time.
  expect(breachLagParts(events, T0 + 177_520)).toEqual({
    armMs: 2500,
    timerMs: 7,
    scheduleMs: 3,
    startMs: 1200,
  });
});

test('nothing when the timer has not fired or no task followed it', () => {
  const armed = [timerStarted(T0, 'callback', 1000)];
  expect(breachLagParts(armed, T0 + 1000)).toBeUndefined();
  expect(breachLagParts([...armed, timerFired(T0 + 1002, 'callback')], T0 + 1000)).toBeUndefined();
  expect(
    breachLagParts([...armed, timerFired(T0 + 1002, 'callback'), taskScheduled(T0 + 1003)], T0 + 1000),
  ).toBeUndefined();
});

test('the breach load: the busiest 10 s of due times, the CPU per breach and the cores it needs', () => {
  // 30 breaches due 100 ms apart (10/s for 3 s), then 5 spread over the next 50 s.
  const due = [
    ...Array.from({ length: 30 }, (_, i) => T0 + i * 100),
    ...Array.from({ length: 5 }, (_, i) => T0 + 10_000 + i * 10_000),
  ];
  const load = breachLoad(due.reverse(), { server: 0.7, worker: 1.05 });
  // The densest 10 s hold 30 breaches: 3 per second, though 10 per second fell due for 3 s.
  expect(load.peakDuePerSec).toBe(3);
  expect(load.cpuMsPerBreach).toEqual({ server: 20, worker: 30 });
  expect(load.coresNeeded).toBeCloseTo(0.15, 10);
});

test('no breaches: no rate and no CPU per breach', () => {
  const load = breachLoad([], { server: 1 });
  expect(load.peakDuePerSec).toBe(0);
  expect(load.cpuMsPerBreach.server).toBeNaN();
});

test("a case's callback timer was armed when its history's first timer started; none: not armed", () => {
  const events = [
    taskScheduled(T0),
    taskStarted(T0 + 5),
    timerStarted(T0 + 20, 'callback', 180_000),
    timerStarted(T0 + 900, 'warning', 60_000),
  ];
  expect(firstTimerStartedMs(events)).toBe(T0 + 20);
  expect(firstTimerStartedMs(events.slice(0, 2))).toBeUndefined();
});

test('the trace of a slow breach names what it waited for: here a sticky task that timed out', () => {
  const { EventType, TaskQueueKind } = temporal.api.enums.v1;
  const typed = (eventType: number, e: Event): Event => ({ ...e, eventType });
  const queue = (kind: number) => ({ name: 'q', kind });
  const events = [
    typed(EventType.EVENT_TYPE_TIMER_STARTED, timerStarted(T0, 'callback', 1000)),
    typed(EventType.EVENT_TYPE_TIMER_FIRED, timerFired(T0 + 1004, 'callback')),
    typed(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
      eventTime: at(T0 + 1005),
      workflowTaskScheduledEventAttributes: {
        taskQueue: queue(TaskQueueKind.TASK_QUEUE_KIND_STICKY),
        attempt: 1,
      },
    }),
    typed(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
      eventTime: at(T0 + 11_005),
      workflowTaskTimedOutEventAttributes: {},
    }),
    typed(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
      eventTime: at(T0 + 11_005),
      workflowTaskScheduledEventAttributes: {
        taskQueue: queue(TaskQueueKind.TASK_QUEUE_KIND_NORMAL),
        attempt: 2,
      },
    }),
    typed(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, taskStarted(T0 + 11_020)),
    typed(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
      eventTime: at(T0 + 11_060),
      workflowTaskCompletedEventAttributes: {},
    }),
    typed(EventType.EVENT_TYPE_TIMER_STARTED, timerStarted(T0 + 11_060, 'next', 1000)),
  ];
  expect(breachTrace(events, T0 + 1000)).toBe(
    'timer due on the server +0, TimerFired +4, WorkflowTaskScheduled sticky +5, WorkflowTaskTimedOut +10005, ' +
      'WorkflowTaskScheduled normal attempt 2 +10005, WorkflowTaskStarted +10020, WorkflowTaskCompleted +10060',
  );
  expect(breachTrace(events.slice(0, 1), T0 + 1000)).toBe('no fired timer');
});
