/**
 * The notification webhook (API.md, Notifications): one POST of JSON per notification with a stable
 * Idempotency-Key header, naming its trigger, the case, the owner and level, and the clock with its due time
 * for assignments, warnings and SLA escalations; the fields sent before stay.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { webhookNotifier, type OwnerNotification } from '../../activities/adapters/notifier';

interface Received {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

let server: Server;
let url: string;
const received: Received[] = [];
let status = 204;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/cases`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  received.length = 0;
  status = 204;
});

const owner = { id: 'mgr-lin', alias: 'Lin', role: 'manager' as const };

describe('webhookNotifier', () => {
  it('sends the trigger, case, owner, level, clock and due time, with the Idempotency-Key header', async () => {
    const n: OwnerNotification = {
      caseId: 'case-1',
      owner,
      escalationLevel: 0,
      reason: 'a dispute case was opened for you',
      idempotencyKey: 'case-1/owner/2',
      trigger: 'assigned',
      clock: 'callback',
      dueAt: '2026-12-02T10:03:00.000Z',
    };
    await webhookNotifier(url).notifyOwner(n);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['idempotency-key']).toBe('case-1/owner/2');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.body).toEqual({
      event: 'case.owner_changed',
      trigger: 'assigned',
      caseId: 'case-1',
      owner,
      escalationLevel: 0,
      clock: 'callback',
      dueAt: '2026-12-02T10:03:00.000Z',
      reason: 'a dispute case was opened for you',
      idempotencyKey: 'case-1/owner/2',
    });
  });

  it('an SLA escalation names the breached clock and keeps the breach as before', async () => {
    const breach = {
      clock: 'resolution' as const,
      dueAt: '2026-12-03T10:00:00.000Z',
      breachedAt: '2026-12-03T10:00:00.400Z',
    };
    await webhookNotifier(url).notifyOwner({
      caseId: 'case-2',
      owner,
      escalationLevel: 1,
      reason: 'resolution commitment breached',
      idempotencyKey: 'case-2/owner/9',
      trigger: 'escalation',
      breach,
      clock: 'resolution',
      dueAt: '2026-12-04T10:00:00.400Z',
    });
    expect(received[0]!.body).toMatchObject({
      trigger: 'escalation',
      clock: 'resolution',
      dueAt: '2026-12-04T10:00:00.400Z',
      breach,
    });
  });

  it('a notification recorded before triggers existed still names one', async () => {
    await webhookNotifier(url).notifyOwner({
      caseId: 'case-3',
      owner,
      escalationLevel: 2,
      reason: 'callback SLA breached',
      idempotencyKey: 'case-3/owner/5',
      breach: {
        clock: 'callback',
        dueAt: '2026-12-02T10:03:00.000Z',
        breachedAt: '2026-12-02T10:03:00.100Z',
      },
    });
    expect(received[0]!.body).toMatchObject({ trigger: 'escalation', clock: 'callback' });
  });

  it('fails (so the activity retries) when the receiver does not take it', async () => {
    status = 503;
    await expect(
      webhookNotifier(url).notifyOwner({
        caseId: 'case-4',
        owner,
        escalationLevel: 0,
        reason: 'x',
        idempotencyKey: 'case-4/owner/2',
        trigger: 'assigned',
      }),
    ).rejects.toThrow('503');
  });

  it('fails within its timeout when the receiver does not answer, and takes the next one on a fresh request', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hooks/cases`;
    const n: OwnerNotification = {
      caseId: 'case-5',
      owner,
      escalationLevel: 0,
      reason: 'x',
      idempotencyKey: 'case-5/owner/1',
      trigger: 'assigned',
    };
    try {
      await expect(webhookNotifier(silentUrl, 300).notifyOwner(n)).rejects.toThrow(/abort|timeout/i);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
    status = 204;
    await webhookNotifier(url, 300).notifyOwner(n);
    expect(received.at(-1)!.headers['idempotency-key']).toBe('case-5/owner/1');
  });
});

describe('a webhook that does not take the notification', () => {
  const n: OwnerNotification = {
    caseId: 'case-3',
    owner,
    escalationLevel: 1,
    reason: 'escalated',
    idempotencyKey: 'case-3/owner/1',
  };
  /** What sending it threw (undefined when the webhook took it). */
  const failureOf = () =>
    webhookNotifier(url)
      .notifyOwner(n)
      .then(
        () => undefined,
        (err: unknown) => err,
      );

  it.each([400, 404, 410, 422])('%i refuses it for good: not retried', async (answer) => {
    status = answer;
    const failure = await failureOf();
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'notification_refused' });
  });

  it.each([408, 429, 500, 503])('%i is worth another try', async (answer) => {
    status = answer;
    const failure = await failureOf();
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
  });
});
