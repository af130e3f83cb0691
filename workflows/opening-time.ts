/** When a fresh case opens: the time the API accepted it, so the API's 201 and the workflow agree exactly. */
import type { OpenCaseInput } from './open-case-input';
import { OPEN_AT_REQUESTED_TIME_PATCH } from './patches';
import type { Versions } from './versions';

/** The opening time of a fresh case (workflow context). Cases started without `requestedAt` open at start. */
export function openingTime(open: OpenCaseInput, versions: Versions): number {
  if (open.requestedAt !== undefined && versions.has(OPEN_AT_REQUESTED_TIME_PATCH)) return open.requestedAt;
  return Date.now();
}
