import type { ActionForm } from '../actions';

/** One button per action form, each opening its form (cancelling a case is marked dangerous). */
export function FormButtons({
  forms,
  onPick,
}: {
  forms: readonly ActionForm[];
  onPick: (form: ActionForm) => void;
}) {
  return (
    <>
      {forms.map((form) => (
        <button
          type="button"
          key={`${form.action} ${form.label}`}
          class={form.action === 'cancel' ? 'danger' : undefined}
          onClick={() => onPick(form)}
        >
          {form.label}
        </button>
      ))}
    </>
  );
}
