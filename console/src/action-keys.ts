/**
 * The Idempotency-Key of each action request this console sent and has no answer to yet, for the whole session:
 * closing the dialog, or reopening it and typing the same request again, sends the same key, so an answer lost on
 * the way (a network error, a gateway's 502 or 504) can never apply a compensation twice. Once the API has
 * answered (applied, or refused: a refused request is not remembered by the case), the key is spent: the same
 * request typed again on purpose is a new one.
 */
import { ApiError, newIdempotencyKey } from './api';

const unanswered = new Map<string, string>();
const slot = (caseId: string, action: string, body: string) => JSON.stringify([caseId, action, body]);

/** The key for this request: the one already sent for it without an answer, else a new one. */
export function keyFor(caseId: string, action: string, body: string): string {
  const id = slot(caseId, action, body);
  let key = unanswered.get(id);
  if (key === undefined) {
    key = newIdempotencyKey();
    unanswered.set(id, key);
  }
  return key;
}

/** Whether the API's answer says what became of the request: a success, or a refusal (4xx). */
export function isAnswer(outcome: unknown): boolean {
  return !(outcome instanceof ApiError) || (outcome.status >= 400 && outcome.status < 500);
}

/** The request got `outcome`: an answer spends its key; anything else (no answer) keeps it for the next try. */
export function settle(caseId: string, action: string, body: string, outcome: unknown): void {
  if (isAnswer(outcome)) unanswered.delete(slot(caseId, action, body));
}

/** Whether a request of this action on this case got no answer (and so may have been applied). */
export function hasUnanswered(caseId: string, action: string): boolean {
  return [...unanswered.keys()].some((id) => {
    const [c, a] = JSON.parse(id) as [string, string, string];
    return c === caseId && a === action;
  });
}
