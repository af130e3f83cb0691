/**
 * Activities of the case workflow, built by a factory so tests pass their own edges.
 * Every activity is safe to run twice: edges receive an idempotency key.
 */
import type { Roster } from '../config/roster';
import type { Notifier, OwnerNotification } from './adapters/notifier';

export interface ActivityDeps {
  roster: Roster;
  notifier: Notifier;
}

export function createActivities(deps: ActivityDeps) {
  return {
    async notifyOwner(notification: OwnerNotification): Promise<void> {
      await deps.notifier.notifyOwner(notification);
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
