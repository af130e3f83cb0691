/**
 * API.md, "Opening never says try again for a case it opened": once the workflow has started, POST /v1/cases
 * answers 201 with the case as it opens, however slow the worker (here: no worker polls at all until the case
 * is read; the API's wait for the first task ends with the call's deadline). A start whose answer is lost is
 * settled with Temporal: started -> 201; not started -> 503 saying it was NOT opened; Temporal unable to tell ->
 * 503 naming the case to read. Never a 500. Faults are injected with a client interceptor in front of the real
 * Temporal dev server.
 */
import { status } from '@grpc/grpc-js';
import {
  Client,
  ServiceError,
  WorkflowNotFoundError,
  type WorkflowClientInterceptor,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDevEdges } from '../../activities/adapters/dev-edges';
import { buildApp } from '../../api/app';
import { caseIdFor } from '../../api/cases/open-case';
import { createCaseWorker } from '../../worker/create-worker';
import { caseViewQuery } from '../../workflows/messages';
import { startDevServer, TEST_PAYLOAD_KEYS, testDataConverter, workflowBundle } from '../support/temporal';
import { call, conciergeBody, disputeBody, policy, roster, TEMPORAL_UI } from '../support/api-harness';
import { eventually } from '../support/eventually';

let env: TestWorkflowEnvironment;
const apps: FastifyInstance[] = [];
beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await env?.teardown();
});

/** The app on a client whose starts and describes go through `interceptor` (none: the plain client). */
async function appWith(interceptor: WorkflowClientInterceptor = {}, temporalCallTimeoutMs = 2_000) {
  const client = new Client({
    connection: env.connection,
    namespace: 'default',
    dataConverter: testDataConverter,
    interceptors: { workflow: [interceptor] },
  });
  const app = await buildApp({
    client,
    roster,
    policy,
    namespace: 'default',
    temporalUiUrl: TEMPORAL_UI,
    temporalCallTimeoutMs,
  });
  apps.push(app);
  return app;
}

/** A gRPC failure as the Temporal client surfaces it (ServiceError with the grpc-js error as its cause). */
function grpcFailure(code: number, details: string): ServiceError {
  const cause = Object.assign(new Error(`${code}: ${details}`), { code, details, metadata: {} });
  return new ServiceError('Failed to start Workflow', { cause });
}
const { DEADLINE_EXCEEDED, CANCELLED, UNAVAILABLE } = status;

async function describe(caseId: string) {
  try {
    return await env.client.workflow.getHandle(caseId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

let seq = 0;
const key = () => `unconfirmed-${Date.now().toString(36)}-${(seq += 1)}`;
const withoutLinks = ({
  links: _links,
  allowedActions: _allowed,
  actionChoices: _choices,
  ...view
}: Record<string, unknown>) => view;

test('no worker polls: 201 within the deadline with the case as it opens; the workflow opens it exactly so', async () => {
  const app = await appWith();
  const res = await call(app, 'mgr-lin', 'POST', '/v1/cases', { ...disputeBody(), member: { id: 'm-2051' } });
  // The wait for a first task ends with the 2 s call deadline, then one describe finds the case started: no
  // worker does not make a 503
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    status: 'awaiting_callback',
    openedBy: 'mgr-lin',
    member: { id: 'm-2051', tier: 'apass', managerId: 'mgr-lin' },
    assignee: { id: 'mgr-lin' },
    links: { self: `/v1/cases/${res.body.id}` },
  });
  expect(res.body.allowedActions).toEqual(expect.arrayContaining(['callback']));
  expect(Date.parse(res.body.sla.callback.dueAt) - Date.parse(res.body.openedAt)).toBe(
    policy.tiers.apass.callbackSlaMs,
  );
  const d = await describe(res.body.id);
  expect(d?.status.name).toBe('RUNNING');
  expect(d?.memo).toEqual({
    requestHash: expect.any(String),
    requestedAt: Date.parse(res.body.openedAt),
    openingId: expect.stringMatching(/^[0-9a-f]{24}$/),
  });
  const raw = JSON.stringify(d?.raw.executionConfig?.userMetadata ?? {});
  expect(raw).not.toMatch(/pendant|Mei/); // no summary or name in the UI's static details

  // a worker comes: the case it opens is the one the API answered with
  const dataDir = mkdtempSync(path.join(tmpdir(), 'open-unconfirmed-'));
  let worker: Worker | undefined;
  try {
    worker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      deps: { notifier: { notifyOwner: async () => undefined }, edges: createDevEdges(dataDir) },
      payloadKeys: TEST_PAYLOAD_KEYS,
      workflowBundle: await workflowBundle(),
    });
    const w = worker;
    await w.runUntil(async () => {
      const view = await env.client.workflow.getHandle(res.body.id).query(caseViewQuery);
      expect(view).toEqual(withoutLinks(res.body));
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the same Idempotency-Key again with no worker: 200 with the case as it was opened, not a 503', async () => {
  const app = await appWith({}, 1_000);
  const k = key();
  const body = conciergeBody();
  const first = await call(app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(first.status).toBe(201);
  const again = await call(app, 'app', 'POST', '/v1/cases', body, { 'idempotency-key': k });
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  const other = await call(
    app,
    'app',
    'POST',
    '/v1/cases',
    { ...body, summary: 'else' },
    { 'idempotency-key': k },
  );
  expect(other.status).toBe(409);
});

test.each([
  ['DEADLINE_EXCEEDED', DEADLINE_EXCEEDED],
  ['CANCELLED', CANCELLED],
  ['UNAVAILABLE (connection dropped)', UNAVAILABLE],
])('the start landed but its answer was lost (%s): 201 with the case', async (_what, code) => {
  const app = await appWith({
    async startUpdateWithStart(input, next) {
      // The start is sent and lands; its answer never comes back.
      next(input).catch(() => undefined);
      await eventually('the start landed', () => describe(input.workflowStartOptions.workflowId));
      throw grpcFailure(code, 'answer lost');
    },
  });
  const k = key();
  const res = await call(app, 'app', 'POST', '/v1/cases', conciergeBody(), { 'idempotency-key': k });
  expect(res.status).toBe(201);
  expect(res.body.id).toBe(caseIdFor('app', k));
  expect((await describe(res.body.id))?.memo?.requestedAt).toBe(Date.parse(res.body.openedAt));
});

test('the start never arrived (cancelled on the way): settled by starting it then, 201', async () => {
  let starts = 0;
  const app = await appWith({
    async startUpdateWithStart(input, next) {
      starts += 1;
      if (starts === 1) throw grpcFailure(CANCELLED, 'Cancelled on client');
      return next(input);
    },
  });
  const res = await call(app, 'app', 'POST', '/v1/cases', conciergeBody());
  expect(res.status).toBe(201);
  expect(starts).toBe(2);
  expect((await describe(res.body.id))?.status.name).toBe('RUNNING');
});

test('not started and Temporal gone: 503 saying the case was NOT opened (and it was not)', async () => {
  let starts = 0;
  const app = await appWith({
    async startUpdateWithStart() {
      starts += 1;
      throw starts === 1
        ? grpcFailure(DEADLINE_EXCEEDED, 'Deadline exceeded')
        : grpcFailure(
            UNAVAILABLE,
            'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233',
          );
    },
  });
  const k = key();
  const res = await call(app, 'app', 'POST', '/v1/cases', conciergeBody(), { 'idempotency-key': k });
  expect(res.status).toBe(503);
  expect(res.body).toEqual({
    error: 'unavailable',
    message: expect.stringContaining('The case was NOT opened'),
  });
  expect(await describe(caseIdFor('app', k))).toBeUndefined();
});

test('Temporal cannot tell whether it started: 503 naming the case to read before opening again, never a 500', async () => {
  const app = await appWith({
    async startUpdateWithStart() {
      throw grpcFailure(DEADLINE_EXCEEDED, 'Deadline exceeded');
    },
    async describe() {
      throw grpcFailure(UNAVAILABLE, 'Connection dropped');
    },
  });
  const k = key();
  const res = await call(app, 'app', 'POST', '/v1/cases', conciergeBody(), { 'idempotency-key': k });
  expect(res.status).toBe(503);
  const caseId = caseIdFor('app', k);
  expect(res.body).toEqual({
    error: 'unavailable',
    message: expect.stringContaining(`did not confirm whether case ${caseId} was opened`),
    details: { caseId },
  });
  expect(res.body.message).toContain('same Idempotency-Key');
});

test('a start refused outright (no connection at all): 503 NOT opened, nothing described', async () => {
  let described = 0;
  const app = await appWith({
    async startUpdateWithStart() {
      throw grpcFailure(
        UNAVAILABLE,
        'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233',
      );
    },
    async describe(input, next) {
      described += 1;
      return next(input);
    },
  });
  const res = await call(app, 'app', 'POST', '/v1/cases', conciergeBody());
  expect(res.status).toBe(503);
  expect(res.body.message).toContain('The case was NOT opened');
  expect(described).toBe(0);
});
