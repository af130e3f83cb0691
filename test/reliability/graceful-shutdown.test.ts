/**
 * SIGTERM is a promise too: an API process answers what it was asked before it stops and refuses new
 * connections; a worker lets an in-flight activity finish within WORKER_SHUTDOWN_GRACE instead of leaving it to
 * be run again; and a rolling restart of two API processes under a steady stream of requests loses none.
 */
import http from 'node:http';
import type { CaseView } from '../../workflows/domain';
import { Cluster, journalOf, TOKENS, type Api } from '../support/cluster';
import { auditPayments } from '../support/money-audit';
import { keepAliveGet, request, type Reply } from '../support/http-requests';
import { type Proc } from '../support/processes';
import { connectionRefused } from '../support/ports';
import { eventually } from '../support/eventually';

jest.setTimeout(240_000);

const EDGE_DELAY_MS = 4_000;

let cluster: Cluster;
let a: Api;
let b: Api;
let faulty: Proc;

beforeAll(async () => {
  cluster = await Cluster.start({ workerShutdownGrace: '20s' });
  try {
    [a, b, faulty] = await Promise.all([
      cluster.api('api A'),
      cluster.api('api B'),
      cluster.worker('fault worker', { faults: true }),
    ]);
  } catch (err) {
    throw new Error(`${String(err)}\n${cluster.context()}`);
  }
});

afterAll(async () => {
  await cluster?.stop();
});

let seq = 0;
const openBody = (memberId: string) => ({
  type: 'concierge',
  member: { id: memberId, name: 'Steady Member', tier: 'super', credit: 'good', managerId: 'mgr-xinyao' },
  summary: 'A car to the airport',
  details: { request: 'A car to the airport at six' },
});

/** A case in progress, its next payment held EDGE_DELAY_MS by the fault worker after the rail recorded it. */
async function caseWithSlowPayment(): Promise<CaseView> {
  seq += 1;
  const opened = await a.call('POST', '/v1/cases', 'app', openBody(`m-graceful-${seq}`));
  expect(opened.status).toBe(201);
  const id: string = opened.body.id;
  expect((await a.call('POST', `/v1/cases/${id}/callback`, 'mgr-xinyao', {})).status).toBe(200);
  cluster.faults.set([
    { when: 'after', operation: 'pay', keyIncludes: `${id}/`, action: 'delay', ms: EDGE_DELAY_MS },
  ]);
  return opened.body;
}

const refund = { kind: 'instant_refund', amount: { amount: 20_000, currency: 'CNY' }, reason: 'late car' };

const hitsOf = (key: string) => cluster.faults.hits().filter((h) => h.key === key);

function waitForHit(key: string): Promise<unknown> {
  return eventually(`the edge call ${key} to be held`, () => hitsOf(key).length > 0 || undefined, {
    context: () => cluster.context(),
  });
}

it('SIGTERM to an API process answers the request in flight and requests on idle keep-alive connections, refuses new connections, exits 0', async () => {
  const c = await caseWithSlowPayment();
  const key = `${c.id}/c1/refund member`;
  // A client holding an idle keep-alive connection to B, as a connection pool does between requests.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    expect(await keepAliveGet(agent, b.port, '/healthz')).toMatchObject({ status: 200, reused: false });
    // The update waits on the saga, whose payment the fault worker holds.
    const inFlight = b.call('POST', `/v1/cases/${c.id}/compensations`, 'mgr-xinyao', refund);
    await waitForHit(key);
    b.proc.signal('SIGTERM');
    await eventually(
      'new connections to be refused',
      async () => (await connectionRefused(b.port)) || undefined,
      {
        context: () => b.proc.tail(),
      },
    );

    // The idle connection was not cut: a request sent on it is answered, and told not to come back.
    expect(await keepAliveGet(agent, b.port, '/healthz')).toEqual({
      status: 200,
      connection: 'close',
      reused: true,
    });
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.compensations[0].status).toBe('executed');
    expect(res.headers.get('connection')).toBe('close');
    expect(await b.proc.exited).toEqual({ code: 0, signal: null });
    expect(await journalOf(cluster.payments, key)).toMatchObject({ acted: 1, retried: 0 });
  } finally {
    agent.destroy();
  }

  b = await cluster.api('api B (again)', b.port);
});

it('SIGTERM to a worker lets the activity in flight finish within the grace time; it is not run again', async () => {
  const c = await caseWithSlowPayment();
  const key = `${c.id}/c1/refund member`;
  const inFlight = a.call('POST', `/v1/cases/${c.id}/compensations`, 'mgr-xinyao', refund);
  await waitForHit(key);
  faulty.signal('SIGTERM');
  expect(await faulty.exited).toEqual({ code: 0, signal: null });
  expect(faulty.output()).toContain('draining the worker');

  // The case goes on with the next worker.
  await cluster.worker('worker');
  const answered = await inFlight;
  expect([200, 503]).toContain(answered.status);
  const v = await eventually(
    'the refund to be executed',
    async () => {
      const res = await a.call('GET', `/v1/cases/${c.id}`, 'eng-1');
      return res.body.compensations?.[0]?.status === 'executed' ? (res.body as CaseView) : undefined;
    },
    { timeoutMs: 90_000, context: () => cluster.context() },
  );
  expect(hitsOf(key)).toHaveLength(1);
  expect(await journalOf(cluster.payments, key)).toMatchObject({ acted: 1, retried: 0 });
  expect(await auditPayments(cluster.payments, [v])).toEqual([]);
});

interface Outcome {
  what: string;
  status?: number;
  error?: string;
  body?: Reply['body'];
}

/**
 * One client of a steady stream: open a case (own Idempotency-Key), read it, add a note, again, spread over both
 * instances. A request goes to the other instance only when its connection was refused (nothing was sent).
 */
async function steadyClient(
  name: string,
  bases: () => string[],
  running: () => boolean,
  outcomes: Outcome[],
  stats: { retriedElsewhere: number },
): Promise<Map<string, string>> {
  const opened = new Map<string, string>();
  const send = async (
    what: string,
    preferred: number,
    method: string,
    url: string,
    principal: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const base = bases()[(preferred + attempt) % 2]!;
      try {
        const res = await request(base, method, url, TOKENS[principal]!, body, headers);
        outcomes.push({ what, status: res.status, body: res.status >= 400 ? res.body : undefined });
        return res;
      } catch (err) {
        const code = (err as { cause?: { code?: string } }).cause?.code;
        if (code !== 'ECONNREFUSED') {
          outcomes.push({ what, error: `${String(err)} (${code})` });
          return undefined;
        }
        stats.retriedElsewhere += 1;
        if (attempt % 2 === 1) await new Promise((r) => setTimeout(r, 100));
      }
    }
    outcomes.push({ what, error: 'both instances refused connections for too long' });
    return undefined;
  };
  for (let i = 0; running(); i += 1) {
    const key = `${name}-${i}`;
    const res = await send(`open ${key}`, i, 'POST', '/v1/cases', 'app', openBody(`m-${key}`), {
      'idempotency-key': key,
    });
    if (res?.status !== 201) continue;
    opened.set(key, res.body.id);
    await send(`read ${key}`, i + 1, 'GET', `/v1/cases/${res.body.id}`, 'eng-1');
    await send(`note ${key}`, i, 'POST', `/v1/cases/${res.body.id}/notes`, 'mgr-xinyao', { text: key });
  }
  return opened;
}

it('a rolling restart of the two API processes under a steady stream of requests loses none', async () => {
  const bases = () => [a.base, b.base];
  const outcomes: Outcome[] = [];
  const stats = { retriedElsewhere: 0 };
  let running = true;
  const clients = ['roll-x', 'roll-y', 'roll-z'].map((name) =>
    steadyClient(name, bases, () => running, outcomes, stats),
  );
  const restart = async (api: Api, name: string): Promise<Api> => {
    await new Promise((r) => setTimeout(r, 1_000));
    api.proc.signal('SIGTERM');
    expect(await api.proc.exited).toEqual({ code: 0, signal: null });
    return cluster.api(name, api.port);
  };
  try {
    a = await restart(a, 'api A (restarted)');
    b = await restart(b, 'api B (restarted)');
    await new Promise((r) => setTimeout(r, 1_000));
  } finally {
    running = false;
  }
  const opened = new Map<string, string>();
  for (const m of await Promise.all(clients)) for (const [k, v] of m) opened.set(k, v);

  expect(outcomes.filter((o) => o.error !== undefined || (o.status ?? 500) >= 500)).toEqual([]);
  expect(outcomes.filter((o) => o.status !== 200 && o.status !== 201)).toEqual([]);
  // The restarts happened under load: some requests found an instance down and went to the other.
  expect(stats.retriedElsewhere).toBeGreaterThan(0);
  expect(new Set(opened.values()).size).toBe(opened.size);

  // Each key opened exactly one case: one case per member (each key has its own member).
  const counted = await eventually(
    'every opened case to be listed',
    async () => {
      const perMember = new Map<string, string[]>();
      let token: string | null = null;
      do {
        const res = await a.call(
          'GET',
          `/v1/cases?pageSize=100${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
          'eng-1',
        );
        for (const item of res.body.items as { id: string; memberId: string }[]) {
          if (item.memberId.startsWith('m-roll-'))
            perMember.set(item.memberId, [...(perMember.get(item.memberId) ?? []), item.id]);
        }
        token = res.body.nextPageToken;
      } while (token);
      return [...opened.keys()].every((k) => perMember.has(`m-${k}`)) ? perMember : undefined;
    },
    { timeoutMs: 30_000 },
  );
  for (const [key, id] of opened) expect(counted.get(`m-${key}`)).toEqual([id]);
  expect(counted.size).toBe(opened.size);
});
