/**
 * One bare opening of the floor (bench/floor-workflow.ts) as a Temporal user makes it, from any client: what the
 * bench's floor side, the ladder's rungs and the floor's bare HTTP route (bench/floor-http-entry.ts) call. Only
 * the client's side: the floor's worker is in bench/floor.ts.
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { casePriority } from '../workflows/priority';
import { caseSearchAttributes } from '../workflows/search-attributes';
import { floorReadyUpdate, floorStateQuery, type FloorInput, type floorCase } from './floor-workflow';
import { AB_TIER } from './policy';

export const FLOOR_TASK_QUEUE = 'bench-floor';
/** The API's deadline on each Temporal call (api/main.ts); the bench's direct and floor calls get the same. */
export const CALL_TIMEOUT_MS = 10_000;

let seq = 0;

/** What a rung of the ladder adds to the bare opening (`--ladder`). */
export interface FloorVariant {
  /** Start with a case's search attributes, memo and static summary, as the API does. */
  index?: boolean;
  /** Start with the task priority of the bench's tier, as the API does (`casePriority`). */
  priority?: boolean;
  /** Open by Update-with-Start, an update the first task completes (the API's way), instead of start + query. */
  byUpdate?: boolean;
}

const INDEX: SearchAttributePair[] = caseSearchAttributes({
  type: 'concierge',
  status: 'awaiting_callback',
  tier: AB_TIER,
  assigneeId: 'mgr-xinyao',
  memberId: 'm-bench',
  escalationLevel: 0,
  breached: false,
  nextDueAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
});

/**
 * One bare opening: start the floor workflow (its timer due in hours), then query it (answered once its first
 * task has run, so the timer is armed); or, `byUpdate`, one Update-with-Start its first task completes. Each
 * call has the deadline the API's CaseClient gives its calls.
 */
export async function openFloor(
  client: Client,
  callTimeoutMs: number,
  v: FloorVariant = {},
): Promise<string> {
  seq += 1;
  const id = `floor-${Date.now().toString(36)}-${seq}`;
  const options = {
    taskQueue: FLOOR_TASK_QUEUE,
    workflowId: id,
    args: [{ id, dueInMs: 4 * 3_600_000 }] as [FloorInput],
    ...(v.priority ? { priority: casePriority(AB_TIER) } : {}),
    ...(v.index
      ? {
          typedSearchAttributes: INDEX,
          memo: { requestHash: 'f'.repeat(64), requestedAt: Date.now() },
          staticSummary: 'concierge case · super member m-bench · manager mgr-xinyao',
          staticDetails: 'Opened by app (system) for member m-bench (super); dedicated manager mgr-xinyao',
        }
      : {}),
  };
  if (v.byUpdate) {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof floorCase>('floorCase', {
      ...options,
      workflowIdConflictPolicy: 'FAIL',
    });
    await client.withDeadline(Date.now() + callTimeoutMs, () =>
      client.workflow.executeUpdateWithStart(floorReadyUpdate, { startWorkflowOperation }),
    );
    return id;
  }
  const handle = await client.withDeadline(Date.now() + callTimeoutMs, () =>
    client.workflow.start<typeof floorCase>('floorCase', options),
  );
  await client.withDeadline(Date.now() + callTimeoutMs, () => handle.query(floorStateQuery));
  return id;
}
