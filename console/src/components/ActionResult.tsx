import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActionForm } from '../actions';

export interface Outcome {
  text: string;
}

/**
 * What the last action did, and a way to say it. A new object each time, so the same words said twice are still
 * said (and focused) twice.
 */
export function useActionResult(): [Outcome | null, (caseId: string, form: ActionForm) => void] {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return [outcome, (caseId, form) => setOutcome({ text: `Done: ${form.label} on case ${caseId}.` })];
}

/**
 * The last action's outcome, where the keyboard focus goes once its form has closed: the button that opened the
 * form is often gone with the action (Call back, Approve in the inbox, Reassign on the board), and focus would
 * fall back to the page's body, leaving a keyboard or screen-reader user unaware of what happened.
 */
export function ActionResult({ outcome }: { outcome: Outcome | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [outcome]);
  if (!outcome) return null;
  return (
    <p ref={ref} class="action-result" role="status" tabIndex={-1}>
      {outcome.text}
    </p>
  );
}
