/**
 * When an action happened, for the deadlines it is weighed against: when the API sent it (its sealed stamp), not
 * when the worker got to it. A manager's callback sent a second before its SLA fell due, that reached a worker
 * running a few seconds behind, was met in time: the breach must not come first, hand the case to the backup and
 * refuse the callback. Only a short lag is taken on the stamp's word (the API's own 10 s wait for an action to be
 * accepted): beyond it the caller was told to try again, and the worker's clock decides.
 */
import type { Acting } from './action-args';
import type { CaseEngine } from './case-engine';
import { DEADLINES_AS_SENT_PATCH } from './patches';

export const SENT_LAG_HONOURED_MS = 10_000;

/** The instant up to which deadlines are applied before the action (the rest after it). */
export function deadlinesBeforeAction(engine: CaseEngine, args: Acting): number {
  const now = engine.now();
  const sentAt = args.sent?.at;
  if (sentAt === undefined || sentAt >= now || now - sentAt > SENT_LAG_HONOURED_MS) return now;
  // Only a case where it makes a difference asks the version.
  if (!engine.hasDeadlineDueBetween(sentAt, now)) return now;
  return engine.versions.has(DEADLINES_AS_SENT_PATCH) ? sentAt : now;
}
