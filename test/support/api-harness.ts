/**
 * The API's integration harness: a Temporal dev server (search attributes registered), a case worker with the
 * dev edges, and the app built on the environment's client; requests go through app.inject. Route tests that
 * never reach Temporal use `startRouteApp()` (test/support/route-app.ts) instead.
 */
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import type { Interceptor as GrpcInterceptor } from '@grpc/grpc-js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDevEdges, type DevEdges, type FaultInjector } from '../../activities/adapters/dev-edges';
import type { Notifier } from '../../activities/adapters/notifier';
import { buildApp } from '../../api/app';
import { apiRetryInterceptor } from '../../api/temporal/retries';
import { DEV_ROSTER_FILE } from '../../config/env';
import { Roster } from '../../config/roster';
import { createCaseWorker, type CaseWorkerOptions } from '../../worker/create-worker';
import type { CaseTypeModule } from '../../workflows/case-types/case-type';
import { testPolicy } from './policy';
import type { Policy } from '../../config/policy';
import { startDevServer, TEST_PAYLOAD_KEYS, testDataConverter, workflowBundle } from './temporal';
import { quietRuntime } from './workflow-harness';
import { authorization } from './tokens';

export const roster = Roster.load(DEV_ROSTER_FILE);
export const policy = testPolicy();
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
  /** Case types beside the shipped ones, for the API (`AppOptions.caseTypes`). */
  caseTypes?: readonly CaseTypeModule[];
  /** The worker's workflows entry (default: the shipped one); it registers the same `caseTypes`. */
  workflowsPath?: string;
  /** The API's Temporal client runs these (a test's view of what the API sends; default none). */
  clientInterceptors?: WorkflowClientInterceptor[];
  /**
   * gRPC interceptors outside the API's retries (api/temporal/retries.ts), on a connection of the API's own: a
   * network that fails chosen calls for good (default: the environment's connection).
   */
  connectionInterceptors?: GrpcInterceptor[];
  /** gRPC interceptors inside the API's retries: a network that fails chosen attempts. */
  networkFaults?: GrpcInterceptor[];
  /** The worker's tuning (default the SDK's). */
  workerTuning?: CaseWorkerOptions['tuning'];
  /** The owner notifications' pager (default: one that takes every notification at once). */
  notifier?: Notifier;
  /** Where the API sends the `assigned` notification before a start (`AppOptions.ownerNotifier`; default none). */
  apiNotifier?: Notifier;
  /** SDK and core logs at ERROR only (`quietRuntime`), for suites that would flood the output. */
  quiet?: boolean;
  /** The API's policy (default: the shipped one). */
  policy?: Policy;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (options.quiet) quietRuntime();
  const env = await startDevServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'api-test-'));
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let app: FastifyInstance | undefined;
  let ownConnection: Connection | undefined;
  const close = async () => {
    await app?.close();
    await ownConnection?.close();
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
      deps: { notifier: options.notifier ?? quietNotifier, edges },
      payloadKeys: TEST_PAYLOAD_KEYS,
      workflowBundle: await workflowBundle(options.workflowsPath),
      tuning: options.workerTuning,
    });
    running = worker.run();
    ownConnection =
      options.connectionInterceptors || options.networkFaults
        ? await Connection.connect({
            address: env.address,
            interceptors: [
              ...(options.connectionInterceptors ?? []),
              apiRetryInterceptor(),
              ...(options.networkFaults ?? []),
            ],
          })
        : undefined;
    const connection = ownConnection ?? env.connection;
    app = await buildApp({
      client:
        options.clientInterceptors || ownConnection
          ? new Client({
              connection,
              dataConverter: testDataConverter,
              interceptors: { workflow: options.clientInterceptors ?? [] },
            })
          : env.client,
      roster,
      policy: options.policy ?? policy,
      namespace: 'default',
      temporalUiUrl: TEMPORAL_UI,
      payloadKeys: TEST_PAYLOAD_KEYS,
      temporalCallTimeoutMs: options.temporalCallTimeoutMs,
      caseTypes: options.caseTypes,
      ownerNotifier: options.apiNotifier,
    });
    await app.ready();
    return { env, worker, app, edges, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The harness for the whole file: started before its tests, closed after them. Use its fields inside tests. */
export function harnessSuite(options: HarnessOptions = {}): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const get = (): Harness => {
    if (!started) throw new Error('the harness is not started (use inside a test)');
    return started;
  };
  return {
    get env() {
      return get().env;
    },
    get worker() {
      return get().worker;
    },
    get app() {
      return get().app;
    },
    get edges() {
      return get().edges;
    },
    close: () => get().close(),
  };
}

/** Authorization header of a dev roster principal. */
export const as = (principalId: string): Record<string, string> => authorization(principalId);

/** The contract's error body with this code (any message). */
export const contractError = (code: string) => ({ error: code, message: expect.any(String) });

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

export { caseBody, conciergeBody, disputeBody, uniqueMemberId } from './case-fixtures';

/** `value` as JSON padded with whitespace to exactly `bytes` bytes (an object: the padding goes before its `}`). */
export function paddedJson(value: object, bytes: number): string {
  const json = JSON.stringify(value);
  return json.slice(0, -1) + ' '.repeat(bytes - Buffer.byteLength(json)) + '}';
}

/** Opens a case as the platform and returns its view (asserting the 201). */
export async function openCase(app: FastifyInstance, body: unknown, principal = 'app') {
  const res = await call(app, principal, 'POST', '/v1/cases', body);
  if (res.status !== 201) throw new Error(`open case answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
