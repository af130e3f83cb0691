/** GET /v1/cases (filters, pagination, who sees what) and GET /v1/managers/{id}/queue, from visibility. */
import {
  call,
  conciergeBody,
  disputeBody,
  harnessSuite,
  openCase,
  uniqueMemberId,
} from '../support/api-harness';
import { eventually } from '../support/eventually';

const h = harnessSuite();

const list = (who: string, qs: string) => call(h.app, who, 'GET', `/v1/cases?${qs}`);
const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();

/** Visibility lags: poll until the listing shows exactly the expected ids. */
async function listed(who: string, qs: string, expected: string[]) {
  return eventually(`the list ${qs} to hold exactly the expected cases`, async () => {
    const res = await list(who, qs);
    expect(res.status).toBe(200);
    expect(ids(res.body.items)).toEqual([...expected].sort());
    return res.body;
  });
}

describe('GET /v1/cases', () => {
  const memberId = uniqueMemberId('list');
  const opened = { dispute: '', concierge: '', otherManager: '' };

  beforeAll(async () => {
    opened.dispute = (await openCase(h.app, disputeBody({ memberId, tier: 'apass' }))).id;
    opened.concierge = (await openCase(h.app, conciergeBody({ memberId, tier: 'apass' }))).id;
    opened.otherManager = (
      await openCase(h.app, conciergeBody({ memberId, tier: 'apass', managerId: 'mgr-qiu' }))
    ).id;
    const r = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${opened.concierge}/callback`, {});
    expect(r.status).toBe(200);
    const e = await call(h.app, 'mgr-qiu', 'POST', `/v1/cases/${opened.otherManager}/escalate`, {
      reason: 'r',
    });
    expect(e.status).toBe(200);
  });

  test('items are summaries decoded from the search attributes, with links', async () => {
    const body = await listed('app', `memberId=${memberId}`, Object.values(opened));
    expect(body.nextPageToken).toBeNull();
    const dispute = body.items.find((i: { id: string }) => i.id === opened.dispute);
    expect(dispute).toEqual({
      id: opened.dispute,
      type: 'dispute',
      status: 'awaiting_callback',
      tier: 'apass',
      memberId,
      assigneeId: 'mgr-xinyao',
      escalationLevel: 0,
      breached: false,
      nextDueAt: expect.stringMatching(/Z$/),
      openedAt: expect.stringMatching(/Z$/),
      links: {
        self: `/v1/cases/${opened.dispute}`,
        temporalUi: `http://localhost:8233/namespaces/default/workflows/${opened.dispute}`,
      },
    });
  });

  test('filters: status, type, assigneeId, tier, escalationLevel, breached', async () => {
    const m = `memberId=${memberId}`;
    await listed('sup-zheng', `${m}&status=in_progress`, [opened.concierge]);
    await listed('sup-zheng', `${m}&status=awaiting_callback`, [opened.dispute, opened.otherManager]);
    await listed('sup-zheng', `${m}&type=dispute`, [opened.dispute]);
    await listed('sup-zheng', `${m}&assigneeId=mgr-xinyao`, [opened.dispute, opened.concierge]);
    await listed('sup-zheng', `${m}&escalationLevel=1`, [opened.otherManager]);
    await listed('sup-zheng', `${m}&escalationLevel=1&assigneeId=sup-wen`, [opened.otherManager]);
    await listed('sup-zheng', `${m}&tier=apass&type=concierge`, [opened.concierge, opened.otherManager]);
    await listed('sup-zheng', `${m}&tier=standard`, []);
    await listed('sup-zheng', `${m}&breached=true`, []);
  });

  test('an ended case stays listed: cancelled, by its status and with no status filter', async () => {
    const member = uniqueMemberId('list-ended');
    const ended = (await openCase(h.app, conciergeBody({ memberId: member }))).id;
    const open = (await openCase(h.app, conciergeBody({ memberId: member }))).id;
    const res = await call(h.app, 'sup-zheng', 'POST', `/v1/cases/${ended}/cancel`, { reason: 'withdrawn' });
    expect(res.status).toBe(200);
    await listed('sup-zheng', `memberId=${member}&status=cancelled`, [ended]);
    const all = await listed('sup-zheng', `memberId=${member}`, [ended, open]);
    expect(all.items.find((i: { id: string }) => i.id === ended)).toMatchObject({ status: 'cancelled' });
  });

  test('awaitingApproval: the cases with a compensation waiting, until it is decided', async () => {
    const member = uniqueMemberId('approvals');
    const waiting = (await openCase(h.app, conciergeBody({ memberId: member, tier: 'apass' }))).id;
    const other = (await openCase(h.app, conciergeBody({ memberId: member, tier: 'apass' }))).id;
    for (const id of [waiting, other]) {
      expect((await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${id}/callback`, {})).status).toBe(200);
    }
    // above the apass manager authority of 2,000 CNY: waits for a supervisor
    const gift = { kind: 'goodwill_gift', amount: { amount: 300_000, currency: 'CNY' }, reason: 'a dinner' };
    const proposed = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${waiting}/compensations`, gift);
    expect(proposed.body.compensations[0].status).toBe('pending_approval');
    const m = `memberId=${member}`;
    await listed('sup-zheng', `${m}&awaitingApproval=true`, [waiting]);
    await listed('mgr-xinyao', `${m}&awaitingApproval=true`, [waiting]);
    await listed('mgr-qiu', `${m}&awaitingApproval=true`, []); // not their case

    const approved = await call(
      h.app,
      'sup-zheng',
      'POST',
      `/v1/cases/${waiting}/compensations/c1/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    await listed('sup-zheng', `${m}&awaitingApproval=true`, []);
    await listed('sup-zheng', m, [waiting, other]);

    const bad = await list('sup-zheng', `${m}&awaitingApproval=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation_failed');
  });

  test('pages: pageSize and nextPageToken walk the whole list once', async () => {
    await listed('eng-1', `memberId=${memberId}`, Object.values(opened));
    const first = await list('eng-1', `memberId=${memberId}&pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextPageToken).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));

    const second = await list(
      'eng-1',
      `memberId=${memberId}&pageSize=2&pageToken=${first.body.nextPageToken}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
    expect(ids([...first.body.items, ...second.body.items])).toEqual(
      ids(Object.values(opened).map((id) => ({ id }))),
    );
    if (second.body.nextPageToken !== null) {
      const third = await list(
        'eng-1',
        `memberId=${memberId}&pageSize=2&pageToken=${second.body.nextPageToken}`,
      );
      expect(third.body).toEqual({ items: [], nextPageToken: null });
    }

    // A token belongs to its filters.
    const other = await list(
      'eng-1',
      `memberId=${memberId}&type=dispute&pageToken=${first.body.nextPageToken}`,
    );
    expect(other.status).toBe(400);
    expect(other.body.details.issues).toEqual([expect.objectContaining({ path: 'pageToken' })]);
  });

  test('managers see only the cases assigned to them; asking for someone else is 403', async () => {
    await listed('mgr-xinyao', `memberId=${memberId}`, [opened.dispute, opened.concierge]);
    await listed('mgr-xinyao', `memberId=${memberId}&assigneeId=mgr-xinyao`, [
      opened.dispute,
      opened.concierge,
    ]);
    await listed('mgr-lin', `memberId=${memberId}`, []);
    const res = await list('mgr-xinyao', 'assigneeId=mgr-lin');
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
  });

  test('the platform must name a member', async () => {
    const res = await list('app', 'status=in_progress');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'memberId' })]);
  });

  test('without memberId supervisors, the head and engineers list across members (newest cases included)', async () => {
    const fresh = await openCase(h.app, conciergeBody({ managerId: 'mgr-lin' }));
    for (const who of ['sup-zheng', 'head-dai', 'eng-1']) {
      await eventually(`the fresh case in ${who}'s list`, async () => {
        const res = await list(who, 'assigneeId=mgr-lin&pageSize=200');
        expect(res.status).toBe(200);
        expect(ids(res.body.items)).toContain(fresh.id);
        return res.body;
      });
    }
  });
});

describe('GET /v1/managers/{id}/queue', () => {
  test('open cases owned by the manager, soonest due first; resolved cases leave the queue', async () => {
    // mgr-lin: one case per tier, opened slowest SLA first so start order and due order differ.
    const standard = (await openCase(h.app, conciergeBody({ managerId: 'mgr-lin', tier: 'standard' }))).id; // 4h
    const superTier = (await openCase(h.app, conciergeBody({ managerId: 'mgr-lin', tier: 'super' }))).id; // 30m
    const apass = (await openCase(h.app, conciergeBody({ managerId: 'mgr-lin', tier: 'apass' }))).id; // 3m
    const done = (await openCase(h.app, conciergeBody({ managerId: 'mgr-lin', tier: 'apass' }))).id;
    expect((await call(h.app, 'mgr-lin', 'POST', `/v1/cases/${done}/callback`, {})).status).toBe(200);
    expect(
      (await call(h.app, 'mgr-lin', 'POST', `/v1/cases/${done}/resolve`, { code: 'done', summary: 'done' }))
        .status,
    ).toBe(200);

    const queue = await eventually('the queue of mgr-lin, soonest due first', async () => {
      const res = await call(h.app, 'mgr-lin', 'GET', '/v1/managers/mgr-lin/queue');
      expect(res.status).toBe(200);
      const mine = res.body.items
        .map((i: { id: string }) => i.id)
        .filter((id: string) => [standard, superTier, apass, done].includes(id));
      expect(mine).toEqual([apass, superTier, standard]);
      return res.body;
    });
    expect(queue.managerId).toBe('mgr-lin');
    for (const item of queue.items) {
      expect(item.assigneeId).toBe('mgr-lin');
      expect(['resolved', 'closed', 'cancelled']).not.toContain(item.status);
    }
    const due = queue.items.map((i: { nextDueAt: string | null }) => i.nextDueAt ?? '\uffff');
    expect(due).toEqual([...due].sort());
  });

  test('supervisors and heads read any queue; a manager only their own; engineers none', async () => {
    expect((await call(h.app, 'sup-zheng', 'GET', '/v1/managers/mgr-lin/queue')).status).toBe(200);
    expect((await call(h.app, 'head-dai', 'GET', '/v1/managers/mgr-qiu/queue')).status).toBe(200);
    expect((await call(h.app, 'sup-wen', 'GET', '/v1/managers/sup-wen/queue')).status).toBe(200);
    for (const who of ['mgr-xinyao', 'eng-1', 'app']) {
      const res = await call(h.app, who, 'GET', '/v1/managers/mgr-lin/queue');
      expect({ who, status: res.status, error: res.body.error }).toEqual({
        who,
        status: 403,
        error: 'forbidden',
      });
    }
  });

  test('an id that is not a case owner in the roster is 404', async () => {
    for (const id of ['mgr-nobody', 'eng-1', 'app']) {
      const res = await call(h.app, 'sup-zheng', 'GET', `/v1/managers/${id}/queue`);
      expect({ id, status: res.status, error: res.body.error }).toEqual({
        id,
        status: 404,
        error: 'not_found',
      });
    }
  });
});
