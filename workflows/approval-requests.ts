/**
 * An approval request's words, written by the case and read back by it: a request sent late is dropped once its
 * compensation no longer waits on that approver (stale-notices.ts).
 */
import { yuan } from './approval';
import type { CompensationView } from './domain';
import type { OwnerChange } from './notices';

/** What an approval request says: the compensation's id first (`compensationAsked` reads it back). */
export const approvalRequestReason = (c: Pick<CompensationView, 'id' | 'kind' | 'amount'>) =>
  `${c.id} (${c.kind} of ${yuan(c.amount)}) waits for approval`;

/**
 * The compensation an approval request asks about, read from its words: a field of its own would add bytes to the
 * record that replayed held checks measure (record-budget.ts), and the words have named it first since v1.
 */
export function compensationAsked(change: Pick<OwnerChange, 'trigger' | 'reason'>): string | undefined {
  return change.trigger === 'approval_request' ? /^(c\d+) \(/.exec(change.reason)?.[1] : undefined;
}
