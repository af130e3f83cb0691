/**
 * Workflow tests against a Temporal server: one server per file (`timeSkippingSuite()`, or `devServerSuite()`
 * where the real server's behaviour matters), a fresh worker per test on its own task queue with fresh dev edges
 * and a recording notifier (`withWorker`), and a dispute past its callback (`openDispute`). Beside it: clock.ts
 * (durations, time skipping), odd-policy.ts (odd-numbered policies), case-views.ts (reading case views) and
 * update-rejections.ts (rejected updates).
 */
import { rmSync } from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { Policy } from '../../config/policy';
import type { Member } from '../../workflows/domain';
import { callbackUpdate, type OpenCaseInput } from '../../workflows/messages';
import type { caseWorkflow } from '../../workflows';
import { testActivities } from './activities';
import { caseDetails, cny, type Details } from './case-fixtures';
import { eventually } from './eventually';
import { actors, openInput, startCase } from './cases';
import { startDevServer, startTimeSkipping, testDataConverter, workflowBundle } from './temporal';

export type CaseHandle = WorkflowHandle<typeof caseWorkflow>;

let runtimeInstalled = false;
/**
 * SDK and core logs at ERROR only (once per test file's module registry): activity failures we inject on
 * purpose would otherwise flood the test output.
 */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // Already installed by someone else in this process: keep theirs.
  }
}

/** Starts the time-skipping server for the whole file; use `suite.env` inside tests. */
export const timeSkippingSuite = () => serverSuite(startTimeSkipping);

/** Starts a real Temporal dev server for the whole file; use `suite.env` inside tests. */
export const devServerSuite = () => serverSuite(startDevServer);

export interface ServerSuite {
  readonly env: TestWorkflowEnvironment;
}

function serverSuite(start: () => Promise<TestWorkflowEnvironment>): ServerSuite {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    quietRuntime();
    env = await start();
    await workflowBundle();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the test server is not started (use inside a test)');
      return env;
    },
  };
}

export { cny };

export interface WorkerOptions {
  /** Faults the dev edges inject. */
  faults?: FaultInjector;
  /** Part of the task queue's name, to tell the tests' workers apart. */
  name?: string;
  /** The pager fails this many notifications (its first calls) before it works. */
  failedNotifications?: number;
  /** A workflows entry of the test's own (the shipped one beside a test workflow). */
  workflowsPath?: string;
  /** Activities that stand in for the worker's own (a calendar service that fails...). */
  activities?: Partial<ReturnType<typeof testActivities>['activities']>;
}

export interface WorkerContext {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  edges: ReturnType<typeof testActivities>['edges'];
  /** Every owner notification the workflow sent, in order. */
  notifications: ReturnType<typeof testActivities>['notifications'];
  /** The dev edges' DATA_DIR (removed when the test ends). */
  dataDir: string;
  /** Starts a case built by `openInput(options)` on this test's task queue. */
  open(options?: Parameters<typeof openInput>[0]): Promise<CaseHandle>;
  /** Starts a case with exactly this input on this test's task queue. */
  start(input: OpenCaseInput): Promise<CaseHandle>;
  /** Waits (wall clock, time locked) until the notifier has seen `count` notifications. */
  notified(count: number): Promise<WorkerContext['notifications']>;
}

type WorkerBody<T> = (ctx: WorkerContext) => Promise<T>;

let queueSeq = 0;

/** Runs `body` with a fresh worker on a unique task queue and fresh dev edges (optionally with faults). */
export function withWorker<T>(env: TestWorkflowEnvironment, body: WorkerBody<T>): Promise<T>;
export function withWorker<T>(
  env: TestWorkflowEnvironment,
  options: WorkerOptions,
  body: WorkerBody<T>,
): Promise<T>;
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  ...args: [WorkerBody<T>] | [WorkerOptions, WorkerBody<T>]
): Promise<T> {
  const [options, body] = args.length === 1 ? [{}, args[0]] : args;
  quietRuntime();
  queueSeq += 1;
  const taskQueue = `cases-${options.name ?? 'test'}-${process.pid}-${queueSeq}-${Date.now().toString(36)}`;
  const { activities, edges, notifications, dataDir } = testActivities({
    faults: options.faults,
    failedNotifications: options.failedNotifications,
  });
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(options.workflowsPath),
      dataConverter: testDataConverter,
      activities: { ...activities, ...options.activities },
    });
    const started: string[] = [];
    const start = (input: OpenCaseInput) => {
      started.push(input.id);
      return startCase(env.client.workflow, input, taskQueue);
    };
    const ctx: WorkerContext = {
      env,
      taskQueue,
      edges,
      notifications,
      dataDir,
      start,
      open: (o) => start(openInput(o)),
      async notified(count) {
        await eventually(`${count} notification(s)`, () => notifications.length >= count, {
          timeoutMs: 20_000,
          intervalMs: 50,
          context: () => `got ${notifications.length}: ${JSON.stringify(notifications)}`,
        });
        return notifications;
      },
    };
    return await worker.runUntil(async () => {
      try {
        return await body(ctx);
      } finally {
        await terminateAll(env, started);
      }
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A dispute past its callback, waiting on the merchant: the fixture's details (test/support/case-fixtures.ts) with
 * `options.details` over them, on this test's task queue.
 */
export async function openDispute(
  ctx: WorkerContext,
  options: { policy?: Policy; member?: Partial<Member>; details?: Details } = {},
): Promise<CaseHandle> {
  const h = await ctx.open({
    type: 'dispute',
    member: options.member,
    policy: options.policy,
    details: caseDetails('dispute', options.details),
  });
  const v = await h.executeUpdate(callbackUpdate, { args: [{ actor: actors.xinyao }] });
  expect(v.status).toBe('waiting_on_third_party');
  return h;
}

/**
 * Ends the cases a test left running (and the trip cases they opened). Their worker stops with the test, so a
 * timer of theirs firing later would leave a workflow task nobody picks up, which stalls time skipping for the
 * rest of the file.
 */
async function terminateAll(env: TestWorkflowEnvironment, ids: string[]): Promise<void> {
  for (const id of ids.flatMap((x) => [x, `${x}-trip`])) {
    try {
      const handle = env.client.workflow.getHandle(id);
      // let in-flight work (a workflow task, a notification, a saga step) finish first: the test server leaks
      // its time-skipping lock for a task whose workflow is terminated under it
      await handle.describe(); // throws when there is no such case: nothing to wait for
      let quietPolls = 0;
      await eventually(
        `the tasks of ${id} to finish`,
        async () => {
          const { raw } = await handle.describe();
          const quiet = (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask;
          quietPolls = quiet ? quietPolls + 1 : 0;
          return quietPolls >= 3;
        },
        { timeoutMs: 10_000, intervalMs: 50 },
      ).catch(() => undefined);
      await handle.terminate('test over');
    } catch {
      // already closed, or never opened
    }
  }
}
