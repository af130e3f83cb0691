/**
 * Reading cases in the workflow tests: a case's view (at once, or polled until it shows background work), its
 * timeline entries by kind, and an action's result as the view.
 */
import type { CallerCaseView, CaseView, TimelineEntry } from '../../workflows/domain';
import { caseViewQuery } from '../../workflows/messages';
import { eventually } from './eventually';
import type { CaseHandle } from './workflow-harness';

/**
 * Polls the case view (real time, no time skipping) until `predicate` holds: for work the workflow does in the
 * background (sagas started by a callback or a deadline, one-off edge calls).
 */
export async function waitForView(
  handle: CaseHandle,
  predicate: (v: CaseView) => boolean,
  what = 'the expected case view',
  timeoutMs = 20_000,
): Promise<CaseView> {
  let last: CaseView | undefined;
  return eventually(
    what,
    async () => {
      last = await handle.query(caseViewQuery);
      return predicate(last) ? last : undefined;
    },
    { timeoutMs, context: () => `last view: ${last ? JSON.stringify(summarize(last), null, 1) : 'none'}` },
  );
}

/** The parts of a view a failure message needs. */
function summarize(v: CaseView) {
  return {
    status: v.status,
    escalationLevel: v.escalationLevel,
    compensations: v.compensations.map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      amount: c.amount.amount,
    })),
    ledger: v.ledger,
    timeline: v.timeline.map((t) => `${t.kind}: ${t.text}`),
  };
}

export const view = (handle: CaseHandle): Promise<CaseView> => handle.query(caseViewQuery);

export const kinds = (v: CaseView): string[] => v.timeline.map((e) => e.kind);
export const entriesOf = (v: CaseView, kind: string): TimelineEntry[] =>
  v.timeline.filter((e) => e.kind === kind);
export const texts = (v: CaseView, kind: string): string[] => entriesOf(v, kind).map((e) => e.text);
export const count = (v: CaseView, kind: string): number => entriesOf(v, kind).length;

/** The newest timeline entry of a kind (fails the test if there is none). */
export function lastEntry(v: CaseView, kind: string): TimelineEntry {
  const found = entriesOf(v, kind).at(-1);
  if (!found) throw new Error(`no "${kind}" entry in the timeline: ${kinds(v).join(', ')}`);
  return found;
}

/** An action's result as the case view: without the caller's `allowedActions`, which the view query lacks. */
export const asView = ({
  allowedActions: _allowed,
  actionChoices: _choices,
  ...v
}: CallerCaseView): CaseView => v;
