/** Waits on a case's history instead of a fixed sleep. */
import type { WorkflowHandle } from '@temporalio/client';
import { eventually } from './eventually';

/**
 * Until the case is idle: no workflow task or activity pending, its history ending in a completed workflow task.
 * After the test server's clock skipped past a due time, whatever that time started (a timer's task, a payment)
 * has been decided by then.
 */
export async function untilIdle(h: WorkflowHandle): Promise<void> {
  await eventually(`${h.workflowId} to be idle`, async () => {
    const events = (await h.fetchHistory()).events ?? [];
    const { raw } = await h.describe();
    const pending = raw.pendingWorkflowTask || (raw.pendingActivities?.length ?? 0) > 0;
    return !pending && events.at(-1)?.workflowTaskCompletedEventAttributes !== undefined;
  });
}
