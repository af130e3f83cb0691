/**
 * Cases put in a state through the API, as the platform and a manager's own client would, before a browser test
 * looks at them: a trip to cancel, a callback made, compensations waiting for approval.
 */
import { caseBody } from '../support/case-fixtures';
import { request } from '../support/http-requests';
import { token } from '../support/tokens';

/** Opens a trip cancellation departing on `departureDate`, for a super-tier member of mgr-xinyao; its id. */
export async function openTrip(base: string, memberId: string, departureDate: string): Promise<string> {
  const body = caseBody('travel_cancellation', { memberId, tier: 'super', details: { departureDate } });
  const res = await request(base, 'POST', '/v1/cases', token('app'), body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** `POST /v1/cases/{id}/{action}` as `who`, answered 200; the case view. */
export async function actAs(
  base: string,
  who: string,
  caseId: string,
  action: string,
  body: object,
): Promise<Record<string, unknown>> {
  const key = `${who}-${action}-${caseId}-${JSON.stringify(body).length}-${Math.random()}`;
  const res = await request(base, 'POST', `/v1/cases/${caseId}/${action}`, token(who), body, {
    'idempotency-key': key.replace(/[^\w.:-]/g, '-'),
  });
  expect([action, res.status, res.body.error]).toEqual([action, 200, undefined]);
  return res.body as Record<string, unknown>;
}

/**
 * mgr-xinyao calls the member back and proposes a goodwill gift of `yuan` per entry of `gifts` (above a super
 * member's 500 CNY authority, so each waits for approval); the compensations' ids, in order.
 */
export async function giftsAwaitingApproval(
  base: string,
  caseId: string,
  gifts: number[],
): Promise<string[]> {
  await actAs(base, 'mgr-xinyao', caseId, 'callback', { note: 'reached the member' });
  const ids: string[] = [];
  for (const yuan of gifts) {
    const view = await actAs(base, 'mgr-xinyao', caseId, 'compensations', {
      kind: 'goodwill_gift',
      amount: { amount: yuan * 100, currency: 'CNY' },
      reason: `a gift of ${yuan} yuan`,
    });
    const comps = view.compensations as { id: string; status: string }[];
    const last = comps[comps.length - 1]!;
    expect(last.status).toBe('pending_approval');
    ids.push(last.id);
  }
  return ids;
}
