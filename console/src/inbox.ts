/**
 * The approvals inbox's content: the open cases with a compensation waiting (the `awaitingApproval` list, from the
 * cases' search attributes), each view kept for the compensations the signed-in person may approve now (its
 * `compensations/{id}/approve` is in allowedActions): the index finds the candidates, the API decides. Views read a
 * few at a time (fanout.ts).
 */
import { formsFor, type ActionForm } from './actions';
import { listCases, readViews, type CaseReader } from './fanout';
import type { CaseView, Compensation } from './types';

export interface Pending {
  view: CaseView;
  comp: Compensation;
  /** approve and reject, as allowedActions names them for this compensation. */
  forms: ActionForm[];
}

export interface Inbox {
  rows: Pending[];
  scanned: number;
  unreadable: number;
  /** The listing stopped at its limit: more cases may wait than were read. */
  truncated: boolean;
}

/** The rows of these views: one per compensation the caller may approve now, oldest first. */
function rowsOf(views: readonly CaseView[]): Pending[] {
  const rows = views.flatMap((view) =>
    view.compensations.flatMap((comp) => {
      const mine = (view.allowedActions ?? []).filter((a) => a.startsWith(`compensations/${comp.id}/`));
      return mine.includes(`compensations/${comp.id}/approve`)
        ? [{ view, comp, forms: mine.flatMap((a) => formsFor(a)) }]
        : [];
    }),
  );
  return rows.sort((a, b) => a.comp.proposedAt.localeCompare(b.comp.proposedAt));
}

export async function loadInbox(api: CaseReader): Promise<Inbox> {
  const open = await listCases(api, { awaitingApproval: 'true' });
  const { views, unreadable } = await readViews(
    api,
    open.items.map((c) => c.id),
  );
  return { rows: rowsOf(views), scanned: open.items.length, unreadable, truncated: open.truncated };
}

/** The inbox with one case's rows taken from its newer view (an action's answer): a decided row leaves at once. */
export function withView(inbox: Inbox, view: CaseView): Inbox {
  const others = inbox.rows.filter((r) => r.view.id !== view.id);
  const views = [...new Map(others.map((r) => [r.view.id, r.view])).values(), view];
  return { ...inbox, rows: rowsOf(views) };
}
