/**
 * A required text of nothing but whitespace: the browser's `required` takes it and the API refuses it (400, "must
 * not be blank"). An action form marks such a field invalid itself, so the browser refuses it before sending, with
 * a message naming the field, like an empty one.
 */

/** The message for a field, by its label; '' when the text is not blank. */
export function blankProblem(label: string, value: string): string {
  // trim() removes exactly the whitespace the API's "not blank" rule looks past (api/schemas/common.ts).
  return value !== '' && value.trim() === '' ? `${label} must not be blank: spaces alone are not text.` : '';
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

const requiredText = (el: unknown): el is TextField =>
  (el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && el.type === 'text')) &&
  el.required;

/** Marks `el` (any element or event target) invalid when it is a required text field holding only whitespace. */
export function checkNotBlank(el: unknown): void {
  if (!requiredText(el)) return;
  const label = el.labels?.[0]?.textContent?.trim() || 'This field';
  el.setCustomValidity(blankProblem(label, el.value));
}

/** Checks every field of the form and shows the browser's message on the first invalid one; whether all pass. */
export function formIsValid(form: HTMLFormElement): boolean {
  for (const el of Array.from(form.elements)) checkNotBlank(el);
  return form.reportValidity();
}
