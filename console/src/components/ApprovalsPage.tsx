import { useState } from 'preact/hooks';
import { formsFor, type ActionForm } from '../actions';
import { listCases, readViews } from '../fanout';
import { age, formatMoney, label } from '../format';
import { useNow, usePoll } from '../hooks';
import { href } from '../router';
import { useSession } from '../session-context';
import type { Compensation, CaseView } from '../types';
import { ActionDialog } from './ActionDialog';
import { TierBadge } from './Badges';
import { Countdown } from './Countdown';
import { DataTable } from './DataTable';
import { ErrorBox } from './ErrorBox';
import { FormButtons } from './FormButtons';

interface Pending {
  view: CaseView;
  comp: Compensation;
  /** approve and reject, as allowedActions names them for this compensation. */
  forms: ActionForm[];
}

interface Inbox {
  rows: Pending[];
  scanned: number;
  unreadable: number;
}

const REFRESH_MS = 15_000;

/**
 * The open cases with a compensation waiting (the `awaitingApproval` list, from the cases' search attributes),
 * each view kept for the compensations the signed-in person may approve now (its `compensations/{id}/approve` is
 * in allowedActions): the index finds the candidates, the API decides. Views read a few at a time (fanout.ts).
 */
async function loadInbox(api: ReturnType<typeof useSession>['api']): Promise<Inbox> {
  const open = await listCases(api, { awaitingApproval: 'true' });
  const { views, unreadable } = await readViews(
    api,
    open.map((c) => c.id),
  );
  const rows = views.flatMap((view) =>
    view.compensations.flatMap((comp) => {
      const mine = (view.allowedActions ?? []).filter((a) => a.startsWith(`compensations/${comp.id}/`));
      return mine.includes(`compensations/${comp.id}/approve`)
        ? [{ view, comp, forms: mine.flatMap((a) => formsFor(a)) }]
        : [];
    }),
  );
  rows.sort((a, b) => a.comp.proposedAt.localeCompare(b.comp.proposedAt));
  return { rows, scanned: open.length, unreadable };
}

export function ApprovalsPage() {
  const { api } = useSession();
  const inbox = usePoll(() => loadInbox(api), REFRESH_MS, 'approvals');
  const [open, setOpen] = useState<{ caseId: string; form: ActionForm } | null>(null);
  const now = useNow();
  const rows = inbox.data?.rows ?? [];
  return (
    <main id="main" tabIndex={-1}>
      <h1>Approvals</h1>
      <p class="muted" aria-live="polite">
        {inbox.data
          ? `${rows.length} waiting for your approval, oldest first (${inbox.data.scanned} open ` +
            `${inbox.data.scanned === 1 ? 'case has' : 'cases have'} a compensation waiting` +
            `${inbox.data.unreadable ? `; ${inbox.data.unreadable} could not be read` : ''}).`
          : 'Reading the cases with a compensation waiting…'}{' '}
        <button type="button" class="link" onClick={() => void inbox.reload()}>
          Refresh
        </button>
      </p>
      {inbox.error !== undefined && <ErrorBox error={inbox.error} title="Could not refresh the inbox" />}
      {rows.length > 0 && (
        <DataTable
          caption="Compensations waiting for approval"
          columns={['Case', 'Kind', 'Amount', 'Rule', 'Proposed', 'Approval due']}
          actions="Decide"
        >
          {rows.map(({ view, comp, forms }) => (
            <tr key={`${view.id}/${comp.id}`} data-approval={`${view.id}/${comp.id}`}>
              <td data-label="Case">
                <a href={href.case(view.id)}>{view.member.name}</a> <code class="small">{view.id}</code>{' '}
                <TierBadge tier={view.member.tier} />
              </td>
              <td data-label="Kind">{label(comp.kind)}</td>
              <td data-label="Amount">{formatMoney(comp.amount)}</td>
              <td data-label="Rule">{comp.rule}</td>
              <td data-label="Proposed">
                {comp.proposedBy}, {age(comp.proposedAt, now)}
                <div class="muted small">{comp.reason}</div>
              </td>
              <td data-label="Approval due">
                <Countdown due={comp.approvalDueAt} none="no deadline" />
              </td>
              <td data-label="Decide">
                <div class="row-actions">
                  <FormButtons forms={forms} onPick={(form) => setOpen({ caseId: view.id, form })} />
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {inbox.data && rows.length === 0 && <p>Nothing waits for your approval.</p>}
      {open && (
        <ActionDialog
          caseId={open.caseId}
          form={open.form}
          onDone={() => void inbox.reload()}
          onClose={() => setOpen(null)}
        />
      )}
    </main>
  );
}
