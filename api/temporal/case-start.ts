/**
 * Starting a case's workflow the way the API opens cases: start it, then ask the `caseReady` query, which is
 * answered once the case's first workflow task has run (its SLA timers armed, its owner told), waiting for it
 * a bounded time. So openings are answered as fast as the stack takes them, not faster: a burst queues at the
 * door instead of behind SLA timers that run out before they are armed. A worker slower than the bound still
 * gets its case: the start is what opened it, and the answer is 201 all the same.
 */
import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { casePriority } from '../../workflows/priority';
import {
  CASE_WORKFLOW_TYPE,
  TASK_QUEUE,
  caseReadyQuery,
  type CaseWorkflowInput,
  type OpenCaseInput,
} from '../../workflows/messages';

type CaseWorkflow = (input: CaseWorkflowInput) => Promise<void>;

export interface StartCase {
  input: OpenCaseInput;
  requestHash: string;
  searchAttributes: SearchAttributePair[];
  staticSummary: string;
  staticDetails: string;
}

/** What a case's workflow carries in its memo, to tell later who opened it and with what (no personal data). */
export interface StartMemo {
  requestHash: string;
  /** The `requestedAt` of the start input: which request opened the case (absent before it was added). */
  requestedAt: number | undefined;
}

/** Starts the case workflow within `deadline`; throws WorkflowExecutionAlreadyStartedError when the id is taken. */
export async function startCaseWorkflow(client: Client, c: StartCase, deadline: number): Promise<void> {
  const memo: StartMemo = { requestHash: c.requestHash, requestedAt: c.input.requestedAt };
  await client.withDeadline(deadline, () =>
    client.workflow.start<CaseWorkflow>(CASE_WORKFLOW_TYPE, {
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
    }),
  );
}

/** Waits until the case's first workflow task has run, at most until `deadline`; never throws. */
export async function firstTaskRun(client: Client, caseId: string, deadline: number): Promise<void> {
  try {
    await client.withDeadline(deadline, () => client.workflow.getHandle(caseId).query(caseReadyQuery));
  } catch {
    // a first task that outlasted the wait (a backlog, no worker yet): the case is open all the same
  }
}
