/**
 * The floor a Temporal user compares the case engine with: a bare workflow that arms one timer and answers one
 * query, nothing else (no search attributes, no memo, no activity, the SDK's default data converter). Bundled on
 * its own for a worker of its own (bench/floor.ts), on its own task queue, in the measured stack's worker process.
 * What a case's opening adds at its start (its index, its priority, Update-with-Start) is added by the client for
 * `--ladder` (bench/floor.ts).
 */
import { defineQuery, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

export interface FloorState {
  id: string;
  openedAt: number;
  dueAt: number;
}

export interface FloorInput {
  id: string;
  dueInMs: number;
}

export const floorStateQuery = defineQuery<FloorState>('state');
/** Completed by the first task, for an opening by Update-with-Start (the API's way) instead of start + query. */
export const floorReadyUpdate = defineUpdate<true>('ready');

export async function floorCase(input: FloorInput): Promise<void> {
  const openedAt = Date.now();
  const state: FloorState = { id: input.id, openedAt, dueAt: openedAt + input.dueInMs };
  setHandler(floorStateQuery, () => state);
  setHandler(floorReadyUpdate, () => true as const);
  await sleep(input.dueInMs);
}
