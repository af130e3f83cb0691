/** Reading a case and advancing it: POST /v1/cases/{id}/{action} answers with the new view. */
import { call, conciergeBody, disputeBody, harnessSuite, openCase } from '../support/api-harness';
import { eventually } from '../support/eventually';

const h = harnessSuite();

const act = (who: string, id: string, action: string, body?: unknown) =>
  call(h.app, who, 'POST', `/v1/cases/${id}/${action}`, body);

describe('GET /v1/cases/{id}', () => {
  test('supervisors, heads, engineers and the platform read any case; managers only their own (else 404)', async () => {
    const view = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
    for (const who of ['app', 'mgr-xinyao', 'sup-wen', 'head-dai', 'eng-1']) {
      const res = await call(h.app, who, 'GET', `/v1/cases/${view.id}`);
      expect({ who, status: res.status, id: res.body.id }).toEqual({ who, status: 200, id: view.id });
    }
    const other = await call(h.app, 'mgr-qiu', 'GET', `/v1/cases/${view.id}`);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ error: 'not_found', message: `case ${view.id} does not exist` });
  });

  test('after an escalation the dedicated manager still reads the case, and the new owner can too', async () => {
    const view = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
    const up = await act('mgr-xinyao', view.id, 'escalate', { reason: 'member asks for a supervisor' });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      escalationLevel: 1,
      assignee: { id: 'mgr-lin' },
      manager: { id: 'mgr-xinyao' },
    });
    expect((await call(h.app, 'mgr-xinyao', 'GET', `/v1/cases/${view.id}`)).status).toBe(200);
    expect((await call(h.app, 'mgr-lin', 'GET', `/v1/cases/${view.id}`)).status).toBe(200);
    expect((await call(h.app, 'mgr-qiu', 'GET', `/v1/cases/${view.id}`)).status).toBe(404);
  });
});

describe('the common lifecycle', () => {
  test('callback, note, wait on the member, resume, resolve, rate: each answers with the new view and links', async () => {
    const { id } = await openCase(h.app, conciergeBody());

    const callback = await act('mgr-xinyao', id, 'callback', { note: 'reached her on WeChat' });
    expect(callback.status).toBe(200);
    expect(callback.body.status).toBe('in_progress');
    expect(callback.body.sla.callback.metAt).not.toBeNull();
    expect(callback.body.sla.resolution.dueAt).not.toBeNull();
    expect(callback.body.links).toEqual({
      self: `/v1/cases/${id}`,
      temporalUi: `http://localhost:8233/namespaces/default/workflows/${id}`,
    });

    const note = await act('mgr-xinyao', id, 'notes', { text: 'lab in Hangzhou can recover RAW files' });
    expect(note.status).toBe(200);
    expect(note.body.timeline.at(-1)).toMatchObject({
      actor: 'mgr-xinyao',
      text: expect.stringContaining('RAW files'),
    });

    const wait = await act('mgr-xinyao', id, 'wait', {
      on: 'member',
      reason: 'waiting for the card by courier',
    });
    expect(wait.body.status).toBe('waiting_on_member');
    expect(wait.body.sla.resolution.pausedSince).not.toBeNull();

    const resume = await act('app', id, 'resume', { note: 'card arrived' });
    expect(resume.status).toBe(200);
    expect(resume.body.status).toBe('in_progress');
    expect(resume.body.sla.resolution.pausedSince).toBeNull();

    const resolve = await act('mgr-xinyao', id, 'resolve', {
      code: 'photos_recovered',
      summary: '412 of 430 photos recovered',
    });
    expect(resolve.status).toBe(200);
    expect(resolve.body).toMatchObject({
      status: 'resolved',
      resolution: { code: 'photos_recovered', resolvedBy: 'mgr-xinyao' },
    });
    expect(resolve.body.followUpEndsAt).not.toBeNull();

    const rate = await act('app', id, 'rate', { score: 5, comment: 'wonderful' });
    expect(rate.status).toBe(200);
    expect(rate.body.rating).toMatchObject({ score: 5, comment: 'wonderful' });

    const read = await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`);
    expect(read.body.status).toBe('resolved');
    expect(read.body.rating.score).toBe(5);
  });

  test('an action the state does not allow is 409 invalid_transition and changes nothing', async () => {
    const { id } = await openCase(h.app, conciergeBody());
    expect((await act('mgr-xinyao', id, 'callback')).status).toBe(200);
    expect((await act('mgr-xinyao', id, 'resolve', { code: 'done', summary: 'done' })).status).toBe(200);
    const before = (await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`)).body;

    const again = await act('mgr-xinyao', id, 'resolve', { code: 'done', summary: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'invalid_transition', message: expect.any(String) });
    expect((await act('mgr-xinyao', id, 'callback')).status).toBe(409);

    const after = (await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`)).body;
    expect(after).toEqual(before);
  });

  test('rating before resolution is 409', async () => {
    const { id } = await openCase(h.app, conciergeBody());
    const res = await act('app', id, 'rate', { score: 4 });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('invalid_transition');
  });

  test('a manager who may not see the case is 404 from the workflow; a supervisor may act on any case', async () => {
    const { id } = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
    const res = await act('mgr-qiu', id, 'callback');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: `case ${id} does not exist` });
    expect((await act('sup-wen', id, 'callback')).status).toBe(200);
  });

  test('reassign hands the case to another manager; reopen restarts a resolved case', async () => {
    const { id } = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
    const moved = await act('sup-zheng', id, 'reassign', { managerId: 'mgr-qiu', reason: 'Xinyao on leave' });
    expect(moved.status).toBe(200);
    expect(moved.body.assignee.id).toBe('mgr-qiu');
    expect((await act('mgr-xinyao', id, 'callback')).status).toBe(404); // no longer theirs even to see
    expect((await act('mgr-qiu', id, 'callback')).status).toBe(200);
    expect((await act('mgr-qiu', id, 'resolve', { code: 'done', summary: 'done' })).status).toBe(200);

    const reopened = await act('app', id, 'reopen', { reason: 'member says the lab lost three albums' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', resolution: null });
  });
});

describe('compensation', () => {
  test('within limits a refund executes; above the manager authority it waits for a supervisor who did not propose it', async () => {
    const { id } = await openCase(h.app, disputeBody({ tier: 'apass', credit: 'good', price: 420000 }));
    expect((await act('mgr-xinyao', id, 'callback')).status).toBe(200);

    const refund = await act('mgr-xinyao', id, 'compensations', {
      kind: 'instant_refund',
      amount: { amount: 100000, currency: 'CNY' },
      reason: 'chain missing',
    });
    expect(refund.status).toBe(200);
    const c1 = refund.body.compensations.at(-1);
    expect(c1).toMatchObject({ kind: 'instant_refund', proposedBy: 'mgr-xinyao' });
    expect(['executing', 'executed']).toContain(c1.status);
    await eventually('the refund to be executed and paid', async () => {
      const v = (await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`)).body;
      expect(v.compensations.find((c: { id: string }) => c.id === c1.id).status).toBe('executed');
      expect(v.ledger.paid.amount).toBe(100000);
      return v;
    });

    const gift = await act('sup-zheng', id, 'compensations', {
      kind: 'goodwill_gift',
      amount: { amount: 300000, currency: 'CNY' },
      reason: 'a silk scarf for the trouble',
    });
    expect(gift.status).toBe(200);
    const c2 = gift.body.compensations.at(-1);
    expect(c2.status).toBe('pending_approval');

    const byProposer = await act('sup-zheng', id, `compensations/${c2.id}/approve`, {});
    expect(byProposer.status).toBe(403);
    expect(byProposer.body.error).toBe('forbidden');
    expect((await act('mgr-xinyao', id, `compensations/${c2.id}/approve`, {})).status).toBe(403);

    const approved = await act('head-dai', id, `compensations/${c2.id}/approve`, { note: 'fine' });
    expect(approved.status).toBe(200);
    const c2after = approved.body.compensations.find((c: { id: string }) => c.id === c2.id);
    expect(c2after.approvedBy).toBe('head-dai');
    expect(['executing', 'executed']).toContain(c2after.status);

    const unknown = await act('head-dai', id, 'compensations/c99/approve', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
  });

  test('refunds beyond the order price are 422 limit_exceeded', async () => {
    const { id } = await openCase(h.app, disputeBody({ price: 50000 }));
    expect((await act('mgr-xinyao', id, 'callback')).status).toBe(200);
    const res = await act('mgr-xinyao', id, 'compensations', {
      kind: 'instant_refund',
      amount: { amount: 50001, currency: 'CNY' },
      reason: 'too much',
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: 'limit_exceeded', message: expect.any(String) });
  });

  test('a rejected proposal is rejected', async () => {
    const { id } = await openCase(h.app, disputeBody({ credit: 'restricted' }));
    expect((await act('mgr-xinyao', id, 'callback')).status).toBe(200);
    const proposed = await act('mgr-xinyao', id, 'compensations', {
      kind: 'instant_refund',
      amount: { amount: 1000, currency: 'CNY' },
      reason: 'restricted credit needs approval',
    });
    const cid = proposed.body.compensations.at(-1).id;
    expect(proposed.body.compensations.at(-1).status).toBe('pending_approval');
    const rejected = await act('sup-zheng', id, `compensations/${cid}/reject`, { reason: 'needs proof' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.compensations.at(-1)).toMatchObject({ status: 'rejected', rejectedBy: 'sup-zheng' });
  });

  test('asking the edge again is only for a step whose answer is unknown: else 409, 404, 400 or 403', async () => {
    const { id } = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
    expect((await act('mgr-xinyao', id, 'callback')).status).toBe(200);
    const gift = { kind: 'goodwill_gift', amount: { amount: 1000, currency: 'CNY' }, reason: 'a scarf' };
    const proposed = await act('mgr-xinyao', id, 'compensations', gift);
    expect(proposed.body.compensations[0].status).toBe('executed');
    expect(proposed.body.allowedActions).not.toContain('compensations/c1/recheck');
    expect((await act('mgr-xinyao', id, 'compensations/c1/recheck', {})).status).toBe(403); // supervisor+
    const executed = await act('sup-zheng', id, 'compensations/c1/recheck', {});
    expect(executed.status).toBe(409);
    expect(executed.body).toEqual({
      error: 'invalid_transition',
      message: 'c1 is executed, with no step whose answer is unknown: there is nothing to ask',
    });
    expect((await act('sup-zheng', id, 'compensations/c9/recheck', {})).body.error).toBe('not_found');
    expect((await act('sup-zheng', id, 'compensations/c1/recheck', { reason: 'x' })).status).toBe(400);
    expect((await act('app', id, 'compensations/c1/recheck', {})).status).toBe(403);
  });
});

describe('an ended case', () => {
  test('cancelled: still readable, every further action is 409 invalid_transition', async () => {
    const { id } = await openCase(h.app, conciergeBody());
    const cancel = await act('app', id, 'cancel', { reason: 'member withdrew' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');

    // Once the workflow has completed, the update goes to a finished execution: still 409, not 404.
    await eventually('the workflow to complete', async () => {
      const d = await h.env.client.workflow.getHandle(id).describe();
      expect(d.status.name).toBe('COMPLETED');
      return d;
    });
    for (const [action, body] of [
      ['notes', { text: 'too late' }],
      ['escalate', { reason: 'r' }],
      ['cancel', { reason: 'again' }],
    ] as const) {
      const res = await act('sup-zheng', id, action, body);
      expect({ action, status: res.status, error: res.body.error }).toEqual({
        action,
        status: 409,
        error: 'invalid_transition',
      });
    }
    const read = await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('cancelled');
  });
});
