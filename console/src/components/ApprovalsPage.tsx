import { useState } from 'preact/hooks';
import type { ActionForm } from '../actions';
import { age, formatMoney, label } from '../format';
import { useNow, usePoll } from '../hooks';
import { loadInbox, withView } from '../inbox';
import { href } from '../router';
import { useSession } from '../session-context';
import { ActionDialog } from './ActionDialog';
import { ActionResult, useActionResult } from './ActionResult';
import { TierBadge } from './Badges';
import { Countdown } from './Countdown';
import { DataTable } from './DataTable';
import { ErrorBox } from './ErrorBox';
import { FormButtons } from './FormButtons';
import { ListCut } from './ListCut';

const REFRESH_MS = 15_000;

/** Every compensation the signed-in person may approve now (inbox.ts), Approve and Reject in its row. */
export function ApprovalsPage() {
  const { api } = useSession();
  const inbox = usePoll(() => loadInbox(api), REFRESH_MS, 'approvals');
  const [open, setOpen] = useState<{ caseId: string; form: ActionForm } | null>(null);
  const [outcome, announce] = useActionResult();
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
        <button type="button" class="link" onClick={() => void inbox.refresh()}>
          Refresh
        </button>
      </p>
      <ListCut truncated={inbox.data?.truncated} rest="The rest show here as these are decided." />
      <ActionResult outcome={outcome} />
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
                {comp.proposedBy}
                {comp.setOffBy && ` (set off by ${comp.setOffBy.join(', ')})`}, {age(comp.proposedAt, now)}
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
          onDone={(view) => {
            // The answer's view takes the decided row off at once; a load in flight before it is dropped.
            if (inbox.data) inbox.set(withView(inbox.data, view));
            void inbox.reload();
            announce(open.caseId, open.form);
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </main>
  );
}
