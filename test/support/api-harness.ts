/**
 * A real stack for API tests: Temporal dev server (search attributes registered), a case worker with the dev
 * edges, and the app built on the environment's client. Requests go through app.inject.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDevEdges, type DevEdges, type FaultInjector } from '../../activities/adapters/dev-edges';
import type { Notifier } from '../../activities/adapters/notifier';
import { buildApp } from '../../api/app';
import { DEFAULT_POLICY_FILE, DEV_ROSTER_FILE } from '../../config/env';
import { loadPolicy } from '../../config/policy';
import { Roster } from '../../config/roster';
import { createCaseWorker } from '../../worker/create-worker';
import { startDevServer, TEST_PAYLOAD_KEYS, workflowBundle } from '../support/temporal';

export const roster = Roster.load(DEV_ROSTER_FILE);
export const policy = loadPolicy(DEFAULT_POLICY_FILE);
export const TEMPORAL_UI = 'http://localhost:8233';

export interface Harness {
  env: TestWorkflowEnvironment;
  worker: Worker;
  app: FastifyInstance;
  /** The worker's dev edges and their journals. */
  edges: DevEdges;
  close(): Promise<void>;
}

const quietNotifier: Notifier = { notifyOwner: async () => undefined };

export interface HarnessOptions {
  /** Faults for the dev edges (a slow payment...). */
  faults?: FaultInjector;
  /** The app's deadline for each Temporal call (default 10 s). */
  temporalCallTimeoutMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const env = await startDevServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'api-test-'));
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let app: FastifyInstance | undefined;
  const close = async () => {
    await app?.close();
    if (worker && running) {
      worker.shutdown();
      await running;
    }
    await env.teardown();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const edges = createDevEdges(dataDir, options.faults);
  try {
    worker = await createCaseWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      deps: { notifier: quietNotifier, edges },
      payloadKeys: TEST_PAYLOAD_KEYS,
      workflowBundle: await workflowBundle(),
    });
    running = worker.run();
    app = await buildApp({
      client: env.client,
      roster,
      policy,
      namespace: 'default',
      temporalUiUrl: TEMPORAL_UI,
      payloadKeys: TEST_PAYLOAD_KEYS,
      temporalCallTimeoutMs: options.temporalCallTimeoutMs,
    });
    await app.ready();
    return { env, worker, app, edges, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Authorization header of a roster principal. */
export function as(principalId: string): Record<string, string> {
  const p = roster.get(principalId);
  if (!p) throw new Error(`no principal ${principalId} in the dev roster`);
  return { authorization: `Bearer ${p.token}` };
}

export interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: LightMyRequestResponse['headers'];
}

/** One request as a principal (or anonymous with `null`), JSON body parsed. */
export async function call(
  app: FastifyInstance,
  principal: string | null,
  method: InjectOptions['method'],
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<Call> {
  const res = await app.inject({
    method,
    url,
    headers: { ...(principal === null ? {} : as(principal)), ...headers },
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
  let body: unknown = res.body;
  try {
    body = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    // not JSON (the docs UI): keep the text
  }
  return { status: res.statusCode, body, headers: res.headers };
}

/** Polls until `check` stops throwing (visibility is eventually consistent). */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

let seq = 0;
/** A member id no other test uses, so list filters on it see only this test's cases. */
export const uniqueMemberId = (prefix = 'm') => `${prefix}-${Date.now().toString(36)}-${(seq += 1)}`;

export function disputeBody(
  over: { memberId?: string; managerId?: string; tier?: string; credit?: string; price?: number } = {},
) {
  return {
    type: 'dispute',
    member: {
      id: over.memberId ?? uniqueMemberId(),
      name: 'Lily',
      tier: over.tier ?? 'apass',
      credit: over.credit ?? 'good',
      managerId: over.managerId ?? 'mgr-xinyao',
    },
    summary: 'Ruby pendant arrived without its chain',
    details: {
      orderId: 'o-77',
      merchantId: 'shop-9',
      price: { amount: over.price ?? 420000, currency: 'CNY' },
      issue: 'missing_part',
    },
  };
}

export function conciergeBody(
  over: { memberId?: string; managerId?: string; tier?: string; credit?: string } = {},
) {
  return {
    type: 'concierge',
    member: {
      id: over.memberId ?? uniqueMemberId(),
      name: 'Wei',
      tier: over.tier ?? 'apass',
      credit: over.credit ?? 'good',
      managerId: over.managerId ?? 'mgr-xinyao',
    },
    summary: 'Recover lost wedding photos',
    details: { request: 'The photographer lost the card; find a recovery lab in Hangzhou' },
  };
}

/** Opens a case as the platform and returns its view (asserting the 201). */
export async function openCase(app: FastifyInstance, body: unknown, principal = 'app') {
  const res = await call(app, principal, 'POST', '/v1/cases', body);
  if (res.status !== 201) throw new Error(`open case answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
