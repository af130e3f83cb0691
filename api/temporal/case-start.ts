/**
 * Starting a case's workflow the way the API opens cases: one Update-with-Start, the start and the `caseReady`
 * update together. The update rides in the case's first workflow task and completes with it (its SLA timers
 * armed, its owner told), so the call returns once the case is live, and openings are answered as fast as the
 * stack takes them, not faster: a burst queues at the door instead of behind SLA timers that run out before they
 * are armed. It costs that one task: a query asked after the start would reach the task while it runs (the
 * owner's notification makes it long), and the server would run a second task only to answer it.
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { casePriority } from '../../workflows/priority';
import {
  CASE_WORKFLOW_TYPE,
  TASK_QUEUE,
  caseReadyUpdate,
  type CaseWorkflowInput,
  type OpenCaseInput,
} from '../../workflows/messages';

type CaseWorkflow = (input: CaseWorkflowInput) => Promise<void>;

/**
 * One per request that opens (its `openingId`): the same request's start sent again, its fate unknown, joins
 * the update it sent first; another request with the same Idempotency-Key must not (the server would answer it
 * with the first one's outcome instead of saying the id is taken), even one of the same millisecond.
 */
const readyUpdateId = (c: StartCase) => `case-ready-${c.openingId}`;

export interface StartCase {
  input: OpenCaseInput;
  /** Random, one per request that opens: which request's start created the workflow (its memo says). */
  openingId: string;
  requestHash: string;
  searchAttributes: SearchAttributePair[];
  staticSummary: string;
  staticDetails: string;
}

/** What a case's workflow carries in its memo, to tell later who opened it and with what (no personal data). */
export interface StartMemo {
  requestHash: string;
  /** The `requestedAt` of the start input: when the case opened (absent before it was added). */
  requestedAt: number | undefined;
  /** The `openingId` of the request that opened the case (absent before it was added: `requestedAt` tells). */
  openingId: string | undefined;
}

/**
 * Starts the case workflow and waits until its first workflow task has run, all within `deadline`. Returns once
 * the start is confirmed, even when the first task has not run by then (a backlog, no worker yet: the case is
 * open all the same). Throws WorkflowExecutionAlreadyStartedError when the id is taken, and the call's error
 * when the start itself is not confirmed.
 */
export async function startCaseWorkflow(client: Client, c: StartCase, deadline: number): Promise<void> {
  const memo: StartMemo = {
    requestHash: c.requestHash,
    requestedAt: c.input.requestedAt,
    openingId: c.openingId,
  };
  const start = new WithStartWorkflowOperation<CaseWorkflow>(CASE_WORKFLOW_TYPE, {
    taskQueue: TASK_QUEUE,
    workflowId: c.input.id,
    args: [{ open: c.input }],
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    memo: { ...memo },
    typedSearchAttributes: c.searchAttributes,
    staticSummary: c.staticSummary,
    staticDetails: c.staticDetails,
    priority: casePriority(c.input.member.tier),
  });
  // Settled by the first answer of the server, before the update's outcome (never, if the call fails before it).
  let started = false;
  start.workflowHandle().then(
    () => (started = true),
    () => undefined,
  );
  try {
    await client.withDeadline(deadline, () =>
      client.workflow.executeUpdateWithStart(caseReadyUpdate, {
        startWorkflowOperation: start,
        updateId: readyUpdateId(c),
      }),
    );
  } catch (err) {
    if (!started) throw err;
  }
}
