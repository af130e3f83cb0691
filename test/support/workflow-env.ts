/**
 * Time-skipping workflow tests: one test server per file, a fresh worker (own task queue, recording notifier)
 * per test, and small helpers to read case views and rejected updates.
 *
 * Time skipping: the test server jumps ahead only while the client awaits a workflow result or `env.sleep()`;
 * while it is "locked" (e.g. during an update) its clock runs at wall-clock speed, so durations measured
 * between two actions are a few ms longer than the sleep between them. Assert exact arithmetic against the
 * timestamps the workflow recorded, and bound the measured duration by the sleep.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OwnerNotification } from '../../activities/adapters/notifier';
import type { CaseView, TimelineEntry } from '../../workflows/domain';
import { caseViewQuery, type OpenCaseInput, type RejectionType } from '../../workflows/messages';
import type { caseWorkflow } from '../../workflows';
import { testActivities } from './activities';
import { openInput, startCase } from './cases';
import { startTimeSkipping, workflowBundle } from './temporal';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type CaseHandle = WorkflowHandle<typeof caseWorkflow>;

let runtimeInstalled = false;
/** SDK and core logs at ERROR only, so test output stays readable (once per test file's module registry). */
function quietRuntime(): void {
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
export function timeSkippingSuite(): { readonly env: TestWorkflowEnvironment } {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    quietRuntime();
    env = await startTimeSkipping();
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

export interface CaseRun {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** Every owner notification the workflow sent, in order. */
  notifications: OwnerNotification[];
  /** Starts a case on this run's task queue. */
  open(input?: OpenCaseInput): Promise<CaseHandle>;
  /** Waits (wall clock, time locked) until the notifier has seen `count` notifications. */
  notified(count: number): Promise<OwnerNotification[]>;
}

let queueSeq = 0;

/** Runs `body` with a fresh worker on its own task queue, then shuts the worker down. */
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  body: (run: CaseRun) => Promise<T>,
): Promise<T> {
  queueSeq += 1;
  const taskQueue = `lifecycle-test-${process.pid}-${Date.now().toString(36)}-${queueSeq}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wf-test-'));
  const { activities, notifications } = testActivities({ dataDir });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  const opened: CaseHandle[] = [];
  const run: CaseRun = {
    env,
    taskQueue,
    notifications,
    async open(input = openInput()) {
      const handle = await startCase(env.client.workflow, input, taskQueue);
      opened.push(handle);
      return handle;
    },
    async notified(count) {
      await eventually(
        () => notifications.length >= count,
        `${count} notification(s), got ${notifications.length}`,
      );
      return notifications;
    },
  };
  // A case left running after its worker stops would hold the shared server's clock: its next timer's
  // workflow task never completes, and time skipping stays locked for every later test in the file.
  const bodyThenCleanUp = async () => {
    try {
      return await body(run);
    } finally {
      await Promise.all(opened.map((handle) => handle.terminate('test finished').catch(() => undefined)));
    }
  };
  try {
    return await worker.runUntil(bodyThenCleanUp());
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Polls a condition on the wall clock (activities complete asynchronously to the workflow's timers). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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
export const entries = (v: CaseView, kind: string): TimelineEntry[] =>
  v.timeline.filter((e) => e.kind === kind);
export const count = (v: CaseView, kind: string): number => entries(v, kind).length;

/** The newest timeline entry of a kind (fails the test if there is none). */
export function lastEntry(v: CaseView, kind: string): TimelineEntry {
  const found = entries(v, kind).at(-1);
  if (!found) throw new Error(`no "${kind}" entry in the timeline: ${kinds(v).join(', ')}`);
  return found;
}

/** Awaits an update that must be rejected and returns the ApplicationFailure it was rejected with. */
export async function rejection(update: Promise<unknown>, type: RejectionType): Promise<ApplicationFailure> {
  const outcome = await update.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a ${type} rejection, but the update succeeded`);
  expect(outcome.error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (outcome.error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(type);
  return cause as ApplicationFailure;
}
