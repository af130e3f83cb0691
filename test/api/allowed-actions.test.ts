/**
 * `allowedActions` over HTTP: every case view the API returns names what its caller may do now, and each listed
 * action is one the API then accepts from that caller (and an unlisted one it refuses).
 */
import { call, conciergeBody, harnessSuite, openCase } from '../support/api-harness';

const h = harnessSuite();

const ROLES = ['app', 'mgr-xinyao', 'sup-zheng', 'head-dai', 'eng-1'] as const;

async function allowedByRole(id: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const who of ROLES) {
    const res = await call(h.app, who, 'GET', `/v1/cases/${id}`);
    expect(res.status).toBe(200);
    out[who] = [...(res.body.allowedActions as string[])].sort();
  }
  return out;
}

describe('allowedActions', () => {
  test('each role before and after each step of a case, and an action answer carries its caller’s list', async () => {
    const opened = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
    // The opening's answer is the opener's (the platform's) view.
    expect([...opened.allowedActions].sort()).toEqual(['cancel', 'escalate']);
    expect(await allowedByRole(opened.id)).toEqual({
      app: ['cancel', 'escalate'],
      'mgr-xinyao': ['callback', 'escalate', 'notes'],
      'sup-zheng': ['callback', 'cancel', 'escalate', 'notes', 'reassign'],
      'head-dai': ['callback', 'cancel', 'escalate', 'notes', 'reassign'],
      'eng-1': [],
    });

    const called = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${opened.id}/callback`, {});
    expect(called.status).toBe(200);
    expect([...called.body.allowedActions].sort()).toEqual([
      'compensations',
      'escalate',
      'notes',
      'resolve',
      'wait',
    ]);

    // A gift above the manager's authority waits for approval: approve and reject appear with its id.
    const gift = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${opened.id}/compensations`, {
      kind: 'goodwill_gift',
      amount: { amount: 900_000, currency: 'CNY' },
      reason: 'a silk scarf',
    });
    expect(gift.status).toBe(200);
    const cid = gift.body.compensations[0].id as string;
    expect(gift.body.compensations[0].status).toBe('pending_approval');
    const pending = await allowedByRole(opened.id);
    expect(pending['sup-zheng']).toEqual(
      expect.arrayContaining([`compensations/${cid}/approve`, `compensations/${cid}/reject`]),
    );
    expect(pending['mgr-xinyao']).not.toContain(`compensations/${cid}/approve`);
    expect(pending['mgr-xinyao']).not.toContain('resolve'); // money still waits
    expect(pending['eng-1']).toEqual([]);

    // What is listed is accepted; once applied, it is gone from the list.
    const approved = await call(
      h.app,
      'sup-zheng',
      'POST',
      `/v1/cases/${opened.id}/compensations/${cid}/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    expect(approved.body.allowedActions).not.toContain(`compensations/${cid}/approve`);
    const after = await allowedByRole(opened.id);
    expect(after['mgr-xinyao']).toContain('resolve');

    // What is not listed is refused.
    expect(after['mgr-xinyao']).not.toContain('reassign');
    const refused = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${opened.id}/reassign`, {
      managerId: 'mgr-lin',
      reason: 'x',
    });
    expect(refused.status).toBe(403);
  });
});
