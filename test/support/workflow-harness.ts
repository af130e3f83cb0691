/**
 * Helpers for time-skipping workflow tests of case types and compensation rules: one worker per test on its own
 * task queue, odd-numbered policies, rejection types of failed updates, and polling for background work.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { Keyed } from '../../activities/adapters/edges';
import { policySchema, type Policy } from '../../config/policy';
import type { CaseType, CaseView, Member, Money } from '../../workflows/domain';
import { caseViewQuery, type OpenCaseInput } from '../../workflows/messages';
import type { caseWorkflow } from '../../workflows';
import { testActivities } from './activities';
import { openInput, startCase } from './cases';
import { workflowBundle } from './temporal';

let runtimeInstalled = false;
/** Keeps the worker quiet: activity failures we inject on purpose would otherwise flood the test output. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // Already installed by another helper in this process: keep it.
  }
}

export const cny = (amount: number): Money => ({ amount, currency: 'CNY' });

type TierOverrides = Partial<{
  callbackSla: string;
  resolutionSla: string;
  instantRefundLimit: number;
  managerAuthority: number | null;
}>;

/**
 * A policy built the way the policy file is parsed, with odd numbers by default (none of DOMAIN.md's round
 * ones): refund limits, authorities and windows that a hard-coded default would not match.
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
  return policySchema.parse({
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

let queueSeq = 0;

export interface WorkerContext {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  edges: ReturnType<typeof testActivities>['edges'];
  notifications: ReturnType<typeof testActivities>['notifications'];
  dataDir: string;
  /** Starts a case on this test's task queue. */
  open(options: {
    type?: CaseType;
    member?: Partial<Member>;
    details?: Record<string, unknown>;
    policy?: Policy;
  }): Promise<CaseHandle>;
  start(input: OpenCaseInput): Promise<CaseHandle>;
}

export type CaseHandle = WorkflowHandle<typeof caseWorkflow>;

/** Runs `body` with a fresh worker on a unique task queue and fresh dev edges (optionally with faults). */
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  options: { faults?: FaultInjector; name?: string },
  body: (ctx: WorkerContext) => Promise<T>,
): Promise<T> {
  quietRuntime();
  queueSeq += 1;
  const taskQueue = `cases-${options.name ?? 'test'}-${process.pid}-${queueSeq}-${Date.now().toString(36)}`;
  const { activities, edges, notifications, dataDir } = testActivities({ faults: options.faults });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
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
  };
  return worker.runUntil(async () => {
    try {
      return await body(ctx);
    } finally {
      await terminateAll(env, started);
    }
  });
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
      let quietPolls = 0;
      await eventually(
        async () => {
          const { raw } = await handle.describe();
          const quiet = (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask;
          quietPolls = quiet ? quietPolls + 1 : 0;
          return quietPolls >= 3;
        },
        `the tasks of ${id} to finish`,
        10_000,
      ).catch(() => undefined);
      await handle.terminate('test over');
    } catch {
      // already closed, or never opened
    }
  }
}

/** The rejection type of a failed update (`invalid_transition`, `forbidden`, ...); fails if it succeeded. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ type: string | undefined; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return { type: err.cause.type ?? undefined, message: err.cause.message };
    }
    throw err;
  }
  throw new Error('expected the update to be rejected, but it was accepted');
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
  const until = Date.now() + timeoutMs;
  let last: CaseView | undefined;
  for (;;) {
    last = await handle.query(caseViewQuery);
    if (predicate(last)) return last;
    if (Date.now() > until) {
      throw new Error(
        `timed out waiting for ${what}; last view: ${JSON.stringify(summarize(last), null, 1)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The parts of a view a failure message needs. */
export function summarize(v: CaseView) {
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

/** Polls an edge journal (real time) until `predicate` holds on its calls. */
export async function waitForCalls<C>(
  read: () => Promise<C[]>,
  predicate: (calls: C[]) => boolean,
  what = 'the expected edge calls',
  timeoutMs = 20_000,
): Promise<C[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const calls = await read();
    if (predicate(calls)) return calls;
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}; calls: ${JSON.stringify(calls, null, 1)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `operation` of every call in a journal, in order (duplicates marked with a trailing `*`). */
export async function operations(journal: {
  calls(): Promise<(Record<string, unknown> & { duplicate: boolean })[]>;
}) {
  return (await journal.calls()).map((c) => `${String(c.operation)}${c.duplicate ? '*' : ''}`);
}

export const timelineKinds = (v: CaseView) => v.timeline.map((t) => t.kind);
export const entriesOf = (v: CaseView, kind: string) => v.timeline.filter((t) => t.kind === kind);

/** A fault injector failing for good (non-retryable) on an operation whose key matches. */
export function failForGood(
  operation: string,
  keyIncludes = '',
  message = `${operation} refused for good`,
): FaultInjector {
  return {
    before(op: string, input: Keyed) {
      if (op === operation && input.idempotencyKey.includes(keyIncludes)) {
        throw ApplicationFailure.nonRetryable(message, 'EdgeRefused');
      }
    },
  };
}

/** Milliseconds of a duration string the policy would accept ("90s", "19h"). */
export const msOf = (d: string): number => {
  const n = Number(d.slice(0, -1));
  const unit = d.slice(-1);
  return n * ({ s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as Record<string, number>)[unit]!;
};

/**
 * A fault injector whose `before` throws a retryable error for the first `times` attempts of an operation whose
 * key matches (the activity's retry policy tries again), counting every attempt.
 */
export function flaky(operation: string, keyIncludes: string, times: number) {
  const state = { attempts: 0 };
  const faults: FaultInjector = {
    before(op: string, input: Keyed) {
      if (op !== operation || !input.idempotencyKey.includes(keyIncludes)) return;
      state.attempts += 1;
      if (state.attempts <= times) throw new Error(`${operation} timed out (attempt ${state.attempts})`);
    },
  };
  return { faults, state };
}

/** Combines fault injectors: each hook runs in order (a hook may hold the call: it is awaited). */
export function faultsOf(...injectors: FaultInjector[]): FaultInjector {
  return {
    before: async (op, input) => {
      for (const f of injectors) await f.before?.(op, input);
    },
    after: async (op, input) => {
      for (const f of injectors) await f.after?.(op, input);
    },
  };
}

/** The durable record the journal keeps for a key: what the edge answered the first time. */
export function journalRecord(
  dataDir: string,
  edge: 'payments' | 'merchants' | 'carrier' | 'consulate',
  key: string,
): { key: string; call: Record<string, unknown>; result: { reference: string } } {
  const file = path.join(
    dataDir,
    'edges',
    edge,
    `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`,
  );
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Polls (real time) until `predicate` holds. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
) {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
