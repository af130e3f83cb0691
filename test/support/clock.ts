/**
 * The workflow tests' clock: durations in ms, skipping the test server's clock to a time, and the epoch ms of the
 * ISO times a case view records.
 *
 * Time skipping: the test server jumps ahead only while the client awaits a workflow result or `env.sleep()`;
 * while it is "locked" (e.g. during an update) its clock runs at wall-clock speed, so durations measured
 * between two actions are a few ms longer than the sleep between them. Assert exact arithmetic against the
 * timestamps the workflow recorded, and bound the measured duration by the sleep.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Skips the test server's clock to `target` (epoch ms), firing every timer due before it. */
export async function sleepUntil(env: TestWorkflowEnvironment, target: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (target <= now) throw new Error(`sleepUntil: ${new Date(target).toISOString()} is already past`);
  await env.sleep(target - now);
}

/** Epoch ms of an ISO time the view must have set. */
export function t(iso: string | null | undefined): number {
  if (iso === null || iso === undefined) throw new Error('expected a time, got none');
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`not an ISO time: ${iso}`);
  return value;
}
