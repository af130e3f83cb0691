import type { ActionForm } from '../actions';
import { compensationOf, formsFor } from '../actions';
import type { CaseView } from '../types';
import { FormButtons } from './FormButtons';

/**
 * One button per allowed case action (the compensation rows carry Approve and Reject). Nothing allowed, or an
 * API that does not say: no buttons, and a line that says why.
 */
export function ActionBar({ view, onPick }: { view: CaseView; onPick: (form: ActionForm) => void }) {
  if (view.allowedActions === undefined) {
    return <p class="muted">This API does not say which actions you may take: none are offered.</p>;
  }
  const forms = view.allowedActions
    .filter((a) => compensationOf(a) === undefined)
    .flatMap((a) => formsFor(a, view.actionChoices?.[a]));
  if (forms.length === 0) {
    return <p class="muted">Read-only: there is nothing you may do on this case now.</p>;
  }
  return (
    <div class="action-bar" role="group" aria-label="Case actions">
      <FormButtons forms={forms} onPick={onPick} />
    </div>
  );
}
