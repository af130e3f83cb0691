import type { ActionForm } from '../actions';
import { compensationOf, formsFor } from '../actions';
import { formatMoney, label } from '../format';
import type { CaseView, Compensation } from '../types';
import { Countdown, Time } from './Countdown';
import { FormButtons } from './FormButtons';

/** Approve / Reject for this compensation, when allowedActions has them. */
function CompensationActions({
  comp,
  allowed,
  onPick,
}: {
  comp: Compensation;
  allowed: string[];
  onPick: (form: ActionForm) => void;
}) {
  const forms = allowed.filter((a) => compensationOf(a) === comp.id).flatMap((a) => formsFor(a));
  if (forms.length === 0) return null;
  return (
    <div class="row-actions" role="group" aria-label={`Decide on compensation ${comp.id}`}>
      <FormButtons forms={forms} onPick={onPick} />
    </div>
  );
}

function Decision({ comp }: { comp: Compensation }) {
  if (comp.approvedBy) return <>approved by {comp.approvedBy}</>;
  if (comp.rejectedBy) return <>rejected by {comp.rejectedBy}</>;
  if (comp.status === 'pending_approval' && comp.approvalDueAt) {
    return (
      <>
        awaiting approval, <Countdown due={comp.approvalDueAt} />
      </>
    );
  }
  return <span class="muted">within authority</span>;
}

/** Each compensation: kind, amount, status, the rule that decided whether it needed approval, its approver. */
export function Compensations({ view, onPick }: { view: CaseView; onPick: (form: ActionForm) => void }) {
  return (
    <section aria-labelledby="comp-title" class="card">
      <h2 id="comp-title">Compensations</h2>
      {view.compensations.length === 0 ? (
        <p class="muted">None proposed.</p>
      ) : (
        <ul class="plain compensations">
          {view.compensations.map((c) => (
            <li key={c.id} data-compensation={c.id} aria-labelledby={`comp-${c.id}`}>
              <div class="comp-head" id={`comp-${c.id}`}>
                <code>{c.id}</code> <strong>{label(c.kind)}</strong> <strong>{formatMoney(c.amount)}</strong>{' '}
                <span class={`badge comp-${c.status}`}>{label(c.status)}</span>
              </div>
              <dl class="facts">
                <div>
                  <dt>Approval</dt>
                  <dd>
                    <Decision comp={c} />
                  </dd>
                </div>
                <div>
                  <dt>Rule</dt>
                  <dd>{c.rule}</dd>
                </div>
                <div>
                  <dt>Proposed</dt>
                  <dd>
                    {c.proposedBy}
                    {c.setOffBy && ` (set off by ${c.setOffBy.join(', ')})`}, <Time at={c.proposedAt} />:{' '}
                    {c.reason}
                  </dd>
                </div>
                {c.payee && (
                  <div>
                    <dt>Payee</dt>
                    <dd>{c.payee}</dd>
                  </div>
                )}
              </dl>
              <CompensationActions comp={c} allowed={view.allowedActions ?? []} onPick={onPick} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
