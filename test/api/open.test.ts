/** POST /v1/cases: opening, idempotent retries, the per-type details and who may open. */
import { BODY_LIMIT } from '../../api/app';
import {
  call,
  conciergeBody,
  disputeBody,
  harnessSuite,
  paddedJson,
  policy,
  roster,
  uniqueMemberId,
} from '../support/api-harness';
import { caseIdFor, startCaseRequest } from '../../api/cases/open-case';
import type { OpenCaseBody } from '../../api/schemas/open-case';
import type { Member } from '../../workflows/domain';
import { WorkflowNotFoundError } from '@temporalio/client';

const h = harnessSuite();

describe('POST /v1/cases', () => {
  test('a query string is refused with 400 naming it, and opens nothing (a key or a dry run sent there is no key)', async () => {
    const key = `k-query-${uniqueMemberId()}`;
    const headers = { 'idempotency-key': key };
    const res = await call(h.app, 'app', 'POST', '/v1/cases?dryRun=true', conciergeBody(), headers);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed' });
    expect(JSON.stringify(res.body)).toContain('dryRun');
    await expect(h.env.client.workflow.getHandle(caseIdFor('app', key)).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  test('a body of exactly 64 KiB is read: the case opens (one byte more: request-limits.test.ts)', async () => {
    expect(BODY_LIMIT).toBe(64 * 1024);
    const headers = { 'content-type': 'application/json' };
    const atLimit = await call(
      h.app,
      'app',
      'POST',
      '/v1/cases',
      paddedJson(conciergeBody(), BODY_LIMIT),
      headers,
    );
    expect(atLimit.status).toBe(201);
  });

  test('opens a case: 201 with the view, assigned to the dedicated manager, callback SLA from the tier, links', async () => {
    const body = disputeBody({ tier: 'super' });
    const before = Date.now();
    const res = await call(h.app, 'app', 'POST', '/v1/cases', body);

    expect(res.status).toBe(201);
    const view = res.body;
    expect(view.id).toMatch(/^case-[0-9a-z]+$/);
    expect(view).toMatchObject({
      type: 'dispute',
      status: 'awaiting_callback',
      member: body.member,
      summary: body.summary,
      details: body.details,
      assignee: { id: 'mgr-xinyao', alias: 'Xinyao', role: 'manager' },
      escalationLevel: 0,
      compensations: [],
      resolution: null,
      links: {
        self: `/v1/cases/${view.id}`,
        temporalUi: `http://localhost:8233/namespaces/default/workflows/${view.id}`,
      },
    });
    const due = Date.parse(view.sla.callback.dueAt);
    expect(due - before).toBeGreaterThanOrEqual(policy.tiers.super.callbackSlaMs - 1_000);
    expect(due - Date.now()).toBeLessThanOrEqual(policy.tiers.super.callbackSlaMs);
    expect(view.timeline[0]).toMatchObject({ kind: 'opened', actor: 'app' });

    const read = await call(h.app, 'eng-1', 'GET', view.links.self);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(view.id);
  });

  test('every case type opens, with its details stored (instants normalised to UTC)', async () => {
    // a member of the dev directory (config/dev-members.json), as a manager may state it
    const member = { id: 'm-2051', name: 'Mei', tier: 'apass', credit: 'good', managerId: 'mgr-lin' };
    const price = { amount: 1_250_000, currency: 'CNY' };
    const bodies = [
      {
        type: 'lost_goods',
        details: {
          orderId: 'o-1',
          merchantId: 's-1',
          price,
          carrier: 'SF',
          neededBy: '2030-01-02T18:00:00+08:00',
        },
      },
      {
        type: 'visa_help',
        details: {
          destination: 'France',
          travelers: [{ name: 'Mei', relation: 'mother' }],
          departureDate: '2030-03-10',
          visaStatus: 'administrative_review',
          trip: { bookingId: 'b-1', merchantId: 'fliggy', price },
        },
      },
      {
        type: 'travel_cancellation',
        details: {
          bookingId: 'b-2',
          merchantId: 'hotel-3',
          price,
          departureDate: '2030-02-01T10:00:00Z',
          penalty: { amount: 2_000_000, currency: 'CNY' },
        },
      },
      { type: 'concierge', details: { request: 'Find a tyre shop near Dali' } },
    ];
    for (const b of bodies) {
      const res = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', {
        ...b,
        member,
        summary: `a ${b.type} case`,
      });
      expect({ type: b.type, status: res.status }).toEqual({ type: b.type, status: 201 });
      expect(res.body.type).toBe(b.type);
      expect(res.body.assignee.id).toBe('mgr-lin');
      expect(res.body.openedBy).toBe('mgr-lin');
    }
    const lost = await call(h.app, 'app', 'POST', '/v1/cases', {
      ...bodies[0],
      member,
      summary: 'late bow tie',
    });
    expect(lost.body.details.neededBy).toBe('2030-01-02T10:00:00.000Z');
  });

  test('the same Idempotency-Key and body answer 200 with the same case; key order does not matter', async () => {
    const body = conciergeBody();
    const key = `retry-${uniqueMemberId()}`;
    const first = await call(h.app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);

    const reordered = {
      details: body.details,
      summary: body.summary,
      member: { ...body.member },
      type: body.type,
    };
    const again = await call(h.app, 'app', 'POST', '/v1/cases', reordered, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.links.self).toBe(`/v1/cases/${first.body.id}`);
  });

  test('the same Idempotency-Key with a different body is 409 idempotency_conflict', async () => {
    const body = conciergeBody();
    const key = `conflict-${uniqueMemberId()}`;
    expect((await call(h.app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': key })).status).toBe(
      201,
    );

    const other = { ...body, summary: 'something else entirely' };
    const res = await call(h.app, 'app', 'POST', '/v1/cases', other, { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'idempotency_conflict', message: expect.any(String) });
  });

  test('two keyed openings of the same millisecond (two API instances): one opened the case, the other did not', async () => {
    const body = conciergeBody();
    const caseId = caseIdFor('app', `same-ms-${uniqueMemberId()}`);
    const now = Date.now();
    const request = () =>
      startCaseRequest({
        caseId,
        body: body as OpenCaseBody,
        member: body.member as Member,
        openedBy: { id: 'app', role: 'system' },
        roster,
        policy,
        now,
      });
    const outcomes = await Promise.all([
      h.app.cases.open(request(), true),
      h.app.cases.open(request(), true),
    ]);
    expect(outcomes.map((o) => o.openedNow).sort()).toEqual([false, true]);
  });

  test('an Idempotency-Key is scoped to the principal that sent it', async () => {
    // the directory's facts, stated: the platform's body and a supervisor's may be the same
    const member = { id: 'm-1041', name: 'Lily', tier: 'apass', credit: 'good', managerId: 'mgr-xinyao' };
    const body = { ...conciergeBody(), member };
    const key = `shared-${uniqueMemberId()}`;
    const a = await call(h.app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': key });
    const b = await call(h.app, 'sup-zheng', 'POST', '/v1/cases', body, { 'idempotency-key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  test('without an Idempotency-Key every request opens a new case', async () => {
    const body = conciergeBody();
    const a = await call(h.app, 'app', 'POST', '/v1/cases', body);
    const b = await call(h.app, 'app', 'POST', '/v1/cases', body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  test.each([
    ['empty', ''],
    ['too long', 'k'.repeat(201)],
    ['with a space', 'two words'],
  ])('an Idempotency-Key that is %s is 400 validation_failed', async (_what, key) => {
    const res = await call(h.app, 'app', 'POST', '/v1/cases', conciergeBody(), { 'idempotency-key': key });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.in).toBe('headers');
  });

  test("the member's managerId must be a manager in the roster: 400 naming member.managerId", async () => {
    for (const managerId of ['sup-zheng', 'nobody-here']) {
      const res = await call(h.app, 'app', 'POST', '/v1/cases', conciergeBody({ managerId }));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'member.managerId' })]);
    }
  });

  test('a trip that lists the same booking twice is 400 naming it: its price would be refunded twice', async () => {
    const trip = {
      bookingId: 'villa-5',
      merchantId: 'resort-8',
      price: { amount: 50_000, currency: 'CNY' },
      departureDate: '2030-02-01',
    };
    const body = (additionalBookings: unknown[]) => ({
      ...conciergeBody(),
      type: 'travel_cancellation',
      details: { ...trip, additionalBookings },
    });
    const again = {
      bookingId: 'villa-5',
      merchantId: 'resort-8',
      price: { amount: 50_000, currency: 'CNY' },
    };
    const res = await call(h.app, 'app', 'POST', '/v1/cases', body([again]));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.issues).toEqual([
      expect.objectContaining({
        path: 'details.additionalBookings.0',
        message: 'booking villa-5 of merchant resort-8 is listed already',
      }),
    ]);
    // the same booking id at another merchant is another booking
    const flight = await call(h.app, 'app', 'POST', '/v1/cases', body([{ ...again, merchantId: 'air-4' }]));
    expect(flight.status).toBe(201);
  });

  test('engineers may not open cases (403); system, managers, supervisors and heads may', async () => {
    const res = await call(h.app, 'eng-1', 'POST', '/v1/cases', conciergeBody());
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    for (const who of ['mgr-qiu', 'sup-wen', 'head-dai']) {
      // they name a member of the directory; its facts come from there
      const body = { ...conciergeBody(), member: { id: 'm-3061' } };
      expect((await call(h.app, who, 'POST', '/v1/cases', body)).status).toBe(201);
    }
  });
});
