/**
 * The case client's reads of Temporal visibility: a page of a list query, each listed run with its search
 * attributes and the time the API opened it; and the run that is a closed case when a refused start hides it.
 * Callers give the deadline (CaseClient's `withDeadline`).
 */
import type { Client } from '@temporalio/client';
import type { Payload, TypedSearchAttributes } from '@temporalio/common';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { decodeMapFromPayloads } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { tsToMs } from '@temporalio/common/lib/time';
import { CASE_WORKFLOW_TYPE, TASK_QUEUE } from '../../workflows/messages';

/** A string in a visibility query, quoted and escaped. */
export const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** What every run of a case is: the case workflow, on the queue the API starts cases on. */
export const CASE_WORKFLOW_CLAUSES = [
  `WorkflowType = ${literal(CASE_WORKFLOW_TYPE)}`,
  // a run started on another queue, which no case worker polls, is never refused and would stay Running
  `TaskQueue = ${literal(TASK_QUEUE)}`,
];

export interface ListedExecution {
  workflowId: string;
  /** When its run started: a case that continued as new started its current run later than it opened. */
  startedAtMs: number;
  /** When the API opened the case (its start memo, carried across continue-as-new); undefined without one. */
  openedAtMs: number | undefined;
  attributes: TypedSearchAttributes;
}

export interface ExecutionPage {
  executions: ListedExecution[];
  nextPageToken: Uint8Array | null;
}

/** One page of a visibility query; the raw service call, so the page token can be handed to the client. */
export async function listPage(
  client: Client,
  namespace: string,
  query: string,
  pageSize: number,
  pageToken: Uint8Array | undefined,
): Promise<ExecutionPage> {
  const res = await client.workflowService.listWorkflowExecutions({
    namespace,
    query,
    pageSize,
    nextPageToken: pageToken,
  });
  return {
    executions: await Promise.all(
      (res.executions ?? []).map(async (e) => {
        const workflowId = e.execution?.workflowId ?? '';
        return {
          workflowId,
          startedAtMs: tsToMs(e.startTime),
          openedAtMs: await requestedAtOf(client, namespace, workflowId, e.memo?.fields),
          attributes: decodeTypedSearchAttributes(e.searchAttributes?.indexedFields),
        };
      }),
    ),
    nextPageToken: res.nextPageToken && res.nextPageToken.length > 0 ? res.nextPageToken : null,
  };
}

/** When the API opened a listed case, from its start memo; undefined without one, or one that does not decode. */
async function requestedAtOf(
  client: Client,
  namespace: string,
  workflowId: string,
  fields: Record<string, Payload> | null | undefined,
): Promise<number | undefined> {
  const payload = fields?.requestedAt;
  if (!payload) return undefined;
  try {
    const memo = await decodeMapFromPayloads(
      client.options.loadedDataConverter,
      { requestedAt: payload },
      { type: 'workflow', namespace, workflowId },
    );
    return typeof memo?.requestedAt === 'number' ? memo.requestedAt : undefined;
  } catch {
    return undefined; // a memo sealed with a retired key, or not the API's: the run's start time answers
  }
}

/**
 * The run that is the case when the id's newest run is not: a start the case refused (failed), another workflow,
 * or a run on another queue (ended), which Temporal lets anyone who may start workflows put on a closed case's id.
 * Asked only once reading the newest run failed. Undefined when the newest run may be the case, or no completed
 * run of the case is left, or visibility cannot tell.
 */
export async function caseRunBehindRefusedStart(
  client: Client,
  namespace: string,
  caseId: string,
): Promise<string | undefined> {
  const newest = await client.workflow
    .getHandle(caseId)
    .describe()
    .catch(() => undefined);
  if (!newest) return undefined;
  const mayBeTheCase =
    newest.type === CASE_WORKFLOW_TYPE &&
    newest.taskQueue === TASK_QUEUE &&
    (newest.status.name === 'RUNNING' || newest.status.name === 'COMPLETED');
  if (mayBeTheCase) return undefined;
  const res = await client.workflowService
    .listWorkflowExecutions({
      namespace,
      query: [
        `WorkflowId = ${literal(caseId)}`,
        ...CASE_WORKFLOW_CLAUSES,
        `ExecutionStatus = 'Completed'`,
      ].join(' AND '),
      pageSize: 1,
    })
    .catch(() => undefined);
  return res?.executions?.[0]?.execution?.runId ?? undefined;
}
