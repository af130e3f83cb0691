/**
 * The member's name and the case summary of each case in a list, read through the session's facts cache
 * (facts-cache.ts) and filled in as they arrive.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CaseFacts } from './facts-cache';
import { useSession } from './session-context';

/** Facts for these cases, filled in as they arrive. */
export function useCaseFacts(ids: readonly string[]): (id: string) => CaseFacts | undefined {
  const { api, facts } = useSession();
  const [, setVersion] = useState(0);
  const wanted = ids.join(',');
  useEffect(() => {
    const missing = facts.missing(ids, Date.now());
    if (missing.length === 0) return;
    let live = true;
    void facts
      .load(missing, async (id) => {
        const v = await api.view(id);
        return { memberName: v.member.name, summary: v.summary };
      })
      .then(() => live && setVersion((n) => n + 1));
    return () => {
      live = false;
    };
  }, [wanted, api, facts]); // `wanted` stands for `ids`
  return (id) => facts.get(id);
}
