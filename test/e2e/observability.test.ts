/**
 * Observability of the one-command stack (`npm start`): one Prometheus endpoint (METRICS_PORT) serves the SDK's
 * worker metrics, the API's request metrics and the case metrics, and the case counters move by exactly what
 * the cases did; the worker's log lines (workflow and activity) carry the case id like the API's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { scrape, type Scrape } from '../support/metrics';

jest.setTimeout(240_000);

const projectRoot = path.resolve(__dirname, '../..');
const APP = 'dev-app-token-0000000001';
const XINYAO = 'dev-mgr-xinyao-token-0001';

/** apass: a 2 s callback SLA that breaches at every level (3 escalations, 3 breaches); super: a long one. */
const POLICY = {
  tiers: {
    apass_top: {
      callbackSla: '2s',
      resolutionSla: '24h',
      instantRefundLimit: 1000000,
      managerAuthority: null,
    },
    apass: { callbackSla: '2s', resolutionSla: '24h', instantRefundLimit: 1000000, managerAuthority: 200000 },
    super: { callbackSla: '30m', resolutionSla: '48h', instantRefundLimit: 300000, managerAuthority: 50000 },
    standard: {
      callbackSla: '4h',
      resolutionSla: '72h',
      instantRefundLimit: 100000,
      managerAuthority: 20000,
    },
  },
  approvalTimeout: '30m',
  followUpWindow: '7d',
  caseTypes: {
    dispute: { merchantResponseWindow: '48h' },
    lost_goods: { carrierTraceWindow: '72h' },
    visa_help: { decisionBuffer: '48h' },
  },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what} (${String(last)})`);
}

const member = (id: string, tier: string) => ({
  id,
  name: 'Metrics Member',
  tier,
  credit: 'good',
  managerId: 'mgr-xinyao',
});

describe('metrics and correlated logs of npm start', () => {
  let dir: string;
  let base: string;
  let metricsUrl: string;
  let child: ChildProcess | undefined;
  let output = '';

  const call = async (method: string, url: string, token: string, body?: unknown, headers = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'concierge-metrics-'));
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(POLICY));
    const [port, temporalPort, uiPort, metricsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    base = `http://127.0.0.1:${port}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_') && k !== 'NOTIFY_WEBHOOK_URL'),
    );
    child = spawn('npm', ['start'], {
      cwd: projectRoot,
      env: {
        ...env,
        LOG_LEVEL: 'info',
        PORT: String(port),
        TEMPORAL_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        METRICS_PORT: String(metricsPort),
        DATA_DIR: path.join(dir, 'data'),
        POLICY_FILE: path.join(dir, 'policy.json'),
        WORKER_SHUTDOWN_GRACE: '5s',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(
      'the stack to answer /healthz',
      async () =>
        (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200 ? true : undefined,
      150_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- output ---\n${output.slice(-6000)}`);
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000, undefined, { ref: false })]);
      child.kill('SIGKILL');
    }
    const pidFile = path.join(dir, 'data', 'temporal-dev-server.pid');
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').split(/\s+/)[0]), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves worker, API and case metrics on one endpoint; the case counters move by what happened', async () => {
    const before = await scrape(metricsUrl);

    // A concierge case on apass: its 2 s callback SLA breaches at levels 0, 1 and 2 (three escalations), then once
    // more at the top, where nobody is left to escalate to (recorded in the case, not counted as an escalation).
    const breaching = await call('POST', '/v1/cases', APP, {
      type: 'concierge',
      member: member(`m-obs-${Date.now()}`, 'apass'),
      summary: 'Find a table for twelve tonight',
      details: { request: 'A private room near the Bund' },
    });
    expect(breaching.status).toBe(201);
    const breachingId: string = breaching.body.id;

    // A dispute on super: called back, then a gift and a refund within the limits execute (each pays once).
    const body = {
      type: 'dispute',
      member: member(`m-obs-${Date.now()}-2`, 'super'),
      summary: 'Scarf arrived stained',
      details: {
        orderId: 'o-obs',
        merchantId: 'shop-obs',
        price: { amount: 90000, currency: 'CNY' },
        issue: 'damaged',
      },
    };
    const key = { 'idempotency-key': `obs-${Date.now()}` };
    const dispute = await call('POST', '/v1/cases', APP, body, key);
    expect(dispute.status).toBe(201);
    // The same key again answers with the same case: not a second opening.
    expect((await call('POST', '/v1/cases', APP, body, key)).status).toBe(200);
    const disputeId: string = dispute.body.id;
    expect((await call('POST', `/v1/cases/${disputeId}/callback`, XINYAO, {})).status).toBe(200);
    const gift = await call('POST', `/v1/cases/${disputeId}/compensations`, XINYAO, {
      kind: 'goodwill_gift',
      amount: { amount: 10000, currency: 'CNY' },
      reason: 'sorry for the stain',
    });
    expect(gift.status).toBe(200);
    const refund = await call('POST', `/v1/cases/${disputeId}/compensations`, XINYAO, {
      kind: 'instant_refund',
      amount: { amount: 25000, currency: 'CNY' },
      reason: 'cleaning cost',
    });
    expect(refund.status).toBe(200);
    expect(refund.body.compensations.map((c: { status: string }) => c.status)).toEqual([
      'executed',
      'executed',
    ]);
    expect((await call('GET', '/v1/cases/case-nope', XINYAO)).status).toBe(404);

    // The breaching case reaches the top level; its three escalation notifications then complete.
    await eventually('the apass case to reach level 3', async () => {
      const view = await call('GET', `/v1/cases/${breachingId}`, APP);
      return view.body.escalationLevel === 3 ? true : undefined;
    });
    const delta = (s: Scrape, family: string, labels?: Record<string, string>) =>
      s.value(family, labels) - before.value(family, labels);
    const after = await eventually('the case counters to settle', async () => {
      const s = await scrape(metricsUrl);
      return delta(s, 'concierge_escalations_total') >= 3 &&
        delta(s, 'concierge_compensation_paid_total') >= 2
        ? s
        : undefined;
    });

    // SDK worker metrics, API request metrics and case metrics on the same endpoint.
    for (const family of [
      'temporal_workflow_task_execution_latency',
      'temporal_activity_execution_latency',
      'concierge_api_requests_total',
      'concierge_api_request_duration',
      'concierge_cases_opened_total',
      'concierge_sla_breaches_total',
      'concierge_escalations_total',
      'concierge_compensation_paid_total',
      'concierge_compensation_paid_amount_total',
    ]) {
      expect([family, after.families.has(family)]).toEqual([family, true]);
    }

    expect(delta(after, 'concierge_cases_opened_total', { type: 'concierge', tier: 'apass' })).toBe(1);
    expect(delta(after, 'concierge_cases_opened_total', { type: 'dispute', tier: 'super' })).toBe(1);
    expect(delta(after, 'concierge_cases_opened_total')).toBe(2);
    for (const level of ['1', '2', '3']) {
      expect([level, delta(after, 'concierge_escalations_total', { level })]).toEqual([level, 1]);
    }
    expect(delta(after, 'concierge_escalations_total')).toBe(3);
    expect(delta(after, 'concierge_sla_breaches_total', { clock: 'callback' })).toBe(3);
    expect(delta(after, 'concierge_sla_breaches_total')).toBe(3);
    expect(delta(after, 'concierge_compensation_paid_total', { kind: 'goodwill_gift' })).toBe(1);
    expect(delta(after, 'concierge_compensation_paid_total', { kind: 'instant_refund' })).toBe(1);
    expect(delta(after, 'concierge_compensation_paid_amount_total', { kind: 'goodwill_gift' })).toBe(10000);
    expect(delta(after, 'concierge_compensation_paid_amount_total', { kind: 'instant_refund' })).toBe(25000);

    const requests = (labels: Record<string, string>) => delta(after, 'concierge_api_requests_total', labels);
    expect(requests({ method: 'POST', route: '/v1/cases', status: '201' })).toBe(2);
    expect(requests({ method: 'POST', route: '/v1/cases', status: '200' })).toBe(1);
    expect(requests({ method: 'POST', route: '/v1/cases/:id/compensations', status: '200' })).toBe(2);
    expect(requests({ method: 'GET', route: '/v1/cases/:id', status: '404' })).toBe(1);
    expect(delta(after, 'concierge_api_request_duration_count', { route: '/v1/cases', status: '201' })).toBe(
      2,
    );

    // The same case id through the API, the workflow and its activities.
    const records = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((r) => r.caseId === breachingId);
    expect(records.some((r) => r.component === 'api' && r.msg === 'case opened')).toBe(true);
    expect(records.some((r) => r.sdkComponent === 'workflow' && r.kind === 'escalated')).toBe(true);
    expect(records.some((r) => r.sdkComponent === 'activity' && r.activityType === 'notifyOwner')).toBe(true);
  });
});
