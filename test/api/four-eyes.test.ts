/**
 * DOMAIN.md, "Trust and segregation of duties", through the API: a manager who opened a case cannot get money
 * out on it alone (four eyes), and a single compensation above `headApprovalAbove` (default 50,000 CNY) waits for
 * the head, `apass_top` included, to the fen.
 */
import { call, conciergeBody, harnessSuite, policy, type Call } from '../support/api-harness';
import { eventually } from '../support/eventually';

const h = harnessSuite();

const ok = (res: Call, what: string) => {
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};
const post = (who: string, url: string, body: unknown = {}) => call(h.app, who, 'POST', url, body);
const compensation = (view: { compensations: { id: string }[] }, id: string) =>
  view.compensations.find((c) => c.id === id) as Record<string, unknown>;
const executed = (caseId: string, id: string) =>
  eventually(`compensation ${id} to be executed`, async () => {
    const view = ok(await call(h.app, 'eng-1', 'GET', `/v1/cases/${caseId}`), 'read');
    expect(compensation(view, id).status).toBe('executed');
    return view;
  });

test('a manager opens a case and proposes a small gift within authority: it waits; they cannot approve, a supervisor can', async () => {
  const opened = ok(
    await post('mgr-xinyao', '/v1/cases', { ...conciergeBody(), member: { id: 'm-1041' } }),
    'open',
  );
  expect(opened.openedBy).toBe('mgr-xinyao');
  const caseId = opened.id;
  ok(await post('mgr-xinyao', `/v1/cases/${caseId}/callback`), 'callback');
  // 100 CNY, far within the apass manager authority of 2,000 CNY
  const proposed = ok(
    await post('mgr-xinyao', `/v1/cases/${caseId}/compensations`, {
      kind: 'goodwill_gift',
      amount: { amount: 10_000, currency: 'CNY' },
      reason: 'flowers',
    }),
    'propose',
  );
  expect(compensation(proposed, 'c1')).toMatchObject({
    status: 'pending_approval',
    proposedBy: 'mgr-xinyao',
  });
  expect(compensation(proposed, 'c1').rule).toContain('four eyes');

  const self = await post('mgr-xinyao', `/v1/cases/${caseId}/compensations/c1/approve`, { note: 'me' });
  expect(self.status).toBe(403);
  expect(self.body.error).toBe('forbidden');

  const approved = ok(await post('sup-zheng', `/v1/cases/${caseId}/compensations/c1/approve`), 'approve');
  expect(compensation(approved, 'c1').approvedBy).toBe('sup-zheng');
  const view = await executed(caseId, 'c1');
  expect(view.ledger.paid.amount).toBe(10_000);
});

test('the head ceiling to the fen: at headApprovalAbove apass_top executes at once; one fen more waits for the head', async () => {
  const ceiling = policy.headApprovalAbove;
  expect(ceiling).toBe(5_000_000);
  const opened = ok(await post('app', '/v1/cases', conciergeBody({ tier: 'apass_top' })), 'open');
  const caseId = opened.id;
  ok(await post('mgr-xinyao', `/v1/cases/${caseId}/callback`), 'callback');
  const propose = (amount: number) =>
    post('mgr-xinyao', `/v1/cases/${caseId}/compensations`, {
      kind: 'substitute_purchase',
      amount: { amount, currency: 'CNY' },
      reason: 'the pendant bought from another jeweller',
    });

  const at = ok(await propose(ceiling), 'propose at the ceiling');
  expect(['executing', 'executed']).toContain(compensation(at, 'c1').status);
  await executed(caseId, 'c1');

  const above = ok(await propose(ceiling + 1), 'propose above the ceiling');
  expect(compensation(above, 'c2')).toMatchObject({ status: 'pending_approval' });
  expect(compensation(above, 'c2').rule).toContain("needs the head's approval");

  const bySupervisor = await post('sup-zheng', `/v1/cases/${caseId}/compensations/c2/approve`);
  expect(bySupervisor.status).toBe(403);
  expect(bySupervisor.body).toEqual({
    error: 'forbidden',
    message: expect.stringContaining('only the head may approve it'),
  });

  const byHead = ok(await post('head-dai', `/v1/cases/${caseId}/compensations/c2/approve`), 'head approves');
  expect(compensation(byHead, 'c2').approvedBy).toBe('head-dai');
  const view = await executed(caseId, 'c2');
  expect(view.ledger.paid.amount).toBe(2 * ceiling + 1);
});
