/** When a fresh case opens: the time the API accepted it, so the API's 201 and the workflow agree exactly. */
import { patched } from '@temporalio/workflow';
import type { OpenCaseInput } from './open-case-input';

/**
 * Added after v3: a case used to open at its workflow's first task, which the API had to wait for (and which a
 * slow worker delays); it now opens at `requestedAt`, the time the API accepted it and computed its answer from.
 * Histories recorded before it replay with their own start time.
 */
export const OPEN_AT_REQUESTED_TIME_PATCH = 'open-at-requested-time';

/** The opening time of a fresh case (workflow context). Cases started without `requestedAt` open at start. */
export function openingTime(open: OpenCaseInput): number {
  if (open.requestedAt !== undefined && patched(OPEN_AT_REQUESTED_TIME_PATCH)) return open.requestedAt;
  return Date.now();
}
