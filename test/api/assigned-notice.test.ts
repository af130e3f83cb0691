/**
 * The opening's `assigned` notification, sent by the API just before the start when it has a webhook
 * (api/cases/assigned-notice.ts): the very notification the case would send (same key, trigger, clock and due
 * time), and then the case does not send it; a webhook that refuses or is slower than the API waits leaves it to
 * the case, which sends it with the same key. The webhook is a real HTTP receiver on loopback; the worker's pager
 * records what the case sends.
 */
import type { temporal } from '@temporalio/proto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookNotifier, type OwnerNotification } from '../../activities/adapters/notifier';
import { ASSIGNED_NOTICE_TIMEOUT_MS } from '../../api/cases/assigned-notice';
import { call, conciergeBody, harnessSuite, openCase } from '../support/api-harness';
import { eventually } from '../support/eventually';

/** What the webhook does with the next POSTs: answer 200, answer 503, or answer 200 too late for the API. */
let webhookMode: 'ok' | 'refuse' | 'slow' = 'ok';
const received: { key: string; body: Record<string, unknown> }[] = [];
const fromCase: OwnerNotification[] = [];

const webhook: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const mode = webhookMode;
    if (mode === 'refuse') return void res.writeHead(503).end();
    received.push({
      key: String(req.headers['idempotency-key']),
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
    });
    setTimeout(() => res.writeHead(200).end(), mode === 'slow' ? ASSIGNED_NOTICE_TIMEOUT_MS + 500 : 0);
  });
});
let webhookUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/notify`;
});
afterAll(() => new Promise<void>((resolve) => webhook.close(() => resolve())));

const h = harnessSuite({
  notifier: { notifyOwner: async (n) => void fromCase.push(n) },
  apiNotifier: {
    // the URL is known once the receiver listens
    notifyOwner: (n) => webhookNotifier(webhookUrl, ASSIGNED_NOTICE_TIMEOUT_MS).notifyOwner(n),
  },
});

beforeEach(() => {
  webhookMode = 'ok';
  received.length = 0;
  fromCase.length = 0;
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const localActivities = async (caseId: string): Promise<number> => {
  const events: HistoryEvent[] = (await h.env.client.workflow.getHandle(caseId).fetchHistory()).events ?? [];
  return events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
};

test('with a webhook, the API tells the manager before the start, and the case does not tell them again', async () => {
  const view = await openCase(h.app, conciergeBody());
  expect(received).toHaveLength(1);
  expect(received[0]).toEqual({
    key: `${view.id}/owner/2`,
    body: expect.objectContaining({
      event: 'case.owner_changed',
      trigger: 'assigned',
      caseId: view.id,
      owner: expect.objectContaining({ id: view.manager.id }),
      escalationLevel: 0,
      clock: 'callback',
      dueAt: view.sla.callback.dueAt,
    }),
  });
  expect(await localActivities(view.id)).toBe(0);
  expect(fromCase).toEqual([]);
  // the case as the API answered it: opened and assigned, nothing about a failed notification
  const read = await call(h.app, 'app', 'GET', `/v1/cases/${view.id}`);
  expect(read.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'assigned']);
});

test.each([
  ['refuses', 'refuse'],
  ['is slower than the opening waits', 'slow'],
] as const)(
  'a webhook that %s leaves the notification to the case, with the same key',
  async (_how, mode) => {
    webhookMode = mode;
    const view = await openCase(h.app, conciergeBody());
    await eventually('the case tells the manager', () => fromCase.length === 1);
    expect(fromCase[0]).toMatchObject({
      caseId: view.id,
      idempotencyKey: `${view.id}/owner/2`,
      trigger: 'assigned',
      owner: { id: view.manager.id },
      clock: 'callback',
      dueAt: view.sla.callback.dueAt,
    });
    expect(await localActivities(view.id)).toBe(1);
    // a slow receiver got the API's copy late: the same key, which it drops
    expect(received.map((r) => r.key)).toEqual(mode === 'slow' ? [`${view.id}/owner/2`] : []);
  },
);

test('a keyed repeat, and the same key with another body (409), tell nobody again; the first keyed opening tells the manager once', async () => {
  const body = conciergeBody();
  const open = (b: unknown) => call(h.app, 'app', 'POST', '/v1/cases', b, { 'idempotency-key': 'notice-k1' });
  const first = await open(body);
  expect(first.status).toBe(201);
  expect(received.map((r) => r.body.dueAt)).toEqual([first.body.sla.callback.dueAt]);
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // a repeat's own due time would differ by now

  expect((await open(body)).status).toBe(200);
  // Another member (so another dedicated manager) under the same key: the case is not theirs to be told of.
  const other = { ...body, member: { ...body.member, id: 'm-notice-other', managerId: 'mgr-lin' } };
  const conflict = await open(other);
  expect([conflict.status, conflict.body.error]).toEqual([409, 'idempotency_conflict']);

  expect(received).toHaveLength(1);
  expect(received[0]!.body.owner).toMatchObject({ id: 'mgr-xinyao' });
  expect(fromCase).toEqual([]);
});

test('two keyed openings sent together (a retry while the first still waits) open one case and tell the manager once', async () => {
  const body = conciergeBody();
  const open = () => call(h.app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': 'notice-k2' });
  const [a, b] = await Promise.all([open(), open()]);
  expect([a.status, b.status].sort()).toEqual([200, 201]);
  expect(a.body.id).toBe(b.body.id);
  const opened = a.status === 201 ? a : b;
  expect(received.map((r) => r.body.dueAt)).toEqual([opened.body.sla.callback.dueAt]);
  expect(fromCase).toEqual([]);
});
