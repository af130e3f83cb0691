/**
 * The floor a Temporal user compares the case engine with: a bare workflow that arms one timer and answers one
 * query, nothing else (no search attributes, no memo, no activity, the SDK's default data converter). Bundled on
 * its own for a worker of its own (bench/floor.ts), on its own task queue, in the measured stack's worker process.
 * For `--ladder` (where an opening's cost goes) it can add, one at a time, what a case's opening adds: `patched()`
 * calls (each a marker and a TemporalChangeVersion upsert) and a notification activity scheduled with the timer
 * (or run as a local activity, to measure that alternative).
 */
import {
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

export interface FloorState {
  id: string;
  openedAt: number;
  dueAt: number;
}

export interface FloorInput {
  id: string;
  dueInMs: number;
  /** How many distinct patches the first task checks (a new case checks those of its own code). */
  patches?: number;
  /**
   * Tell the owner in the first task, as a case does when it opens: an activity scheduled with the timer
   * (`true`, what a case does), or a local activity run inside the first task (`'local'`).
   */
  notify?: boolean | 'local';
}

export interface FloorActivities {
  floorNotify(id: string): Promise<void>;
}

export const floorStateQuery = defineQuery<FloorState>('state');
/** Completed by the first task, for an opening by Update-with-Start (the API's way) instead of start + query. */
export const floorReadyUpdate = defineUpdate<true>('ready');

const { floorNotify } = proxyActivities<FloorActivities>({ startToCloseTimeout: '30s' });
const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '10s' });

export async function floorCase(input: FloorInput): Promise<void> {
  const openedAt = Date.now();
  const state: FloorState = { id: input.id, openedAt, dueAt: openedAt + input.dueInMs };
  setHandler(floorStateQuery, () => state);
  setHandler(floorReadyUpdate, () => true as const);
  for (let i = 1; i <= (input.patches ?? 0); i += 1) patched(`bench-floor-patch-${i}`);
  if (input.notify === 'local') await local.floorNotify(input.id);
  const notified = input.notify === true ? floorNotify(input.id) : undefined;
  await sleep(input.dueInMs);
  await notified;
}
