/**
 * POST /v1/cases/{id}/{action} with an Idempotency-Key, through the real stack: a retried action is applied
 * (and paid) once and answers 200; the same key with another action or body is 409 idempotency_conflict;
 * a refused request is evaluated again; keys belong to the principal that sent them. The update id Temporal keeps in
 * clear shows nothing of the request.
 */
import { temporal } from '@temporalio/proto';
import { actionIdentity } from '../../api/cases/idempotency';
import { call, conciergeBody, harnessSuite, openCase } from '../support/api-harness';

const h = harnessSuite();

const act = (who: string, id: string, action: string, body: unknown, key?: string) =>
  call(
    h.app,
    who,
    'POST',
    `/v1/cases/${id}/${action}`,
    body,
    key === undefined ? {} : { 'idempotency-key': key },
  );
const read = async (id: string) => (await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`)).body;

/** A case in progress (callback done), assigned to mgr-xinyao. */
async function caseInProgress(): Promise<string> {
  const { id } = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  expect((await act('mgr-xinyao', id, 'callback', {})).status).toBe(200);
  return id;
}

/** The payment rail's calls for this case, duplicates included. */
const paymentsOf = async (caseId: string) =>
  (await h.edges.journals.payments.calls())
    .filter((c) => c.key.startsWith(`${caseId}/`))
    .map(
      (c) => `${String(c.operation)} ${c.key.slice(caseId.length + 1)}${c.duplicate ? ' (duplicate)' : ''}`,
    );

const refund = {
  kind: 'instant_refund',
  amount: { amount: 12_300, currency: 'CNY' },
  reason: 'the car was late',
};

test('a compensation proposed twice with the same key is proposed and paid once; both answers are 200', async () => {
  const id = await caseInProgress();
  const first = await act('mgr-xinyao', id, 'compensations', refund, 'refund-1');
  expect(first.status).toBe(200);
  expect(first.body.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);

  // the same request: key order and the padding of free text do not make it another one
  const again = await act(
    'mgr-xinyao',
    id,
    'compensations',
    { reason: ' the car was late\n', amount: { currency: 'CNY', amount: 12_300 }, kind: 'instant_refund' },
    'refund-1',
  );
  expect(again.status).toBe(200);
  expect(again.body.compensations).toEqual(first.body.compensations);
  expect(again.body.ledger.paid).toEqual({ amount: 12_300, currency: 'CNY' });
  expect((await read(id)).compensations).toHaveLength(1);
  expect(await paymentsOf(id)).toEqual(['pay c1/refund member']);
});

test('two identical requests at once: both 200, one compensation, one payment', async () => {
  const id = await caseInProgress();
  const [a, b] = await Promise.all([
    act('mgr-xinyao', id, 'compensations', refund, 'refund-at-once'),
    act('mgr-xinyao', id, 'compensations', refund, 'refund-at-once'),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  for (const res of [a, b]) {
    expect(res.body.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);
  }
  expect((await read(id)).compensations).toHaveLength(1);
  expect(await paymentsOf(id)).toEqual(['pay c1/refund member']);
});

test('the same key with another body or another action is 409 idempotency_conflict and changes nothing', async () => {
  const id = await caseInProgress();
  expect((await act('mgr-xinyao', id, 'notes', { text: 'first' }, 'k-1')).status).toBe(200);
  const before = await read(id);

  const otherBody = await act('mgr-xinyao', id, 'notes', { text: 'second' }, 'k-1');
  expect(otherBody.status).toBe(409);
  expect(otherBody.body).toEqual({ error: 'idempotency_conflict', message: expect.any(String) });
  const otherAction = await act('mgr-xinyao', id, 'escalate', { reason: 'first' }, 'k-1');
  expect(otherAction.status).toBe(409);
  expect(otherAction.body.error).toBe('idempotency_conflict');
  expect(await read(id)).toEqual(before);

  // the first request itself is still recognised
  expect((await act('mgr-xinyao', id, 'notes', { text: 'first' }, 'k-1')).status).toBe(200);
  expect((await read(id)).timeline.filter((e: { kind: string }) => e.kind === 'note')).toHaveLength(1);
});

test('the update id in the history is a MAC: neither the key id nor the request hash is there in clear', async () => {
  const id = await caseInProgress();
  const note = { text: 'Zhao Yunlan asked to be called on +86 138 0013 8000' };
  const first = await act('mgr-xinyao', id, 'notes', note, 'note-private');
  expect(first.status).toBe(200);

  const history = await h.env.client.workflow.getHandle(id).fetchHistory();
  const updateIds = (history.events ?? []).flatMap((e) => {
    const updateId = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId;
    return updateId?.startsWith('idem-') ? [updateId] : [];
  });
  expect(updateIds).toEqual([expect.stringMatching(/^idem-[0-9a-f]{32}$/)]);
  // the history as Temporal stores it: its strings are there verbatim, its payloads sealed
  const stored = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  const { keyId, requestHash } = actionIdentity('mgr-xinyao', 'note-private', {
    action: 'notes',
    body: note,
  })!;
  for (const part of [keyId, requestHash, note.text]) {
    expect({ part, inUpdateId: updateIds[0]!.includes(part), inHistory: stored.includes(part) }).toEqual({
      part,
      inUpdateId: false,
      inHistory: false,
    });
  }

  const again = await act('mgr-xinyao', id, 'notes', note, 'note-private');
  expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id });
  expect((await read(id)).timeline.filter((e: { kind: string }) => e.kind === 'note')).toHaveLength(1);
  const other = await act('mgr-xinyao', id, 'notes', { text: 'another note' }, 'note-private');
  expect({ status: other.status, error: other.body.error }).toEqual({
    status: 409,
    error: 'idempotency_conflict',
  });
});

test('a repeated callback answers 200 with the view, where a new one is 409 invalid_transition', async () => {
  const { id } = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  const first = await act('mgr-xinyao', id, 'callback', { note: 'reached her' }, 'cb-1');
  expect(first.status).toBe(200);
  const again = await act('mgr-xinyao', id, 'callback', { note: 'reached her' }, 'cb-1');
  expect(again.status).toBe(200);
  expect(again.body.sla.callback.metAt).toBe(first.body.sla.callback.metAt);
  const fresh = await act('mgr-xinyao', id, 'callback', { note: 'reached her' }, 'cb-2');
  expect(fresh.status).toBe(409);
  expect(fresh.body.error).toBe('invalid_transition');
  expect((await read(id)).timeline.filter((e: { kind: string }) => e.kind === 'callback')).toHaveLength(1);
});

test('a request the case refused is not remembered: sent again once the case allows it, it applies', async () => {
  const id = await caseInProgress();
  const early = await act('mgr-xinyao', id, 'resume', {}, 'resume-1');
  expect(early.status).toBe(409);
  expect(early.body.error).toBe('invalid_transition');
  expect((await act('mgr-xinyao', id, 'wait', { on: 'member', reason: 'sending photos' })).status).toBe(200);
  const later = await act('mgr-xinyao', id, 'resume', {}, 'resume-1');
  expect(later.status).toBe(200);
  expect(later.body.status).toBe('in_progress');
});

test('a key belongs to the principal that sent it: the same key from two principals is two requests', async () => {
  const id = await caseInProgress();
  expect((await act('mgr-xinyao', id, 'notes', { text: 'checked the lab' }, 'shared')).status).toBe(200);
  expect((await act('sup-zheng', id, 'notes', { text: 'checked the lab' }, 'shared')).status).toBe(200);
  expect((await act('mgr-xinyao', id, 'notes', { text: 'checked the lab' }, 'shared')).status).toBe(200);
  const notes = (await read(id)).timeline.filter((e: { kind: string }) => e.kind === 'note');
  expect(notes.map((e: { actor: string }) => e.actor)).toEqual(['mgr-xinyao', 'sup-zheng']);
});

test('approval: a repeat executes nothing more; the same key on another compensation id is a conflict', async () => {
  const id = await caseInProgress();
  // above the apass manager authority (2,000.00 CNY): waits for approval
  const gift = {
    kind: 'goodwill_gift',
    amount: { amount: 300_000, currency: 'CNY' },
    reason: 'a silk scarf',
  };
  const proposed = await act('mgr-xinyao', id, 'compensations', gift);
  expect(proposed.body.compensations[0]).toMatchObject({ id: 'c1', status: 'pending_approval' });

  const approved = await act('sup-zheng', id, 'compensations/c1/approve', {}, 'approve-1');
  expect(approved.status).toBe(200);
  expect(approved.body.compensations[0]).toMatchObject({ id: 'c1', status: 'executed' });
  expect((await act('sup-zheng', id, 'compensations/c1/approve', {}, 'approve-1')).status).toBe(200);
  const elsewhere = await act('sup-zheng', id, 'compensations/c2/approve', {}, 'approve-1');
  expect(elsewhere.status).toBe(409);
  expect(elsewhere.body.error).toBe('idempotency_conflict');
  expect(await paymentsOf(id)).toEqual(['pay c1/buy gift']);
});

test('a cancellation repeated after the case has ended answers 200 with the cancelled case', async () => {
  const id = await caseInProgress();
  const cancelled = await act('app', id, 'cancel', { reason: 'member withdrew' }, 'cancel-1');
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.status).toBe('cancelled');
  const again = await act('app', id, 'cancel', { reason: 'member withdrew' }, 'cancel-1');
  expect({ status: again.status, caseStatus: again.body.status }).toEqual({
    status: 200,
    caseStatus: 'cancelled',
  });
  const other = await act('app', id, 'cancel', { reason: 'member withdrew' }, 'cancel-2');
  expect(other.status).toBe(409);
  expect(other.body.error).toBe('invalid_transition');
});

test.each([
  ['empty', ''],
  ['with a space', 'a key'],
  ['over 200 characters', 'k'.repeat(201)],
  ['not ASCII', 'clé'],
])('an Idempotency-Key that is %s is a 400 naming the header', async (_what, key) => {
  const res = await act('mgr-xinyao', 'case-none-0000000000', 'notes', { text: 'x' }, key);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    error: 'validation_failed',
    details: { in: 'headers', issues: [expect.objectContaining({ path: 'idempotency-key' })] },
  });
});

interface Operation {
  description: string;
  parameters: { in: string; name: string; required?: boolean; schema?: { pattern?: string } }[];
  responses: Record<string, unknown>;
}

test('the OpenAPI document states the header and the 409 idempotency_conflict on every action', async () => {
  const doc = (await h.app.inject({ url: '/docs/json' })).json<{
    paths: Record<string, { post?: Operation }>;
  }>();
  const actions = Object.entries(doc.paths).flatMap(([path, item]) =>
    path.startsWith('/v1/cases/{id}/') && item.post ? [{ path, op: item.post }] : [],
  );
  expect(actions).toHaveLength(15);
  for (const { path, op } of actions) {
    expect({ path, header: op.parameters.find((p) => p.in === 'header') }).toEqual({
      path,
      header: expect.objectContaining({
        name: 'idempotency-key',
        required: false,
        schema: expect.objectContaining({ pattern: '^[\\x21-\\x7e]{1,200}$' }),
      }),
    });
    expect({ path, described: op.description.includes('409 idempotency_conflict') }).toEqual({
      path,
      described: true,
    });
    expect(op.responses['409']).toBeDefined();
  }
});
