import { usePoll } from './hooks';
import { useSession } from './session-context';

/** How often the roster's managers are asked again (the roster changes with a deployment). */
const MANAGERS_REFRESH_MS = 5 * 60_000;

/**
 * The managers a case may be reassigned to, for the reassign form's suggestions: the roster's managers, the
 * case's current owner left out (the API refuses a reassignment to them). Empty for who does not reassign.
 */
export function useReassignTargets(): (currentOwnerId: string) => string[] {
  const { api, me } = useSession();
  const reassigns = me.role === 'supervisor' || me.role === 'head';
  const managers = usePoll(
    async () => (reassigns ? (await api.managers()).items.map((m) => m.id) : []),
    MANAGERS_REFRESH_MS,
    `managers:${me.id}`,
  );
  return (currentOwnerId) => (managers.data ?? []).filter((id) => id !== currentOwnerId);
}
