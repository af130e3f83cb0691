import type { Logger } from 'pino';
import type { Person } from '../../workflows/domain';

export interface OwnerNotification {
  caseId: string;
  owner: Person;
  escalationLevel: number;
  reason: string;
  /** Stable per notification, so a retried activity lets the receiver drop duplicates. */
  idempotencyKey: string;
  /** Why the owner is told; absent from cases that predate it. */
  trigger?: 'escalation' | 'reassignment' | 'approval_request';
  /** The SLA breach that caused this escalation: which clock, its due time and when the case saw it (ISO). */
  breach?: { clock: 'callback' | 'resolution'; dueAt: string; breachedAt: string };
}

/** Edge: tells a person a case is now theirs (pager, IM, email gateway...). */
export interface Notifier {
  notifyOwner(notification: OwnerNotification): Promise<void>;
}

export function logNotifier(logger: Pick<Logger, 'info'>): Notifier {
  return {
    async notifyOwner(n) {
      // Ids and kinds only: the reason is free text (personal data); the owner reads it in the case.
      logger.info(
        {
          caseId: n.caseId,
          ownerId: n.owner.id,
          level: n.escalationLevel,
          trigger: n.trigger,
          idempotencyKey: n.idempotencyKey,
        },
        `case ${n.caseId}: ${n.trigger ?? 'owner change'} notification for ${n.owner.id}`,
      );
    },
  };
}

/** Posts each notification as JSON; the receiver dedupes on the Idempotency-Key header. */
export function webhookNotifier(url: string, timeoutMs = 5_000): Notifier {
  return {
    async notifyOwner(n) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': n.idempotencyKey },
        body: JSON.stringify({ event: 'case.owner_changed', ...n }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`notification webhook answered ${res.status}`);
    },
  };
}
