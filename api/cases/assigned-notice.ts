/**
 * The `assigned` notification of a case the API opens (DOMAIN.md, Notifications), sent by the API just before it
 * starts the case, instead of by the case's first workflow task.
 *
 * Why: sent by the case, it is a local activity, and on a worker that costs about as much CPU as the rest of the
 * opening together (docs/performance.md); from the API it is one POST. The notification is the very one the case
 * would send (computed by the same pure code, with the same idempotency key), so a receiver that has it drops a
 * copy. The start input then says it was sent; a notification the API could not send (the webhook down, slow or
 * refusing) leaves the flag unset, and the case sends it itself with its retries, so no case that opens goes
 * untold. The price: a start that fails after the POST leaves a notification of a case that did not open; the
 * platform's retry with the same Idempotency-Key opens that very case (same id, same key: the receiver drops
 * the repeat).
 *
 * A keyed opening may repeat one that opened the case already (minutes or days later), or reuse its key with
 * another body (a 409, maybe naming another manager): its notice would go out again under the case's own key,
 * with the repeat's due time or the wrong owner, to a receiver that may keep the first one it gets. So a keyed
 * opening looks the case id up first (one describe) and sends the notice only when no case has it; when that
 * cannot be told, the case sends its own.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Notifier } from '../../activities/adapters/notifier';
import type { CaseClient } from '../temporal/case-client';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import type { CaseTypeRegistry } from '../../workflows/case-types';
import { ownerNotification, type OwnerNotification } from '../../workflows/notices';
import type { OpenCaseInput } from '../../workflows/open-case-input';

/** How long an opening waits for the webhook before leaving the notification to the case. */
export const ASSIGNED_NOTICE_TIMEOUT_MS = 1_000;

/** The notification the case would send in its first workflow task, opened from `input` at `requestedAt`. */
export function assignedNotice(
  input: OpenCaseInput,
  requestedAt: number,
  caseTypes: CaseTypeRegistry,
): OwnerNotification {
  const state = openCase(input, requestedAt);
  new CaseEngine(state, caseTypes.get(input.type)).announceAssignment();
  const [effect] = state.outbox;
  if (effect?.kind !== 'notify') throw new Error(`case ${input.id}: its opening owes no notification`);
  return ownerNotification(input.id, effect.change);
}

/** Whether no case has this id yet (a keyed opening's first request); false when Temporal cannot tell. */
export async function noCaseYet(cases: CaseClient, caseId: string): Promise<boolean> {
  try {
    return (await cases.describeOpening(caseId, true)) === undefined;
  } catch {
    return false;
  }
}

/**
 * Sends the case's `assigned` notification; whether it was delivered (false: the case must send it, as it must
 * for an input without `requestedAt`, whose opening time only the workflow knows).
 */
export async function sendAssignedNotice(
  notifier: Notifier,
  input: OpenCaseInput,
  caseTypes: CaseTypeRegistry,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): Promise<boolean> {
  if (input.requestedAt === undefined) return false;
  const notice = assignedNotice(input, input.requestedAt, caseTypes);
  try {
    await notifier.notifyOwner(notice);
    // Ids and kinds only: the reason is free text.
    log.info({ ownerId: notice.owner.id, trigger: notice.trigger }, 'owner notified before the start');
    return true;
  } catch (err) {
    log.warn(
      { ownerId: notice.owner.id, error: err instanceof Error ? err.message : String(err) },
      'the owner could not be notified before the start: the case will notify them',
    );
    return false;
  }
}
