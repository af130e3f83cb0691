/**
 * API.md, "Who may state a member's facts": the platform states tier, credit and dedicated manager; a manager,
 * supervisor or head names the member by id and the member directory (here the shipped dev directory,
 * config/dev-members.json) supplies them. Stated values that differ are 403 and open nothing; an unknown member
 * is 400 naming member.id; a directory that cannot answer is 503 and opens nothing (a retry of an opening that went
 * through answers with its case all the same).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  httpMemberDirectory,
  staticMemberDirectory,
  type MemberDirectory,
} from '../../activities/adapters/member-directory';
import { buildApp } from '../../api/app';
import { caseIdFor } from '../../api/cases/open-case';
import { call, conciergeBody, harnessSuite, policy, roster, TEMPORAL_UI } from '../support/api-harness';

const h = harnessSuite();

/** m-1042 in the dev directory: an apass_top member with good credit, mgr-xinyao's. */
const WEI = { id: 'm-1042', name: 'Wei', tier: 'apass_top', credit: 'good', managerId: 'mgr-xinyao' };

let seq = 0;
const key = () => `facts-${Date.now().toString(36)}-${(seq += 1)}`;

/** Whether a workflow with this id exists (a refused opening must start nothing). */
async function started(caseId: string): Promise<boolean> {
  try {
    await h.env.client.workflow.getHandle(caseId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Runs `body` against an API whose member directory is `members`, closed after. */
async function onDirectory(members: MemberDirectory, body: (app: FastifyInstance) => Promise<void>) {
  const app = await buildApp({
    client: h.env.client,
    roster,
    policy,
    members,
    namespace: 'default',
    temporalUiUrl: TEMPORAL_UI,
  });
  try {
    await body(app);
  } finally {
    await app.close();
  }
}

test('a manager naming only the member id: 201 with the directory facts, assigned to its dedicated manager', async () => {
  const res = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', {
    ...conciergeBody(),
    member: { id: 'm-1042' },
  });
  expect(res.status).toBe(201);
  expect(res.body.member).toEqual(WEI);
  expect(res.body.assignee).toEqual({ id: 'mgr-xinyao', alias: 'Xinyao', role: 'manager' });
  expect(res.body.openedBy).toBe('mgr-lin');
  // the apass_top callback SLA (3 min): the tier is the directory's
  expect(Date.parse(res.body.sla.callback.dueAt) - Date.parse(res.body.openedAt)).toBe(
    policy.tiers.apass_top.callbackSlaMs,
  );
});

test('a supervisor stating exactly the directory facts may; so may one stating some of them', async () => {
  const all = await call(h.app, 'sup-zheng', 'POST', '/v1/cases', { ...conciergeBody(), member: WEI });
  expect(all.status).toBe(201);
  expect(all.body.member).toEqual(WEI);
  const some = { id: WEI.id, tier: 'apass_top', managerId: 'mgr-xinyao' };
  const part = await call(h.app, 'head-dai', 'POST', '/v1/cases', { ...conciergeBody(), member: some });
  expect(part.status).toBe(201);
  expect(part.body.member).toEqual(WEI);
});

test('a manager stating facts that differ: 403 naming the fields (never the name), and nothing is started', async () => {
  const k = key();
  const stated = { ...WEI, name: 'Somebody Else', tier: 'standard', credit: 'restricted' };
  const res = await call(
    h.app,
    'mgr-xinyao',
    'POST',
    '/v1/cases',
    { ...conciergeBody(), member: stated },
    {
      'idempotency-key': k,
    },
  );
  expect(res.status).toBe(403);
  expect(res.body).toEqual({ error: 'forbidden', message: expect.any(String) });
  for (const field of ['member.name', 'member.tier', 'member.credit'])
    expect(res.body.message).toContain(field);
  expect(res.body.message).not.toContain('member.managerId');
  expect(res.body.message).not.toMatch(/Somebody|Wei/);
  expect(await started(caseIdFor('mgr-xinyao', k))).toBe(false);

  // one differing fact is enough: a better tier to get more authority
  const better = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', {
    ...conciergeBody(),
    member: { id: 'm-2053', tier: 'apass_top' },
  });
  expect(better.status).toBe(403);
  expect(better.body.message).toContain('member.tier');
  // and another dedicated manager
  const other = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', {
    ...conciergeBody(),
    member: { id: 'm-1041', managerId: 'mgr-lin' },
  });
  expect(other.status).toBe(403);
  expect(other.body.message).toContain('member.managerId');
});

test('a member the directory does not know: 400 validation_failed naming member.id, nothing started', async () => {
  const k = key();
  const res = await call(
    h.app,
    'sup-wen',
    'POST',
    '/v1/cases',
    { ...conciergeBody(), member: { id: 'm-0000' } },
    {
      'idempotency-key': k,
    },
  );
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('validation_failed');
  expect(res.body.details.issues).toEqual([
    expect.objectContaining({ path: 'member.id', code: 'unknown_member' }),
  ]);
  expect(await started(caseIdFor('sup-wen', k))).toBe(false);
});

test('the platform still states every fact: 400 naming each missing one; what it states is trusted', async () => {
  const res = await call(h.app, 'app', 'POST', '/v1/cases', {
    ...conciergeBody(),
    member: { id: 'm-1042', tier: 'apass_top' },
  });
  expect(res.status).toBe(400);
  expect(res.body.error).toBe('validation_failed');
  expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual([
    'member.name',
    'member.credit',
    'member.managerId',
  ]);

  // a member the directory does not have, with facts of the platform's own: opened as stated
  const body = conciergeBody({ tier: 'super', credit: 'fair', managerId: 'mgr-qiu' });
  const opened = await call(h.app, 'app', 'POST', '/v1/cases', body);
  expect(opened.status).toBe(201);
  expect(opened.body.member).toEqual(body.member);
});

test('/docs: only member.id is required by the schema, and the rule is documented', async () => {
  const doc = (await call(h.app, null, 'GET', '/docs/json')).body;
  const op = doc.paths['/v1/cases'].post;
  expect(op.description).toContain('member directory');
  const json = JSON.stringify(doc.components.schemas.OpenCase ?? op.requestBody);
  expect(json).toContain("The member's facts are the platform's");
  const members = [] as { required?: string[]; properties?: Record<string, unknown> }[];
  JSON.parse(json, (_k, v) => {
    if (v && typeof v === 'object' && v.properties?.managerId && v.properties?.credit) members.push(v);
    return v;
  });
  expect(members.length).toBeGreaterThan(0);
  for (const m of members) expect(m.required).toEqual(['id']);
});

test('a directory naming a dedicated manager the roster does not hold: 503 saying what to correct, not a 400 on a field the caller never sent; nothing started', () =>
  onDirectory(
    staticMemberDirectory([
      { id: 'm-9', name: 'Mother held', tier: 'apass', credit: 'good', managerId: 'mgr-gone' },
    ]),
    async (app) => {
      const k = key();
      const body = { ...conciergeBody(), member: { id: 'm-9' } };
      const res = await call(app, 'mgr-xinyao', 'POST', '/v1/cases', body, { 'idempotency-key': k });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        error: 'unavailable',
        message: expect.stringContaining(`names "mgr-gone" as member "m-9"'s dedicated manager`),
      });
      expect(res.body.message).toContain('The case was not opened');
      expect(res.body.message).not.toContain('Mother held');
      expect(await started(caseIdFor('mgr-xinyao', k))).toBe(false);
    },
  ));

describe('a member service that cannot answer', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(502);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** The API on this directory, for one test. */
  const onFailingDirectory = (body: (app: FastifyInstance) => Promise<void>) =>
    onDirectory(httpMemberDirectory(url, 1_000), body);

  test('503 unavailable saying the case was not opened; the platform opens as before', () =>
    onFailingDirectory(async (app) => {
      const k = key();
      const res = await call(
        app,
        'mgr-xinyao',
        'POST',
        '/v1/cases',
        { ...conciergeBody(), member: { id: 'm-1041' } },
        {
          'idempotency-key': k,
        },
      );
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        error: 'unavailable',
        message: expect.stringContaining('The case was not opened'),
      });
      expect(res.body.message).toContain('answered 502');
      expect(await started(caseIdFor('mgr-xinyao', k))).toBe(false);
      expect((await call(app, 'app', 'POST', '/v1/cases', conciergeBody())).status).toBe(201);
    }));

  test('a retry of an opening that went through answers 200 with that case, and the same key with another body 409', async () => {
    const k = key();
    const body = { ...conciergeBody(), member: { id: 'm-1041' } };
    const first = await call(h.app, 'mgr-xinyao', 'POST', '/v1/cases', body, { 'idempotency-key': k });
    expect(first.status).toBe(201);
    await onFailingDirectory(async (app) => {
      const retry = await call(app, 'mgr-xinyao', 'POST', '/v1/cases', body, { 'idempotency-key': k });
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.body.member).toEqual(first.body.member);
      const other = await call(
        app,
        'mgr-xinyao',
        'POST',
        '/v1/cases',
        { ...body, summary: 'another request' },
        { 'idempotency-key': k },
      );
      expect(other.status).toBe(409);
      expect(other.body.error).toBe('idempotency_conflict');
    });
  });

  test('a retry by an opener who may not read the case, the directory down: 200 with the case as it opened, never a "try again"', async () => {
    const k = key();
    const body = { ...conciergeBody(), member: { id: 'm-1042' } }; // mgr-xinyao's member, opened by mgr-lin
    const first = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
    expect(first.status).toBe(201);
    await onFailingDirectory(async (app) => {
      const retry = await call(app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
    });
  });

  test('a retry by such an opener once the directory no longer knows the member: 200 with the facts the case opened with', async () => {
    const k = key();
    const body = { ...conciergeBody(), member: { id: 'm-1042' } };
    const opened = await call(h.app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
    expect(opened.status).toBe(201);
    await onDirectory(staticMemberDirectory([]), async (app) => {
      const retry = await call(app, 'mgr-lin', 'POST', '/v1/cases', body, { 'idempotency-key': k });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(opened.body); // not a 400 that reads as "nothing opened: open it again"
    });
  });
});
