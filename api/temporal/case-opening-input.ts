/**
 * The start input a case was opened with, read from the first event of its first run (continue-as-new starts the
 * later runs with the case's state instead). A keyed repeat answers "the case as it opened" from it, whatever the
 * roster, the policy or the member directory say since. Callers give the deadline (CaseClient's `withDeadline`).
 */
import type { Client } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { sealedFor } from '../../codec/sealed-payload-converter';
import { CASE_WORKFLOW_TYPE, type CaseWorkflowInput, type OpenCaseInput } from '../../workflows/messages';

/**
 * Undefined when the id's first run is not a case the API opened under that id: its input not sealed for it (a
 * run someone started by hand on a closed case's id, which the case refuses), or not an opening.
 */
export async function caseOpeningInput(
  client: Client,
  namespace: string,
  caseId: string,
): Promise<OpenCaseInput | undefined> {
  const { raw } = await client.workflow.getHandle(caseId).describe();
  const firstRunId = raw.workflowExecutionInfo?.firstRunId || undefined;
  const res = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId: caseId, runId: firstRunId },
    maximumPageSize: 1,
  });
  const started = res.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (started?.workflowType?.name !== CASE_WORKFLOW_TYPE) return undefined;
  const [input] = await decodeArrayFromPayloads(client.options.loadedDataConverter, started.input?.payloads);
  // the check the case itself makes of its start (workflows/sealed-start.ts)
  if (sealedFor(input) !== caseId) return undefined;
  const open = (input as Partial<Extract<CaseWorkflowInput, { open: unknown }>>).open;
  return open?.id === caseId ? open : undefined;
}
