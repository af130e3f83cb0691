/**
 * The floor a Temporal user compares the case engine with: a bare workflow that arms one timer and answers one
 * query, nothing else (no search attributes, no memo, no activity, the SDK's default data converter). Bundled on
 * its own for a worker of its own (bench/floor.ts), on its own task queue, in the measured stack's worker process.
 */
import { defineQuery, setHandler, sleep } from '@temporalio/workflow';

export interface FloorState {
  id: string;
  openedAt: number;
  dueAt: number;
}

export const floorStateQuery = defineQuery<FloorState>('state');

export async function floorCase(input: { id: string; dueInMs: number }): Promise<void> {
  const openedAt = Date.now();
  const state: FloorState = { id: input.id, openedAt, dueAt: openedAt + input.dueInMs };
  setHandler(floorStateQuery, () => state);
  await sleep(input.dueInMs);
}
