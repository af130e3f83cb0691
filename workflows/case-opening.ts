/**
 * A case as it opens: its view, its carried state and its first timeline entries, from the start input and the
 * opening time. Pure: the workflow opens a case with it, and the API answers an opening with the very same view.
 */
import type { CaseState } from './case-state';
import type { CaseView, Person } from './domain';
import type { OpenCaseInput } from './open-case-input';
import { slaDueAfter, slaTimeNote } from './sla-clocks';
import { humanDuration, iso } from './time';

/** Own bound on a run's history, well below the server's limits, so long-lived cases stay cheap to replay. */
export const HISTORY_EVENTS_PER_RUN = 5_000;

export function openCase(input: OpenCaseInput, now: number): CaseState {
  const callbackDue = slaDueAfter(input.policy.tier, now, input.policy.tier.callbackSlaMs);
  const view: CaseView = {
    id: input.id,
    type: input.type,
    status: 'awaiting_callback',
    member: input.member,
    summary: input.summary,
    details: input.details,
    openedAt: iso(now),
    openedBy: input.openedBy.id,
    assignee: input.manager,
    manager: input.manager,
    escalationLevel: 0,
    sla: {
      callback: { dueAt: iso(callbackDue), metAt: null, breached: false },
      resolution: { dueAt: null, pausedMs: 0, pausedSince: null, breached: false },
    },
    nextDueAt: iso(callbackDue),
    compensations: [],
    ledger: { paid: cny(0), recovered: cny(0), absorbed: cny(0), entries: [] },
    linkedCases: input.linkedCases ?? [],
    resolution: null,
    rating: null,
    followUpEndsAt: null,
    closedAt: null,
    timeline: [],
  };
  const state: CaseState = {
    view,
    policy: input.policy,
    openedByRole: input.openedBy.role,
    ladder: input.ladder,
    handledDeadlines: {},
    typeState: {},
    sagas: [],
    outbox: [],
    runCount: 1,
    ...(input.generation === undefined ? {} : { generation: input.generation }),
    historyEventsPerRun: input.historyEventsPerRun ?? HISTORY_EVENTS_PER_RUN,
    ...(input.recordBudgetBytes === undefined ? {} : { recordBudgetBytes: input.recordBudgetBytes }),
  };
  const entry = (kind: string, actor: string, text: string) =>
    view.timeline.push({ at: iso(now), kind, actor, text });
  entry('opened', input.openedBy.id, `${input.type} case opened: ${input.summary}`);
  entry(
    'assigned',
    'system',
    `assigned to dedicated manager ${personLabel(input.manager)}; callback due within ${humanDuration(input.policy.tier.callbackSlaMs)}${slaTimeNote(input.policy.tier)}`,
  );
  return state;
}

export const cny = (amount: number) => ({ amount, currency: 'CNY' as const });
export const personLabel = (p: Person) => (p.alias ? `${p.alias} (${p.id})` : p.id);
