/**
 * Workflow tests against a Temporal server: one server per file (`timeSkippingSuite()`, or `devServerSuite()`
 * where the real server's behaviour matters), a fresh worker per test on its own task queue with fresh dev edges
 * and a recording notifier (`withWorker`), odd-numbered policies, and small helpers to read case views, rejected
 * updates and background work.
 *
 * Time skipping: the test server jumps ahead only while the client awaits a workflow result or `env.sleep()`;
 * while it is "locked" (e.g. during an update) its clock runs at wall-clock speed, so durations measured
 * between two actions are a few ms longer than the sleep between them. Assert exact arithmetic against the
 * timestamps the workflow recorded, and bound the measured duration by the sleep.
 */
import { rmSync } from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { Policy } from '../../config/policy';
import type { CallerCaseView, CaseView, Member, TimelineEntry } from '../../workflows/domain';
import {
  callbackUpdate,
  caseViewQuery,
  type OpenCaseInput,
  type RejectionType,
} from '../../workflows/messages';
import type { caseWorkflow } from '../../workflows';
import { testActivities } from './activities';
import { caseDetails, cny, type Details } from './case-fixtures';
import { eventually } from './eventually';
import { testPolicy } from './policy';
import { actors, openInput, startCase } from './cases';
import { startDevServer, startTimeSkipping, testDataConverter, workflowBundle } from './temporal';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

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

type TierOverrides = Partial<{
  callbackSla: string;
  resolutionSla: string;
  instantRefundLimit: number;
  managerAuthority: number | null;
}>;

/**
 * A test policy (test/support/policy.ts) with odd numbers by default (none of DOMAIN.md's round ones): refund
 * limits, authorities and windows that a hard-coded default would not match.
 */
export function oddPolicy(
  overrides: {
    tiers?: Partial<Record<'apass_top' | 'apass' | 'super' | 'standard', TierOverrides>>;
    approvalTimeout?: string;
    followUpWindow?: string;
    merchantResponseWindow?: string;
    carrierTraceWindow?: string;
    decisionBuffer?: string;
  } = {},
): Policy {
  const tier = (base: Required<TierOverrides>, o: TierOverrides = {}) => ({ ...base, ...o });
  return testPolicy({
    tiers: {
      apass_top: tier(
        { callbackSla: '7m', resolutionSla: '31h', instantRefundLimit: 1_234_567, managerAuthority: null },
        overrides.tiers?.apass_top,
      ),
      apass: tier(
        { callbackSla: '7m', resolutionSla: '31h', instantRefundLimit: 123_457, managerAuthority: 45_678 },
        overrides.tiers?.apass,
      ),
      super: tier(
        { callbackSla: '37m', resolutionSla: '53h', instantRefundLimit: 33_333, managerAuthority: 7_777 },
        overrides.tiers?.super,
      ),
      standard: tier(
        { callbackSla: '5h', resolutionSla: '79h', instantRefundLimit: 11_111, managerAuthority: 2_222 },
        overrides.tiers?.standard,
      ),
    },
    approvalTimeout: overrides.approvalTimeout ?? '90s',
    followUpWindow: overrides.followUpWindow ?? '5d',
    caseTypes: {
      dispute: { merchantResponseWindow: overrides.merchantResponseWindow ?? '19h' },
      lost_goods: { carrierTraceWindow: overrides.carrierTraceWindow ?? '29h' },
      visa_help: { decisionBuffer: overrides.decisionBuffer ?? '53h' },
    },
  });
}

export interface WorkerOptions {
  /** Faults the dev edges inject. */
  faults?: FaultInjector;
  /** Part of the task queue's name, to tell the tests' workers apart. */
  name?: string;
  /** The pager fails this many notifications (its first calls) before it works. */
  failedNotifications?: number;
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
      workflowBundle: await workflowBundle(),
      dataConverter: testDataConverter,
      activities,
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

/**
 * Polls the case view (real time, no time skipping) until `predicate` holds: for work the workflow does in the
 * background (sagas started by a callback or a deadline, one-off edge calls).
 */
export async function waitForView(
  handle: CaseHandle,
  predicate: (v: CaseView) => boolean,
  what = 'the expected case view',
  timeoutMs = 20_000,
): Promise<CaseView> {
  let last: CaseView | undefined;
  return eventually(
    what,
    async () => {
      last = await handle.query(caseViewQuery);
      return predicate(last) ? last : undefined;
    },
    { timeoutMs, context: () => `last view: ${last ? JSON.stringify(summarize(last), null, 1) : 'none'}` },
  );
}

/** The parts of a view a failure message needs. */
function summarize(v: CaseView) {
  return {
    status: v.status,
    escalationLevel: v.escalationLevel,
    compensations: v.compensations.map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      amount: c.amount.amount,
    })),
    ledger: v.ledger,
    timeline: v.timeline.map((t) => `${t.kind}: ${t.text}`),
  };
}

/** Skips the test server's clock to `target` (epoch ms), firing every timer due before it. */
export async function sleepUntil(env: TestWorkflowEnvironment, target: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (target <= now) throw new Error(`sleepUntil: ${new Date(target).toISOString()} is already past`);
  await env.sleep(target - now);
}

export const view = (handle: CaseHandle): Promise<CaseView> => handle.query(caseViewQuery);

/** Epoch ms of an ISO time the view must have set. */
export function t(iso: string | null | undefined): number {
  if (iso === null || iso === undefined) throw new Error('expected a time, got none');
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`not an ISO time: ${iso}`);
  return value;
}

export const kinds = (v: CaseView): string[] => v.timeline.map((e) => e.kind);
export const entriesOf = (v: CaseView, kind: string): TimelineEntry[] =>
  v.timeline.filter((e) => e.kind === kind);
export const texts = (v: CaseView, kind: string): string[] => entriesOf(v, kind).map((e) => e.text);
export const count = (v: CaseView, kind: string): number => entriesOf(v, kind).length;

/** The newest timeline entry of a kind (fails the test if there is none). */
export function lastEntry(v: CaseView, kind: string): TimelineEntry {
  const found = entriesOf(v, kind).at(-1);
  if (!found) throw new Error(`no "${kind}" entry in the timeline: ${kinds(v).join(', ')}`);
  return found;
}

/**
 * Awaits an update that must be rejected; returns the type and message of the ApplicationFailure it was
 * rejected with, after checking the type against `expected` when given. Fails if the update succeeded.
 */
export async function rejectionOf(
  update: Promise<unknown>,
  expected?: RejectionType,
): Promise<{ type: string | undefined; message: string }> {
  try {
    await update;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const rejection = { type: err.cause.type ?? undefined, message: err.cause.message };
      if (expected !== undefined) expect(rejection.type).toBe(expected);
      return rejection;
    }
    throw err;
  }
  throw new Error(`expected a ${expected ? `${expected} ` : ''}rejection, but the update succeeded`);
}

/**
 * Awaits an update the engine may either take or refuse as an invalid transition: true when it was taken, false
 * when it was rejected with `invalid_transition`; any other failure is thrown.
 */
export async function takenUnlessInvalid(update: Promise<unknown>): Promise<boolean> {
  try {
    await update;
    return true;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      if (err.cause.type === 'invalid_transition') return false;
    }
    throw err;
  }
}

/** An action's result as the case view: without the caller's `allowedActions`, which the view query lacks. */
export const asView = ({ allowedActions: _allowed, ...v }: CallerCaseView): CaseView => v;
