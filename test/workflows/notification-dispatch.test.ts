/**
 * How a notification reaches the owner (workflows/owner-notifications.ts). One that no caller waits for (the
 * opening's `assigned`, an SLA breach's escalation) runs inside the workflow task that raised it, as a local
 * activity: no activity task, no second workflow task, which is what lets the stack take a Double 11 burst. One a
 * manager's action raised (a reassignment) stays an activity task of its own, so the manager's answer never waits
 * on the pager. Read from the case's history on the test server.
 */
import type { temporal } from '@temporalio/proto';
import * as m from '../../workflows/messages';
import { devRoster, actors } from '../support/cases';
import { eventually } from '../support/eventually';
import { kinds, view } from '../support/case-views';
import { SECOND, sleepUntil, t } from '../support/clock';
import { timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

const suite = timeSkippingSuite();

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

interface Dispatch {
  /** Workflow tasks completed. */
  tasks: number;
  /** `notifyOwner` activity tasks scheduled. */
  notifyTasks: number;
  /** `notifyOwner` calls run inside a workflow task (local activity markers). */
  notifyInline: number;
  timersStarted: number;
}

function dispatchOf(events: HistoryEvent[]): Dispatch {
  const local = (e: HistoryEvent) =>
    e.markerRecordedEventAttributes?.markerName === 'core_local_activity' &&
    localActivityType(e) === 'notifyOwner';
  return {
    tasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
    notifyTasks: events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyOwner',
    ).length,
    notifyInline: events.filter(local).length,
    timersStarted: events.filter((e) => e.timerStartedEventAttributes).length,
  };
}

/** The activity type a local activity marker records (its `data` detail: the SDK's JSON, not a case payload). */
function localActivityType(e: HistoryEvent): string | undefined {
  const data = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
  if (!data) return undefined;
  return (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type;
}

/** The history once the case is quiet: no workflow task or activity pending. */
async function settledHistory(h: CaseHandle, expect: (d: Dispatch) => boolean): Promise<Dispatch> {
  return eventually(`${h.workflowId}'s history`, async () => {
    const { raw } = await h.describe();
    if (raw.pendingWorkflowTask || (raw.pendingActivities?.length ?? 0) > 0) return undefined;
    const d = dispatchOf((await h.fetchHistory()).events ?? []);
    return expect(d) ? d : undefined;
  });
}

test("the opening's `assigned` and a breach's escalation each run inside the workflow task that raised them", () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    await ctx.notified(1);
    expect(await settledHistory(h, (d) => d.notifyInline === 1)).toEqual({
      tasks: 1,
      notifyTasks: 0,
      notifyInline: 1,
      timersStarted: 1,
    });

    const due = t((await view(h)).sla.callback.dueAt);
    await sleepUntil(suite.env, due + SECOND);
    await ctx.notified(2);
    expect(ctx.notifications.map((n) => [n.trigger, n.owner.id])).toEqual([
      ['assigned', 'mgr-xinyao'],
      ['escalation', 'mgr-lin'],
    ]);
    // The timer's task saw the breach, escalated, told the backup and armed the fresh window: one task.
    expect(await settledHistory(h, (d) => d.notifyInline === 2)).toEqual({
      tasks: 2,
      notifyTasks: 0,
      notifyInline: 2,
      timersStarted: 2,
    });
  }));

test("a reassignment's notification is an activity task of its own: the supervisor's answer does not wait on the pager", () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    await ctx.notified(1);
    const qiu = devRoster.ladderFor('mgr-qiu');
    const v = await h.executeUpdate(m.reassignUpdate, {
      args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'on leave' }],
    });
    expect(v.assignee.id).toBe('mgr-qiu');
    await ctx.notified(2);
    expect(ctx.notifications[1]).toMatchObject({ trigger: 'reassignment', owner: { id: 'mgr-qiu' } });
    const d = await settledHistory(h, (x) => x.notifyTasks === 1);
    expect(d).toMatchObject({ notifyTasks: 1, notifyInline: 1 });
  }));

test('a pager that is down at the opening is retried until it answers; the callback timer is armed meanwhile', () =>
  withWorker(suite.env, { failedNotifications: 2 }, async (ctx) => {
    const h = await ctx.open();
    await ctx.notified(1);
    expect(ctx.notifications).toHaveLength(1);
    expect(ctx.notifications[0]).toMatchObject({ trigger: 'assigned', owner: { id: 'mgr-xinyao' } });
    const d = await settledHistory(h, (x) => x.notifyInline === 1);
    expect(d).toMatchObject({ notifyTasks: 0, notifyInline: 1, timersStarted: 1 });
    expect(kinds(await view(h))).toEqual(['opened', 'assigned']);
    // The timer went in before the notification's outcome did: the pager's retries did not hold it back.
    const events = (await h.fetchHistory()).events ?? [];
    const timer = events.findIndex((e) => e.timerStartedEventAttributes);
    const sent = events.findIndex(
      (e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    );
    expect(timer).toBeGreaterThan(0);
    expect(timer).toBeLessThan(sent);
  }));
