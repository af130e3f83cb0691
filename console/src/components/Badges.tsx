import type { CaseSummary, CaseView } from '../types';
import { label } from '../format';

/** Marks carry words, not only colour: "Breached", "Escalated L2". */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{label(status)}</span>;
}

export function TierBadge({ tier }: { tier: string }) {
  return <span class={`badge tier tier-${tier}`}>{label(tier)}</span>;
}

export function Flags({ breached, level }: { breached: boolean; level: number }) {
  return (
    <>
      {breached && <span class="badge breached">Breached</span>}
      {level > 0 && <span class="badge escalated">Escalated L{level}</span>}
    </>
  );
}

export const summaryFlags = (c: CaseSummary) => <Flags breached={c.breached} level={c.escalationLevel} />;

export const viewBreached = (v: CaseView) => v.sla.callback.breached || v.sla.resolution.breached;
