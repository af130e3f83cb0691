/**
 * What the case tells people, as data: the SLA clocks, a breach, and an owner change the workflow turns into a
 * notification (the `notifyOwner` activity, or the API for a case it opens). A leaf: the engine, the SLA clocks, the workflow shell and the
 * activities all import it, and it imports nothing of theirs.
 */
import type { Person } from './domain';

export type SlaClockName = 'callback' | 'resolution';

/** A clock and when it falls due (ISO). */
export interface SlaDue {
  clock: SlaClockName;
  dueAt: string;
}

/** Which SLA breached, when it was due and when the case saw it (its timer fired): ISO times. */
export interface SlaBreach {
  clock: SlaClockName;
  dueAt: string;
  breachedAt: string;
}

export type NotifyTrigger = 'assigned' | 'sla_warning' | 'escalation' | 'reassignment' | 'approval_request';

/** What a notification says besides its reason: the breach behind it, the clock the owner must act on. */
export interface Notice {
  breach?: SlaBreach;
  sla?: SlaDue;
  /** What the notification says, when the timeline's words hold free text (a person's reason): without it. */
  told?: string;
  /**
   * Added to its key (`<case>/owner/<timeline length>`) by a notification raised beside another with no timeline
   * entry between them: each must have a key of its own (the webhook's Idempotency-Key, its later tries).
   */
  keySuffix?: string;
}

export interface OwnerChange {
  key: string;
  owner: Person;
  escalationLevel: number;
  reason: string;
  /** Why the owner is told (for metrics); absent in states written before it was added. */
  trigger?: NotifyTrigger;
  /** The SLA breach that caused this escalation. */
  breach?: SlaBreach;
  /** The clock the owner must now act on and its due time: on assignment, a warning, an SLA escalation. */
  sla?: SlaDue;
}

/** A notification as the notifier sends it (activities/adapters/notifier.ts). */
export interface OwnerNotification {
  caseId: string;
  owner: Person;
  escalationLevel: number;
  reason: string;
  /** Stable per notification, so a retried activity lets the receiver drop duplicates. */
  idempotencyKey: string;
  /** Why the owner is told; absent from cases that predate it. */
  trigger?: NotifyTrigger;
  /** The SLA breach that caused this escalation: which clock, its due time and when the case saw it (ISO). */
  breach?: SlaBreach;
  /** The clock the owner must act on and its due time (ISO): on assignment, a warning, an SLA escalation. */
  clock?: SlaClockName;
  dueAt?: string;
}

/** The notification an owner change of `caseId` sends: the same whoever sends it (the case, or the API). */
export function ownerNotification(caseId: string, change: OwnerChange): OwnerNotification {
  return {
    caseId,
    owner: change.owner,
    escalationLevel: change.escalationLevel,
    reason: change.reason,
    idempotencyKey: change.key,
    ...(change.trigger ? { trigger: change.trigger } : {}),
    ...(change.breach ? { breach: change.breach } : {}),
    ...(change.sla ? { clock: change.sla.clock, dueAt: change.sla.dueAt } : {}),
  };
}
