/**
 * Observability of the one-command stack (`npm start`): one Prometheus endpoint (METRICS_PORT) serves the SDK's
 * worker metrics, the API's request metrics and the case metrics, and the case counters move by exactly what
 * the cases raised, even when the owners' pager refuses the notifications; the worker's log lines (workflow and activity) carry the case id like the API's. Workflow stack
 * traces are off by default (WORKER_WORKFLOW_STACK_TRACES): the Web UI's stack trace query says so.
 */
import { Client, Connection } from '@temporalio/client';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadPayloadKeyring, sealedDataConverter } from '../../codec';
import { scrape, type Scrape } from '../../platform/prometheus-scrape';
import { request } from '../support/http-requests';
import { launcherSetup, type LauncherSetup } from '../support/launcher-setup';
import { Processes, type Proc } from '../support/processes';
import { freePort } from '../support/ports';
import { policyJson } from '../support/policy';
import { eventually } from '../support/eventually';

jest.setTimeout(240_000);

const APP = 'dev-app-token-0000000001';
const XINYAO = 'dev-mgr-xinyao-token-0001';

const member = (id: string, tier: string) => ({
  id,
  name: 'Metrics Member',
  tier,
  credit: 'good',
  managerId: 'mgr-xinyao',
});

describe('metrics and correlated logs of npm start', () => {
  const procs = new Processes();
  let setup: LauncherSetup;
  let stack: Proc;
  let metricsUrl: string;

  const call = (method: string, url: string, token: string, body?: unknown, headers = {}) =>
    request(setup.base, method, url, token, body, headers);

  // The owners' pager refuses (a 4xx) the first escalation and the first warning: a case counts what it raised,
  // told or not.
  const refused: string[] = [];
  const pager = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { trigger } = JSON.parse(body) as { trigger?: string };
      const refuse = (trigger === 'escalation' || trigger === 'sla_warning') && !refused.includes(trigger);
      if (refuse) refused.push(trigger);
      res.writeHead(refuse ? 404 : 204).end();
    });
  });

  beforeAll(async () => {
    // apass: a 2 s callback SLA that breaches at every level (3 escalations, 4 breaches) and warns 1999 ms ahead
    // (a warning must be shorter than its SLA); super: a long one.
    const policy = policyJson({
      tiers: { apass: { callbackSla: '2s', warnBefore: { callback: '1999ms' } } },
    });
    setup = await launcherSetup('concierge-metrics-', { policy });
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    await new Promise<void>((resolve) => pager.listen(0, '127.0.0.1', resolve));
    const { port } = pager.address() as AddressInfo;
    stack = await procs.startStack(setup.base, {
      ...setup.env,
      METRICS_PORT: String(metricsPort),
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/notify`,
    });
  });

  afterAll(async () => {
    await procs.stopAll();
    pager.close();
    setup?.remove();
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
        delta(s, 'concierge_sla_breaches_total') >= 4 &&
        delta(s, 'concierge_sla_warnings_total') >= 4 &&
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
      'concierge_sla_warnings_total',
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
    // Three breaches escalated; the fourth found the case at the top of the ladder and is counted all the same.
    expect(delta(after, 'concierge_sla_breaches_total', { clock: 'callback' })).toBe(4);
    expect(delta(after, 'concierge_sla_breaches_total')).toBe(4);
    // The policy warns 1999 ms ahead: with a 2 s SLA, at once in each of the four windows (levels 0 to 3).
    expect(delta(after, 'concierge_sla_warnings_total', { clock: 'callback' })).toBe(4);
    expect(delta(after, 'concierge_sla_warnings_total')).toBe(4);
    expect(refused.sort()).toEqual(['escalation', 'sla_warning']);
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
    const records = stack
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((r) => r.caseId === breachingId);
    expect(records.some((r) => r.component === 'api' && r.msg === 'case opened')).toBe(true);
    expect(records.some((r) => r.sdkComponent === 'workflow' && r.kind === 'escalated')).toBe(true);
    expect(records.some((r) => r.sdkComponent === 'activity' && r.activityType === 'notifyOwner')).toBe(true);
  });

  it("answers the Web UI's stack trace query that workflow stack traces are off, and says so at start-up", async () => {
    const opened = await call('POST', '/v1/cases', APP, {
      type: 'concierge',
      member: member(`m-obs-${Date.now()}-3`, 'super'),
      summary: 'A table for two',
      details: { request: 'Somewhere quiet' },
    });
    expect(opened.status).toBe(201);
    const connection = await Connection.connect({ address: `127.0.0.1:${setup.env.TEMPORAL_PORT}` });
    try {
      // The stack's own key (DATA_DIR): the query's answer is sealed like every payload.
      const dataConverter = sealedDataConverter(loadPayloadKeyring({}, setup.dataDir));
      const handle = new Client({ connection, dataConverter }).workflow.getHandle(opened.body.id as string);
      await expect(handle.query('__stack_trace')).rejects.toThrow(/stack traces are not enabled/);
    } finally {
      await connection.close();
    }
    expect(stack.output()).toContain('Workflow stack traces off');
  });
});
