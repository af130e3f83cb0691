import { useEffect, useRef, useState } from 'preact/hooks';
import { hasUnanswered, keyFor, settle } from '../action-keys';
import type { ActionForm, Field } from '../actions';
import { checkNotBlank, formIsValid } from '../blank-text';
import { useSession } from '../session-context';
import type { CaseView } from '../types';
import { ErrorBox } from './ErrorBox';

interface Props {
  caseId: string;
  form: ActionForm;
  /** Ids to suggest for an owner field (reassign). */
  owners?: string[];
  onDone: (view: CaseView) => void;
  onClose: () => void;
}

function FieldInput({ field, id }: { field: Field; id: string }) {
  switch (field.kind) {
    case 'textarea':
      return (
        <textarea
          id={id}
          name={field.name}
          required={field.required}
          rows={3}
          maxLength={field.maxLength ?? 2000}
        />
      );
    case 'select':
      return (
        <select id={id} name={field.name}>
          {field.options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      );
    case 'yuan':
      return (
        <input
          id={id}
          name={field.name}
          required
          inputMode="decimal"
          autoComplete="off"
          placeholder="800.00"
        />
      );
    case 'score':
      return <input id={id} name={field.name} type="number" min={1} max={5} step={1} required />;
    case 'text':
      return (
        <input
          id={id}
          name={field.name}
          required={field.required}
          placeholder={field.hint}
          list={field.list}
          pattern={field.pattern}
          title={
            field.pattern ? `${field.label}: ${field.hint ?? 'as the API takes it'}, no spaces` : undefined
          }
          autoComplete="off"
        />
      );
  }
}

/**
 * One action's form in a modal dialog (focus stays inside, Escape closes it). The API's answer decides: the
 * new case view on success, its error body shown here when it refuses. The same request sent again, from this
 * dialog or a new one, carries the same Idempotency-Key until the API answers it (../action-keys.ts).
 */
export function ActionDialog({ caseId, form, owners = [], onDone, onClose }: Props) {
  const { api } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const titleId = `action-title-${form.label.replace(/\W+/g, '-')}`;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    d?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    return () => d?.close();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    // A field filled without an input event (autofill) is checked here too: blank text is never sent.
    if (!formIsValid(formElement)) return;
    const data = new FormData(formElement);
    const values = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    const body = form.body(values);
    if (typeof body === 'string') {
      setError(new Error(body));
      return;
    }
    const json = JSON.stringify(body);
    setBusy(true);
    setError(undefined);
    try {
      const view = await api.act(caseId, form.action, body, keyFor(caseId, form.action, json));
      settle(caseId, form.action, json, undefined);
      onDone(view);
      onClose();
    } catch (err) {
      settle(caseId, form.action, json, err);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="action-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      // Not closed while sending: its answer, shown here, is how the person learns what was done.
      onCancel={(e) => busy && e.preventDefault()}
    >
      <form onInput={(e) => checkNotBlank(e.target)} onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>{form.label}</h2>
        <p class="muted">
          Case <code>{caseId}</code>
        </p>
        {form.fields.map((field) => (
          <div class="field" key={field.name}>
            <label for={`f-${field.name}`}>{field.label}</label>
            <FieldInput field={field} id={`f-${field.name}`} />
          </div>
        ))}
        {owners.length > 0 && (
          <datalist id="owners">
            {owners.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        )}
        {hasUnanswered(caseId, form.action) && (
          <p class="warning" role="note">
            An earlier “{form.label}” on this case got no answer and may have been done. The same request
            again is safe; before sending a changed one, check the case.
          </p>
        )}
        <ErrorBox error={error} title="Not done" focus />
        <div class="dialog-buttons">
          <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Sending…' : 'Confirm'}
          </button>
          <button type="button" disabled={busy} onClick={() => dialog.current?.close()}>
            Discard
          </button>
        </div>
      </form>
    </dialog>
  );
}
