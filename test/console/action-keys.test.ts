/**
 * The console's Idempotency-Keys (console/src/action-keys.ts): a request sent without an answer keeps its key for
 * the session, whatever dialog sends it next, so a lost answer never applies a compensation twice; an answer
 * spends it.
 */
import { hasUnanswered, keyFor, settle } from '../../console/src/action-keys';
import { ApiError } from '../../console/src/api';

const body = JSON.stringify({ kind: 'instant_refund', amount: { amount: 80000, currency: 'CNY' } });
const noAnswer = new ApiError(0, { error: 'network', message: 'The API could not be reached.' });
const gateway = new ApiError(504, { error: 'http_504', message: 'The API answered 504.' });
const refused = new ApiError(422, { error: 'limit_exceeded', message: 'above the limit' });

test('a request without an answer keeps its key until the API answers; the answer spends it', () => {
  const first = keyFor('case-1', 'compensations', body);
  settle('case-1', 'compensations', body, noAnswer);
  expect(hasUnanswered('case-1', 'compensations')).toBe(true);
  expect(keyFor('case-1', 'compensations', body)).toBe(first);
  settle('case-1', 'compensations', body, gateway);
  expect(keyFor('case-1', 'compensations', body)).toBe(first);

  settle('case-1', 'compensations', body, undefined); // applied
  expect(hasUnanswered('case-1', 'compensations')).toBe(false);
  expect(keyFor('case-1', 'compensations', body)).not.toBe(first);
});

test('a refusal spends the key too: the case does not remember a refused request', () => {
  const first = keyFor('case-2', 'compensations', body);
  settle('case-2', 'compensations', body, refused);
  expect(hasUnanswered('case-2', 'compensations')).toBe(false);
  expect(keyFor('case-2', 'compensations', body)).not.toBe(first);
});

test('keys are per case, action and body', () => {
  const a = keyFor('case-3', 'compensations', body);
  expect(keyFor('case-4', 'compensations', body)).not.toBe(a);
  expect(keyFor('case-3', 'notes', body)).not.toBe(a);
  expect(keyFor('case-3', 'compensations', JSON.stringify({ text: 'x' }))).not.toBe(a);
  expect(hasUnanswered('case-3', 'callback')).toBe(false);
});
