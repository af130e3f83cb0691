/**
 * A deadline that fell due before an action is applied before it, whatever the worker's lag: found by killing
 * the stack under load, where a callback landing 1.7 s after its due time, in the same workflow task as the
 * fired timer, was recorded late but never escalated. On a real dev server, with a worker that is away while
 * the callback SLA falls due and the late callback is sent. An action is timed as the API sent it: a callback
 * sent just before its due time, that the worker gets to just after, is met in time (workflows/action-time.ts).
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { outcomeOf, lateWorker as pollingWhile } from '../support/late-worker';
import { kinds, view } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { devServerSuite } from '../support/workflow-harness';

const suite = devServerSuite();
const CALLBACK_SLA_MS = 4_000;

/** A worker that starts polling only when asked, on the given task queue. */
const lateWorker = <T>(taskQueue: string, body: () => Promise<T>) => pollingWhile(suite, taskQueue, body);

const at = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

/** An apass case with `tiers.apass` of the odd policy as given, started with a worker that then goes away. */
const openedThenAway = (taskQueue: string, apass: Record<string, string>) =>
  lateWorker(taskQueue, async () => {
    const h = await startCase(
      suite.env.client.workflow,
      openInput({ policy: oddPolicy({ tiers: { apass } }) }),
      taskQueue,
    );
    return { h, v: await view(h) };
  });

/**
 * With no worker polling: sends the update at `sendAt` (the API stamps it then), brings a worker back at
 * `workerAt`; 'applied', or the update's failure. Then the case as it stands.
 */
async function sentWhileAway(
  taskQueue: string,
  h: Awaited<ReturnType<typeof openedThenAway>>['h'],
  send: () => Promise<{ result(): Promise<unknown> }>,
  sendAt: number,
  workerAt: number,
) {
  await at(sendAt);
  const sent = send();
  await at(workerAt);
  const outcome = await lateWorker(taskQueue, () => outcomeOf(sent));
  return { outcome, v: await lateWorker(taskQueue, () => view(h)) };
}

const callback = (h: Awaited<ReturnType<typeof openedThenAway>>['h']) => () =>
  h.startUpdate(m.callbackUpdate, {
    args: [{ actor: actors.xinyao }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });

describe('a deadline that fell due before an action', () => {
  test('is applied first, even when the worker sees the timer and the action in one task', async () => {
    const taskQueue = `late-worker-${Date.now().toString(36)}`;
    const { h } = await openedThenAway(taskQueue, { callbackSla: '4s' });
    // No worker polls now: the callback's timer fires on the server, unseen, and the manager's late callback is
    // admitted before a worker polls again.
    const sendAt = Date.now() + CALLBACK_SLA_MS + 2_000;
    const { outcome, v } = await sentWhileAway(taskQueue, h, callback(h), sendAt, sendAt + 1_000);
    try {
      // Same facts, same case: the breach escalated first; the former owner's callback is refused.
      expect(kinds(v)).toEqual(['opened', 'assigned', 'sla_breached', 'escalated']);
      expect(v.escalationLevel).toBe(1);
      expect(v.assignee.id).toBe('mgr-lin');
      expect(v.status).toBe('awaiting_callback');
      expect(outcome).not.toBe('applied');
    } finally {
      await h.terminate('test over');
    }
  });

  test('comes after an action the API sent before it fell due, even when the worker got to both after', async () => {
    const taskQueue = `late-worker-sent-${Date.now().toString(36)}`;
    const opened = await openedThenAway(taskQueue, { callbackSla: '4s' });
    const { h } = opened;
    const due = Date.parse(opened.v.sla.callback.dueAt!);
    // The manager calls back a second before the due time; the timer fires unseen; the worker comes back after.
    const { outcome, v } = await sentWhileAway(taskQueue, h, callback(h), due - 1_000, due + 2_000);
    try {
      expect(outcome).toBe('applied');
      expect(kinds(v)).toEqual(['opened', 'assigned', 'callback']);
      expect(v.sla.callback.breached).toBe(false);
      // Met when it was sent: before its due time, as `breached` says.
      expect(Date.parse(v.sla.callback.metAt!)).toBeLessThanOrEqual(due);
      expect(v.escalationLevel).toBe(0);
      expect(v.status).toBe('in_progress');
    } finally {
      await h.terminate('test over');
    }
  });

  test('a resolution the API sent before its commitment fell due is met in time', async () => {
    const taskQueue = `late-worker-resolve-${Date.now().toString(36)}`;
    const { h } = await openedThenAway(taskQueue, { callbackSla: '1h', resolutionSla: '5s' });
    const called = await lateWorker(taskQueue, () =>
      h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }),
    );
    const due = Date.parse(called.sla.resolution.dueAt!);
    const resolve = () =>
      h.startUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'done', summary: 'the photos are back' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
    const { outcome, v } = await sentWhileAway(taskQueue, h, resolve, due - 1_000, due + 2_000);
    try {
      expect(outcome).toBe('applied');
      expect(v.status).toBe('resolved');
      expect(v.sla.resolution.breached).toBe(false);
      expect(kinds(v)).not.toContain('sla_breached');
      expect(v.escalationLevel).toBe(0);
    } finally {
      await h.terminate('test over');
    }
  });

  test('a wait on the member the API sent before the commitment fell due pauses the clock with the time then left', async () => {
    const taskQueue = `late-worker-wait-${Date.now().toString(36)}`;
    const { h } = await openedThenAway(taskQueue, { callbackSla: '1h', resolutionSla: '5s' });
    const called = await lateWorker(taskQueue, () =>
      h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }),
    );
    const due = Date.parse(called.sla.resolution.dueAt!);
    const wait = () =>
      h.startUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'the member sends the photos' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
    const { outcome, v } = await sentWhileAway(taskQueue, h, wait, due - 1_000, due + 2_000);
    try {
      expect(outcome).toBe('applied');
      expect(v.status).toBe('waiting_on_member');
      expect(Date.parse(v.sla.resolution.pausedSince!)).toBeLessThan(due);
      const resumed = await lateWorker(taskQueue, () =>
        h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app, note: 'photos sent' }] }),
      );
      // resumed with the second or so that was left when the wait was sent: not breached at once
      expect(Date.parse(resumed.sla.resolution.dueAt!)).toBeGreaterThan(Date.now());
      expect(resumed.sla.resolution.breached).toBe(false);
      expect(kinds(resumed)).not.toContain('sla_breached');
      expect(resumed.escalationLevel).toBe(0);
    } finally {
      await h.terminate('test over');
    }
  });
});
