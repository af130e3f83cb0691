/**
 * Activities of the case workflow, built by a factory so tests pass their own edges.
 * Every activity is safe to run twice: lookups are pure reads, edges receive an idempotency key.
 */
import type { Roster } from '../config/roster';
import type { Person } from '../workflows/domain';
import type { Notifier, OwnerNotification } from './adapters/notifier';

export interface ActivityDeps {
  roster: Roster;
  notifier: Notifier;
}

export function createActivities(deps: ActivityDeps) {
  return {
    /** Who owns a case at an escalation level, read from the roster in force now. */
    async lookupEscalationOwner(input: { managerId: string; level: number }): Promise<Person> {
      return deps.roster.ownerAtLevel(input.managerId, input.level);
    },

    async notifyOwner(notification: OwnerNotification): Promise<void> {
      await deps.notifier.notifyOwner(notification);
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
