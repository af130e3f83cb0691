/**
 * A worker asked to stop while an activity ignores its cancellation (an edge call that never returns) still exits:
 * after its grace time and SHUTDOWN_FORCE_AFTER_GRACE_MS (worker/main.ts) more it gives the activity up, says so and exits 1,
 * instead of waiting for a SIGKILL. The activity then times out and runs on the next worker, and the money it
 * had moved moves once.
 */
import type { CaseView } from '../../workflows/domain';
import { Cluster, journalOf, type Api } from '../support/cluster';
import { auditPayments } from '../support/money-audit';
import { eventually } from '../support/eventually';

jest.setTimeout(240_000);

let cluster: Cluster;
let api: Api;

beforeAll(async () => {
  cluster = await Cluster.start();
  api = await cluster.api('api');
});

afterAll(async () => {
  await cluster?.stop();
});

it('SIGTERM to a worker whose activity ignores cancellation: it exits 1 after grace and force time; the payment is made once', async () => {
  const stuck = await cluster.worker('stuck worker', {
    faults: true,
    env: { WORKER_SHUTDOWN_GRACE: '1s' },
  });
  const opened = await api.call('POST', '/v1/cases', 'app', {
    type: 'concierge',
    member: { id: 'm-stuck-1', name: 'Stuck Member', tier: 'super', credit: 'good', managerId: 'mgr-xinyao' },
    summary: 'A table for two',
    details: { request: 'A table for two at eight' },
  });
  expect(opened.status).toBe(201);
  const id: string = opened.body.id;
  expect((await api.call('POST', `/v1/cases/${id}/callback`, 'mgr-xinyao', {})).status).toBe(200);
  // The rail pays and records the refund; the activity then never returns, cancelled or not.
  cluster.faults.set([{ when: 'after', operation: 'pay', keyIncludes: `${id}/`, action: 'hold' }]);
  const key = `${id}/c1/refund member`;
  const inFlight = api.call('POST', `/v1/cases/${id}/compensations`, 'mgr-xinyao', {
    kind: 'instant_refund',
    amount: { amount: 20_000, currency: 'CNY' },
    reason: 'late table',
  });
  await eventually(
    'the payment to be held',
    () => cluster.faults.hits().some((h) => h.key === key) || undefined,
    {
      context: () => cluster.context(),
    },
  );

  stuck.signal('SIGTERM');
  expect(await stuck.exited).toEqual({ code: 1, signal: null });
  expect(stuck.output()).toContain('draining the worker');
  expect(stuck.output()).toContain('activities still running are abandoned');

  cluster.faults.set([]);
  await cluster.worker('worker');
  expect([200, 503]).toContain((await inFlight).status);
  const v = await eventually(
    'the refund to be executed by the next worker',
    async () => {
      const res = await api.call('GET', `/v1/cases/${id}`, 'eng-1');
      return res.body.compensations?.[0]?.status === 'executed' ? (res.body as CaseView) : undefined;
    },
    { timeoutMs: 120_000, context: () => cluster.context() },
  );
  expect(await journalOf(cluster.payments, key)).toMatchObject({ acted: 1 });
  expect(await auditPayments(cluster.payments, [v])).toEqual([]);
});
