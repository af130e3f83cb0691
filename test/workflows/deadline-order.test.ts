/**
 * A deadline that fell due before an action is applied before it, whatever the worker's lag: found by killing
 * the stack under load, where a callback landing 1.7 s after its due time, in the same workflow task as the
 * fired timer, was recorded late but never escalated. On a real dev server, with a worker that is away while
 * the callback SLA falls due and the late callback is sent. An action is timed as the API sent it: a callback
 * sent just before its due time, that the worker gets to just after, is met in time (workflows/action-time.ts).
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { rmSync } from 'node:fs';
import * as m from '../../workflows/messages';
import { testActivities } from '../support/activities';
import { actors, openInput, startCase } from '../support/cases';
import { testDataConverter, workflowBundle } from '../support/temporal';
import { kinds, view } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { devServerSuite } from '../support/workflow-harness';

const suite = devServerSuite();
const CALLBACK_SLA_MS = 4_000;

/** A worker that starts polling only when asked, on the given task queue. */
async function lateWorker<T>(taskQueue: string, body: () => Promise<T>): Promise<T> {
  const { activities, dataDir } = testActivities();
  try {
    const worker = await Worker.create({
      connection: suite.env.nativeConnection,
      namespace: suite.env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      dataConverter: testDataConverter,
      activities,
    });
    return await worker.runUntil(body);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('a deadline that fell due before an action', () => {
  test('is applied first, even when the worker sees the timer and the action in one task', async () => {
    const taskQueue = `late-worker-${Date.now().toString(36)}`;
    const handle = await lateWorker(taskQueue, async () => {
      const h = await startCase(
        suite.env.client.workflow,
        openInput({ policy: oddPolicy({ tiers: { apass: { callbackSla: '4s' } } }) }),
        taskQueue,
      );
      await view(h);
      return h;
    });
    // No worker polls now: the callback's timer fires on the server, unseen...
    await new Promise((resolve) => setTimeout(resolve, CALLBACK_SLA_MS + 2_000));
    // ...and the manager's late callback is admitted before a worker polls again.
    const late = handle.startUpdate(m.callbackUpdate, {
      args: [{ actor: actors.xinyao }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const outcome = await lateWorker(taskQueue, () =>
      late.then(
        (u) =>
          u.result().then(
            () => 'applied',
            (err: Error) => err.message,
          ),
        (err: Error) => err.message,
      ),
    );
    const v = await lateWorker(taskQueue, () => view(handle));
    try {
      // Same facts, same case: the breach escalated first; the former owner's callback is refused.
      expect(kinds(v)).toEqual(['opened', 'assigned', 'sla_breached', 'escalated']);
      expect(v.escalationLevel).toBe(1);
      expect(v.assignee.id).toBe('mgr-lin');
      expect(v.status).toBe('awaiting_callback');
      expect(outcome).not.toBe('applied');
    } finally {
      await handle.terminate('test over');
    }
  });

  test('comes after an action the API sent before it fell due, even when the worker got to both after', async () => {
    const taskQueue = `late-worker-sent-${Date.now().toString(36)}`;
    const handle = await lateWorker(taskQueue, async () => {
      const h = await startCase(
        suite.env.client.workflow,
        openInput({ policy: oddPolicy({ tiers: { apass: { callbackSla: '4s' } } }) }),
        taskQueue,
      );
      await view(h);
      return h;
    });
    const due = Date.parse((await lateWorker(taskQueue, () => view(handle))).sla.callback.dueAt!);
    // No worker polls now: the manager calls back a second before the due time (the API stamps it then)...
    await new Promise((resolve) => setTimeout(resolve, due - 1_000 - Date.now()));
    const inTime = handle.startUpdate(m.callbackUpdate, {
      args: [{ actor: actors.xinyao }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    // ...the timer fires on the server, unseen, and the worker comes back after it.
    await new Promise((resolve) => setTimeout(resolve, due + 2_000 - Date.now()));
    const outcome = await lateWorker(taskQueue, () =>
      inTime.then(
        (u) =>
          u.result().then(
            () => 'applied',
            (err: Error) => err.message,
          ),
        (err: Error) => err.message,
      ),
    );
    const v = await lateWorker(taskQueue, () => view(handle));
    try {
      expect(outcome).toBe('applied');
      expect(kinds(v)).toEqual(['opened', 'assigned', 'callback']);
      expect(v.sla.callback.breached).toBe(false);
      // Met when it was sent: before its due time, as `breached` says.
      expect(Date.parse(v.sla.callback.metAt!)).toBeLessThanOrEqual(due);
      expect(v.escalationLevel).toBe(0);
      expect(v.status).toBe('in_progress');
    } finally {
      await handle.terminate('test over');
    }
  });

  test('a resolution the API sent before its commitment fell due is met in time', async () => {
    const taskQueue = `late-worker-resolve-${Date.now().toString(36)}`;
    const policy = oddPolicy({ tiers: { apass: { callbackSla: '1h', resolutionSla: '5s' } } });
    const { handle, due } = await lateWorker(taskQueue, async () => {
      const h = await startCase(suite.env.client.workflow, openInput({ policy }), taskQueue);
      const v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      return { handle: h, due: Date.parse(v.sla.resolution.dueAt!) };
    });
    await new Promise((resolve) => setTimeout(resolve, due - 1_000 - Date.now()));
    const inTime = handle.startUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'done', summary: 'the photos are back' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await new Promise((resolve) => setTimeout(resolve, due + 2_000 - Date.now()));
    const outcome = await lateWorker(taskQueue, () =>
      inTime.then(
        (u) =>
          u.result().then(
            () => 'applied',
            (err: Error) => err.message,
          ),
        (err: Error) => err.message,
      ),
    );
    const v = await lateWorker(taskQueue, () => view(handle));
    try {
      expect(outcome).toBe('applied');
      expect(v.status).toBe('resolved');
      expect(v.sla.resolution.breached).toBe(false);
      expect(kinds(v)).not.toContain('sla_breached');
      expect(v.escalationLevel).toBe(0);
    } finally {
      await handle.terminate('test over');
    }
  });
});
