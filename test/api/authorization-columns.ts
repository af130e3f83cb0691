/**
 * The callers of the authorization tables (authorization-matrix.test.ts, authorization-escalated.test.ts): who
 * stands in each column of the main table, and how a cell's answer is judged: the expected status, the
 * contract's error code for a refusal, and no refusal naming anyone but the caller.
 */
import type { Call } from '../support/api-harness';

export const COLUMNS = [
  'system',
  'assignee manager',
  'other manager',
  'supervisor',
  'head',
  'engineer',
  'no token',
  'bad token',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Who stands in each column (the dev roster). The supervisor is not on the assignee's ladder: any supervisor may. */
export const PRINCIPAL: Record<Column, string | null> = {
  system: 'app',
  'assignee manager': 'mgr-xinyao',
  'other manager': 'mgr-qiu',
  supervisor: 'sup-wen',
  head: 'head-dai',
  engineer: 'eng-1',
  'no token': null,
  'bad token': null,
};
export const headersOf = (column: Column): Record<string, string> =>
  column === 'bad token' ? { authorization: 'Bearer not-a-token-in-the-roster' } : {};

const DENIED: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };

/** Every principal id of the roster but the caller's: a refusal names none of them (no owner, no one else). */
const OTHERS = (caller: string | null) =>
  Object.values(PRINCIPAL).filter((id): id is string => id !== null && id !== caller);

/** The cell's mismatch, if its answer is not the expected status and code, or a refusal names someone. */
export function mismatch(
  column: string,
  caller: string | null,
  expected: number,
  res: Call,
): object | undefined {
  const code = DENIED[expected];
  const words = new Set(String(res.body?.message).split(/[^\w-]+/));
  const named = code ? OTHERS(caller).filter((id) => words.has(id)) : [];
  if (res.status === expected && (code === undefined || res.body?.error === code) && named.length === 0) {
    return undefined;
  }
  return { column, expected, got: res.status, body: res.body, ...(named.length ? { named } : {}) };
}
