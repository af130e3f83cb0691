/**
 * The case's current details in the Temporal UI, set again by every run: whom the case is for (the static summary
 * set at its start is not carried into a run that continues as new), where it stands, and what it waits for next.
 * Ids, kinds and times only.
 */
import type { CaseEngine } from './case-engine';
import { caseStaticSummary } from './search-attributes';

export function currentDetails(engine: CaseEngine): string {
  const v = engine.view;
  const next = engine.owedNext;
  return [
    caseStaticSummary({ type: v.type, tier: v.member.tier, memberId: v.member.id, managerId: v.manager.id }),
    `**${v.status}** · level ${v.escalationLevel} · owner ${v.assignee.id}` +
      (v.sla.callback.breached || v.sla.resolution.breached ? ' · SLA breached' : ''),
    ...(next && v.nextDueAt ? [`next due ${v.nextDueAt}: ${next.summary}`] : []),
  ].join('\n\n');
}
