/**
 * A reassignment hands the case to another manager's ladder, and with it who approves its waiting compensations
 * (that ladder's supervisor, approval.ts `approverFor`). The new approver is asked, as a proposal asks its
 * approver: otherwise the proposal waited for someone who had never been told of it, until its approval timed out
 * and climbed the case.
 */
import type { EngineContext } from './case-context';
import { approverFor } from './approval';
import { approvalRequestReason } from './approval-requests';
import { REASSIGN_ASKS_NEW_APPROVERS_PATCH } from './patches';

const waiting = (engine: EngineContext) =>
  engine.view.compensations.filter((c) => c.status === 'pending_approval');

/** Who is asked to approve each waiting compensation now, by its id. */
export function approversNow(engine: EngineContext): Map<string, string> {
  return new Map(waiting(engine).map((c) => [c.id, approverFor(engine, c).id]));
}

/** Asks the approver of each waiting compensation whose approver is no longer the one in `before`. */
export function askNewApprovers(engine: EngineContext, before: Map<string, string>): void {
  const changed = waiting(engine).filter((c) => approverFor(engine, c).id !== before.get(c.id));
  if (changed.length === 0 || !engine.versions.has(REASSIGN_ASKS_NEW_APPROVERS_PATCH)) return;
  for (const c of changed) {
    // Raised right after the reassignment's own notification, with no timeline entry between: keyed apart.
    engine.notify(approverFor(engine, c), approvalRequestReason(c), 'approval_request', {
      keySuffix: `/approval/${c.id}`,
    });
  }
}
