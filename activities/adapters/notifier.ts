import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import { request } from 'undici';
import type { OwnerNotification } from '../../workflows/notices';

export type { OwnerNotification };

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

/**
 * The webhook's JSON (API.md, Notifications): the trigger, the case, its owner and level, and for assignments,
 * warnings and SLA escalations the clock and its due time; plus the fields sent before (event, reason, breach).
 */
export function webhookBody(n: OwnerNotification): Record<string, unknown> {
  const clock = n.clock ?? n.breach?.clock;
  return {
    event: 'case.owner_changed',
    ...n,
    // Notifications of cases that predate triggers were all escalations or reassignments; the level tells which.
    trigger: n.trigger ?? (n.breach || n.escalationLevel > 0 ? 'escalation' : 'reassignment'),
    ...(clock ? { clock } : {}),
  };
}

/**
 * A 4xx other than 408 (timeout) and 429 (too many) refuses this notification as it is: asking again, a hundred
 * times over hours, would change nothing. A 5xx or no answer is worth the activity's retries.
 */
const refusesForGood = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * Posts each notification as JSON; the receiver dedupes on the Idempotency-Key header. Through undici's
 * `request` (pooled keep-alive connections) rather than `fetch`, which costs the worker several times the CPU
 * per POST (0.46 against 0.08 ms alone; more under a burst, when every opening and breach notifies).
 */
export function webhookNotifier(url: string, timeoutMs = 5_000): Notifier {
  return {
    async notifyOwner(n) {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': n.idempotencyKey },
        body: JSON.stringify(webhookBody(n)),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Read to the end, so that the connection goes back to the pool.
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode > 299) {
        const message = `notification webhook answered ${res.statusCode}`;
        if (refusesForGood(res.statusCode))
          throw ApplicationFailure.nonRetryable(message, 'notification_refused');
        throw new Error(message);
      }
    },
  };
}
