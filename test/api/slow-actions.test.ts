/**
 * An action whose follow-up outlasts the API's deadline (a payment the rail is slow to confirm): the case has
 * accepted and applied it, so the answer is 200 with the case as it stands, never a 503 inviting a retry that
 * would propose, and pay, a second time; a retry with the same Idempotency-Key is answered without paying again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { call, conciergeBody, openCase, startHarness, type Harness } from '../support/api-harness';
import { eventually } from '../support/eventually';

const SLOW_PAYMENT_MS = 4_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    temporalCallTimeoutMs: 1_500,
    faults: {
      after: async (operation, input) => {
        if (operation === 'pay' && input.idempotencyKey.includes('/c1/')) await sleep(SLOW_PAYMENT_MS);
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

test('a compensation whose payment outlasts the deadline answers 200 executing, then executes once', async () => {
  const view = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  expect((await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${view.id}/callback`, {})).status).toBe(200);

  const res = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${view.id}/compensations`, {
    kind: 'instant_refund',
    amount: { amount: 12_300, currency: 'CNY' },
    reason: 'the car was late',
  });
  expect(res.status).toBe(200);
  expect(res.body.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executing' })]);

  await eventually(
    'the refund to be executed',
    async () => {
      const now = await call(h.app, 'eng-1', 'GET', `/v1/cases/${view.id}`);
      expect(now.body.compensations[0].status).toBe('executed');
      return now.body;
    },
    { timeoutMs: 30_000 },
  );
  const pays = (await h.edges.journals.payments.calls()).filter(
    (c) => c.key === `${view.id}/c1/refund member`,
  );
  expect(pays.map((c) => c.duplicate)).toEqual([false]);
});

test('a retry with the same Idempotency-Key while the payment is still running answers 200 and pays nothing more', async () => {
  const view = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  expect((await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${view.id}/callback`, {})).status).toBe(200);

  const propose = () =>
    call(
      h.app,
      'mgr-xinyao',
      'POST',
      `/v1/cases/${view.id}/compensations`,
      { kind: 'instant_refund', amount: { amount: 12_300, currency: 'CNY' }, reason: 'the car was late' },
      { 'idempotency-key': 'late-car-refund' },
    );
  const first = await propose();
  expect(first.status).toBe(200);
  expect(first.body.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executing' })]);
  const retry = await propose();
  expect(retry.status).toBe(200);
  expect(retry.body.compensations).toEqual([expect.objectContaining({ id: 'c1' })]);

  await eventually(
    'the refund c1 to be executed',
    async () => {
      const now = await call(h.app, 'eng-1', 'GET', `/v1/cases/${view.id}`);
      expect(now.body.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);
      return now.body;
    },
    { timeoutMs: 30_000 },
  );
  const pays = (await h.edges.journals.payments.calls()).filter((c) => c.key.startsWith(`${view.id}/`));
  expect(pays.map((c) => [c.key, c.duplicate])).toEqual([[`${view.id}/c1/refund member`, false]]);
});
