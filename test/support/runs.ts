/**
 * The runs of a case, first to current: each run's history ends with the continue-as-new event naming the next
 * run, so following that chain needs no (eventually consistent) visibility query.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface CaseRunHistory {
  runId: string;
  events: temporal.api.history.v1.IHistoryEvent[];
}

export async function caseRuns(client: Client, caseId: string): Promise<CaseRunHistory[]> {
  let runId: string | undefined = await firstRunId(client, caseId);
  const runs: CaseRunHistory[] = [];
  while (runId) {
    const events = await runHistory(client, caseId, runId);
    runs.push({ runId, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

/**
 * A run's events, in small pages: a page of the server's default size (1,000 events) can pass the client's 4 MB
 * message limit once each update result carries a few kilobytes.
 */
async function runHistory(
  client: Client,
  workflowId: string,
  runId: string,
): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: 100,
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** The current run's id (the last one the chain leads to). */
export async function currentRunId(client: Client, caseId: string): Promise<string> {
  const described = await client.workflow.getHandle(caseId).describe();
  return described.runId;
}

/** The first run's id. */
export async function firstRunId(client: Client, caseId: string): Promise<string> {
  const described = await client.workflow.getHandle(caseId).describe();
  const first = described.raw.workflowExecutionInfo?.firstRunId;
  if (!first) throw new Error(`case ${caseId} has no first run id`);
  return first;
}

/** How many events of a type a run's history holds. */
export const countEvents = (run: CaseRunHistory, type: temporal.api.enums.v1.EventType): number =>
  run.events.filter((e) => e.eventType === type).length;

export const EventType = temporal.api.enums.v1.EventType;
