/**
 * End to end: the whole system started the way the README starts it (`npm start`), driven over HTTP.
 * Own DATA_DIR, free ports, a short-timer policy and a test roster; then a restart on the same DATA_DIR.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { request } from '../support/http-requests';
import { launcherSetup, type LauncherSetup } from '../support/launcher-setup';
import { cleanEnv, Processes, within, type Exit, type Proc } from '../support/processes';
import { policyJson, shortTimerPolicy } from '../support/policy';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

const ROSTER = {
  principals: [
    { id: 'platform', role: 'system', token: 'e2e-platform-token-000001' },
    {
      id: 'mgr-ana',
      alias: 'Ana',
      role: 'manager',
      token: 'e2e-mgr-ana-token-000001',
      supervisorId: 'sup-bo',
      backupId: 'mgr-cai',
    },
    {
      id: 'mgr-cai',
      alias: 'Cai',
      role: 'manager',
      token: 'e2e-mgr-cai-token-000001',
      supervisorId: 'sup-bo',
    },
    { id: 'sup-bo', alias: 'Bo', role: 'supervisor', token: 'e2e-sup-bo-token-0000001' },
    { id: 'head-du', alias: 'Du', role: 'head', token: 'e2e-head-du-token-000001' },
    { id: 'eng-e2e', role: 'engineer', token: 'e2e-engineer-token-00001' },
  ],
};
const TOKEN = {
  platform: 'e2e-platform-token-000001',
  ana: 'e2e-mgr-ana-token-000001',
  cai: 'e2e-mgr-cai-token-000001',
  engineer: 'e2e-engineer-token-00001',
};

describe('the stack started with npm start', () => {
  let dir: string;
  let dataDir: string;
  let env: Record<string, string>;
  let base: string;
  let uiPort: number;
  const procs = new Processes();
  let stack: Proc | undefined;

  const call = (method: string, url: string, token: string, body?: unknown) =>
    request(base, method, url, token, body);

  /** The stack's recent output, for the failure message of `eventually`. */
  const context = () => stack?.tail() ?? '';

  const npmStart = (extraEnv: Record<string, string>) => procs.npmStart(cleanEnv(extraEnv));

  async function startStack(): Promise<Proc> {
    stack = await procs.startStack(base, env, { timeoutMs: 120_000 });
    return stack;
  }

  async function stopStack(s: Proc): Promise<Exit> {
    s.child.kill('SIGTERM');
    const result = await within(s.exited, 60_000);
    if (result === 'timeout')
      throw new Error(`the stack did not stop within 60 s:\n${s.output().slice(-6000)}`);
    stack = undefined;
    return result;
  }

  let setup: LauncherSetup;
  beforeAll(async () => {
    // apass: a 2 s callback SLA that the test lets breach; super: the default 30 min that the test meets.
    setup = await launcherSetup('concierge-e2e-', {
      policy: shortTimerPolicy('2s'),
      roster: ROSTER,
      // The member directory is checked against the roster: this roster's managers need their own.
      members: { members: [member('m-e2e-1', 'super'), member('m-e2e-2', 'apass')] },
    });
    ({ dir, dataDir, base, uiPort, env } = setup);
  });

  afterAll(async () => {
    await procs.stopAll();
    setup?.remove();
  });

  const member = (id: string, tier: string) => ({
    id,
    name: 'E2E Member',
    tier,
    credit: 'good',
    managerId: 'mgr-ana',
  });
  let firstId: string;
  let secondId: string;

  it('serves the case contract over HTTP on a running dev server', async () => {
    await startStack();

    const opened = await call('POST', '/v1/cases', TOKEN.platform, {
      type: 'dispute',
      member: member('m-e2e-1', 'super'),
      summary: 'Pendant arrived without its chain',
      details: {
        orderId: 'o-e2e-1',
        merchantId: 'shop-e2e',
        price: { amount: 420000, currency: 'CNY' },
        issue: 'missing_part',
      },
    });
    expect(opened.status).toBe(201);
    firstId = opened.body.id;
    expect(firstId).toMatch(/^case-/);
    expect(opened.body.status).toBe('awaiting_callback');
    expect(opened.body.assignee.id).toBe('mgr-ana');

    const view = await call('GET', `/v1/cases/${firstId}`, TOKEN.ana);
    expect(view.status).toBe(200);
    expect(view.body.id).toBe(firstId);
    expect(view.body.links.self).toBe(`/v1/cases/${firstId}`);

    // The engineer's way in: the Temporal UI link answers on the embedded UI port.
    const ui: string = view.body.links.temporalUi;
    expect(ui).toContain(`:${uiPort}/namespaces/default/workflows/${firstId}`);
    expect((await fetch(ui)).status).toBe(200);

    const calledBack = await call('POST', `/v1/cases/${firstId}/callback`, TOKEN.ana, {
      note: 'reached the member',
    });
    expect(calledBack.status).toBe(200);
    expect(calledBack.body.sla.callback.metAt).not.toBeNull();
    const afterCallback = await call('GET', `/v1/cases/${firstId}`, TOKEN.ana);
    // A dispute moves on to the merchant after the callback; the contract's in_progress is the first step.
    expect(['in_progress', 'waiting_on_third_party']).toContain(afterCallback.body.status);
    expect(afterCallback.body.timeline.some((e: { kind: string }) => e.kind === 'callback')).toBe(true);

    await eventually(
      'the case in the manager queue',
      async () => {
        const queue = await call('GET', '/v1/managers/mgr-ana/queue', TOKEN.ana);
        return queue.status === 200 && queue.body.items.some((c: { id: string }) => c.id === firstId)
          ? true
          : undefined;
      },
      { context },
    );
  });

  it('escalates a case whose callback SLA breaches to the manager backup', async () => {
    const opened = await call('POST', '/v1/cases', TOKEN.platform, {
      type: 'concierge',
      member: member('m-e2e-2', 'apass'),
      summary: 'Recover lost wedding photos',
      details: { request: 'Recover the wedding photos from the broken phone' },
    });
    expect(opened.status).toBe(201);
    secondId = opened.body.id;
    expect(opened.body.escalationLevel).toBe(0);

    const escalated = await eventually(
      'escalation to level 1',
      async () => {
        const v = await call('GET', `/v1/cases/${secondId}`, TOKEN.engineer);
        return v.body.escalationLevel === 1 ? v.body : undefined;
      },
      { context },
    );
    expect(escalated.assignee.id).toBe('mgr-cai');
    expect(escalated.sla.callback.breached).toBe(true);

    await eventually(
      'the escalated case in the backup queue',
      async () => {
        const queue = await call('GET', '/v1/managers/mgr-cai/queue', TOKEN.cai);
        return queue.status === 200 && queue.body.items.some((c: { id: string }) => c.id === secondId)
          ? true
          : undefined;
      },
      { context },
    );
  });

  it('stops cleanly on SIGTERM and keeps the cases across a restart on the same DATA_DIR', async () => {
    const before = await call('GET', `/v1/cases/${firstId}`, TOKEN.engineer);
    expect(await stopStack(stack!)).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);

    await startStack();
    const after = await call('GET', `/v1/cases/${firstId}`, TOKEN.engineer);
    expect(after.status).toBe(200);
    expect(after.body.status).toBe(before.body.status);
    expect(after.body.timeline).toEqual(before.body.timeline);
    // Its fresh window kept running while the stack was down: it may have climbed further since.
    const second = await call('GET', `/v1/cases/${secondId}`, TOKEN.engineer);
    expect(second.status).toBe(200);
    expect(second.body.escalationLevel).toBeGreaterThanOrEqual(1);
    expect(second.body.timeline.length).toBeGreaterThan(2);

    expect(await stopStack(stack!)).toEqual({ code: 0, signal: null });
  });

  it('refuses a taken PORT or TEMPORAL_PORT at once, naming it, before starting a dev server', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      for (const [name, message] of [
        ['PORT', `PORT ${port} is in use (EADDRINUSE)`],
        ['TEMPORAL_PORT', `the Temporal dev server's port ${port} is in use (EADDRINUSE)`],
      ] as const) {
        const freshData = path.join(dir, `port-${name}`);
        const s = npmStart({ ...env, [name]: port, DATA_DIR: freshData });
        const result = await within(s.exited, 60_000);
        expect(result).toMatchObject({ code: 1 });
        expect(s.output()).toContain(message);
        expect(s.output()).toContain(`set ${name}`);
        expect(existsSync(path.join(freshData, 'temporal.sqlite'))).toBe(false);
      }
    } finally {
      taken.close();
    }
  });

  it('exits non-zero when its dev server dies', async () => {
    const s = await startStack();
    const serverPid = Number(
      readFileSync(path.join(dataDir, 'temporal-dev-server.pid'), 'utf8').split(/\s+/)[0],
    );
    process.kill(serverPid, 'SIGKILL');
    const result = await within(s.exited, 60_000);
    stack = undefined;
    expect(result).not.toBe('timeout');
    expect(result).toMatchObject({ code: 1 });
    expect(s.output()).toContain('the Temporal dev server exited');
  });

  it('refuses to start with a bad POLICY_FILE, naming the field, before starting anything', async () => {
    const badPolicy = path.join(dir, 'bad-policy.json');
    const bad = policyJson({ tiers: { apass: { callbackSla: 'soon' } } });
    writeFileSync(badPolicy, JSON.stringify(bad));
    const freshData = path.join(dir, 'never-used');
    const s = npmStart({ ...env, POLICY_FILE: badPolicy, DATA_DIR: freshData });
    const result = await within(s.exited, 60_000);
    expect(result).not.toBe('timeout');
    expect(result).toMatchObject({ code: 1 });
    expect(s.output()).toContain('tiers.apass.callbackSla');
    expect(s.output()).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(freshData)).toBe(false);
  });
});
